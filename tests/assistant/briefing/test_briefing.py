"""The briefing: editing is immutable, export renumbers citations into one source list,
and both exports carry the verbatim quotes, the source list and the date."""

from __future__ import annotations

import io
import json
from datetime import date

import pytest
from docx import Document
from docx.oxml.ns import qn

from assistant.briefing.export import (
    Briefing,
    BriefingError,
    briefing_from_plain,
    briefing_to_plain,
    numbered,
    source_line,
    to_docx,
    to_markdown,
)
from core.models import Answer, Citation

PARA_A = "2017年，我街主动公开政府信息14条，其中政策法规类信息2条。"
PARA_B = "全年共受理政府信息公开申请3件，均已按时答复。"
PARA_C = "新碶街道2013年主动公开政府信息589条。"
ON = date(2024, 3, 5)


def cite(n: int, paragraph: str, text: str, quote: str, *, office: str = "四平市铁西区北沟街道办事处",
         year: int | None = 2017, report: str = "beigou.txt", title: str = "北沟街道2017年报告",
         section: str = "二、主动公开政府信息情况") -> Citation:
    assert quote in text
    return Citation(n=n, report=report, office=office, year=year, section=section,
                    paragraph=paragraph, quote=quote, paragraph_text=text, title=title)


def figure_answer() -> Answer:
    return Answer(
        question="北沟街道2017年主动公开了多少条政府信息？", status="answered",
        text="北沟街道2017年主动公开政府信息14条[1]，受理申请3件[2]。",
        citations=(cite(1, "r1-0003", PARA_A, "我街主动公开政府信息14条"),
                   cite(2, "r1-0007", PARA_B, "受理政府信息公开申请3件",
                        section="三、收到和处理政府信息公开申请情况")),
    )


def other_answer() -> Answer:
    """Cites PARA_B again (as its [2]) and a new paragraph (as its [1])."""
    return Answer(
        question="新碶街道和北沟街道谁公开得多？", status="answered",
        text="新碶街道2013年公开589条[1]；北沟街道受理申请3件[2]。",
        citations=(cite(1, "r2-0001", PARA_C, "主动公开政府信息589条", office="宁波市北仑区新碶街道办事处",
                        year=2013, report="xinqi.txt", title="新碶街道2013年报告", section=""),
                   cite(2, "r1-0007", PARA_B, "受理政府信息公开申请3件",
                        section="三、收到和处理政府信息公开申请情况")),
    )


def test_edits_return_new_briefings():
    empty = Briefing()
    one = empty.add_answer(figure_answer())
    two = one.add_passage(figure_answer().citations[1], "北沟街道")
    assert len(empty) == 0 and len(one) == 1 and len(two) == 2
    assert [i.kind for i in two.items] == ["answer", "passage"]
    moved = two.move(1, -1)
    assert [i.kind for i in moved.items] == ["passage", "answer"]
    assert [i.kind for i in two.items] == ["answer", "passage"]  # unchanged
    assert moved.move(0, -5).items == moved.items  # clamped at the top
    assert moved.move(0, 9).items == two.items  # clamped at the bottom
    assert moved.remove(0).items == one.items


@pytest.mark.parametrize("index", [-1, 2, 7])
def test_edits_of_missing_items_raise(index):
    briefing = Briefing().add_answer(figure_answer()).add_answer(other_answer())
    with pytest.raises(BriefingError):
        briefing.remove(index)
    with pytest.raises(BriefingError):
        briefing.move(index, 1)


def test_passage_item_is_the_verbatim_quote_renumbered_to_one():
    citation = figure_answer().citations[1]
    item = Briefing().add_passage(citation, "问").items[0]
    assert item.text == citation.quote
    assert [c.n for c in item.citations] == [1]


def test_numbering_shares_one_number_per_paragraph_and_rewrites_markers():
    briefing = Briefing().add_answer(figure_answer()).add_answer(other_answer())
    items, sources = numbered(briefing)
    assert [s.n for s in sources] == [1, 2, 3]
    assert [(s.report, s.office) for s in sources] == [
        ("beigou.txt", "四平市铁西区北沟街道办事处"), ("beigou.txt", "四平市铁西区北沟街道办事处"),
        ("xinqi.txt", "宁波市北仑区新碶街道办事处")]
    assert items[0].text == "北沟街道2017年主动公开政府信息14条[1]，受理申请3件[2]。"
    # the second answer's [1] is the new paragraph (3), its [2] the shared one (2)
    assert items[1].text == "新碶街道2013年公开589条[3]；北沟街道受理申请3件[2]。"
    assert items[1].quotes == ((3, "主动公开政府信息589条"), (2, "受理政府信息公开申请3件"))


def test_a_marker_the_answer_does_not_cite_is_left_as_written():
    answer = Answer(question="q", status="answered", text="见表[4]与[1]。",
                    citations=(cite(1, "r1-0003", PARA_A, "14条"),))
    items, _ = numbered(Briefing().add_answer(answer))
    assert items[0].text == "见表[4]与[1]。"


