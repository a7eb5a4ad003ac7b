"""When a line break is not a paragraph break: the layout rules shared by the loaders
that see text as lines (plain text files, PDF text lines).

Saved web pages and PDF text break lines inside a sentence, sometimes inside a word
(`…纳入重要议事日程、党风廉政建设` | `、政风行风评议…`; `按照《` | `中华人民共和国…`). A
paragraph never ends on an opening bracket or inside an unclosed one, and never
starts with a comma or a closing bracket. A line of prose (a sentence mark inside it,
longer than a title) that stops on a character rather than on punctuation has not
ended either — when the file wraps its lines: several such lines of one width show a
layout that broke lines at that width. One such line alone is a paragraph whose final
stop the source lost, or the end of a saved excerpt. A line that starts like a heading
or a list item always starts a paragraph.
"""

from __future__ import annotations

import re
import statistics
import unicodedata
from collections.abc import Sequence

_NUM = "一二三四五六七八九十"
# A line that starts like a heading or a list item never continues the line above.
ITEM_START = re.compile(
    rf"^(（[{_NUM}\d]+）|\([{_NUM}\d]+\)|[{_NUM}]+、"
    r"|\d+(?:[、．]|\.(?!\d))|第[一二三四五六七八九十百\d]+[章节条部分]|附件|附表)")
_OPENERS = "《（(“‘【〔［"
_CLOSERS = "》）)”’】〕］"
_BRACKETS = (("《", "》"), ("（", "）"), ("(", ")"), ("【", "】"), ("〔", "〕"))
# Never the first character of a paragraph: mid-sentence punctuation and closers.
_NEVER_FIRST = "，,、；;：:" + _CLOSERS
# Marks of prose: a line longer than a title with one of these is sentences.
_SENTENCE_MARKS = "，,、。；;！？!?"
_MID_SENTENCE_END = "，,、"
_SENTENCE_END = "。！？!?…"
_TITLE_CHARS = 40  # as paragraphs.py: a heading or title line is at most this long
_WRAPPED_LINES = 3  # unfinished lines of one width that show a wrapping layout
_SAME_WIDTH = 0.2  # their widths within this share of their median
_OPEN_NEAR_END = 8  # an unclosed bracket this close to the line's end: `(以下简称`


def must_continue(previous: str, line: str) -> bool:
    """Whether the break between the two lines cannot be a paragraph break whatever the
    layout: `previous` ends on an opening bracket, or `line` opens with a comma or a
    closing bracket."""
    return bool(previous and line) and (previous[-1] in _OPENERS or line[0] in _NEVER_FIRST)


def line_continues(previous: str, line: str, wrap_width: float | None = None) -> bool:
    """Whether `line` carries on the paragraph that `previous` (stripped, non-empty)
    ends. `wrap_width` is the file's (see `wrap_width`), None when it does not wrap."""
    if not previous or not line or ITEM_START.match(line):
        return False
    if must_continue(previous, line):
        return True
    if previous[-1] in _SENTENCE_END:
        return False
    if _open_at_end(previous):
        return True
    return (wrap_width is not None and unfinished_prose(previous)
            and display_width(previous) >= (1 - _SAME_WIDTH) * wrap_width)


def unfinished_prose(line: str) -> bool:
    """A line of sentences that stops on a character or a comma, not on a stop."""
    last = line[-1] if line else ""
    return ((last in _MID_SENTENCE_END or last.isalnum()) and len(line) > _TITLE_CHARS
            and any(ch in _SENTENCE_MARKS for ch in line))


def wrap_width(lines: Sequence[str]) -> float | None:
    """The display width the file's lines were wrapped at, or None: the median width of
    its unfinished prose lines (the last line aside: an excerpt's cut) when there are
    several and they are all about that wide."""
    widths = [display_width(line) for line in lines[:-1] if unfinished_prose(line)]
    if len(widths) < _WRAPPED_LINES:
        return None
    median = statistics.median(widths)
    if any(abs(width - median) > _SAME_WIDTH * median for width in widths):
        return None
    return median


def display_width(text: str) -> int:
    """Columns on screen: a Han character or full-width form takes two, as a page
    laid out at a fixed width counts them."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _open_at_end(text: str) -> bool:
    """A bracket opened near the end of the line and not closed (quotes are left out:
    sources leave them unbalanced too often)."""
    tail = len(text) - _OPEN_NEAR_END
    return any(text.rfind(left) >= tail and text.rfind(left) > text.rfind(right)
               for left, right in _BRACKETS)
