"""What every format loader returns, and the small text helpers they share."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from core.models import Block


@dataclass(frozen=True)
class ParsedFile:
    """A format loader's result; `load_document` adds the file name and the hash."""

    blocks: tuple[Block, ...]
    encoding: str = "utf-8"
    title_hint: str = ""


def is_cjk(ch: str) -> bool:
    """A Han character or CJK punctuation / full-width form: text that is written
    without spaces between words."""
    if not ch:
        return False
    code = ord(ch)
    return (
        0x3000 <= code <= 0x303F  # CJK symbols and punctuation
        or 0x3400 <= code <= 0x9FFF  # CJK unified ideographs (+ extension A)
        or 0xF900 <= code <= 0xFAFF  # compatibility ideographs
        or 0xFF00 <= code <= 0xFFEF  # full-width forms
        or 0x20000 <= code <= 0x3FFFF  # extensions B and later
        or ch in "“”‘’…—·"
    )


def join_pieces(pieces: list[str]) -> str:
    """Join the pieces of one logical line that a layout broke apart (a PDF line wrap,
    a <br> inside a table cell, a source newline inside an HTML paragraph).

    Chinese is written without spaces, so a break between two CJK characters (or a CJK
    character and a digit) vanishes; between two Latin words it becomes one space.
    """
    out = ""
    for piece in (p.strip() for p in pieces):
        if not piece:
            continue
        if out and _needs_space(out[-2:], piece[0]):
            out += " "
        out += piece
    return out


def _needs_space(left: str, right: str) -> bool:
    """`left` is the last two characters before the break, `right` the first after."""
    last = left[-1]
    if is_cjk(last) or is_cjk(right) or not right.isalnum():
        return False
    if last in ",.;:!?":  # "word,|word" in Latin text, but "决定,|1件" in Chinese
        return len(left) == 2 and not is_cjk(left[0])
    return last.isalnum()


_SPACE_RUN = re.compile(r"[ \t\r\n\f\v]+")


def collapse_spaces(text: str) -> str:
    """HTML-style whitespace: runs of source whitespace collapse; a run with a line
    break between two CJK characters disappears (it was only source formatting)."""

    def repl(match: re.Match[str]) -> str:
        start, end = match.span()
        left = text[start - 1] if start else ""
        right = text[end] if end < len(text) else ""
        if ("\n" in match.group() or "\r" in match.group()) and (is_cjk(left) or is_cjk(right)):
            return ""
        return " "

    return _SPACE_RUN.sub(repl, text)


def strip_line(line: str) -> str:
    """A line stripped of surrounding whitespace, including the ideographic space and
    no-break space reports use to indent; the inside is kept verbatim."""
    return line.strip().strip("\u3000\u00a0\ufeff\u200b").strip()


def has_text(text: str) -> bool:
    return any(not ch.isspace() and unicodedata.category(ch)[0] != "C" for ch in text)