def test_source_line_names_office_year_title_section():
    _, sources = numbered(Briefing().add_answer(other_answer()))
    assert source_line(sources[0]) == "宁波市北仑区新碶街道办事处，2013年，《新碶街道2013年报告》"
    assert source_line(sources[1]) == ("四平市铁西区北沟街道办事处，2017年，《北沟街道2017年报告》，"
                                       "三、收到和处理政府信息公开申请情况")


def test_markdown_export():
    briefing = Briefing().add_answer(figure_answer()).add_passage(
        other_answer().citations[0], "新碶街道")
    text = to_markdown(briefing, ON)
    assert text.splitlines()[:3] == ["# 政府信息公开年报简报", "", "日期：2024-03-05"]
    assert "## 1. 问：北沟街道2017年主动公开了多少条政府信息？" in text
    assert "北沟街道2017年主动公开政府信息14条[1]，受理申请3件[2]。" in text
    assert "> 我街主动公开政府信息14条\n> —— 来源 [1]" in text
    assert "## 2. 摘录（新碶街道）" in text
    assert "> 主动公开政府信息589条\n> —— 来源 [3]" in text
    assert text.rstrip().endswith(
        "## 来源\n\n"
        "1. 四平市铁西区北沟街道办事处，2017年，《北沟街道2017年报告》，二、主动公开政府信息情况\n"
        "2. 四平市铁西区北沟街道办事处，2017年，《北沟街道2017年报告》，三、收到和处理政府信息公开申请情况\n"
        "3. 宁波市北仑区新碶街道办事处，2013年，《新碶街道2013年报告》")


def test_docx_export_holds_quotes_sources_and_date():
    briefing = Briefing().add_answer(figure_answer()).add_answer(other_answer())
    document = Document(io.BytesIO(to_docx(briefing, ON)))
    paragraphs = [p.text for p in document.paragraphs]
    assert paragraphs[0] == "政府信息公开年报简报"
    assert "日期：2024-03-05" in paragraphs
    assert "北沟街道2017年主动公开政府信息14条[1]，受理申请3件[2]。" in paragraphs
    quotes = [p.text for p in document.paragraphs if p.style.name == "Quote"]
    assert quotes == ["我街主动公开政府信息14条  —— 来源 [1]",
                      "受理政府信息公开申请3件  —— 来源 [2]",
                      "主动公开政府信息589条  —— 来源 [3]",
                      "受理政府信息公开申请3件  —— 来源 [2]"]
    start = paragraphs.index("来源")
    assert paragraphs[start + 1:] == [
        "[1] 四平市铁西区北沟街道办事处，2017年，《北沟街道2017年报告》，二、主动公开政府信息情况",
        "[2] 四平市铁西区北沟街道办事处，2017年，《北沟街道2017年报告》，三、收到和处理政府信息公开申请情况",
        "[3] 宁波市北仑区新碶街道办事处，2013年，《新碶街道2013年报告》"]
    fonts = document.styles["Normal"].element.rPr.rFonts
    assert fonts.get(qn("w:eastAsia")) == "宋体"


def test_export_of_text_with_markup_keeps_it_verbatim():
    quote = "<script>alert(1)</script>共**3**件"
    citation = cite(1, "r9-0001", "前文" + quote, quote)
    briefing = Briefing().add_passage(citation)
    assert f"> {quote}" in to_markdown(briefing, ON)
    document = Document(io.BytesIO(to_docx(briefing, ON)))
    assert any(p.text.startswith(quote) for p in document.paragraphs)


def test_unknown_year_and_empty_briefing():
    citation = cite(1, "r9-0001", PARA_A, "14条", year=None, title="")
    _, sources = numbered(Briefing().add_passage(citation))
    assert source_line(sources[0]) == "四平市铁西区北沟街道办事处，年份不详，beigou.txt，二、主动公开政府信息情况"
    text = to_markdown(Briefing(), ON)
    assert "日期：2024-03-05" in text and text.rstrip().endswith("## 来源")


def test_a_briefing_survives_the_round_trip_through_browser_json():
    briefing = (Briefing().add_answer(figure_answer())
                .add_passage(other_answer().citations[0], "新碶街道"))
    kept = json.loads(json.dumps(briefing_to_plain(briefing), ensure_ascii=False))
    assert briefing_from_plain(kept) == briefing


@pytest.mark.parametrize("kept", [None, "", "[]", 5, [], {}, {"items": "x"}, {"items": None}])
def test_anything_but_a_briefing_from_the_browser_gives_an_empty_one(kept):
    assert briefing_from_plain(kept) == Briefing()


def test_malformed_items_from_the_browser_are_dropped_and_the_rest_kept():
    good = briefing_to_plain(Briefing().add_answer(figure_answer()))["items"][0]
    bad_citation = dict(good, citations=[dict(good["citations"][0], year="2017")])
    kept = {"items": [
        {"kind": "script", "question": "", "text": "<script>alert(1)</script>"},
        dict(good, text=["not", "text"]),
        bad_citation,
        dict(good, citations=["x"]),
        good,
    ], "title": 7}
    restored = briefing_from_plain(kept)
    assert restored == Briefing().add_answer(figure_answer())
