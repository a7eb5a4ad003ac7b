"""Open figures (index/figures/open_figures.py): every number a report states in prose,
with its unit, kind, qualifier, scope and the words it counts, over real realdev reports
(tests/fixtures/realdev_open, SOURCES.md names their pages)."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import pytest

from benchmarks.figures_eval import load_report
from benchmarks.open_figures_recall import at_evidence, is_narrative, judge
from core.models import Figure, Office, Paragraph, Report
from core.normalise import normalise
from core.store_records import figure_from_metadata, figure_metadata
from index.figures import extract_figures
from index.figures.open_figures import OPEN_METRIC, open_figures

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "realdev_open"
KINDS = {"count", "share", "change", "rate", "amount", "duration", "rank", "ordinal"}


@lru_cache(maxsize=None)
def _read(prefix: str):
    (path,) = FIXTURES.glob(f"{prefix}_*.txt")
    report, paragraphs = load_report(path, "", None)
    return report, paragraphs, extract_figures(report, paragraphs).figures


def _open(prefix: str) -> list[Figure]:
    return [f for f in _read(prefix)[2] if f.metric == OPEN_METRIC]


def _one(prefix: str, value: float, unit: str, in_quote: str) -> Figure:
    hits = [f for f in _open(prefix) if f.value == value and f.unit == unit
            and in_quote in f.quote]
    assert len(hits) == 1, (prefix, value, unit, [(f.value, f.unit, f.quote) for f in _open(prefix)])
    return hits[0]


def _sentence(text: str, year: int | None = 2020) -> list[Figure]:
    report = Report(id="r", source="s", title="", office=Office("某街道办事处", "某街道"),
                    year=year, published=None, format="2021", text=text,
                    normalised=normalise(text).text, content_hash="h")
    paragraph = Paragraph(id="r-0000", report_id="r", ordinal=0, section="", text=text,
                          normalised=normalise(text).text)
    return open_figures(report, paragraph)


# --- numbers outside the vocabulary, with units and the words they count -----------------

def test_a_count_outside_the_vocabulary_keeps_its_hedge_and_counted_words():
    figure = _one("026", 17250, "件", "共受理各类群众诉求近17250件")
    assert (figure.kind, figure.qualifier, figure.scope) == ("count", "about", "annual")
    assert figure.label == "共受理各类群众诉求"


@pytest.mark.parametrize("prefix, value, unit, label", [
    ("028", 4, "名", "专兼职工作人员"),  # 配备了4名专兼职工作人员: the words follow the number
    ("028", 8, "个", "村部"),
    ("061", 226, "条", "安全生产和消防相关信息"),
    ("056", 18, "场", "开展各类政策宣传辅导"),
    ("056", 12, "期", "开展征集调查"),
    ("015", 15, "个工作日", "汇总类信息在年度或季度终了后"),
])
def test_units_and_counted_words(prefix, value, unit, label):
    hits = [f for f in _open(prefix) if f.value == value and f.unit == unit and f.label == label]
    assert hits, [(f.value, f.unit, f.label) for f in _open(prefix)]


def test_chinese_numerals_and_units_the_vocabulary_does_not_know():
    assert _one("060", 1, "台", "配备了一台专用电脑").label == "专用电脑"
    assert _one("003", 7, "部分", "七部分组成").kind == "count"
    # 11县区: divisions are counted without a measure word
    assert _one("058", 11, "个", "11县区").kind == "count"


def test_traditional_text_is_read_normalised_and_quoted_verbatim():
    figure = _one("004", 60000, "条", "6萬多條")
    assert figure.qualifier == "about" and figure.label == "公开各类政府信息"
    cumulative = _one("034", 223, "条", "累計(jì)")  # pinyin annotations stay in the quote
    assert (cumulative.scope, cumulative.period) == ("cumulative", "..2016")


# --- shares, changes, rates, ranks, cumulative totals: told apart ----------------------

def test_a_share_is_told_from_the_count_it_divides():
    count = _one("026", 39, "件", "通过信函申请39件")
    share = _one("026", 83, "%", "占83%")
    assert (count.kind, share.kind) == ("count", "share")
    assert share.label == count.label == "通过信函申请"


def test_changes_against_last_year_are_not_counts():
    change = _one("013", 32.7, "%", "比上一年增加32.7%")
    assert (change.kind, change.label) == ("change", "信息公开量")
    assert _one("013", 754, "条", "754条").kind == "count"
    assert _one("026", 42, "件", "较上一年度增加42件").kind == "change"
    assert _one("056", 20.31, "%", "增长20.31%").kind == "change"


def test_rates_and_ranks():
    assert _one("004", 98.28, "%", "滿意率為98.28%").kind == "rate"
    assert _one("056", 100, "%", "按时办结率100%").label == "按时办结率"
    rank = _one("004", 4, "名", "位列第4")
    assert rank.kind == "rank"
    assert _one("004", 43, "个", "43個參評").kind == "count"


def test_cumulative_totals_keep_their_scope():
    figure = _one("061", 44, "条", "累计主动公开的政府信息约44条")
    assert (figure.scope, figure.qualifier) == ("cumulative", "about")


# --- what is not a figure --------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "根据《中华人民共和国政府信息公开条例》第二十一条规定，编制本报告。",
    "按照国办公开办函〔2019〕60号要求，本报告数据统计期限为2019年1月1日至12月31日。",
    "如对本报告有任何疑问，请联系：0571-87654321，地址：某市某路25号。",
    "受理12345热线诉求。",
    "2024年1月24日召开会议，全面贯彻党的二十届三中全会精神，推进一件事一次办。",
])
def test_dates_articles_document_and_phone_numbers_are_not_figures(text):
    assert _sentence(text) == []


def test_table_cells_are_left_to_the_table_reader():
    figures = _sentence("| 规章 | 2 | 2 | 3 |")
    assert figures == []


def test_a_number_in_a_title_is_not_read_but_a_breakdown_in_parentheses_is():
    figures = _sentence("印发《2019年政务公开工作要点》5件，主动公开信息共455条（规范性文件84条，其他55条）。")
    assert {(f.value, f.unit) for f in figures} == {(5, "件"), (455, "条"), (84, "条"), (55, "条")}
    assert next(f for f in figures if f.value == 84).label == "规范性文件"


# --- one layer beside the vocabulary, traceable, stored ---------------------------------

def test_a_vocabulary_number_is_also_an_open_figure():
    figures = _read("013")[2]
    said = [f for f in figures if f.value == 1 and "收到政府信息公开申请1件" in f.quote]
    assert {f.metric for f in said} == {"application.received", OPEN_METRIC}


@pytest.mark.parametrize("path", sorted(FIXTURES.glob("*.txt")), ids=lambda p: p.stem[:3])
def test_every_open_figure_is_traceable(path):
    report, paragraphs, figures = _read(path.name[:3])
    by_id = {p.id: p for p in paragraphs}
    opened = [f for f in figures if f.metric == OPEN_METRIC]
    assert opened
    for figure in opened:
        paragraph = by_id[figure.paragraph_id]
        start, end = figure.span
        assert paragraph.text[start:end] == figure.quote and figure.quote == figure.quote.strip()
        assert 0 < len(figure.quote) <= 120
        assert figure.kind in KINDS and figure.unit
        assert paragraph.table is None and "|" not in paragraph.text
        assert (figure.report_id, figure.year) == (report.id, report.year)
    assert len({f.id for f in figures}) == len(figures)  # none lost when stored by id


def test_the_kind_is_stored_and_read_back():
    report, _, figures = _read("026")
    figure = _one("026", 83, "%", "占83%")
    meta = figure_metadata(report, figure)
    assert figure_from_metadata(meta, figure.quote) == figure


# --- recall over the realdev questions about these reports -----------------------------

def _items() -> list[dict]:
    lines = (FIXTURES / "qa.jsonl").read_text("utf-8").splitlines()
    return [item for item in map(json.loads, filter(None, lines)) if is_narrative(item)]


@pytest.mark.parametrize("item", _items(), ids=lambda item: item["id"])
def test_each_narrative_figure_question_has_its_figure_at_the_evidence(item):
    (name,) = item["report_files"]
    _, paragraphs, figures = _read(Path(name).name[:3])
    outcome = judge(item, figures, {p.id: p for p in paragraphs})
    assert outcome.at_evidence, (outcome.cause, [(f.value, f.unit, f.quote) for f in outcome.near])


def test_the_evidence_check_can_fail():
    report, paragraphs, figures = _read("026")
    by_id = {p.id: p for p in paragraphs}
    figure = _one("026", 83, "%", "占83%")
    assert not at_evidence(figure, by_id[figure.paragraph_id], "共受理各类群众诉求近17250件")


def test_zero_in_words_is_a_zero_in_the_unit_of_the_event_named():
    # realdev 052 and 037: 未收到 alone, and the double negative 未收到…0件 (one zero, not two)
    (zero,) = _sentence("小板镇本年度未收到政府信息公开的申请。", 2023)
    assert (zero.value, zero.unit, zero.qualifier, zero.kind) == (0, "件", "zero_in_words", "count")
    assert zero.label == "政府信息公开的申请" and zero.quote == "小板镇本年度未收到政府信息公开的申请"
    (double,) = _sentence("2019年，街道本级未收到政府信息公开申请0件。", 2019)
    assert (double.value, double.unit, double.qualifier) == (0, "件", "exact")
    (fee,) = _sentence("信息公开未收取任何费用。")
    assert (fee.unit, fee.kind) == ("元", "amount")


def test_a_stated_zero_is_about_its_head_event_not_the_words_that_qualify_it():
    """未发生…申请的行政复议 (realdev 019): a zero of reviews about requests, not of requests."""
    text = "2009年未发生有关政府信息公开申请的行政复议、行政诉讼情况。"
    (zero,) = [f for f in _sentence(text, 2009) if f.qualifier == "zero_in_words"]
    assert zero.value == 0 and zero.label.startswith("行政复议") and "申请" not in zero.label
    (received,) = [f for f in _sentence("本年度未收到政府信息公开申请。", 2009)
                   if f.qualifier == "zero_in_words"]
    assert "申请" in received.label
