"""Answers, sources and briefings as HTML for the web app.

Every string that comes from a report or a user goes through `html.escape` here and
nowhere else builds markup from such text. Two targets:

- chat messages, which Gradio's Chatbot renders as Markdown: on top of HTML escaping, the
  characters Markdown would interpret (`*`, `_`, `[`, ...) become numeric entities, so a
  report's `**` or `[x](javascript:...)` is shown as written;
- raw HTML panels (gr.HTML, inserted with innerHTML, not sanitised): HTML escaping.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from core.models import Answer, Citation, Figure
from assistant.ui.cell_span import cell_span
from assistant.answering.citations import MARKER

# One translation pass (a second pass would re-escape the entities of the first): HTML's
# special characters, then Markdown's inline syntax and LaTeX delimiters as numeric entities.
_MARKDOWN_TABLE = str.maketrans(
    {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;"}
    | {c: f"&#{ord(c)};" for c in "\\`*_[]~$|{}!#"})


def escape(text: str) -> str:
    """Plain text → HTML text (for raw HTML panels)."""
    return html.escape(text, quote=True)


def escape_md(text: str) -> str:
    """Plain text → text a Markdown renderer shows verbatim, newlines as <br>."""
    escaped = text.translate(_MARKDOWN_TABLE)
    return "<br>".join(escaped.splitlines())


def year_text(year: int | None) -> str:
    return f"{year}年" if year else "年份不详"


def _marker(n: int) -> str:
    return f'<sup class="cite" title="来源 {n}">&#91;{n}&#93;</sup>'


def text_with_markers(text: str, cited: Sequence[int] | None = None) -> str:
    """Escape answer text for the chat and turn its `[n]` into citation markers.

    Only numbers in `cited` become markers (None: any number, used while streaming,
    before the citations are known)."""
    allowed = None if cited is None else set(cited)
    parts: list[str] = []
    last = 0
    for match in MARKER.finditer(text):
        n = int(match.group(1))
        if allowed is not None and n not in allowed:
            continue
        parts.append(escape_md(text[last:match.start()]))
        parts.append(_marker(n))
        last = match.end()
    parts.append(escape_md(text[last:]))
    return "".join(parts)


def _wrap(body: str, css_class: str) -> str:
    # An inline wrapper first on the line keeps Markdown from reading the message start
    # as a list item or heading.
    return f'<span class="{css_class}">{body}</span>'


def user_message(text: str) -> str:
    return _wrap(escape_md(text), "govqa-question")


def pending_message(text: str = "") -> str:
    return _wrap(text_with_markers(text) if text else "正在检索……", "govqa-answer pending")


def error_message(text: str) -> str:
    return _wrap(escape_md(text), "govqa-error")


def answer_message(answer: Answer) -> str:
    """An answer for the chat: text with markers, comparison rows, notes."""
    cited = [c.n for c in answer.citations]
    body = text_with_markers(answer.text, cited)
    if answer.table:
        rows = []
        for row in answer.table:
            value = row.display or ("未报告" if row.value is None else f"{row.value:g}")
            marker = _marker(row.citation) if row.citation else ""
            rows.append(f"· {escape_md(row.office)} {escape_md(year_text(row.year))}："
                        f"{escape_md(value)}{marker}")
        body += "<br>" + "<br>".join(rows)
    if answer.notes:
        body += "<br>" + "<br>".join(
            f'<small class="govqa-note">注：{escape_md(note)}</small>' for note in answer.notes)
    if answer.status == "not_found":
        return _wrap(body, "govqa-answer not-found")
    return _wrap(body, "govqa-answer")


# ---- raw HTML panels --------------------------------------------------------------------


def highlight(paragraph: str, quote: str, cells: Sequence[tuple[int, int]] = ()) -> str:
    """The paragraph, escaped, with the quoted span inside <mark>. A quote not found in
    the paragraph (which the answerer's citation check should prevent) is shown apart.
    `cells`: spans inside the quote (a table row) of the cells cited, marked again."""
    start = paragraph.find(quote) if quote else -1
    if start < 0:
        body = escape(paragraph)
        if quote:
            body += f'<br><span class="src-quote-apart">引文：<mark>{escape(quote)}</mark></span>'
        return body
    end = start + len(quote)
    return (escape(paragraph[:start]) + "<mark>" + _cells_marked(quote, cells) + "</mark>"
            + escape(paragraph[end:]))


def _cells_marked(quote: str, cells: Sequence[tuple[int, int]]) -> str:
    parts, last = [], 0
    for lo, hi in sorted(set(cells)):
        if lo < last or hi > len(quote):
            continue
        parts += [escape(quote[last:lo]), '<mark class="src-cell">', escape(quote[lo:hi]),
                  "</mark>"]
        last = hi
    return "".join(parts) + escape(quote[last:])


def cited_cells(citation: Citation, figures: Sequence[Figure]) -> list[tuple[int, int]]:
    """The spans, in the citation's quote, of the table cells it is cited for."""
    spans = (cell_span(citation.quote, f) for f in figures
             if f.row and f.paragraph_id == citation.paragraph and f.quote == citation.quote)
    return [span for span in spans if span]


def citation_card(citation: Citation, turn: int, prefix: str = "src",
                  figures: Sequence[Figure] = ()) -> str:
    title = f"《{escape(citation.title)}》" if citation.title else ""
    section = escape(citation.section) if citation.section else "（正文开头）"
    paragraph = citation.paragraph_text or citation.quote
    cells = cited_cells(citation, figures)
    return (
        f'<div class="src-card" id="{prefix}-{turn}-{citation.n}">'
        f'<div class="src-meta"><span class="src-n">[{citation.n}]</span> '
        f'<b class="src-office">{escape(citation.office)}</b> · '
        f'<span class="src-year">{year_text(citation.year)}</span> {title}</div>'
        f'<div class="src-section">章节：{section}</div>'
        f'<div class="src-file">报告文件：{escape(citation.report)}</div>'
        f'<div class="src-para">{highlight(paragraph, citation.quote, cells)}</div>'
        "</div>"
    )


def sources_panel(answer: Answer | None, turn: int, heading: str | None = None,
                  prefix: str = "src") -> str:
    """The sources of one answer. Each card's id is `{prefix}-{turn}-{n}` (`turn`: the
    answer's index in the chat session), what a click on marker [n] scrolls to.
    `heading` is plain text; by default it names the question."""
    if answer is None:
        return '<div class="govqa-sources empty">提问后，这里显示回答引用的原文段落。</div>'
    if heading is None:
        heading = f"第 {turn + 1} 问的来源：{answer.question}"
    head = f'<div class="src-head">{escape(heading)}</div>'
    if not answer.citations:
        note = "没有找到可引用的原文。" if answer.status == "not_found" else "这个回答没有引文。"
        return f'<div class="govqa-sources" data-turn="{turn}">{head}<p>{note}</p></div>'
    status = ('<p class="src-status">未找到确切答案，以下是最接近的段落：</p>'
              if answer.status == "not_found" else "")
    cards = "".join(citation_card(c, turn, prefix, answer.figures) for c in answer.citations)
    return f'<div class="govqa-sources" data-turn="{turn}">{head}{status}{cards}</div>'


def answer_panel(answer: Answer, prefix: str = "cmp-src") -> str:
    """An answer with its sources in one raw HTML block (the compare tab)."""
    cited = {c.n for c in answer.citations}
    parts = []
    last = 0
    for match in MARKER.finditer(answer.text):
        n = int(match.group(1))
        if n not in cited:
            continue
        parts.append(escape(answer.text[last:match.start()]))
        parts.append(f'<sup class="cite">[{n}]</sup>')
        last = match.end()
    parts.append(escape(answer.text[last:]))
    notes = "".join(f'<p class="govqa-note">注：{escape(n)}</p>' for n in answer.notes)
    text = "".join(parts).replace("\n", "<br>")
    return (f'<div class="govqa-answer-panel"><p class="answer-text">{text}</p>{notes}</div>'
            + sources_panel(answer, 0, heading="来源", prefix=prefix))


def message_list(title: str, lines: Sequence[str], css_class: str = "") -> str:
    """A titled list of plain-text lines (upload results, errors)."""
    items = "".join(f"<li>{escape(line)}</li>" for line in lines)
    return (f'<div class="govqa-list {css_class}"><b>{escape(title)}</b>'
            f"{'<ul>' + items + '</ul>' if items else ''}</div>")
