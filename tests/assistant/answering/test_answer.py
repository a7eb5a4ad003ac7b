"""The deterministic answerer: citation and number checks, what is quoted, which
figures answer, and answers over the bundled corpus."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.answering.citations import (check_answer, chinese_numeral_value, citation_for,
                                 numbers_in, unsupported_numbers)
from core.errors import AnswerRejected
from assistant.answering.excerpts import best_quotes, choose_run, enumeration_run, names_holder
from assistant.question.cues import asked_role
from assistant.answering.figures import pick_figures
from core.models import (Answer, Citation, Figure, IndexedReport, Office, Passage,
                              Question, TableRow)
from assistant.question.understand import normalise_question

SEEDS = Path(__file__).resolve().parents[4] / "shared" / "eval" / "seeds_qa.jsonl"
DEV = Path(__file__).resolve().parents[3] / "eval" / "dev_qa.jsonl"


def passage(pid: str, text: str, section: str = "", score: float = 0.0,
            report: str = "r1") -> Passage:
    return Passage(paragraph_id=pid, report_id=report, source="r1.txt", office="某街道办事处",
                   office_short="某街道", year=2017, section=section, text=text, score=score)


# ---- citations and numbers -----------------------------------------------------------

def test_a_quote_must_be_verbatim():
    p = passage("p1", "2017年，我街主动公开政府信息14条。")
    assert citation_for(1, p, "主动公开政府信息14条").quote == "主动公开政府信息14条"
    with pytest.raises(AnswerRejected):
        citation_for(1, p, "主动公开政府信息15条")
    with pytest.raises(AnswerRejected):
        citation_for(1, p, "")


def test_numbers_as_values():
    assert numbers_in("占總體百分比為1. 8 %，超3000条，１４条") >= {1.8, 3000.0, 14.0}
    assert 10.0 in numbers_in("做到每月公开十条以上")
    assert chinese_numeral_value("二十三") == 23 and chinese_numeral_value("一百零五") == 105
    assert chinese_numeral_value("两万三千") == 23000 and chinese_numeral_value("abc") is None


def cite(n: int, quote: str, paragraph: str = "", year: int | None = 2017) -> Citation:
    return Citation(n=n, report="r.txt", office="某街道", year=year, section="",
                    paragraph=paragraph or f"p{n}", quote=quote, paragraph_text=quote)


def test_a_number_must_be_in_what_its_sentence_cites():
    citations = [cite(1, "主动公开政府信息14条"), cite(2, "累计公开政府信息共58条")]
    assert unsupported_numbers("2017年主动公开14条[1]。累计58条[2]。", citations) == []
    wrong_source = unsupported_numbers("主动公开14条[2]。", citations)
    assert [p.number for p in wrong_source] == [14.0]
    invented = unsupported_numbers("主动公开15条[1]。", citations)
    assert [p.number for p in invented] == [15.0]
    # Without markers a sentence may lean on any quote, unless markers are required.
    assert unsupported_numbers("共58条。", citations) == []
    assert unsupported_numbers("共58条。", citations, require_markers=True)


def test_check_answer_rejects_unknown_markers_and_bad_table_cells():
    good = Answer("q", "answered", "14条[1]。", citations=(cite(1, "主动公开政府信息14条"),))
    check_answer(good)
    with pytest.raises(AnswerRejected):
        check_answer(Answer("q", "answered", "14条[2]。", citations=good.citations))
    table = (TableRow(office="某街道", year=2017, value=15, qualifier="exact", scope="annual",
                      citation=1),)
    with pytest.raises(AnswerRejected):
        check_answer(Answer("q", "answered", "见表[1]。", citations=good.citations, table=table))


def test_a_comparison_may_state_differences_and_totals():
    citations = (cite(1, "主动公开政府信息589条"), cite(2, "全年累计主动公开政府信息55条"))
    table = (TableRow("新碶街道", 2013, 589, "exact", "annual", 1),
             TableRow("长安街道", 2019, 55, "exact", "annual", 2))
    check_answer(Answer("q", "answered", "新碶街道589条[1]，长安街道55条[2]，多534条，合计644条。",
                        citations=citations, table=table))
    with pytest.raises(AnswerRejected):
        check_answer(Answer("q", "answered", "新碶街道589条[1]，多600条。",
                            citations=citations, table=table))


# ---- what is quoted ------------------------------------------------------------------

PLAN = [
    passage("p0", "六、存在的主要问题及改进情况", "六、存在的主要问题及改进情况"),
    passage("p1", "2014年我街道将继续努力，做好以下三方面工作，进一步推进政府信息公开工作。",
            "六、存在的主要问题及改进情况"),
    passage("p2", "一、进一步强化信息公开意识。加强培训教育。", "六、存在的主要问题及改进情况"),
    passage("p3", "二、进一步拓宽信息公开途径。不断创新公开载体。", "六、存在的主要问题及改进情况"),
    passage("p4", "三、进一步把好信息公开质量关。加强梳理归类。", "六、存在的主要问题及改进情况"),
    passage("p5", "新碶街道办事处", "六、存在的主要问题及改进情况"),
]


def test_an_item_brings_its_siblings_and_lead_in():
    run = enumeration_run(PLAN, 3)
    assert [p.paragraph_id for p in run] == ["p1", "p2", "p3", "p4"]
    assert [p.paragraph_id for p in enumeration_run(PLAN, 1)] == ["p1", "p2", "p3", "p4"]
    assert [p.paragraph_id for p in enumeration_run(PLAN, 5)] == ["p5"]


def test_garbled_markers_count_as_items():
    items = [passage("a", "1、加强信息员队伍建设。"), passage("b", "。、加大信息采集和发布力度。"),
             passage("c", "5、创新工作方式。")]
    assert [p.paragraph_id for p in enumeration_run(items, 0)] == ["a", "b", "c"]


def test_inline_enumeration_is_quoted_whole():
    text = ("2017年，我街政府信息公开工作取得了一定成效，各项工作取得了新的进展，但还存在一些差距，"
            "与人民群众的要求期待相比，还需要进一步加强和改进。一是对政务公开工作的重要性认识不足，"
            "存在管理、部署、监督不到位等问题。二是信息更新不及时，主动公开的意识还不够强，"
            "主动满足群众公开需要的意愿不足、发布信息总量不够。三是公开工作不连续、"
            "公开内容质量不高等问题时有发生。另外，本年度的信息公开工作也取得了较好的社会效应，"
            "群众满意度有所提高，各项制度得到了较好的执行和落实，今后还将继续坚持。")
    quotes = best_quotes(text, ["问题"])
    assert len(quotes) == 1 and quotes[0] in text
    assert "一是" in quotes[0] and "二是" in quotes[0] and quotes[0].endswith("时有发生。")
    assert "另外" not in quotes[0]


def test_choose_run_lets_a_list_outvote_a_stray_paragraph():
    section = "三、存在问题及整改措施 > （一）存在问题"
    report = [passage("intro", "全文包括概述以及存在问题和整改措施。", "", 0.033),
              passage("h", "三、存在问题及整改措施", "三、存在问题及整改措施"),
              passage("i1", "1、工作人员和社会公众对此认知尚浅。", section, 0.032),
              passage("i2", "2、网站利用率不高，宣传范围局限。", section, 0.031),
              passage("sig", "2018年3月", section, 0.04)]
    best, run = choose_run([report[0], report[2], report[3], report[4]], {"r1": report},
                           ["存在", "问题"], {})
    assert [p.paragraph_id for p in run] == ["i1", "i2"]


@pytest.mark.parametrize(("question", "role"), [
    ("果园街道的信息公开领导小组组长是谁？", "组长"), ("谁是领导小组组长？", "组长"),
    ("信息公开工作的负责人是谁", "负责人"), ("北沟街道主动公开了多少条？", ""),
    ("信息公开工作由谁负责？", "")])
def test_the_role_a_who_question_asks_about(question, role):
    assert asked_role(question) == role


@pytest.mark.parametrize(("text", "named"), [
    ("成立了以办事处主任为组长，副主任为副组长的领导小组", True),
    ("领导小组组长由街道党工委书记担任。", True),
    ("由分管副主任任组长，各科室负责人为成员。", True),
    ("由政务公开领导小组组长同意后再予以公开。", False),
    ("领导小组组长高度重视信息公开工作。", False)])
def test_a_text_naming_who_holds_the_role(text, named):
    assert names_holder(text, "组长") is named


def test_choose_run_prefers_the_passage_naming_who_holds_the_role():
    report = [passage("named", "成立了以办事处主任为组长，副主任为副组长的信息公开工作领导小组。",
                      "一、组织领导", 0.030),
              passage("mentions", "公开的内容经分管领导审核，提交信息公开领导小组研究，"
                      "由领导小组组长同意后再予以公开，领导小组定期检查。", "二、制度建设", 0.034)]
    tokens = ["信息公开", "领导小组", "组长"]
    best, _ = choose_run(report[::-1], {"r1": report}, tokens, {})
    assert best.paragraph_id == "mentions"  # without the role, the better retrieval wins
    best, _ = choose_run(report[::-1], {"r1": report}, tokens, {}, role="组长")
    assert best.paragraph_id == "named"


# ---- which figures answer ------------------------------------------------------------

OFFICE = Office("新碶街道办事处", "新碶街道", ("宁波市", "北仑区", "新碶街道"))
REPORT = IndexedReport("r1", "r1.txt", "t", OFFICE, 2013, None, "pre2019", "h", 10, 5)


def fig(metric: str, value: float, label: str = "", scope: str = "annual", unit: str = "条",
        qualifier: str = "exact", period: str = "2013", pid: str = "r1-0001") -> Figure:
    return Figure(metric=metric, value=value, unit=unit, qualifier=qualifier, period=period,
                  scope=scope, paragraph_id=pid, span=(0, 4), quote=f"{label}{value:g}{unit}",
                  label=label, report_id="r1", office=OFFICE.name, year=2013)


def question(text: str, **kw) -> Question:
    from assistant.question.understand import find_label, find_metrics, find_scope, find_years

    norm = normalise_question(text)
    fields = dict(text=text, normalised=norm, kind="figure", offices=(OFFICE,),
                  years=find_years(norm), metrics=find_metrics(norm), scope=find_scope(norm),
                  label=find_label(norm))
    fields.update(kw)
    return Question(**fields)


FIGURES = [fig("active.total", 589), fig("active.category", 96, "政策法规类信息"),
           fig("active.category", 493, "业务类信息"),
           fig("channel.reading_points", 24, "村", unit="个"),
           fig("channel.reading_points", 15, "社区", unit="个"),
           fig("active.category_share", 16.3, "政策法规类信息", unit="%"),
           fig("active.total", 2000, scope="cumulative", period="2010-2013")]


def values(pick) -> list[float]:
    return [f.value for f in pick.figures]


def test_categories_named_in_full_are_all_answered():
    pick = pick_figures(question("新碶街道在多少个村和社区设了查阅点？"), OFFICE, FIGURES, [REPORT])
    assert sorted(values(pick)) == [15, 24]


def test_the_category_asked_not_another():
    assert values(pick_figures(question("政策法规类信息有几条"), OFFICE, FIGURES, [REPORT])) == [96]
    assert values(pick_figures(question("政策法规类信息占比多少"), OFFICE, FIGURES, [REPORT])) == [16.3]
    none = pick_figures(question("财政预算类信息有几条"), OFFICE, FIGURES, [REPORT])
    assert none.figures == () and none.missing


def test_annual_by_default_cumulative_when_asked():
    assert values(pick_figures(question("主动公开了多少条"), OFFICE, FIGURES, [REPORT])) == [589]
    assert values(pick_figures(question("累计公开了多少条"), OFFICE, FIGURES, [REPORT])) == [2000]
    only_cumulative = [f for f in FIGURES if f.scope == "cumulative"]
    # an annual figure asked (全年) is not answered by a running total: said, not given
    # (realdev d119: 南薰乡 states only 累计100条, and 当年新增 is "not in the report")
    pick = pick_figures(question("全年主动公开了多少条"), OFFICE, only_cumulative, [REPORT])
    assert values(pick) == [] and any("累计" in n for n in pick.notes)


def test_a_year_without_report_is_said_not_answered():
    pick = pick_figures(question("2020年主动公开了多少条"), OFFICE, FIGURES, [REPORT])
    assert pick.figures == () and "没有2020年的报告" in pick.notes[0]


def test_the_same_figure_stated_twice_is_one_statement():
    twice = [fig("active.total", 14, pid="r1-0005"), fig("active.total", 14, pid="r1-0008")]
    pick = pick_figures(question("主动公开了多少条"), OFFICE, twice, [REPORT])
    assert len(pick.statements) == 1 and len(pick.statements[0]) == 2


# ---- over the bundled corpus ---------------------------------------------------------


@pytest.fixture(scope="module")
def parts(tmp_path_factory, embedder):
    from tests.qa_helpers import bundled_parts

    return bundled_parts(tmp_path_factory, embedder)


def answer(parts, text: str) -> Answer:
    return parts.chain.invoke(text)


@pytest.mark.slow
def test_zero_stated_in_words_answers_both_metrics(parts):
    a = answer(parts, "北沟街道2017年因政府信息公开被申请行政复议或提起诉讼几次？")
    assert a.status == "answered"
    assert {f.metric for f in a.figures} == {"review.total", "litigation.total"}
    assert {f.value for f in a.figures} == {0} and all(f.qualifier == "zero_in_words" for f in a.figures)
    assert "未发生" in a.citations[0].quote


@pytest.mark.slow
@pytest.mark.parametrize("text, expected", [
    ("新碶街道在多少个村和社区设了查阅点？", {24, 15}),
    ("银州区的行政诉讼案件有多少件，胜诉几件？", {10, 7}),
    ("长安街道工作信息占主动公开总量的百分比是多少？", {27.3}),
])
def test_figures_are_stored_values_cited_by_their_quote(parts, text, expected):
    a = answer(parts, text)
    assert {f.value for f in a.figures} == expected
    for f in a.figures:
        cited = [c for c in a.citations if c.paragraph == f.paragraph_id]
        assert cited and any(f.quote in c.quote for c in cited)
        assert any(c.quote in c.paragraph_text for c in cited)


@pytest.mark.slow
def test_cumulative_is_said(parts):
    a = answer(parts, "果园街道截至2017年11月底累计公开了多少条信息？")
    assert [f.value for f in a.figures] == [110] and "累计" in a.text


@pytest.mark.slow
def test_passage_keeps_the_enumeration_whole(parts):
    a = answer(parts, "新碶街道2014年打算怎么改进信息公开？")
    texts = "".join(c.paragraph_text for c in a.citations)
    for phrase in ("强化信息公开意识", "拓宽信息公开途径", "把好信息公开质量关", "强化信息检查督办",
                   "妥善处理申请公开"):
        assert phrase in texts


@pytest.mark.slow
@pytest.mark.parametrize("text", ["果园街道2017年收到了多少件依申请公开？",
                                  "北沟街道2017年的财政预算是多少？",
                                  "上海市黄浦区2020年主动公开了多少条信息？"])
def test_not_found_never_states_a_figure(parts, text):
    a = answer(parts, text)
    assert a.status == "not_found" and a.figures == ()


@pytest.mark.slow
def test_not_found_offers_the_nearest_passages(parts):
    a = answer(parts, "果园街道2017年收到了多少件依申请公开？")
    assert a.citations and all(c.office == "果园街道办事处" for c in a.citations)


@pytest.mark.slow
def test_acceptance_on_the_seed_questions(parts):
    from assistant.evaluate import evaluate, load_items

    report = evaluate(load_items(SEEDS), parts.chain.invoke)
    kinds = report.by_kind()
    right, total = kinds["figure"]
    assert right / total >= 0.95
    assert kinds["absent"][0] == kinds["absent"][1]
    assert kinds["passage"][0] / kinds["passage"][1] >= 0.90


@pytest.mark.slow
def test_development_set(parts):
    from assistant.evaluate import evaluate, load_items

    items = load_items(DEV)
    assert len(items) >= 40
    report = evaluate(items, parts.chain.invoke)
    right = sum(v.right for v in report.verdicts)
    assert right / len(items) >= 0.9, [v for v in report.verdicts if not v.right]


@pytest.mark.slow
def test_citations_name_the_report_title(parts):
    from assistant.chain import stream_answer

    titles = {r.source: r.title for r in parts.store.reports()}
    for result in (parts.chain.invoke("北沟街道2017年主动公开了多少条政府信息？"),
                   list(stream_answer(parts, "比较新碶街道和长安街道主动公开的数量"))[-1]):
        assert result.citations
        for citation in result.citations:
            assert citation.title and citation.title == titles[citation.report], citation
