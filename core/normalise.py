"""Normalise report text for search, keeping a map back to the original.

Citations quote the original text; search and figure extraction run over the
normalised copy. `origin[i]` is the index in the original of normalised character
`i` (`origin[len(text)] == len(original)`), so any span found in the normalised text
maps back to a verbatim span of the original.

Steps, in order (each one keeps the offset map):

1. GBK list markers read one byte late are repaired at line start (see `_repair_marker`).
2. Pinyin annotations are removed: `報(bào)告` -> `報告`.
3. Traditional -> Simplified (OpenCC t2s; one character for one wherever it can).
4. Full-width digits, latin letters, ％, ． and the ideographic space -> half-width.
5. Stray whitespace is folded: runs of spaces/tabs -> one space, none at line ends,
   and none between a digit and a CJK character, '.' or '%' (`1. 8 %` -> `1.8%`).

Offset rule: a character that is deleted belongs to the kept character before it, so
the original span of normalised `報` in `報(bào)告` is `報(bào)`, and of `报告` the whole
`報(bào)告`. A replacement that changes length (only the marker repair does) maps its
characters proportionally onto the replaced original; a span covering the whole
replacement maps exactly onto it.
"""

from __future__ import annotations

import re
from pathlib import Path
from dataclasses import dataclass
from functools import lru_cache

import opencc

from core.text import t2s_converter

# Conventional placeholder for an illegible character in Chinese texts: used where a
# list marker's digit was lost (`。、` -> `□、`); we never invent the digit.
LOST_CHAR = "□"

_NUMERALS = "一二三四五六七八九十"
# A GBK `（N）` read one byte late: the lost lead byte A1 pairs with `（`'s first byte
# (A3) into `。` (A1A3); `（`'s second byte (A8) then pairs with the numeral's lead byte.
# The ten numerals have distinct GBK lead bytes, so that pair names the numeral.
_PAREN_OPEN = "（".encode("gbk")
_NUMERAL_BY_LEAD = {n.encode("gbk")[0]: n for n in _NUMERALS}

_PINYIN = re.compile(r"[(（]([a-zü\u00e0-\u01dc]{1,8})[)）]")
_TONE_MARKED = re.compile(r"[\u00e0-\u00fc\u0101-\u01dc]")
_SPACE_RUN = re.compile(r"[ \t\r\u00a0]+")
# Full-width digits and latin letters, ％ ．, and the ideographic space (step 4).
_FULLWIDTH = re.compile("[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a％．\u3000]")
# A line start as the marker repair sees it: after the indent, a `。` (see _repair_marker).
_MARKER_LINE_START = re.compile(r"^[ \t\u3000]*(?=。)", re.MULTILINE)


@dataclass(frozen=True)
class Normalised:
    text: str
    origin: tuple[int, ...]  # len(text) + 1 entries
    original: str

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """The original span of normalised `text[start:end]`, without the trailing
        whitespace that normalisation dropped."""
        if not 0 <= start <= end <= len(self.text):
            raise ValueError(f"span {start}:{end} outside 0:{len(self.text)}")
        o_start, o_end = self.origin[start], self.origin[end]
        if end > start:
            while o_end > o_start + 1 and self.original[o_end - 1].isspace():
                o_end -= 1
        return o_start, o_end

    def original_text(self, start: int, end: int) -> str:
        o_start, o_end = self.original_span(start, end)
        return self.original[o_start:o_end]


Edit = tuple[int, int, str]  # replace text[start:end] with the string


