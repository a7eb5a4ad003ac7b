"""Blocks -> Paragraphs, with the section path each one sits in.

One paragraph per non-empty block. Headings are recognised on the normalised text:

- level 1: `一、概述`
- level 2: `（一）健全组织机构` / `(一)财政资金信息公开`
- level 3: `1、…`, `1.…`, `（1）…`, `□、…` (a marker whose digit was lost), `一是…`

A marker alone does not make a heading: report bodies reuse the same markers for list
items (`一是强化政府信息公开组织机构。按照…`, `1、政府信息公开是一项全新工作，…。`). A
heading is a short title: levels 1-2 at most `_TITLE_CHARS` characters with no sentence
end except one final `。`; level 3 shorter still and with no sentence end at all. A
level-1 number that does not go up (001 restarts `一、` inside its section 六 for a plan
list) is a list item, not a new section.

The lines before the first heading or body sentence are the report's title block:
headings with section "".

Real layouts run headings into other text, and the splitter takes them apart (never
rewriting a character: each paragraph's text is a piece of the block's):

- a crawled page holding the whole report on one line, its line breaks turned into
  spaces (`…年度报告 一、总体情况 （一）主动公开 2019年，本机关…`), or a heading after a
  sentence (`…工作。（二）全面公开，进一步规范…`): a block is cut before a level-1/2
  marker at a sentence start (after 。；！？ or a space run) whose title is short and
  whose number goes up (level 2 counted from each level-1 heading), and a title ended
  by a space run (not letter spacing `概 述`, not inside brackets) is a paragraph of
  its own;
- a run-in heading (`（一）突出重点，有序扩大公开范围。我署以…`): the paragraph keeps its
  title and opens that section (it is in it, and so is what follows), without being a
  heading itself.

Tables and table rows (`|`) are never cut. A table saved one cell (or one row) a line
(`规章 |` / `0 |` / `6 |`, with or without bars) becomes one table paragraph: the run of
lines the table reader (index/figures/flat.py) reads as an official table, joined with
their line breaks, so a table figure can quote its whole row and a cell line alone
(`0 |`) is no paragraph. The run is cut at a level-1 heading between two tables
(`三、收到和处理政府信息公开申请情况`); its row labels (`（一）予以公开`) are cells, not
headings.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from core.models import Block, Paragraph, Table
from core.normalise import LOST_CHAR, normalise
from index.figures.cell_tokens import is_table_text
from index.figures.flat import table_lines

_NUM = "一二三四五六七八九十"
_LEVEL1 = re.compile(rf"^([{_NUM}]+)、")
_LEVEL2 = re.compile(rf"^[（(][{_NUM}]+[）)]")
_LEVEL3 = re.compile(rf"^(?:\d{{1,2}}(?:、|\.(?!\d))|[（(]\d+[）)]|{LOST_CHAR}、|[{_NUM}]+是)")
_SENTENCE_END = "。；！？;!?"
_TITLE_CHARS = 40  # level 1-2 titles observed run to ~25; body items run far longer
_ITEM_TITLE_CHARS = 30
# `一 、概 述` is one; an enumeration `一、二、三` or a reference `（一）项` is not
_RUN_IN_MARKER = re.compile(rf"[{_NUM}]+ ?、(?![{_NUM}]+、)|[（(][{_NUM}]+[）)](?![项款目条])")
_SPACE = " \t\u3000\u00a0"
_TITLE_END = "。；！？;!?：:"
_CRAWLED_LINE_CHARS = 2 * _TITLE_CHARS
_VALUES = re.compile(r"\s+\d+(?:\.\d+)?(?:\s+\d+(?:\.\d+)?)+(?:\s|$)")  # a run-in title stops at the first of these, or at a space run


@dataclass(frozen=True)
class Heading:
    level: int
    number: int | None  # the marker's numeral value (levels 1-2), to check numbering follows on
    text: str  # normalised, without a trailing 。


def chinese_numeral(text: str) -> int | None:
    """一..九十九 -> int; None for anything else."""
    if not text or any(ch not in _NUM for ch in text):
        return None
    if "十" not in text:
        return _NUM.index(text) + 1 if len(text) == 1 else None
    tens, _, ones = text.partition("十")
    value = (_NUM.index(tens) + 1 if tens else 1) * 10
    return value + (_NUM.index(ones) + 1 if ones else 0)


def _is_title(text: str, limit: int, final_stop_allowed: bool) -> bool:
    body = text[:-1] if final_stop_allowed and text.endswith("。") else text
    return len(body) <= limit and not any(ch in _SENTENCE_END for ch in body)


def match_heading(normalised: str) -> Heading | None:
    """The heading a line is, judged on its own (numbering order is checked by the
    caller), or None."""
    text = normalised.strip()
    if m := _LEVEL1.match(text):
        if _is_title(text, _TITLE_CHARS, final_stop_allowed=True):
            return Heading(1, chinese_numeral(m.group(1)), text.rstrip("。"))
        return None
    if m := _LEVEL2.match(text):
        if _is_title(text, _TITLE_CHARS, final_stop_allowed=True):
            return Heading(2, chinese_numeral(m.group()[1:-1]), text.rstrip("。"))
        return None
    if _LEVEL3.match(text) and _is_title(text, _ITEM_TITLE_CHARS, final_stop_allowed=False):
        return Heading(3, None, text)
    return None


def _is_title_block_line(text: str) -> bool:
    """A line of the header above the body: short, no sentence in it."""
    return 0 < len(text) <= _TITLE_CHARS and not any(ch in _SENTENCE_END + "，," for ch in text)


@dataclass
class _Numbering:
    """The last level-1 and level-2 numbers seen, to tell a heading from a list item
    or a cross reference that reuses its marker."""

    level1: int | None = None
    level2: int | None = None

    def accepts(self, heading: Heading, run_in: bool) -> bool:
        if heading.level == 1 and heading.number is not None:
            return self.level1 is None or heading.number > self.level1  # a restart is a list
        if heading.level == 2 and run_in and heading.number is not None:
            return self.level2 is None or heading.number > self.level2
        return True

    def take(self, heading: Heading) -> None:
        if heading.level == 1:
            self.level1, self.level2 = heading.number or self.level1, None
        elif heading.level == 2:
            self.level2 = heading.number


@dataclass(frozen=True)
class _Piece:
    text: str  # a verbatim piece of the block's text
    normalised: str  # normalise(text).text, computed once: the splitter reads it often
    heading: Heading | None
    opens: bool  # a run-in heading: the piece opens the section without being a heading
    table_block: bool = False  # the lines of a table saved one cell a line, joined


def _run_in_title(text: str, start: int) -> tuple[Heading | None, int, bool]:
    """The level-1/2 heading whose marker starts at `start`, the end of its title, and
    whether a space run ended it."""
    marker = _RUN_IN_MARKER.match(text, start)
    if not marker:
        return None, start, False
    end = marker.end()
    while end < len(text) and text[end] in _SPACE:
        end += 1
    if end == len(text) or text[end] in _TITLE_END:
        return None, start, False  # a bare marker names nothing
    while end < len(text) and text[end] not in _TITLE_END and (
            text[end] not in _SPACE or _inside_title(text[marker.end():end])):
        end += 1
    spaced = end < len(text) and text[end] in _SPACE
    if end < len(text) and text[end] in _TITLE_END:
        end += 1
    title = normalise(text[start:end]).text.strip()
    heading = match_heading(title)
    return (heading if heading and heading.level <= 2 else None), end, spaced


def _inside_title(title: str) -> bool:
    """Whether a space after `title` is still inside it: letter spacing (`概 述`) or
    an open bracket (`…办法（试 行）`), not a line break."""
    if len(title.replace(" ", "").replace("\u3000", "")) < 2:
        return True
    return any(title.count(left) > title.count(right) for left, right in ("（）", "()", "《》"))


def _cuts(text: str, numbering: _Numbering) -> list[int]:
    """Where the block's text is cut: before each run-in heading at a sentence start."""
    cuts = [0]
    heading, _, _ = _run_in_title(text, 0)
    if heading and numbering.accepts(heading, run_in=False):
        numbering.take(heading)
    for marker in _RUN_IN_MARKER.finditer(text):
        start = marker.start()
        before = start  # the end of the text before the marker, without its space run
        while before and text[before - 1] in _SPACE:  # (not text[:start]: a long line
            before -= 1  # holds many markers)
        if not before or not (text[before - 1] in _SENTENCE_END or before < start):
            continue
        heading, _, _ = _run_in_title(text, start)
        if heading and numbering.accepts(heading, run_in=True):
            numbering.take(heading)
            cuts.append(start)
    return cuts + [len(text)]


