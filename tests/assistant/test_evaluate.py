"""The eval judges (both question-set formats) and the wrong-office count, over a tiny
real corpus (tests/realdev_mini: three realdev reports and six of their questions)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.evaluate import (EvalReport, Verdict, evaluate, format_report, load_items,
                                report_folders)
from assistant.judges import HEDGES, assign_files, judge_figure, judge_passage
from assistant.evaluate import judge_comparison
from core.models import Answer, Citation, Figure, TableRow

MINI = Path(__file__).resolve().parent.parent / "realdev_mini"
ITEMS = {item["id"]: item for item in load_items(MINI / "qa.jsonl")}
SHATOU, SHUITOU, BENGBU = ("059_yongjia_shatou_zhen_2008.txt",
                           "060_pingyang_shuitou_zhen_2008.txt", "033_bengbu_zhen_2016.txt")


def line_with(file: str, text: str) -> str:
    """The line of a real report holding `text`: what a citation of it quotes."""
    lines = (MINI / "reports" / file).read_text(encoding="utf-8").splitlines()
    return next(line for line in lines if text in line)


def cite(n: int, file: str, text: str) -> Citation:
    paragraph = line_with(file, text)
    return Citation(n=n, report=file, office="", year=2008, section="", paragraph=f"p{n}",
                    quote=text, paragraph_text=paragraph)


def figure(value: float, unit: str = "条", qualifier: str = "exact", n: int = 1,
           quote: str = "", report_id: str = "") -> Figure:
    return Figure(metric="active.total", value=value, unit=unit, qualifier=qualifier,
                  period="2008", scope="annual", paragraph_id=f"p{n}", span=(0, 1),
                  quote=quote, report_id=report_id)


def answered(citations=(), figures=(), table=(), text="") -> Answer:
    return Answer(question="", status="answered", text=text, citations=tuple(citations),
                  figures=tuple(figures), table=tuple(table))


NOT_FOUND = Answer(question="", status="not_found", text="报告中没有找到")


def shatou(question: str) -> Answer:
    """The right answer to d209 (沙头镇 312) — and, deliberately, to every question."""
    quote = "2008年度共新增主动公开政府信息312条"
    return answered([cite(1, SHATOU, quote)], [figure(312, quote=quote)])


def shuitou(question: str) -> Answer:
    """The same sentence read in the wrong file: 水头镇's 750 (a wrong-office answer to
    every question but d213)."""
    quote = "2008年度共新增主动公开政府信息750条"
    return answered([cite(1, SHUITOU, quote)], [figure(750, quote=quote)])


# ---- the wrong-office count -------------------------------------------------------

def test_wrong_office_counts_an_answer_from_the_other_town_and_not_the_right_one():
    item = [ITEMS["d209"]]
    right = evaluate(item, shatou)
    wrong = evaluate(item, shuitou)
    assert right.wrong_office() == {"figure": 0} and right.verdicts[0].right
    assert wrong.wrong_office() == {"figure": 1} and not wrong.verdicts[0].right
    assert wrong.verdicts[0].wrong_files == (SHUITOU,)
    assert any("not about" in r for r in wrong.verdicts[0].reasons)


def test_wrong_office_counts_figures_through_the_report_ids():
    """A figure whose report is another file counts even when no citation names it."""
    item = ITEMS["d209"]
    answer = answered([cite(1, SHATOU, "2008年度共新增主动公开政府信息312条")],
                      [figure(312, report_id="r-shatou"), figure(750, report_id="r-shuitou")])
    report = evaluate([item], lambda q: answer,
                      sources={"r-shatou": SHATOU, "r-shuitou": SHUITOU})
    assert report.verdicts[0].wrong_files == (SHUITOU,)


def test_an_office_not_in_the_set_answered_counts_and_not_found_does_not():
    item = ITEMS["d274"]  # 生态环境部: report_files is empty
    assert item["report_files"] == []
    assert evaluate([item], shatou).wrong_office() == {"absent": 1}
    assert evaluate([item], lambda q: NOT_FOUND).wrong_office() == {"absent": 0}


def test_the_whole_mini_set_counts_per_kind_and_prints_the_total():
    items = list(ITEMS.values())
    report = evaluate(items, shuitou)
    # d213 is 水头镇's own figure; d215 (水头镇's contact) cites the right file, wrongly.
    assert report.wrong_office() == {"figure": 2, "passage": 0, "comparison": 0, "absent": 1}
    text = format_report(report, "qa.jsonl")
    [total] = [line for line in text.splitlines() if line.strip().startswith("all")]
    assert total.endswith("wrong office 3")
    assert json.loads(json.dumps(report.verdicts[0].to_json()))["wrong_office"] is True


def test_items_without_any_file_list_are_not_counted():
    item = {"id": "x", "question": "?", "kind": "figure", "expected": {"value": 312}}
    assert evaluate([item], shuitou).wrong_office() == {"figure": 0}


def test_report_folders_are_relative_to_the_question_file():
    assert report_folders(list(ITEMS.values()), MINI / "qa.jsonl") == [MINI / "reports"]
    assert report_folders([{"question": "?", "reports": ["a.txt"]}], MINI / "qa.jsonl") == []


# ---- figure -------------------------------------------------------------------------

def test_figure_needs_the_value_the_unit_and_the_evidence_from_its_file():
    item = ITEMS["d209"]
    assert judge_figure(shatou(""), item) == []
    quote = "2008年度共新增主动公开政府信息312条"
    wrong_unit = answered([cite(1, SHATOU, quote)], [figure(312, unit="件")])
    assert judge_figure(wrong_unit, item) == ["unit is '件', not '条'"]
    none = {"kind": "figure", "expected": {"value": 0, "unit": "次"}}  # 未发生: no unit written
    assert judge_figure(answered(figures=[figure(0, "件", "zero_in_words")]), none) == []
    # The evidence sentence, but cited from the other town's file, is not evidence.
    elsewhere = answered([Citation(1, SHUITOU, "", 2008, "", "p1", quote,
                                   line_with(SHATOU, quote))], [figure(312)])
    assert judge_figure(elsewhere, item) == ["no cited paragraph holds the evidence"]
    assert judge_figure(NOT_FOUND, item) == ["not answered"]


def test_approx_is_the_about_qualifier_and_its_absence_means_exact():
    item = {"kind": "figure", "expected": {"value": 6700, "unit": "条", "approx": "余"}}
    assert judge_figure(answered(figures=[figure(6700, qualifier="about")]), item) == []
    assert judge_figure(answered(figures=[figure(6700)]), item) == [
        "qualifier is exact, not about"]
    exact = {"kind": "figure", "expected": {"value": 312, "unit": "条"}}
    assert judge_figure(answered(figures=[figure(312, qualifier="about")]), exact) == [
        "qualifier is about, not exact/zero_in_words"]
    assert {HEDGES[w] for w in "余多约近"} == {"about"}


def test_the_hedge_words_are_read_as_the_extractor_reads_them():
    from index.figures.numbers import _PREFIX, _SUFFIX

    for word, qualifier in HEDGES.items():
        assert _SUFFIX.get(word, _PREFIX.get(word)) == qualifier, word


def test_seeds_format_still_judged_with_its_own_keys():
    item = {"kind": "figure", "reports": ["a.txt"],
            "expected": {"value": 3000, "unit": "条", "qualifier": "more than"}}
    assert judge_figure(answered(figures=[figure(3000, qualifier="more_than")]), item) == []
    seeds_passage = {"kind": "passage", "expected": {"phrases": ["联系人"]}}
    assert judge_passage(answered([cite(1, SHUITOU, "联系人:白荣玮")]), seeds_passage) == []


# ---- passage ----------------------------------------------------------------------------

def test_passage_reads_key_phrases():
    """realdev writes `key_phrases`; reading only `phrases` passed any cited answer."""
    item = ITEMS["d215"]
    evidence_line = cite(1, SHUITOU, "联系人:白荣玮")
    assert judge_passage(answered([evidence_line]), item) == []
    other = cite(1, SHUITOU, "2008年度共新增主动公开政府信息750条")
    reasons = judge_passage(answered([other]), item)
    assert "phrase '联系人:白荣玮' in no cited paragraph" in reasons


# ---- comparison -------------------------------------------------------------------------

def _versus(text: str, swap: bool = False) -> Answer:
    hi = "2008年度共新增主动公开政府信息750条"
    lo = "2008年度共新增主动公开政府信息312条"
    citations = [cite(1, SHUITOU, hi), cite(2, SHATOU, lo)]
    rows = [TableRow("水头镇", 2008, 750, "exact", "annual", 1, "750条"),
            TableRow("沙头镇", 2008, 312, "exact", "annual", 2, "312条")]
    figures = [figure(750, n=1, quote=hi), figure(312, n=2, quote=lo)]
    return answered(citations, figures, rows[::-1] if swap else rows, text)


def test_higher_is_judged_through_the_cited_files():
    item = ITEMS["d255"]
    assert judge_comparison(_versus("水头镇2008年750条[1]；沙头镇312条[2]。水头镇较多，多438条。"),
                            item) == []
    wrong = judge_comparison(_versus("沙头镇较多。"), item)
    assert wrong == ["higher is not said to be 水头镇 (水头镇)"]


def test_values_are_matched_to_files_by_their_evidence_not_the_key_order():
    """d250 lists 2020 first in `values` and 2012 first in report_files."""
    files = ["2012.txt", "2020.txt"]
    evidence = ["總計公開署令2條,公告64條", "其中海关总署令4件、公告138件"]
    assert assign_files(["海关总署2020年", "海关总署2012年"], [138, 64], files, evidence) == {
        "海关总署2020年": "2020.txt", "海关总署2012年": "2012.txt"}
    # Equal values: the positions decide.
    assert assign_files(["a", "b"], [0, 0], files, ["0件", "0件"]) == {"a": "2012.txt",
                                                                    "b": "2020.txt"}


def test_ranking_needs_the_table_order_and_the_top_named():
    item = dict(ITEMS["d255"])
    item["expected"] = {"ranking": ["水头镇", "沙头镇"], "values": item["expected"]["values"]}
    assert judge_comparison(_versus("最多的是水头镇（750条[1]）。排序：水头镇 > 沙头镇。"), item) == []
    reasons = judge_comparison(_versus("最多的是水头镇。", swap=True), item)
    assert reasons == ["table order ['沙头镇', '水头镇'] is not the ranking ['水头镇', '沙头镇']"]
    assert judge_comparison(_versus("各单位：水头镇750条，沙头镇312条。"), item) == [
        "the text does not name 水头镇 as the most"]


def test_a_table_row_saved_one_cell_a_line_matches_the_cited_table():
    item = {"kind": "comparison", "report_files": ["reports/a.txt"],
            "expected": {"equal": True, "values": {"会仪镇": {"value": 213, "unit": "件"}}},
            "evidence": ["行政许可 |\n213 |"]}
    table = "| 行政许可 | 213 |"
    answer = answered([Citation(1, "a.txt", "", 2021, "", "p1", table, table)],
                      [figure(213, unit="件", quote=table)],
                      [TableRow("会仪镇", 2021, 213, "exact", "annual", 1, "213件")],
                      "两者相同。")
    assert judge_comparison(answer, item) == []
    assert judge_comparison(answered(answer.citations, answer.figures, answer.table,
                                     "两者不相同。"), item) == [
        "the text does not say they are the same"]


@pytest.mark.parametrize("value,unit,expected", [
    (750, "条", []),
    (751, "条", ["水头镇 (060_pingyang_shuitou_zhen_2008.txt): shows 751, expected 750条"]),
])
def test_each_value_is_checked_in_the_row_of_its_file(value, unit, expected):
    item = ITEMS["d255"]
    answer = _versus("水头镇较多。")
    rows = (TableRow("水头镇", 2008, value, "exact", "annual", 1, f"{value:g}"),) + answer.table[1:]
    answer = answered(answer.citations, answer.figures, rows, answer.text)
    assert judge_comparison(answer, item) == expected


def test_latency_and_by_kind():
    report = EvalReport([Verdict("a", "figure", True, (), 10.0),
                         Verdict("b", "figure", False, ("x",), 30.0)])
    assert report.by_kind() == {"figure": (1, 2)}
    assert report.latency() == (20.0, 30.0)
