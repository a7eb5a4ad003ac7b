"""Comparison answers on a real Chroma store holding hand-built reports and figures.

Figures are written with their paragraphs (vectors given, so no model is loaded): these
tests pin the comparison logic itself: which figure answers, 未报告 never zero, annual
versus cumulative, approximate values, years, citations for every cell.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import re
from dataclasses import dataclass

import pytest

from assistant.answering.citations import check_answer
from assistant.comparison.compare import answer_comparison
from assistant.retrieval.corpus import Corpus
from assistant.question.cues import group_levels, ranking_order
from assistant.retrieval.bm25_cache import BM25Cache
from core.embedding import SentenceTransformerEmbedder
from core.models import Chunk, Figure, Office, Paragraph, Question, Report, content_id
from core.store import Store


@dataclass(frozen=True)
class Stated:
    """A figure as a report sentence states it: `quote` must occur in `sentence`."""

    sentence: str
    quote: str
    metric: str
    value: float
    qualifier: str = "exact"
    scope: str = "annual"
    period: str = ""
    unit: str = "条"
    label: str = ""


def office(short: str, city: str = "甲市", district: str = "乙区") -> Office:
    suffix = "人民政府" if short.endswith(("镇", "区", "县")) else "办事处"
    return Office(f"{city}{district}{short}{suffix}", short, (city, district, short))


def put(store: Store, who: Office, year: int, *stated: Stated, extra: str = "") -> str:
    """Write one report whose paragraphs are the stated sentences (and `extra`)."""
    sentences = [s.sentence for s in stated] + ([extra] if extra else [])
    text = "\n".join([f"{who.name}{year}年政府信息公开工作年度报告", *sentences])
    rid = content_id(text)
    paragraphs, chunks, figures = [], [], []
    for i, sentence in enumerate([text.split("\n")[0], *sentences]):
        pid = f"{rid}-{i:04d}"
        paragraphs.append(Paragraph(pid, rid, i, "二、主动公开政府信息情况", sentence, sentence))
        chunks.append(Chunk(f"{pid}-0", pid, 0, sentence))
    for s in stated:
        i = sentences.index(s.sentence) + 1
        start = paragraphs[i].text.index(s.quote)
        figures.append(Figure(
            metric=s.metric, value=s.value, unit=s.unit, qualifier=s.qualifier,
            period=s.period or str(year), scope=s.scope, paragraph_id=paragraphs[i].id,
            span=(start, start + len(s.quote)), quote=s.quote, label=s.label, report_id=rid,
            office=who.name, year=year))
    report = Report(id=rid, source=f"{who.short}_{year}.txt", title=text.split("\n")[0],
                    office=who, year=year, published=None, format="pre2019", text=text,
                    normalised=text, content_hash=f"h-{rid}")
    store.write_report(report, paragraphs, chunks, [[1.0, 0.0, 0.0]] * len(chunks), figures)
    return rid


def active(n: float, qualifier: str = "exact", word: str = "") -> Stated:
    quote = f"主动公开政府信息{word}{n:g}条"
    return Stated(f"全年{quote}。", quote, "active.total", n, qualifier)


def cumulative(n: int, period: str, phrase: str) -> Stated:
    quote = f"累计公开信息{n}条"
    return Stated(f"{phrase}，{quote}。", quote, "active.total", n, scope="cumulative",
                  period=period)


def ask(store: Store, text: str, *, mode: str, offices: tuple[Office, ...] = (),
        metrics: tuple[str, ...] = ("active.total",), years: tuple[int, ...] = (),
        region: str = ""):
    q = Question(text=text, normalised=text, kind="comparison", offices=offices,
                 years=years, metrics=metrics, mode=mode, region=region,
                 order=ranking_order(text), levels=() if offices else group_levels(text))
    return answer_comparison(q, snapshot_of(store))


# One folder for every snapshot's BM25 cache, removed when the test run ends (a folder
# per call under /tmp was left behind by every run).
_CACHES = tempfile.TemporaryDirectory(prefix="bm25-")


def snapshot_of(store: Store):
    """The corpus snapshot the chain would read (its BM25 cache beside the store)."""
    return Corpus(store, BM25Cache(store, Path(tempfile.mkdtemp(dir=_CACHES.name)))).snapshot()


def rows_by_office(answer) -> dict[str, list]:
    out: dict[str, list] = {}
    for row in answer.table:
        out.setdefault(row.office, []).append(row)
    return out


def assert_cited(answer) -> None:
    """Every stated cell has a citation whose quote is in its paragraph and holds the
    number; every [n] in the text exists; and the chain's own check passes (every number
    of the text is in a cited quote or derived from the table's values)."""
    check_answer(answer)
    by_n = {c.n: c for c in answer.citations}
    for row in answer.table:
        if row.value is None:
            assert row.citation is None and "未报告" in row.display
            continue
        citation = by_n[row.citation]
        assert citation.quote in citation.paragraph_text
        assert citation.office and citation.report
    for n in map(int, re.findall(r"\[(\d+)\]", answer.text)):
        assert n in by_n, (n, answer.text)


