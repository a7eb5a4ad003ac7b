"""A government's general office (山西省政府办公厅) that has no report of its own is read
in its government's report for what it did (a passage); its numbers are never answered
from the government's (issue 12 items 3 and 4)."""

from __future__ import annotations

import pytest

from assistant.question.offices import OfficeDirectory
from assistant.question.understand import governing, understand
from core.models import IndexedReport
from index.metadata import make_office


def reports(*names: str) -> list[IndexedReport]:
    return [IndexedReport(id=str(i), source=f"{i}.txt", title="", office=make_office(name),
                          year=2009, published=None, format="pre2019", content_hash=str(i),
                          paragraph_count=1, figure_count=0) for i, name in enumerate(names)]


def test_what_the_general_office_did_is_read_in_its_governments_report():
    indexed = reports("山西省人民政府", "孝感市人民政府办公室")
    question = understand("山西省政府办公厅什么时候成立了政府信息公开工作组，负责什么？", indexed)
    assert question.kind == "passage"
    assert [o.name for o in question.offices] == ["山西省人民政府"]
    assert question.unknown_office == "山西省政府办公厅"  # the answer says whose report it is


@pytest.mark.parametrize("text", ["山西省政府办公厅2009年收到多少件政府信息公开申请？",
                                  "山西省政府办公厅2009年行政复议有几件？"])
def test_the_general_offices_numbers_are_not_the_governments(text):
    question = understand(text, reports("山西省人民政府"))
    assert question.kind == "absent" and question.offices == ()


def test_an_indexed_general_office_is_itself():
    indexed = reports("孝感市人民政府", "孝感市人民政府办公室")
    question = understand("孝感市政府办公室的信息公开谁分管？", indexed)
    assert [o.name for o in question.offices] == ["孝感市人民政府办公室"]
    assert not question.unknown_office


def test_no_government_or_another_places_is_no_speaker():
    directory = OfficeDirectory.build(reports("山西省人民政府", "上海市生态环境局"))
    assert governing("上海市政府办公厅", directory) is None
    assert governing("山西省商务厅", directory) is None
    assert governing("山西省政府办公厅", directory).name == "山西省人民政府"
