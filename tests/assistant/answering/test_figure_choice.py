"""Figure questions over real running text where the vocabulary reads several numbers
of one sentence as the same metric (issue 12, read side): the clause whose own words the
question says is chosen (新收到 42, not 答复 39); a question naming none of them keeps
them all.

The reports are the realdev files in tests/fixtures/realdev_figures/, read by the real
loader and figure extractor; questions and expected values are realdev qa.jsonl's.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.answering.counted_words import by_counted_words
from assistant.answering.figures import pick_figures
from benchmarks.figures_eval import load_report
from core.models import Figure, IndexedReport, Question
from tests.assistant.answering.real_reports import OFFICE, figure_question, indexed_report

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "realdev_figures"

QIAOKOU = "023_qiaokou_qu_zhengfu_bangongshi_2024.txt"
CHENGZHONG = "026_xining_chengzhong_qu_2024.txt"
FUNING = "055_funing_qu_zhengfu_bangongshi_2025.txt"


def report(name: str, year: int) -> tuple[IndexedReport, tuple[Figure, ...]]:
    return indexed_report(FIXTURES / name, year)


def question(text: str) -> Question:
    return figure_question(text)


def ask(name: str, year: int, text: str):
    indexed, figures = report(name, year)
    vocabulary = [f for f in figures if f.metric != "open"]
    return pick_figures(question(text), OFFICE, vocabulary, [indexed])


@pytest.mark.parametrize("name, year, text, value", [
    # 新收到依申请公开政府信息42件,答复依申请公开政府信息39件 (both read as "received")
    (QIAOKOU, 2024, "硚口区政府办2024年新收了多少件依申请公开？", 42),
    # 共受理依申请公开事项59件,结转上年后新收到依申请公开事项47件
    (CHENGZHONG, 2024, "西宁市城中区2024年新收到依申请公开多少件？", 47),
    # 信息公开行政复议案件3件,维持1件,纠正1件,撤销复议申请1件 (撤销 read as "reviews")
    (FUNING, 2025, "抚宁区府办2025年信息公开行政复议有几件？", 3),
])
def test_the_clause_the_question_names_is_chosen(name, year, text, value):
    pick = ask(name, year, text)
    assert [f.value for f in pick.figures] == [value]


def test_the_vocabulary_does_read_both_numbers_as_one_metric():
    """What the mechanism is for: without it both clauses answer (so the test above
    can fail)."""
    _, figures = report(QIAOKOU, 2024)
    received = [f for f in figures if f.metric == "application.received"]
    assert sorted(f.value for f in received) == [39, 42]


def test_a_question_naming_neither_clause_keeps_both():
    _, figures = report(QIAOKOU, 2024)
    received = [f for f in figures if f.metric == "application.received"]
    kept = by_counted_words(received, "硚口区2024年依申请公开有多少件？")
    assert sorted(f.value for f in kept) == [39, 42]


def test_the_question_naming_the_other_clause_gets_it():
    _, figures = report(QIAOKOU, 2024)
    received = [f for f in figures if f.metric == "application.received"]
    kept = by_counted_words(received, "硚口区2024年答复了多少件依申请公开？")
    assert [f.value for f in kept] == [39]


QINDU = "025_qindu_qu_2024.txt"


def _open_naming(name: str, year: int, text: str) -> list[float]:
    from assistant.answering.answerer import naming_the_metric

    _, figures = report(name, year)
    q = question(text)
    return sorted({f.value for f in naming_the_metric(q, [f for f in figures if f.metric == "open"])})


def test_open_figures_answering_the_carried_in_row_name_it():
    # 上年结转11件 (realdev d097); the received, replied and pending numbers do not
    assert _open_naming(QINDU, 2024, "秦都区2024年从上年结转过来的申请有几件？") == [11]


def test_open_figures_answering_lawsuits_name_them():
    # 行政诉讼97件,27件法院做出判决 (realdev d099): 27 is the judgments, not the lawsuits
    values = _open_naming(QINDU, 2024, "秦都区2024年被告上法院（行政诉讼）多少件？")
    assert 97 in values and 27 not in values


def _paragraph_text(name: str, year: int):
    _, paragraphs = load_report(FIXTURES / name, year=year)
    texts = {p.id: p.text for p in paragraphs}
    return lambda pid: texts.get(pid, "")


def test_a_part_of_a_stated_total_is_found_by_the_reports_own_sum():
    from assistant.answering.stated_totals import stated_total

    _, figures = report(QINDU, 2024)
    opened = [f for f in figures if f.metric == "open"]
    received = next(f for f in figures if f.metric == "application.received")
    assert received.value == 105  # 群众网上申请105件,快递17件,合计122件: the cue is on the part
    total, parts = stated_total(received, opened)
    assert total.value == 122 and [p.value for p in parts] == [105, 17]
    # a number no total follows is no part
    lawsuits = next(f for f in figures if f.metric == "litigation.total")
    assert stated_total(lawsuits, opened) is None


@pytest.mark.parametrize("text, value", [
    ("秦都区2024年依申请公开一共收到多少件？", 122),  # realdev d096
    ("秦都区2024年收到多少件依申请公开？", 122),
    ("秦都区2024年网上申请有多少件？", 105),  # the part named in its own words
])
def test_the_stated_total_answers_unless_the_part_is_named(text, value):
    from assistant.answering.stated_totals import totals_for

    _, figures = report(QINDU, 2024)
    opened = [f for f in figures if f.metric == "open"]
    received = [f for f in figures if f.metric == "application.received"]
    out, _ = totals_for(received, opened, text, _paragraph_text(QINDU, 2024))
    assert [f.value for f in out] == [value]
    if value == 122:  # the quote holds the parts and the total, verbatim
        assert out[0].quote.endswith("群众网上申请105件,快递17件,合计122件")
        assert out[0].metric == "application.received"


def _tables_report(name: str, year: int):
    from benchmarks.realdev_tables import FIXTURES as TABLES

    return indexed_report(TABLES / name, year)


TIANMEN = "054_tianmen_shizhengfu_bangongshi_2025.txt"


@pytest.mark.parametrize("text, unit, words", [
    # 共制发行政规范性文件6个,废止行政规范性文件6个; table 二: 6 | 6 | 49 (realdev d188)
    ("天门市政府办公室2025年废止了几个行政规范性文件？", "个", "废止行政规范性文件6个"),
    ("天门市政府办公室2025年制发了几件行政规范性文件？", "件", "共制发行政规范性文件6个"),
])
def test_a_table_cell_is_cited_with_the_sentence_stating_it(text, unit, words):
    from assistant.answering.table_choice import cells_answered, with_text_twins

    indexed, figures = _tables_report(TIANMEN, 2025)
    q = question(text)
    pick = pick_figures(q, OFFICE, [f for f in figures if f.metric != "open"], [indexed])
    assert cells_answered(q, pick.figures)
    both = with_text_twins(pick, [f for f in figures if f.metric == "open"], q.unit)
    (statement,) = both.statements
    assert {f.value for f in statement} == {6}
    assert any(f.row for f in statement) and any(f.quote.endswith(words) for f in statement)
    assert statement[0].unit == unit  # the unit asked first


def test_a_sentence_on_another_column_is_no_twin():
    from assistant.answering.table_choice import text_twins

    _, figures = _tables_report(TIANMEN, 2025)
    in_force = next(f for f in figures if f.metric == "t2.normative.in_force")  # 49
    repealed = next(f for f in figures if f.metric == "t2.normative.repealed")  # 6
    opened = [f for f in figures if f.metric == "open"]
    assert text_twins(in_force, opened) == []
    assert [f.label for f in text_twins(repealed, opened)] == ["废止行政规范性文件"]


def test_a_second_part_of_the_question_is_no_rival_reading():
    """行政诉讼案件有多少件，胜诉几件 (seeds d14): the open reading of the first number does
    not make the second part's figure (胜诉 7) a wrong reading to drop."""
    from assistant.answering.open_match import OpenMatch, Scored, covers_better

    def fig(metric, value, span, label=""):
        return Figure(metric, value, "件", "exact", "2018", "annual", "p-1", span,
                      "发生行政诉讼案件10件,其中7件胜诉", label=label, kind="count" if label else "")
    total = fig("litigation.total", 10, (0, 11))
    won = fig("litigation.won", 7, (12, 17))
    opened = fig("open", 10, (0, 11), label="发生行政诉讼案件")
    won_open = fig("open", 7, (12, 17), label="胜诉")
    match = OpenMatch((Scored(opened, 1.5, 1.0, True),), False,
                      scored=(Scored(opened, 1.5, 1.0, True), Scored(won_open, 0.5, 0.3, True)))
    q = question("银州区的行政诉讼案件有多少件，胜诉几件？")
    assert not covers_better(q, match, [total, won], {}, {})