@pytest.fixture
def store(settings) -> Store:
    return Store.open(settings, SentenceTransformerEmbedder())


A, B, C, D, E = (office(s) for s in ("东风街道", "西岭街道", "南湖街道", "北塔镇", "清河区"))


def test_ranking_keeps_cumulative_and_unstated_out_of_the_order(store):
    put(store, A, 2018, active(3000, "more_than", "超"))
    put(store, B, 2018, active(589))
    put(store, C, 2018, cumulative(110, "..2018-11", "截至2018年11月底"))
    put(store, D, 2018, extra="我镇认真开展政府信息公开工作。")
    answer = ask(store, "哪个单位主动公开的信息最多？", mode="ranking")
    assert answer.status == "answered"
    assert [r.office for r in answer.table] == ["东风街道", "西岭街道", "南湖街道", "北塔镇"]
    rows = rows_by_office(answer)
    assert rows["东风街道"][0].qualifier == "more_than" and rows["东风街道"][0].display == "超3000条"
    assert rows["南湖街道"][0].scope == "cumulative"
    assert "累计" in rows["南湖街道"][0].display and "截至2018年11月" in rows["南湖街道"][0].display
    assert rows["北塔镇"][0].value is None and rows["北塔镇"][0].display == "未报告"
    assert answer.text.startswith("2018年")
    assert "最多的是东风街道" in answer.text
    assert "只说明多于3000" in answer.text  # the approximation is said
    assert "南湖街道" in answer.text and "未参与排序" in answer.text
    assert "北塔镇（2018年报告）未报告" in answer.text and "不按零计" in answer.text
    assert_cited(answer)


def test_approximate_value_below_an_exact_one_makes_the_order_uncertain(store):
    put(store, A, 2018, active(3000, "more_than", "超"))
    put(store, B, 2018, active(3500))
    answer = ask(store, "哪个单位主动公开最多", mode="ranking")
    assert [r.office for r in answer.table] == ["西岭街道", "东风街道"]
    assert "先后不能确定" in answer.text


def test_versus_annual_against_cumulative_is_not_like_for_like(store):
    put(store, A, 2017, active(14))
    put(store, C, 2017, cumulative(110, "..2017-11", "截至2017年11月底"))
    answer = ask(store, "2017年东风街道和南湖街道哪个公开的信息更多？", mode="versus",
                 offices=(A, C), years=(2017,))
    assert "14条" in answer.text and "累计110条" in answer.text
    assert "口径不同" in answer.text
    assert "较多" not in answer.text and "更多" not in answer.text
    assert {r.scope for r in answer.table} == {"annual", "cumulative"}
    assert_cited(answer)


def test_versus_says_which_is_higher_and_that_years_differ(store):
    put(store, A, 2013, active(589))
    put(store, B, 2019, active(55))
    answer = ask(store, "比较东风街道和西岭街道主动公开的数量", mode="versus", offices=(A, B))
    assert "东风街道较多，多534条" in answer.text
    assert "不同年份" in answer.text and "2013年" in answer.text and "2019年" in answer.text
    assert_cited(answer)


def test_versus_uses_the_latest_year_both_state(store):
    put(store, A, 2016, active(10))
    put(store, A, 2017, active(20))
    put(store, A, 2018, active(30))
    put(store, B, 2016, active(5))
    put(store, B, 2017, active(50))
    answer = ask(store, "东风街道和西岭街道比较", mode="versus", offices=(A, B))
    assert [(r.office, r.year, r.value) for r in answer.table] == [
        ("东风街道", 2017, 20), ("西岭街道", 2017, 50)]
    assert "西岭街道较多，多30条" in answer.text and "不同年份" not in answer.text


