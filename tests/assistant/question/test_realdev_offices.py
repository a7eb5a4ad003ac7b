"""Offices named loosely in realdev questions (issue 10) resolve to the right report;
offices that are not indexed resolve to nothing, so the answer can be not_found."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.question.offices import OfficeDirectory
from assistant.question.understand import normalise_question
from core.models import IndexedReport
from index.loaders import load_document
from index.metadata import describe, make_office
from index.paragraphs import split_paragraphs

SHARED = Path(__file__).resolve().parents[4] / "shared" / "realdev" / "reports"
pytestmark = pytest.mark.skipif(not SHARED.is_dir(), reason="../shared/realdev not beside the clone")


def indexed(path: Path) -> IndexedReport:
    doc = load_document(path, 10 ** 8)
    meta = describe(doc, split_paragraphs("x", doc.blocks))
    return IndexedReport(id=path.name[:3], source=path.name, title=meta.title, office=meta.office,
                         year=meta.year, published=meta.published, format=meta.format,
                         content_hash=path.name, paragraph_count=1, figure_count=0)


@pytest.fixture(scope="module")
def directory() -> OfficeDirectory:
    return OfficeDirectory.build([indexed(p) for p in sorted(SHARED.glob("*.txt"))])


def files(directory: OfficeDirectory, question: str) -> set[str]:
    resolution = directory.resolve(normalise_question(question))
    return {rid for o in resolution.offices for rid in directory.by_office(o).report_ids}


@pytest.mark.parametrize("question, expected", [
    ("泰安商务局2020年主动公开了多少条政府信息？", {"017"}),
    ("孝感市府办2020年办了多少件依申请公开？", {"016"}),
    ("清远环保局2014年收到几件政府信息公开申请？", {"013"}),
    ("定州环保局网站2014年共公开了多少条信息？", {"015"}),
    ("浙江省环保厅2014年督查组现场检查覆盖了几个设区市？", {"011"}),
    ("硚口区府办2024年公开了几篇市人大代表建议的答复？", {"023"}),
    ("抚宁区府办2025年信息公开行政复议有几件？", {"055"}),
    ("天门市府办2025年收到几件政府信息公开申请？", {"054"}),
    ("贵州机关事务局2020年官网主动公开了多少条信息？", {"010"}),
    ("2010年那份部委的信息公开年报分成几个部分？", {"003"}),
    ("2011年那份县政府年报，把政务公开列入了什么工程？", {"020"}),
    ("2012年那份乡镇年报分几个部分？", {"029"}),
    ("2017年那份地级市年报里，有几个县区调整充实了领导小组？", {"058"}),
    ("张店公园街道2018年主动公开政府信息总数是多少？", {"036"}),
])
def test_loose_names_find_the_right_report(directory, question, expected):
    assert files(directory, question) == expected


@pytest.mark.parametrize("question", [
    "生态环境部2020年新收了多少件依申请公开？",
    "北京市海淀区2021年收到多少件政府信息公开申请？",
])
def test_offices_not_indexed_resolve_to_nothing(directory, question):
    resolution = directory.resolve(normalise_question(question))
    assert resolution.offices == () and resolution.unknown


def test_government_office_and_departments_are_kept_apart():
    reports = [IndexedReport(id=str(i), source=f"{i}.txt", title="", office=make_office(name),
                             year=year, published=None, format="pre2019", content_hash=str(i),
                             paragraph_count=1, figure_count=0)
               for i, (name, year) in enumerate((("上海市人民政府", 2009), ("上海市生态环境局", 2019)))]
    directory = OfficeDirectory.build(reports)
    office = directory.resolve("上海市政府办公厅2019年收到几件申请")
    assert office.offices == () and office.unknown
    assert [o.name for o in directory.resolve("上海市环保局2019年").offices] == ["上海市生态环境局"]


def test_places_resolve_through_the_gazetteer():
    offices = [make_office("清水县白驼镇人民政府"), make_office("东城区东华门街道办事处")]
    assert offices[0].region == ("甘肃省", "天水市", "清水县", "白驼镇")
    reports = [IndexedReport(id=str(i), source=f"{i}.txt", title="", office=o, year=2020,
                             published=None, format="2019", content_hash=str(i),
                             paragraph_count=1, figure_count=0) for i, o in enumerate(offices)]
    directory = OfficeDirectory.build(reports)
    assert directory.resolve("天水清水县那个镇2020年主动公开了多少条").offices == (offices[0],)
    assert directory.resolve("北京东城那个街道2020年的问题").offices == (offices[1],)
