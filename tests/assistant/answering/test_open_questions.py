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

from assistant.answering.open_context import asked_noun
from assistant.answering.open_match import covers_better, is_open, match_open
from assistant.question.offices import OfficeDirectory
from assistant.question.understand import understand
from benchmarks.figures_eval import load_report
from core.models import Figure, IndexedReport
from index.figures import extract_figures
from index.metadata import make_office

SHARED = Path(__file__).resolve().parents[4] / "shared" / "realdev" / "reports"
pytestmark = pytest.mark.skipif(not SHARED.is_dir(), reason="../shared/realdev not beside the clone")


@lru_cache(maxsize=None)
def read(name: str, office: str, year: int):
    """(indexed report, open figures, vocabulary figures, paragraph texts by id)."""
    loaded, paragraphs = load_report(SHARED / name, office=office, year=year)
    extracted = extract_figures(loaded, paragraphs).figures
    figures = tuple(f for f in extracted if is_open(f))
    indexed = IndexedReport(id=loaded.id, source=name, title="", office=make_office(office),
                            year=year, published=None, format="pre2019", content_hash="h",
                            paragraph_count=len(paragraphs), figure_count=len(figures))
    return (indexed, figures, tuple(f for f in extracted if not is_open(f)),
            {p.id: p.text for p in paragraphs})


def report(name: str, office: str, year: int) -> tuple[IndexedReport, tuple[Figure, ...]]:
    return read(name, office, year)[:2]


def answered(name: str, office: str, year: int, text: str):
    indexed, figures, _, texts = read(name, office, year)
    question = understand(text, [indexed], OfficeDirectory.build([indexed]))
    return question, match_open(question, figures, {}, {}, texts)


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


# ---- numbers of one sentence told apart ------------------------------------------------


def test_the_noun_counted_tells_apart_the_numbers_of_one_list():
    # 全省11个市、119个县(市、区)人民政府、72个省直部门(单位)信息公开工作运行正常
    _, match = answered("008_shanxi_sheng_2009.txt", "山西省人民政府", 2009,
                        "截至2009年底山西有多少个县（市、区）政府的信息公开工作运行正常？")
    assert not match.weak and not match.tied
    assert match.best[0].figure.value == 119


@pytest.mark.parametrize("focus, noun", [
    ("有多少个县（市、区）政府的信息公开工作运行正常？", "县"),
    ("在国新办开了几场专场新闻发布会？", "专场新闻发布会"),
    ("新增主动公开了多少条政府信息？", "政府信息"),
    ("办了多少件？", ""),
])
def test_the_noun_a_question_counts(focus, noun):
    assert asked_noun(focus) == noun


def test_a_change_is_read_with_the_counts_before_it_in_its_sentence():
    # …受理承办12345政务服务便民热线(市长热线)诉求共计22050件,已办结22050件,…,
    # 较2024年增加3722件,增长20.31%: the change's own clause names only 增长
    question, match = answered("056_wanyuan_shi_2025.txt", "万源市人民政府", 2025,
                               "万源市2025年12345热线诉求比2024年增长了百分之多少？")
    assert not match.weak
    assert [(s.figure.value, s.figure.unit) for s in match.best] == [(20.31, "%")]
    # without its sentence the change says too little of the question to answer it
    indexed, figures, _, _ = read("056_wanyuan_shi_2025.txt", "万源市人民政府", 2025)
    assert match_open(question, figures, {}, {}).weak


def test_one_share_of_a_category_list_is_the_one_the_question_names():
    # 共公开各类信息52条,其中机构信息6条,占11.54%;…民生事项32条,占61.54%;…
    name, office = "039_yongjia_dongcheng_jiedao_2019.txt", "永嘉县东城街道办事处"
    question, match = answered(name, office, 2019, "东城街道2019年民生事项信息占了百分之多少？")
    assert match.best[0].figure.value == 61.54 and not match.tied
    _, _, vocabulary, _ = read(name, office, 2019)
    shares = [f for f in vocabulary if f.unit == "%"]
    assert len({f.value for f in shares}) > 1  # the vocabulary reads them all as one metric
    assert covers_better(question, match, shares, {}, {})


def test_numbers_of_one_list_the_question_does_not_tell_apart_are_all_shown():
    # no counted noun asked: 11, 119 and 72 match equally, so all three are shown
    _, match = answered("008_shanxi_sheng_2009.txt", "山西省人民政府", 2009,
                        "截至2009年底山西信息公开工作运行正常的有多少个？")
    assert match.tied
    assert {s.figure.value for s in match.best} == {11, 119, 72}