def test_any_separates_yes_stated_zero_and_not_stated(store):
    put(store, E, 2018,
        Stated("全年共受理行政复议案件5起。", "受理行政复议案件5起", "review.total", 5, unit="起"),
        Stated("发生行政诉讼案件10件。", "行政诉讼案件10件", "litigation.total", 10, unit="件"))
    put(store, A, 2017,
        Stated("我街未发生申请行政复议、提起诉讼的情况。", "未发生申请行政复议、提起诉讼",
               "review.total", 0, "zero_in_words", unit="件"),
        Stated("（同上）未发生提起诉讼的情况。", "未发生提起诉讼", "litigation.total", 0,
               "zero_in_words", unit="件"))
    put(store, B, 2019, active(55))
    answer = ask(store, "哪些单位发生过行政复议或行政诉讼？", mode="any",
                 metrics=("review.total", "litigation.total"))
    text = answer.text
    assert text.index("发生过") < text.index("清河区") < text.index("报告写明没有")
    assert "行政复议5起" in text and "行政诉讼10件" in text
    assert "报告写明没有发生的：东风街道" in text
    assert "西岭街道的报告未报告" in text
    rows = rows_by_office(answer)
    assert [r.value for r in rows["西岭街道"]] == [None, None]
    assert [r.value for r in rows["东风街道"]] == [0, 0]
    # several metrics in one table: each cell says which
    assert [r.display for r in rows["东风街道"]] == ["行政复议：0件（报告写明没有）",
                                                   "行政诉讼：0件（报告写明没有）"]
    assert [r.office for r in answer.table] == ["清河区"] * 2 + ["东风街道"] * 2 + ["西岭街道"] * 2
    assert_cited(answer)


def test_table_cells_count_as_their_everyday_metric(store):
    put(store, E, 2021, Stated("| 行政复议 | 2 | 0 | 0 | 0 | 2 |", "2", "t4.review.total", 2,
                               unit="件"))
    answer = ask(store, "哪些单位有行政复议", mode="any", metrics=("review.total",))
    assert answer.table[0].value == 2 and "清河区" in answer.text


def test_each_lists_unstated_offices_as_not_reported_never_zero(store):
    put(store, A, 2013, Stated("截至目前，我街道未收到政府信息公开的申请。", "未收到政府信息公开的申请",
                               "application.received", 0, "zero_in_words", unit="件"))
    put(store, B, 2017, active(14))
    answer = ask(store, "各单位收到的政府信息公开申请数量分别是多少？", mode="each",
                 metrics=("application.received",))
    rows = rows_by_office(answer)
    assert rows["东风街道"][0].value == 0
    assert rows["西岭街道"][0].value is None and rows["西岭街道"][0].citation is None
    assert "未报告" in answer.text and "西岭街道" in answer.text
    assert_cited(answer)


def test_total_and_shares_exclude_cumulative_and_say_approximations(store):
    put(store, A, 2018, active(300))
    put(store, B, 2018, active(100, "about", "约"))
    put(store, C, 2018, cumulative(110, "..2018-11", "截至2018年11月底"))
    answer = ask(store, "各街道2018年主动公开合计多少，各占多少", mode="total", years=(2018,))
    assert "2个单位合计约400条" in answer.text and "近似" in answer.text
    rows = rows_by_office(answer)
    assert rows["东风街道"][0].display == "300条（占75.0%）"
    assert rows["西岭街道"][0].display == "约100条（占25.0%）"
    # the table holds what was added up; the cumulative figure is told, cited, apart
    assert "南湖街道" not in rows
    assert "南湖街道（截至2018年11月累计110条[3]）只报告了累计数" in answer.text
    assert "未计入合计" in answer.text
    assert_cited(answer)


def test_trend_of_one_office_over_years(store):
    put(store, A, 2015, active(10))
    put(store, A, 2016, extra="我街认真开展工作。")
    put(store, A, 2017, active(25))
    answer = ask(store, "东风街道历年主动公开数量的变化", mode="trend", offices=(A,))
    assert [(r.year, r.value) for r in answer.table] == [(2015, 10), (2016, None), (2017, 25)]
    assert "2016年未报告" in answer.text
    assert "从2015年的10条到2017年的25条，增加15条" in answer.text
    assert_cited(answer)


def test_two_different_values_in_one_report_are_both_shown(store):
    put(store, A, 2017, active(14), Stated("全年共计上传16条。", "上传16条", "active.total", 16))
    answer = ask(store, "东风街道和西岭街道", mode="ranking")
    assert "另有“16条”的说法" in answer.text
    assert len(answer.citations) == 2


def test_region_level_and_year_restrict_a_ranking(store):
    north = office("北门街道", city="丙市", district="丁区")
    put(store, A, 2017, active(30))
    put(store, B, 2017, active(40))
    put(store, D, 2017, active(90))  # a 镇: not among 各街道
    put(store, north, 2017, active(500))  # another city
    put(store, A, 2018, active(999))  # another year
    by_level = ask(store, "2017年各街道主动公开排名", mode="ranking", years=(2017,))
    assert [r.office for r in by_level.table] == ["北门街道", "西岭街道", "东风街道"]
    by_region = ask(store, "甲市的单位2017年主动公开排名", mode="ranking", years=(2017,),
                    region="甲市")
    assert [r.office for r in by_region.table] == ["北塔镇", "西岭街道", "东风街道"]
    assert all(r.year == 2017 for r in by_region.table)


