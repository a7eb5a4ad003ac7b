"""Rendering answers and sources as HTML: all report and user text is escaped, markers
become numbered citations, the quoted span is highlighted inside its paragraph."""

from __future__ import annotations

import html
import re

from hypothesis import given
from hypothesis import strategies as st

from core.models import Answer, Citation, TableRow
from assistant.ui import render

PARAGRAPH = "2017年，我街主动公开政府信息14条，其中政策法规类信息2条。"
QUOTE = "我街主动公开政府信息14条"


def citation(n=1, paragraph_text=PARAGRAPH, quote=QUOTE, **kw) -> Citation:
    values = dict(report="beigou.txt", office="四平市铁西区北沟街道办事处", year=2017,
                  section="二、主动公开政府信息情况", paragraph="r1-0003", title="北沟街道报告")
    values.update(kw)
    return Citation(n=n, quote=quote, paragraph_text=paragraph_text, **values)


def answer(**kw) -> Answer:
    values = dict(question="北沟街道2017年主动公开了多少条？", status="answered",
                  text="北沟街道2017年主动公开政府信息14条[1]。", citations=(citation(),))
    values.update(kw)
    return Answer(**values)


# The characters a Markdown renderer acts on, and HTML's: none may survive escape_md.
ACTIVE = set("<>&\"'`*_[]~$|{}!#\\")


@given(st.text())
def test_escape_md_round_trips_and_leaves_nothing_active(text):
    escaped = render.escape_md(text)
    outside_entities = re.sub(r"&(#\d+|#x[0-9a-f]+|[a-z]+);|<br>", "", escaped)
    assert not ACTIVE & set(outside_entities)
    assert html.unescape(escaped.replace("<br>", "\n")) == "\n".join(text.splitlines())


def test_escape_md_neutralises_script_markdown_and_links():
    escaped = render.escape_md("<script>x()</script> **粗** [点](javascript:alert(1)) $x$")
    assert "<script" not in escaped and "**" not in escaped and "[" not in escaped
    assert "$" not in escaped
    assert html.unescape(escaped) == "<script>x()</script> **粗** [点](javascript:alert(1)) $x$"


def test_markers_only_for_cited_numbers():
    out = render.text_with_markers("共14条[1]，见附表[3]。", cited=[1])
    assert out.count('<sup class="cite"') == 1
    assert "&#91;1&#93;</sup>" in out
    assert html.unescape(out.split("</sup>")[1]) == "，见附表[3]。"


def test_streaming_markers_without_citations_yet():
    assert render.text_with_markers("14条[2]", cited=None).count("<sup") == 1


def test_answer_message_wraps_and_escapes():
    out = render.answer_message(answer(text="<b>14条</b>[1]"))
    assert out.startswith('<span class="govqa-answer">') and out.endswith("</span>")
    assert "<b>" not in out and "&lt;b&gt;14条&lt;/b&gt;" in out
    assert '<sup class="cite"' in out


def test_answer_message_lists_comparison_rows_and_notes():
    rows = (TableRow("新碶街道", 2013, 589.0, "exact", "annual", 1, "589条"),
            TableRow("长安街道", 2019, None, "", "", None, ""))
    out = render.answer_message(answer(table=rows, notes=("年度不同：2013 与 2019",)))
    assert "新碶街道 2013年：589条" in html.unescape(out)
    assert "长安街道 2019年：未报告" in html.unescape(out)
    assert "注：年度不同：2013 与 2019" in html.unescape(out)


def test_not_found_is_marked():
    out = render.answer_message(answer(status="not_found", text="未找到。", citations=()))
    assert 'class="govqa-answer not-found"' in out


def test_user_message_is_escaped():
    out = render.user_message("<img src=x onerror=alert(1)>\n第二行")
    assert "<img" not in out and "<br>" in out


def test_highlight_marks_the_quote_inside_its_paragraph():
    out = render.highlight(PARAGRAPH, QUOTE)
    assert out == "2017年，<mark>我街主动公开政府信息14条</mark>，其中政策法规类信息2条。"


def test_highlight_escapes_both_sides_of_the_quote():
    paragraph = "<script>window.x=1</script>共受理3件<b>申请</b>"
    out = render.highlight(paragraph, "共受理3件")
    assert out == ("&lt;script&gt;window.x=1&lt;/script&gt;<mark>共受理3件</mark>"
                   "&lt;b&gt;申请&lt;/b&gt;")


def test_highlight_of_a_quote_not_in_the_paragraph_shows_it_apart():
    out = render.highlight("别的段落", "<i>14条</i>")
    assert out.startswith("别的段落<br>") and "<mark>&lt;i&gt;14条&lt;/i&gt;</mark>" in out


def test_sources_panel_names_report_office_year_section():
    out = render.sources_panel(answer(), turn=3)
    assert 'data-turn="3"' in out and 'id="src-3-1"' in out
    for part in ("四平市铁西区北沟街道办事处", "2017年", "二、主动公开政府信息情况", "beigou.txt",
                 "《北沟街道报告》", f"<mark>{QUOTE}</mark>"):
        assert part in out


def test_sources_panel_escapes_report_text_everywhere():
    evil = "<script>window.pwned=1</script>"
    cit = citation(paragraph_text=evil + "共3件", quote="共3件", office=evil, section=evil,
                   report=evil + ".txt", title=evil)
    out = render.sources_panel(answer(question=evil, citations=(cit,)), turn=0)
    assert "<script" not in out
    assert out.count("&lt;script&gt;") == 6


def test_sources_panel_for_not_found_and_empty():
    assert "empty" in render.sources_panel(None, 0)
    out = render.sources_panel(answer(status="not_found", citations=()), 0)
    assert "没有找到可引用的原文" in out
    near = render.sources_panel(answer(status="not_found"), 0)
    assert "最接近的段落" in near and "<mark>" in near


def test_answer_panel_keeps_markers_and_escapes_text():
    out = render.answer_panel(answer(text="<u>589条</u>[1]，另见[7]"))
    assert '<sup class="cite">[1]</sup>' in out and "[7]" in out
    assert "<u>" not in out and 'id="cmp-src-0-1"' in out and "来源" in out


def test_message_list_escapes_file_names_and_reasons():
    out = render.message_list("结果", ["<b>a.txt</b>：不是文本文件"], "error")
    assert "<b>a.txt" not in out and "&lt;b&gt;a.txt&lt;/b&gt;：不是文本文件" in out