def _apply(text: str, origin: list[int], edits: list[Edit]) -> tuple[str, list[int]]:
    """Apply sorted, non-overlapping edits, carrying the origin map along."""
    parts: list[str] = []
    out_origin: list[int] = []
    pos = 0
    for start, end, repl in edits:
        parts.append(text[pos:start])
        out_origin.extend(origin[pos:start])
        width = end - start
        if len(repl) == width:
            out_origin.extend(origin[start:end])
        else:
            out_origin.extend(origin[start + (k * width) // len(repl)] for k in range(len(repl)))
        parts.append(repl)
        pos = end
    parts.append(text[pos:])
    out_origin.extend(origin[pos:])  # includes the end sentinel
    return "".join(parts), out_origin


def _is_cjk(ch: str) -> bool:
    return ("\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf"
            or "\u3000" <= ch <= "\u303f" or "\uff00" <= ch <= "\uffef"
            or ch in "“”‘’…—·")


def _gbk_bytes(text: str) -> bytes | None:
    try:
        return text.encode("gb18030")
    except UnicodeEncodeError:
        return None


def _clean_decoded(text: str) -> bool:
    return all(_is_cjk(ch) or (" " <= ch <= "~") for ch in text)


def _repair_marker(line: str) -> tuple[int, str] | None:
    """A line start garbled by reading a GBK file one byte late: returns (length of the
    garbled prefix, its repair), or None when the line does not start that way.

    `。` + a character whose GBK bytes are A8 xx is `（` + the numeral with lead byte
    xx. We then re-encode the garbled run (up to and including its first ASCII
    character, which is where the decoder fell back into step), drop the lost byte and
    decode again: `。ㄒ唬┌盐罩攸c` -> `（一）把握重點`. Where the garbling also dropped bytes
    (pairs in GBK's user-defined area) that decode fails, and only `（N）` is recovered;
    the unreadable rest of the run is left out. `。、` is a `N、` item whose digit was
    lost: it becomes `□、`.
    """
    if len(line) < 2 or line[0] != "。":
        return None
    if line[1] == "、":
        return 2, LOST_CHAR + "、"
    second = _gbk_bytes(line[1])
    if not second or len(second) != 2 or second[0] != _PAREN_OPEN[1]:
        return None
    numeral = _NUMERAL_BY_LEAD.get(second[1])
    if numeral is None:
        return None
    ascii_at = next((i for i, ch in enumerate(line) if ch.isascii()), len(line))
    run = line[: ascii_at + 1]
    raw = _gbk_bytes(run)
    if raw is not None:
        try:
            decoded = raw[1:].decode("gb18030")
        except UnicodeDecodeError:
            decoded = ""
        if decoded.startswith(f"（{numeral}）") and _clean_decoded(decoded):
            return len(run), decoded
    return ascii_at, f"（{numeral}）"


def _marker_edits(text: str) -> list[Edit]:
    edits: list[Edit] = []
    for match in _MARKER_LINE_START.finditer(text):  # no other line can be repaired
        start = match.end()
        line_end = text.find("\n", start)
        line = text[start: len(text) if line_end < 0 else line_end]
        repaired = _repair_marker(line)
        if repaired:
            length, repl = repaired
            edits.append((start, start + length, repl))
    return edits


def _pinyin_edits(text: str) -> list[Edit]:
    """A parenthesised run of lowercase latin letters right after a CJK character, or
    carrying a tone mark (`（二）(qiáng)化` after a marker repair), is an annotation."""
    edits: list[Edit] = []
    for match in _PINYIN.finditer(text):
        start = match.start()
        after_cjk = start > 0 and ("\u4e00" <= text[start - 1] <= "\u9fff")
        if after_cjk or _TONE_MARKED.search(match.group(1)):
            edits.append((start, match.end(), ""))
    return edits


def _converter() -> opencc.OpenCC:
    return t2s_converter()


@lru_cache(maxsize=1)
def _traditional_triggers() -> frozenset[str]:
    """Every character t2s can change, from the dictionaries opencc's t2s config names
    (TSPhrases, TSCharacters in the installed package): the characters a key's first
    candidate changes, and every character of a key whose conversion changes length.
    The converter replaces dictionary keys found in the text by their first candidate,
    so a key it can match in a text with none of these converts to itself: the (slow,
    pure-Python) converter is skipped for such text. Most reports are Simplified."""
    folder = Path(opencc.__file__).resolve().parent / "dictionary"
    triggers: set[str] = set()
    for name in ("TSCharacters.txt", "TSPhrases.txt"):
        for line in (folder / name).read_text(encoding="utf-8").splitlines():
            key, _, values = line.strip().partition("\t")
            value = values.split(" ")[0]
            if not key or key == value:
                continue
            if len(key) == len(value):
                triggers.update(a for a, b in zip(key, value) if a != b)
            else:
                triggers.update(key)
    return frozenset(triggers)


def _convert(text: str) -> str:
    """What opencc's t2s makes of `text`, converting only the runs that need it.

    The converter cuts the text at its separators (spaces, line breaks, punctuation:
    `split_chars_re`) and converts each run between them on its own; a run with no
    trigger character converts to itself. So the runs that hold one are converted and
    the rest kept: the same string, at the cost of the Traditional runs only."""
    triggers = _traditional_triggers()
    if triggers.isdisjoint(text):
        return text
    converter = _converter()
    parts = converter.split_chars_re.split(text)
    for i in range(0, len(parts), 2):  # odd items are the separators, kept as they are
        if not triggers.isdisjoint(parts[i]):
            parts[i] = converter.convert(parts[i])
    return "".join(parts)


def _t2s_edits(text: str) -> list[Edit]:
    converted = _convert(text)
    if converted is text:
        return []
    if len(converted) == len(text):
        return [(i, i + 1, b) for i, (a, b) in enumerate(zip(text, converted)) if a != b]
    # A phrase conversion changed the length somewhere: convert line by line, and
    # character by character within a line that still changes length.
    edits: list[Edit] = []
    offset = 0
    for line in text.split("\n"):
        out = _convert(line)
        if len(out) == len(line):
            edits.extend((offset + i, offset + i + 1, b)
                         for i, (a, b) in enumerate(zip(line, out)) if a != b)
        else:
            for i, ch in enumerate(line):
                conv = _convert(ch)
                if conv != ch:
                    edits.append((offset + i, offset + i + 1, conv))
        offset += len(line) + 1
    return edits


def _halfwidth_edits(text: str) -> list[Edit]:
    edits: list[Edit] = []
    for match in _FULLWIDTH.finditer(text):
        i, ch = match.start(), match.group()
        edits.append((i, i + 1, " " if ch == "\u3000" else chr(ord(ch) - 0xFEE0)))
    return edits


def _space_run_edits(text: str) -> list[Edit]:
    edits: list[Edit] = []
    for match in _SPACE_RUN.finditer(text):
        start, end = match.span()
        at_edge = start == 0 or end == len(text) or text[start - 1] == "\n" or text[end] == "\n"
        if at_edge:
            edits.append((start, end, ""))
        elif match.group() != " ":
            edits.append((start, end, " "))
    return edits


def _kind(ch: str) -> str:
    if ch.isdigit() and ch.isascii():
        return "digit"
    if ch in ".%":
        return "mark"
    if _is_cjk(ch):
        return "cjk"
    return "other"


# Neighbour pairs across which a single space is stray: Chinese has no word spaces, and
# a number is never split by one (`1. 8 %`, `1 條`).
_DROP_BETWEEN = {("cjk", "cjk"), ("cjk", "digit"), ("digit", "cjk"), ("digit", "mark"),
                 ("mark", "digit"), ("cjk", "mark"), ("mark", "cjk")}


def _inner_space_edits(text: str) -> list[Edit]:
    edits: list[Edit] = []
    i = text.find(" ", 1)
    while 0 < i < len(text) - 1:
        if (_kind(text[i - 1]), _kind(text[i + 1])) in _DROP_BETWEEN:
            edits.append((i, i + 1, ""))
        i = text.find(" ", i + 1)
    return edits


_STEPS = (_marker_edits, _pinyin_edits, _t2s_edits, _halfwidth_edits,
          _space_run_edits, _inner_space_edits)


def normalise(text: str) -> Normalised:
    current, origin = text, list(range(len(text) + 1))
    for step in _STEPS:
        edits = step(current)
        if edits:
            current, origin = _apply(current, origin, edits)
    return Normalised(text=current, origin=tuple(origin), original=text)