def test_nothing_selected_is_not_found(store):
    put(store, A, 2017, active(30))
    answer = ask(store, "2030年各单位主动公开排名", mode="ranking", years=(2030,))
    assert answer.status == "not_found" and "2030年" in answer.text and not answer.table


def test_no_office_states_the_figure_is_not_found_with_rows(store):
    put(store, A, 2017, active(30))
    answer = ask(store, "各单位收费多少", mode="each", metrics=("fee.amount",))
    assert answer.status == "not_found"
    assert [r.display for r in answer.table] == ["未报告"]


def test_a_category_is_compared_by_its_label(store):
    def category(n: int, label: str) -> Stated:
        quote = f"{label}共{n}条"
        return Stated(f"其中{quote}。", quote, "active.category", n, label=label)

    put(store, A, 2013, active(589), category(96, "政策法规类信息"), category(493, "业务类信息"))
    put(store, B, 2013, active(300), category(120, "政策法规类信息"))
    text = "各单位政策法规类信息各公开了多少，哪个最多"
    q = Question(text=text, normalised=text, kind="comparison", metrics=("active.category",),
                 label="政策法规类", mode="each", order=ranking_order(text))
    answer = answer_comparison(q, snapshot_of(store))
    assert [(r.office, r.value) for r in answer.table] == [("西岭街道", 120), ("东风街道", 96)]
    assert "最多的是西岭街道" in answer.text  # 哪个最多: ranked, though 各单位 was said
    assert_cited(answer)


def test_a_question_about_cumulative_figures_prefers_them(store):
    put(store, A, 2017, active(14), cumulative(58, "2013-2017", "2013-2017年"))
    put(store, B, 2017, active(20))
    text = "各单位累计公开了多少"
    q = Question(text=text, normalised=text, kind="comparison", metrics=("active.total",),
                 mode="each", scope="cumulative")
    answer = answer_comparison(q, snapshot_of(store))
    rows = rows_by_office(answer)
    assert (rows["东风街道"][0].value, rows["东风街道"][0].scope) == (58, "cumulative")
    assert (rows["西岭街道"][0].value, rows["西岭街道"][0].scope) == (20, "annual")
    assert "2013至2017年累计58条" in answer.text
    assert_cited(answer)


def test_trend_with_inexact_values_says_what_is_known(store):
    put(store, A, 2015, active(2000))
    put(store, A, 2016, active(3000, "more_than", "超"))
    put(store, A, 2017, active(3000, "more_than", "超"))
    up = ask(store, "东风街道2015到2016年主动公开的变化", mode="trend", offices=(A,),
             years=(2015, 2016))
    assert "从2015年的2000条到2016年的超3000条，至少增加1000条" in up.text
    same = ask(store, "东风街道2016到2017年主动公开的变化", mode="trend", offices=(A,),
               years=(2016, 2017))
    assert "增减不能确定" in same.text and "持平" not in same.text


def test_any_over_several_years_tells_the_latest_and_lists_every_year(store):
    review = [Stated(f"全年共受理行政复议案件{n}起。", f"受理行政复议案件{n}起", "review.total", n,
                     unit="起") for n in (3, 4, 5)]
    for year, stated in zip((2015, 2016, 2017), review):
        put(store, E, year, stated)
    answer = ask(store, "哪些单位发生过行政复议", mode="any", metrics=("review.total",))
    assert "清河区（2017年行政复议5起[1]（另有2个年度也有））" in answer.text
    assert [(r.year, r.value) for r in answer.table] == [(2017, 5), (2016, 4), (2015, 3)]
    assert_cited(answer)


def test_several_years_asked_give_one_ranking_per_year(store):
    put(store, A, 2016, active(10))
    put(store, B, 2016, active(20))
    put(store, A, 2017, active(50))
    put(store, B, 2017, active(5))
    answer = ask(store, "2016年和2017年各单位主动公开排名", mode="ranking", years=(2016, 2017))
    assert [(r.year, r.office) for r in answer.table] == [
        (2016, "西岭街道"), (2016, "东风街道"), (2017, "东风街道"), (2017, "西岭街道")]
    assert "2016年主动公开政府信息总数最多的是西岭街道" in answer.text
    assert "2017年主动公开政府信息总数最多的是东风街道" in answer.text
    assert "不同年份" not in answer.text
