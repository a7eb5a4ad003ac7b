"""Cutting the text of a table copied as text into cell tokens, each with its span.

Real pages give tables as text in many shapes (realdev README, "Table shapes"): rows
with `|` between cells (`规章 | 2 | 2 | 3 |`), one cell a line with or without a `|`,
cells in blank-line-separated paragraphs, PDF text with the row's numbers separated by
spaces (`四、结转下年度继续办理 0 0 0 0 0 0 0`), and crawled rows whose numbers ran
into the label (`（一）予以公开7000007`). Whatever the shape, a paragraph becomes a
sequence of tokens: a label, a value, a blank (`-`, `/`, or an empty cell between two
`|`), a run of digits stuck to a label, or noise (page numbers). Spans index the
paragraph's original text, so a quote is always verbatim.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from core.models import Paragraph
from core.normalise import normalise

from .numbers import parse_cell

Kind = Literal["label", "value", "blank", "run"]


@dataclass(frozen=True)
class Token:
    kind: Kind
    text: str  # normalised, whitespace removed (what labels are matched on)
    paragraph: int
    span: tuple[int, int]  # in the paragraph's original text
    bar_row: bool  # the paragraph is a `|` row: its cells keep their positions


_SPACE = re.compile(r"\s+")
_DASH = re.compile(r"^[-—–/／\\]+$")
_PAGE = re.compile(r"^(?:P\.?\d+|第\d+页(?:共\d+页)?|-\d+-|\d+/\d+|Page\d+.*)$", re.IGNORECASE)
# A label with the row's numbers run into it: the label ends in a character that is not
# a digit, a dot or a closing numbering mark, and at least two digits follow.
_RUN = re.compile(r"^(?P<label>.*[^\d.．、)）\s])\s*(?P<digits>\d{2,})$")
_ASIDE = re.compile(r"[（(][^（）()]*[）)]")
_PROSE = re.compile(r"[。，,；;：:！？]")
_MAX_LABEL = 40  # a row label or header cell is short; a sentence is not a cell


def squeeze(text: str) -> str:
    return _SPACE.sub("", normalise(text).text)


def is_table_text(paragraph: Paragraph) -> bool:
    """Could this paragraph be (part of) a table copied as text? A `|` row, or a short
    cell with no sentence punctuation outside its parentheses."""
    if paragraph.table is not None:
        return False
    lines = [line for line in paragraph.normalised.split("\n") if line.strip()]
    # A table block (index/paragraphs.py joins a table saved one cell a line into one
    # paragraph) is table text when every line of it is.
    return bool(lines) and all(_is_cell_line(line.strip()) for line in lines)


# The numbers at the end of a row printed as text: not part of the label's length.
_TRAILING_NUMBERS = re.compile(r"(?:\s+-?\d+(?:\.\d+)?)+$")


def _is_cell_line(text: str) -> bool:
    if "|" in text:
        return True
    bare = _ASIDE.sub("", _TRAILING_NUMBERS.sub("", text))
    return len(bare) <= _MAX_LABEL and not _PROSE.search(bare)


def _segments(text: str) -> list[tuple[int, int]]:
    """Spans of the `|`-separated pieces (the whole text when there is no `|`)."""
    spans, start = [], 0
    for m in re.finditer(r"[|｜]", text):
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(text)))
    return spans


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _words(text: str, start: int, end: int) -> list[tuple[int, int]]:
    return [(start + m.start(), start + m.end()) for m in re.finditer(r"\S+", text[start:end])]


def _piece(text: str, start: int, end: int, index: int, bar: bool) -> list[Token]:
    """Tokens of one cell-sized piece of original text."""
    piece = text[start:end]
    squeezed = squeeze(piece)
    if _PAGE.match(squeezed):
        return []
    if _DASH.match(squeezed):
        return [Token("blank", squeezed, index, (start, end), bar)]
    if parse_cell(normalise(piece).text) is not None:
        return [Token("value", squeezed, index, (start, end), bar)]
    # PDF text: a label (or nothing) followed by numbers separated by spaces.
    words = _words(text, start, end)
    tail: list[tuple[int, int]] = []
    for w_start, w_end in reversed(words):
        word = normalise(text[w_start:w_end]).text
        if parse_cell(word) is None or _DASH.match(word):
            break
        tail.insert(0, (w_start, w_end))
    head = words[:len(words) - len(tail)]
    if tail and (head or len(tail) >= 2):
        tokens = []
        if head:
            tokens.append(Token("label", squeeze(text[head[0][0]:head[-1][1]]), index,
                                (head[0][0], head[-1][1]), bar))
        return tokens + [Token("value", squeeze(text[s:e]), index, (s, e), bar)
                         for s, e in tail]
    m = _RUN.match(squeezed)
    if m:
        return [Token("label", m.group("label"), index, (start, end), bar),
                Token("run", m.group("digits"), index, (start, end), bar)]
    return [Token("label", squeezed, index, (start, end), bar)]


def tokens_of(index: int, paragraph: Paragraph) -> list[Token]:
    """The cell tokens of one paragraph, line by line (a table block holds one cell or
    one row a line)."""
    text, tokens, start = paragraph.text, [], 0
    for line in text.split("\n"):
        tokens += _line_tokens(text, start, start + len(line), index)
        start += len(line) + 1
    return tokens


def _line_tokens(text: str, line_start: int, line_end: int, index: int) -> list[Token]:
    """The cell tokens of one line. In a `|` row an empty cell between two cells is
    a blank (the row keeps its positions); empty cells at the end are padding the page
    added to make rows equally wide, not cells."""
    segments = [_trim(text, line_start + s, line_start + e)
                for s, e in _segments(text[line_start:line_end])]
    bar = len(segments) > 1
    while segments and segments[-1][0] == segments[-1][1]:
        segments.pop()
    tokens: list[Token] = []
    for start, end in segments:
        if start == end:
            if tokens:  # an empty cell inside the row
                tokens.append(Token("blank", "", index, (start, end), bar))
            continue
        tokens += _piece(text, start, end, index, bar)
    return tokens
