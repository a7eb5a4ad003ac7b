"""Figure questions answered from open figures over real report text (issue 12, item 2):
a question counting in any measure word (几期, 几台, 几部分) or asking an ordinal (第几年)
is a figure question; the number whose counted words the question says is the answer,
and when two numbers of one sentence match equally the words counted tell them apart.

The reports are realdev files (../shared/realdev/reports), read by the real loader and
the real open-figure extractor; questions and expected values are realdev qa.jsonl's.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pytest

from assistant.answering.open_match import is_open, match_open
from assistant.question.offices import OfficeDirectory
from assistant.question.understand import understand
from benchmarks.figures_eval import load_report
from core.models import Figure, IndexedReport
from index.figures import extract_figures
from index.metadata import make_office

SHARED = Path(__file__).resolve().parents[4] / "shared" / "realdev" / "reports"
pytestmark = pytest.mark.skipif(not SHARED.is_dir(), reason="../shared/realdev not beside the clone")


@lru_cache(maxsize=None)
def report(name: str, office: str, year: int) -> tuple[IndexedReport, tuple[Figure, ...]]:
    loaded, paragraphs = load_report(SHARED / name, office=office, year=year)
    figures = tuple(f for f in extract_figures(loaded, paragraphs).figures if is_open(f))
    indexed = IndexedReport(id=loaded.id, source=name, title="", office=make_office(office),
                            year=year, published=None, format="pre2019", content_hash="h",
                            paragraph_count=len(paragraphs), figure_count=len(figures))
    return indexed, figures


def answered(name: str, office: str, year: int, text: str):
    indexed, figures = report(name, office, year)
    question = understand(text, [indexed], OfficeDirectory.build([indexed]))
    return question, match_open(question, figures, {}, {})


@pytest.mark.parametrize("name, office, year, text, value, unit", [
    ("016_xiaogan_shizhengfu_bangongshi_2020.txt", "孝感市人民政府办公室", 2020,
     "2020年孝感市政府公报编了几期？", 6, "期"),  # 编制《…公报》6期: the title is what it counts
    ("020_youxian_2011.txt", "攸县人民政府", 2011, "攸县2011年的信息公开年报由几部分组成？", 7, "部分"),
    ("060_pingyang_shuitou_zhen_2008.txt", "平阳县水头镇人民政府", 2008,
     "水头镇2008年为信息公开配了几台专用电脑？", 1, "台"),
    ("012_hezhou_shi_2009.txt", "贺州市人民政府", 2009,
     "2009年是《条例》实施的第几年？贺州市的年报怎么说？", 2, "年"),
])
def test_any_measure_word_or_ordinal_asks_a_figure(name, office, year, text, value, unit):
    question, match = answered(name, office, year, text)
    assert question.kind == "figure"
    assert not match.weak and not match.tied
    assert (match.best[0].figure.value, match.best[0].figure.unit) == (value, unit)


@pytest.mark.parametrize("text", ["这几年信息公开工作存在哪些问题？", "下一步打算怎么做？"])
def test_a_span_of_years_or_a_plan_is_no_figure(text):
    indexed, _ = report("020_youxian_2011.txt", "攸县人民政府", 2011)
    assert understand("攸县" + text, [indexed]).kind == "passage"


def test_a_preposition_before_a_committee_word_names_no_other_office():
    # 海关总署在参评部委中: 在参评部委 is no office the name runs into
    indexed, _ = report("004_haiguan_zongshu_2012_fanti.txt", "海关总署", 2012)
    question = understand("2012年透明度观察报告里海关总署在参评部委中排第几？", [indexed])
    assert [o.name for o in question.offices] == ["海关总署"]
    assert question.kind == "figure"
