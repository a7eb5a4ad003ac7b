"""Passage answers quote whole sentences and the paragraph that says what is asked
(issue 12, item 4), over real report text (../shared/realdev/reports):

- a sentence broken over lines (a PDF page saved one line a paragraph) is quoted whole,
  and a section of such lines counts its sentences, not its lines;
- a how-question (怎么审核的) prefers the paragraph that says the act asked about.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.answering.excerpts import choose_run, continues, sentence_start, whole_sentences
from assistant.question.cues import asked_action
from assistant.question.understand import understand
from benchmarks.figures_eval import load_report
from core.models import IndexedReport, Passage
from index.metadata import make_office

SHARED = Path(__file__).resolve().parents[4] / "shared" / "realdev" / "reports"
pytestmark = pytest.mark.skipif(not SHARED.is_dir(), reason="../shared/realdev not beside the clone")


def passages(name: str) -> list[Passage]:
    report, paragraphs = load_report(SHARED / name, office="某单位", year=2020)
    return [Passage(p.id, report.id, name, "某单位", "", 2020, p.section, p.text)
            for p in paragraphs if not p.is_heading]


def holding(items: list[Passage], words: str, score: float = 1.0) -> Passage:
    found = next(p for p in items if words in p.text)
    return Passage(**{**found.__dict__, "score": score})


def understood(question: str, office: str):
    report = IndexedReport(id="r", source="r.txt", title="", office=make_office(office), year=2020,
                           published=None, format="2019", content_hash="h", paragraph_count=1,
                           figure_count=0)
    return understand(question, [report])


def flat(items: list[Passage]) -> str:
    return "".join(p.text.strip() for p in items)


AUDIT = "064_shenjiju_2020_pdf_page9.txt"  # one PDF line a paragraph


def test_a_sentence_broken_over_pdf_lines_is_quoted_whole():
    items = passages(AUDIT)
    line = holding(items, "短板和不足")  # 得了一些成绩,但仍存在着一些短板和不足,如政务公开内容、
    run = whole_sentences(items, [line])
    assert "短板和不足,如政务公开内容、创新方式、开展政府开放日活动方面有待提升。" in flat(run)
    assert flat(run).endswith("有待提升。")  # the next sentence starts a new line of its own


def test_a_section_of_pdf_lines_answers_its_problems_and_plans_together():
    items = passages(AUDIT)
    question = understood("2020年那个审计局的年报说存在哪些不足，2021年打算怎么做？", "某区审计局")
    # the first three lines as the hybrid retrieval ranks them (reciprocal-rank scores)
    candidates = [holding(items, "短板和不足", 0.032), holding(items, "我局将根据", 0.0313),
                  holding(items, "大力指导支持", 0.0308)]
    # words every report says weigh little (as the corpus idf weighs them)
    idf = {t: 0.1 for t in ("2020", "2021", "那个", "年报", "说")}
    chosen = choose_run(candidates, {items[0].report_id: items}, list(question.terms), idf,
                        core=question.core)
    assert chosen is not None
    text = flat(chosen[1])
    assert "开展政府开放日活动方面有待提升" in text
    assert "充分发挥审计在党和国家监督体系中的重要作用。" in text


def test_a_line_ending_its_sentence_is_not_continued():
    items = passages(AUDIT)
    ended = holding(items, "有待提升。")
    after = items[items.index(next(p for p in items if p.paragraph_id == ended.paragraph_id)) + 1]
    assert not continues(ended, after)


@pytest.mark.parametrize("question, action", [
    ("下各镇2023年政务公开信息发布是怎么审核的？", "审核"),
    ("长安街道打算怎么整改？", "整改"),
    ("海关总署2010年年报的数据统计期限是怎么写的？", ""),  # 写: no act a passage is found by
    ("银州区建议提案办理结果是怎么公开的", ""),  # 公开: every passage says it
    ("2021年打算怎么做？", ""),
])
def test_the_act_a_how_question_asks_about(question, action):
    assert asked_action(question) == action


def test_a_how_question_is_answered_by_the_paragraph_saying_the_act():
    items = passages("051_xianju_xiage_zhen_2023.txt")
    question = understood("下各镇2023年政务公开信息发布是怎么审核的？", "仙居县下各镇人民政府")
    # as the hybrid retrieval ranks them (reciprocal-rank scores): 主动发布…45条 first
    candidates = [holding(items, "主动发布政务公开信息", 0.0323), holding(items, "先审后发", 0.0315)]
    runs = {items[0].report_id: items}
    tokens = list(question.terms)
    without = choose_run(candidates, runs, tokens, {}, core=question.core)
    with_act = choose_run(candidates, runs, tokens, {}, core=question.core,
                          action=asked_action(question.focus))
    assert "先审后发" not in flat(without[1])
    assert "坚持分级审核、先审后发" in flat(with_act[1])


def test_a_figure_whose_sentence_begins_on_the_line_before_is_cited_from_there():
    # 2009年是 / 《条例》正式实施的第二年,也是…: the year is on the line before
    items = passages("012_hezhou_shi_2009.txt")
    figure_paragraph = holding(items, "正式实施的第二年")
    start = sentence_start(items, figure_paragraph, figure_paragraph.text.find("第二年"))
    assert [p.text.strip() for p in start] == ["2009年是"]
    later = figure_paragraph.text.find("2009年我市")  # a later sentence starts in its own line
    assert sentence_start(items, figure_paragraph, later) == []


def test_a_rank_or_an_ordinal_is_written_as_a_place():
    from assistant.answering.wording import value_text
    from core.models import Figure
    ordinal = Figure("open", 2, "年", "exact", "2009", "annual", "p", (0, 1), "第二年", kind="ordinal")
    assert value_text(ordinal) == "第2年"
    assert value_text(Figure("open", 4, "名", "exact", "2012", "annual", "p", (0, 1), "位列第4",
                             kind="rank")) == "第4名"


def test_the_pages_catalogue_record_is_no_answer_and_title_lines_join_nothing():
    from assistant.answering.excerpts import substantive
    items = passages("036_zhangdian_gongyuan_jiedao_2018_fanti.txt")  # Traditional, a page table
    record = holding(items, "索引號")
    assert not substantive(record)  # | 標題: | … | 索引號: | … | 發文日期: | …
    opening = holding(items, "編制的2019年度")
    assert substantive(opening)
    # the title and office lines before it (no stop, before the first heading) are no
    # broken sentence of it
    assert whole_sentences(items, [opening]) == [opening]
