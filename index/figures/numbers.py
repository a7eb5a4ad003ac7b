"""Numbers in every form the reports write them, with their qualifiers.

`find_numbers(text)` returns every number expression of a text: the value, the
qualifier (超/逾/突破 → more_than, 余/多/约/近 → about, 以上 → at_least, 不足 → less_than,
零件 → zero_in_words; 以下/以内 → at_most, which no figure carries), the counting unit
written after it, and spans into the text given. Full-width digits are folded with a
same-length translation, so spans stay valid on the text given.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Same length on both sides, so a span found after translation is a span of the input.
# The Chinese comma is left alone: it ends a clause, it never groups thousands.
_FOLD = str.maketrans("０１２３４５６７８９．％－＋", "0123456789.%-+")
_WIDE = re.compile("[０-９．％－＋]")

_CN_DIGITS = {"零": 0, "〇": 0, "○": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
              "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_SMALL = {"十": 10, "百": 100, "千": 1000}
_CN_BIG = {"万": 10_000, "亿": 100_000_000}
_CN_CHARS = "".join(_CN_DIGITS) + "".join(_CN_SMALL) + "".join(_CN_BIG)
_CN_LEAD = "".join(_CN_DIGITS) + "十"  # 百分比, 万元, 千方百计: no digit, not a number

UNITS = ("人次", "万元", "亿元", "条", "件", "起", "个", "次", "场", "篇", "名", "人", "项",
         "元", "家", "份", "期", "处", "批", "例", "%")
_PREFIX = {
    "超过": "more_than", "超出": "more_than", "超": "more_than", "逾": "more_than",
    "突破": "more_than", "多于": "more_than", "高于": "more_than", "大于": "more_than",
    "大约": "about", "约": "about", "将近": "about", "接近": "about", "近": "about",
    "不足": "less_than", "不到": "less_than", "少于": "less_than", "低于": "less_than",
    "至少": "at_least", "不少于": "at_least", "不低于": "at_least",
    "不超过": "at_most", "最多": "at_most",
}
_SUFFIX = {"余": "about", "多": "about", "左右": "about", "以上": "at_least",
           "以下": "at_most", "以内": "at_most"}


def _alternation(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_ARABIC = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+|\.\s\d+(?=\s*%))?"
NUMBER_RE = re.compile(
    rf"(?P<pre>{_alternation(_PREFIX)})?"
    rf"(?:百分之(?P<pct>(?<![\d.])(?:{_ARABIC})|[{_CN_CHARS}]+)"
    rf"|(?P<ar>(?<![\d.])(?<!\d,)(?:{_ARABIC}))(?:\s?(?P<mul>[万亿千百])(?!元))?"
    rf"|(?P<cn>[{_CN_LEAD}][{_CN_CHARS}]*))"
    rf"(?P<mid>余|多(?![于少]))?"
    rf"(?:\s*(?P<unit>{_alternation(UNITS)}))?"
    rf"(?P<post>{_alternation(_SUFFIX)})?"
)


@dataclass(frozen=True)
class Number:
    value: float
    qualifier: str  # a models.Qualifier, or "at_most" (never made into a figure)
    unit: str  # the unit written after the number ("" when none); "%" for percentages
    written: str  # the number as written, e.g. "21万", "十", "1. 8"
    start: int  # span of the whole expression: qualifier, number, unit
    end: int
    num_start: int  # span of the number as written
    num_end: int


def chinese_to_number(s: str) -> float | None:
    """二〇一九 → 2019, 十一 → 11, 两千 → 2000, 一万二 → 12000; None if not a numeral."""
    if not s or any(ch not in _CN_CHARS for ch in s):
        return None
    if len(s) > 1 and all(ch in _CN_DIGITS for ch in s):  # digit by digit: 二〇一九
        return float("".join(str(_CN_DIGITS[ch]) for ch in s))
    total = section = digit = 0
    last_unit = 0
    for ch in s:
        if ch in _CN_DIGITS:
            digit = _CN_DIGITS[ch]
        elif ch in _CN_SMALL:
            unit = _CN_SMALL[ch]
            if last_unit and unit >= last_unit and last_unit < 10_000:
                return None  # 十百, 百百: not a numeral
            section += (digit or 1) * unit
            digit, last_unit = 0, unit
        else:
            unit = _CN_BIG[ch]
            if unit == 100_000_000:
                total = (total + section + digit) * unit
            else:
                total += (section + digit) * unit
            section = digit = 0
            last_unit = unit
    if digit and last_unit >= 100 and s[-2] not in "零〇○":  # 一万二 = 12000, 两千五 = 2500
        digit *= last_unit // 10
    return float(total + section + digit)


def _arabic(s: str) -> float:
    return float(s.replace(",", "").replace(" ", ""))


def _from_match(m: re.Match) -> Number | None:
    unit = m.group("unit") or ""
    if m.group("pct") is not None:
        written, (ns, ne) = m.group("pct"), m.span("pct")
        value = _arabic(written) if written[0].isdigit() else chinese_to_number(written)
        unit = "%"
    elif m.group("ar") is not None:
        written, (ns, ne) = m.group("ar"), m.span("ar")
        value = _arabic(written)
        mul = m.group("mul")
        if mul:
            written, ne = m.string[ns:m.end("mul")], m.end("mul")
            value *= {"万": 10_000, "亿": 100_000_000, "千": 1000, "百": 100}[mul]
    else:
        written, (ns, ne) = m.group("cn"), m.span("cn")
        if unit == "元" and written[-1] in _CN_BIG and len(written) > 1:
            unit = written[-1] + "元"  # 五万元: 5 in 万元, as written
            written, ne = written[:-1], ne - 1
        value = chinese_to_number(written)
    if value is None:
        return None
    qualifier = "exact"
    for part, table in (("post", _SUFFIX), ("mid", _SUFFIX), ("pre", _PREFIX)):
        if m.group(part):
            qualifier = table[m.group(part)]
    if m.group("cn") is not None and value == 0 and unit and qualifier == "exact":
        qualifier = "zero_in_words"  # 零件: zero written as a word
    return Number(value, qualifier, unit, written, m.start(), m.end(), ns, ne)


def find_numbers(text: str) -> list[Number]:
    """Every number expression in `text`, left to right."""
    folded = text.translate(_FOLD) if _WIDE.search(text) else text
    found = []
    for m in NUMBER_RE.finditer(folded):
        number = _from_match(m)
        if number is not None:
            found.append(number)
    return found


_CELL_BLANK = re.compile(r"^[\s\-—–/／_、.·…]*$")
_CELL_ZERO_WORDS = re.compile(r"^\s*(无|没有|零)\s*$")
_CELL_NUMBER = re.compile(
    rf"^\s*(?P<sign>[+-])?\s*(?P<num>{_ARABIC})\s*(?P<unit>万元|%|件|条|个|项)?\s*$")


def parse_cell(text: str) -> Number | None:
    """A table cell: a number (signed, for 本年增/减), 无 → 0 in words, blank → None.

    A blank cell (empty, -, —, /) is not zero: the report left the number out.
    """
    folded = text.translate(_FOLD)
    if _CELL_BLANK.match(folded):
        return None
    m = _CELL_NUMBER.match(folded)
    if m:
        value = _arabic(m.group("num"))
        if m.group("sign") == "-":
            value = -value
        start = m.start("sign") if m.group("sign") else m.start("num")
        return Number(value, "exact", m.group("unit") or "", folded[start:m.end("num")],
                      start, m.end("num"), start, m.end("num"))
    m = _CELL_ZERO_WORDS.match(folded)
    if m:
        return Number(0.0, "zero_in_words", "", m.group(1), m.start(1), m.end(1),
                      m.start(1), m.end(1))
    numbers = find_numbers(text)
    lead, tail = len(folded) - len(folded.lstrip()), len(folded.rstrip())
    if len(numbers) == 1 and numbers[0].start == lead and numbers[0].end == tail:
        return numbers[0]  # the whole cell is one number in words or qualified: 约5件
    return None
