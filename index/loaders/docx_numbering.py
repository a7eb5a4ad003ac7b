"""Word's automatic numbering, rendered as the text a reader sees.

A heading numbered by Word (`一、` `（一）` `1.`) has no number in its text: the number
comes from the numbering definitions (numbering.xml) the paragraph, or its style, points
to. Without it the section structure of a .docx report is lost, so the loader puts the
rendered number back in front of the text.

Counters are kept per list instance (`w:numId`) and level; a level that advances resets
the deeper ones. Bullets and unknown formats render nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from docx.document import Document
from docx.oxml.ns import qn

CHINESE_DIGITS = "〇一二三四五六七八九"
HEAVENLY_STEMS = "甲乙丙丁戊己庚辛壬癸"
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
PLACEHOLDER = re.compile(r"%([1-9])")


def chinese_count(n: int) -> str:
    """一 … 九十九, then digit by digit (numbered headings never go that far)."""
    if n <= 0:
        return str(n)
    if n < 10:
        return CHINESE_DIGITS[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return ("" if tens == 1 else CHINESE_DIGITS[tens]) + "十" + (
            CHINESE_DIGITS[ones] if ones else "")
    return "".join(CHINESE_DIGITS[int(d)] for d in str(n))


def _roman(n: int) -> str:
    out = []
    for value, letters in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"),
                           (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"),
                           (5, "V"), (4, "IV"), (1, "I")):
        count, n = divmod(n, value)
        out.append(letters * count)
    return "".join(out)


def _letters(n: int) -> str:
    # Word repeats the letter past z: a … z, aa … zz
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def format_number(n: int, fmt: str) -> str | None:
    """The counter `n` in Word's number format `fmt`; None for bullets and unknowns."""
    if fmt == "decimal":
        return str(n)
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt == "decimalFullWidth":
        return "".join(chr(ord(d) - ord("0") + ord("０")) for d in str(n))
    if fmt in ("chineseCounting", "chineseCountingThousand", "chineseLegalSimplified",
               "japaneseCounting", "ideographLegalTraditional", "taiwaneseCounting",
               "taiwaneseCountingThousand"):
        return chinese_count(n)
    if fmt == "ideographDigital":
        return "".join(CHINESE_DIGITS[int(d)] for d in str(n))
    if fmt == "ideographTraditional":
        return HEAVENLY_STEMS[(n - 1) % 10]
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese"):
        return CIRCLED[n - 1] if 1 <= n <= len(CIRCLED) else str(n)
    if fmt == "lowerLetter":
        return _letters(n)
    if fmt == "upperLetter":
        return _letters(n).upper()
    if fmt == "lowerRoman":
        return _roman(n).lower()
    if fmt == "upperRoman":
        return _roman(n)
    return None


@dataclass(frozen=True)
class Level:
    start: int
    fmt: str
    text: str  # e.g. "%1、" or "（%2）"


def _val(element, tag: str) -> str | None:
    child = element.find(qn(tag)) if element is not None else None
    return child.get(qn("w:val")) if child is not None else None


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


@dataclass
class Numbering:
    """The numbering definitions of one document, and the running counters."""

    # numId -> ilvl -> Level; styleId -> (numId, ilvl); numId -> ilvl -> current count
    levels: dict[str, dict[int, Level]] = field(default_factory=dict)
    style_numbering: dict[str, tuple[str, int]] = field(default_factory=dict)
    counters: dict[str, dict[int, int]] = field(default_factory=dict)

    @classmethod
    def of(cls, document: Document) -> "Numbering":
        numbering = cls()
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return numbering
        abstract: dict[str, dict[int, Level]] = {}
        for definition in root.findall(qn("w:abstractNum")):
            abstract[definition.get(qn("w:abstractNumId"))] = {
                _int(level.get(qn("w:ilvl")), 0): Level(
                    start=_int(_val(level, "w:start"), 1),
                    fmt=_val(level, "w:numFmt") or "decimal",
                    text=_val(level, "w:lvlText") or "")
                for level in definition.findall(qn("w:lvl"))}
        for instance in root.findall(qn("w:num")):
            levels = dict(abstract.get(_val(instance, "w:abstractNumId") or "", {}))
            for override in instance.findall(qn("w:lvlOverride")):
                ilvl = _int(override.get(qn("w:ilvl")), 0)
                start = _val(override, "w:startOverride")
                if ilvl in levels and start is not None:
                    old = levels[ilvl]
                    levels[ilvl] = Level(_int(start, old.start), old.fmt, old.text)
            numbering.levels[instance.get(qn("w:numId"))] = levels
        numbering.style_numbering = _style_numbering(document)
        return numbering

    def label(self, paragraph_element) -> str:
        """The number Word shows before this paragraph ("" when none), advancing the
        counters as Word does."""
        found = self._num_pr(paragraph_element)
        if found is None:
            return ""
        num_id, ilvl = found
        levels = self.levels.get(num_id)
        if not levels or ilvl not in levels:
            return ""
        counters = self.counters.setdefault(num_id, {})
        counters[ilvl] = counters.get(ilvl, levels[ilvl].start - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        if levels[ilvl].fmt in ("bullet", "none"):  # counted, but no number shown
            return ""

        def render(match: re.Match[str]) -> str:
            level = int(match.group(1)) - 1
            definition = levels.get(level)
            if definition is None:
                return ""
            return format_number(counters.get(level, definition.start), definition.fmt) or ""

        return PLACEHOLDER.sub(render, levels[ilvl].text).strip()

    def _num_pr(self, element) -> tuple[str, int] | None:
        properties = element.find(qn("w:pPr"))
        num_pr = properties.find(qn("w:numPr")) if properties is not None else None
        if num_pr is not None:
            num_id = _val(num_pr, "w:numId")
            if num_id is None:  # a level change only: the style's list at this level
                style = self.style_numbering.get(_val(properties, "w:pStyle") or "")
                return (style[0], _int(_val(num_pr, "w:ilvl"), 0)) if style else None
            return None if num_id == "0" else (num_id, _int(_val(num_pr, "w:ilvl"), 0))
        style_id = _val(properties, "w:pStyle") if properties is not None else None
        return self.style_numbering.get(style_id or "")


def _style_numbering(document: Document) -> dict[str, tuple[str, int]]:
    """styleId -> (numId, ilvl) for paragraph styles that number their paragraphs,
    following `basedOn` (a heading style often inherits its list)."""
    try:
        styles = document.styles.element
    except (KeyError, NotImplementedError, AttributeError):
        return {}
    direct: dict[str, tuple[str, int] | None] = {}
    based_on: dict[str, str] = {}
    for style in styles.findall(qn("w:style")):
        style_id = style.get(qn("w:styleId"))
        if style_id is None:
            continue
        properties = style.find(qn("w:pPr"))
        num_pr = properties.find(qn("w:numPr")) if properties is not None else None
        if num_pr is not None:
            num_id = _val(num_pr, "w:numId")
            direct[style_id] = (None if num_id in (None, "0")
                                else (num_id, _int(_val(num_pr, "w:ilvl"), 0)))
        parent = _val(style, "w:basedOn")
        if parent:
            based_on[style_id] = parent
    resolved: dict[str, tuple[str, int]] = {}
    for style_id in set(direct) | set(based_on):
        seen, current = set(), style_id
        while current is not None and current not in seen:
            seen.add(current)
            if current in direct:
                if direct[current] is not None:
                    resolved[style_id] = direct[current]  # type: ignore[assignment]
                break
            current = based_on.get(current)
    return resolved