def _piece(text: str, heading: Heading | None, opens: bool) -> _Piece:
    return _Piece(text, normalise(text).text, heading, opens)


def _pieces(block: Block, normalised: str, numbering: _Numbering) -> list[_Piece]:
    """The block cut at its run-in headings, each piece with the heading it is or opens.
    `normalised` is the block's normalised text."""
    if block.table is not None or "|" in block.text:
        heading = None if block.table else match_heading(normalised)
        return [_Piece(block.text, normalised, heading, False)]
    text = block.text
    cuts = _cuts(text, _Numbering(numbering.level1, numbering.level2))
    # In a line longer than any title, a space run is where the page had a line break;
    # in a short line it may be a space inside a title (`（三）…办法（试 行）`).
    crawled = len(text) > _CRAWLED_LINE_CHARS
    pieces: list[_Piece] = []
    for start, end in zip(cuts, cuts[1:]):
        piece = text[start:end].strip(_SPACE)
        piece_normalised = normalised if piece == text else normalise(piece).text
        whole = match_heading(piece_normalised)
        heading, title_end, spaced = _run_in_title(piece, 0)
        values_follow = _VALUES.match(piece, title_end)  # `四、结转下年度继续办理 0 0 0`: a table row
        if heading and spaced and (crawled or not whole) and not values_follow:
            # the title was a line of its own
            pieces.append(_piece(piece[:title_end], heading, False))
            pieces.append(_piece(piece[title_end:].strip(_SPACE), None, False))
        elif whole:
            pieces.append(_Piece(piece, piece_normalised, whole, False))
        else:
            pieces.append(_Piece(piece, piece_normalised, heading, heading is not None))
    return [p for p in pieces if p.text]


