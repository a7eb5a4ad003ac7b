"""The report's title and the office its title names.

The title block is the short lines above the body (see paragraphs.py): the title runs
from its first line through the first line saying 报告 (or 年报). Pages put other short
lines before it — a site header (`張店區人民政府`), a page word (`正文`), a label
(`名 称:`, `Page 9 -`), a breadcrumb — so the title starts at the first line that
holds a year or 政府信息公开 where an earlier line does not.

The office is the title's words before the year or 政府信息公开 (`孝感市人民政府办公室
2020年…`), or, in a year-first title, between the year and 政府信息公开 (`2019年上海市
人民政府办公厅政府信息公开…`). A title that publishes another (`…关于公布贺州市2009年度…
报告的通知`) names its office after 关于公布.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from core.models import Paragraph
from core.normalise import normalise

from .names import clean_office

_REPORT_WORD = re.compile(r"报告|年报")
_TITLE_SIGNAL = re.compile(r"(?:19|20)\d{2}|政府信息公开|信息公开|政务公开")
_LABEL = re.compile(r"^(?:[^:：]{1,6}[:：]|Page\s*\d+\s*[-–—])\s*")
_CUT = re.compile(r"(?:19|20)\d{2}\s*年?度?|政府信息公开|政务公开|信息公开|海关信息公开|年度报告|年报|工作报告")
_YEAR_FIRST = re.compile(r"^(?:19|20)\d{2}\s*年度?")
_PUBLISHES = re.compile(r"关于(?:公布|印发|发布|公开)")
_SENTENCE = re.compile(r"[，,。；;《]|根据|依据")
_PIECES = re.compile(r"[_｜|]+|\s[-–—]\s")


def title_block(paragraphs: Sequence[Paragraph]) -> tuple[list[Paragraph], list[Paragraph]]:
    """(the title lines, the whole header block). Of several lines saying 报告 (a page
    header `2020年信息公开年报` above the article's own title), the first whose title
    names an office is the title."""
    header: list[Paragraph] = []
    for p in paragraphs:
        if p.section or not p.is_heading:
            break
        header.append(p)
    blocks = [_block_ending_at(header, i) for i, p in enumerate(header)
              if _REPORT_WORD.search(p.normalised)]
    for block in blocks:
        if office_in_title("".join(p.text.strip() for p in block)):
            return block, header
    if blocks:
        return blocks[0], header
    first = paragraphs[0].normalised if paragraphs else ""
    if _REPORT_WORD.search(first) and len(first) <= 80 and not _SENTENCE.search(first):
        return [paragraphs[0]], header
    return [], header


def _block_ending_at(header: list[Paragraph], i: int) -> list[Paragraph]:
    """The title lines ending at line i: the lines above that carry on the title (a year,
    政府信息公开) or name its office (`孝感市人民政府办公室` / `2020年…报告`)."""
    start = i
    while start > 0 and not _REPORT_WORD.search(header[start - 1].normalised) and (
            _TITLE_SIGNAL.search(header[start - 1].normalised)
            or clean_office(header[start - 1].text)):
        start -= 1
        if clean_office(header[start].text):
            break  # the office line starts the title
    return header[start: i + 1]


def office_in_title(title: str) -> str:
    """The office the title names, as written (original characters), or ''."""
    n = normalise(title)
    text = n.text
    label = _LABEL.match(text)
    start = label.end() if label else 0
    if m := _PUBLISHES.search(text, start):
        start = m.end()
    for piece_start, piece_end in _pieces(text, start):
        name = _office_in_piece(n, piece_start, piece_end)
        if name:
            return name
    return ""


def _pieces(text: str, start: int) -> list[tuple[int, int]]:
    """The whole title, then its parts between separators (`2020年报_审计局`)."""
    spans = [(start, len(text))]
    pos = start
    for m in _PIECES.finditer(text, start):
        spans.append((pos, m.start()))
        pos = m.end()
    if pos != start:
        spans.append((pos, len(text)))
    return spans


def _office_in_piece(n, start: int, end: int) -> str:
    text = n.text
    piece = text[start:end]
    lead = len(piece) - len(piece.lstrip())
    if m := _YEAR_FIRST.match(piece, lead):
        lead = m.end()
        if cut := _CUT.search(piece, lead):
            return clean_office(n.original_text(start + lead, start + cut.start()))
        return clean_office(n.original_text(start + lead, end))
    cut = _CUT.search(piece, lead)
    stop = start + cut.start() if cut else end
    return clean_office(n.original_text(start + lead, stop))