def _table_blocks(pieces: Sequence[_Piece], numbering: _Numbering) -> list[_Piece]:
    """A run of table-text pieces with the lines the table reader reads joined into
    table blocks: from a line it reads to the last one it reads, not across a section
    heading (level 1, numbered on, and no row label of the table)."""
    provisional = [Paragraph(id="", report_id="", ordinal=i, section="", text=p.text,
                             normalised=p.normalised)
                   for i, p in enumerate(pieces)]
    lines = table_lines(provisional)
    read = lines.read
    numbering = _Numbering(numbering.level1, numbering.level2)
    out: list[_Piece] = []
    block: list[_Piece] = []  # the table block being built: it starts and ends on a read line
    between: list[_Piece] = []  # unread lines after it: inside it if a read line follows

    def close() -> None:
        if len(block) > 1:
            text = "\n".join(p.text for p in block)
            out.append(_Piece(text, normalise(text).text, None, False, True))
        else:
            out.extend(block)
        out.extend(between)
        block.clear()
        between.clear()

    for i, piece in enumerate(pieces):
        heading = piece.heading
        if heading and heading.level == 1 and i not in lines.row_labels \
                and numbering.accepts(heading, run_in=False):
            # a section heading, even where the reader took it for header words
            numbering.take(heading)
            close()
            out.append(piece)
        elif i in read:
            block.extend(between)  # a line the reader skips (a group label) inside the table
            between.clear()
            block.append(piece)
        elif block:
            between.append(piece)
        else:
            out.append(piece)
    close()
    return out


def _is_cell(piece: _Piece, table: Table | None) -> bool:
    """A piece that may be a line of a table saved as text."""
    return table is None and is_table_text(
        Paragraph(id="", report_id="", ordinal=0, section="", text=piece.text,
                  normalised=piece.normalised))


def split_paragraphs(report_id: str, blocks: Sequence[Block]) -> list[Paragraph]:
    paragraphs: list[Paragraph] = []
    stack: list[Heading] = []
    numbering = _Numbering()
    in_title_block = True
    cells: list[_Piece] = []  # a run of table-text pieces, held until it ends

    def add(piece: _Piece, table: Table | None) -> None:
        nonlocal stack, in_title_block
        normalised = piece.normalised
        heading = piece.heading
        if heading and not numbering.accepts(heading, run_in=False):
            heading = None  # numbering restarted: a list inside the section
        if heading:
            numbering.take(heading)
        title_line = (in_title_block and heading is None and table is None
                      and not piece.table_block and _is_title_block_line(normalised.strip()))
        if not title_line:
            in_title_block = False
        if heading:
            stack = [h for h in stack if h.level < heading.level] + [heading]
        paragraphs.append(Paragraph(
            id=f"{report_id}-{len(paragraphs):04d}",
            report_id=report_id,
            ordinal=len(paragraphs),
            section="" if title_line else " > ".join(h.text for h in stack),
            text=piece.text,
            normalised=normalised,
            is_heading=heading is not None and not piece.opens or title_line,
            table=table,
        ))

    def add_cells() -> None:
        for piece in _table_blocks(cells, numbering) if len(cells) > 1 else cells:
            add(piece, None)
        cells.clear()

    for block in blocks:
        normalised = normalise(block.text).text
        if not normalised.strip():
            continue  # loaders should not emit these; an empty paragraph cites nothing
        if not _is_cell(_Piece(block.text, normalised, None, False), block.table):
            add_cells()  # before cutting the block: the cut follows the numbering so far
        for piece in _pieces(block, normalised, numbering):
            if _is_cell(piece, block.table):
                cells.append(piece)
                continue
            add_cells()
            add(piece, block.table)
    add_cells()
    return paragraphs
