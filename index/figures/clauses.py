"""Cutting normalised paragraph text into sentences and clauses, masking asides, and
reading the period a sentence states. All positions index the normalised text given.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Asides are masked (same length) before cues and years are looked for: a parenthesis
# lists what a category includes (（包括…监督投诉…）) and a title names documents and
# years (《…2017年政务公开工作要点》); neither states a figure of this report.
_ASIDE = re.compile(r"[（(][^（）()\n]{0,120}[）)]|《[^《》\n]{0,120}》|〔\d{4}〕")
_SENTENCE = re.compile(r"[^。！？!?\n]+")
# A comma between digits is a thousands separator, not a clause break.
_CLAUSE_BREAK = re.compile(r"[，；;：:]|,(?!\d{3})")
# The same, but a half-width comma before a year (…编目,2019年度…) still breaks: a
# thousands group has exactly three digits after the comma.
CLAUSE_BREAK_STRICT = re.compile(r"[，；;：:]|,(?!\d{3}(?!\d))")


@dataclass(frozen=True)
class Clause:
    start: int
    end: int
    sentence: int  # index of its sentence in the paragraph


def mask_asides(text: str) -> str:
    """The text with asides blanked (same length, so positions hold). Innermost first,
    so a nested aside (（包括…地区（行业）介绍等）) is blanked whole."""
    for _ in range(3):
        masked = _ASIDE.sub(lambda m: "\u3000" * len(m.group()), text)
        if masked == text:
            break
        text = masked
    return text


def clauses(text: str, masked: str, breaks: re.Pattern = _CLAUSE_BREAK) -> list[Clause]:
    """Clauses of each sentence, cut at commas, semicolons and colons outside asides."""
    found: list[Clause] = []
    for s_index, sentence in enumerate(_SENTENCE.finditer(masked)):
        start = sentence.start()
        for brk in breaks.finditer(masked, sentence.start(), sentence.end()):
            found.append(Clause(start, brk.start(), s_index))
            start = brk.end()
        found.append(Clause(start, sentence.end(), s_index))
    return [c for c in found if text[c.start:c.end].strip()]


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """The span without surrounding whitespace."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


# --- periods -------------------------------------------------------------------------
_RANGE = re.compile(r"(\d{4})\s*年?\s*(?:-|—|–|~|～|至|到)\s*(\d{4})\s*年")
_UNTIL = re.compile(r"截至(?:到)?\s*(\d{4})\s*年\s*(?:(\d{1,2})\s*月(?:底|末|\s*(\d{1,2})\s*日)?|底|末)")
_YEAR = re.compile(r"(\d{4})\s*年(?!度?报告)")
_ANNUAL_WORDS = re.compile(r"全年|本年|年度内|本年度|今年|当年")
_CUMULATIVE = re.compile(r"累计")


@dataclass(frozen=True)
class Period:
    period: str
    scope: str  # "annual" / "cumulative"


def period_before(masked: str, sentence_start: int, position: int,
                  report_year: int | None) -> Period:
    """The period the sentence states before `position` for a figure found there.

    2013-2017年累计 → cumulative 2013-2017; 截至2017年11月底 → cumulative ..2017-11
    (the start is not stated); 全年累计 → annual (累计 there means the year's sum);
    2016年… → annual 2016; otherwise the report's year.
    """
    before = masked[sentence_start:position]
    default = str(report_year) if report_year else ""
    cumulative_word = _CUMULATIVE.search(before) is not None
    annual_word = _ANNUAL_WORDS.search(before) is not None
    ranges = list(_RANGE.finditer(before))
    if ranges:
        first, last = ranges[-1].group(1), ranges[-1].group(2)
        if first != last:
            return Period(f"{first}-{last}", "cumulative")
    until = list(_UNTIL.finditer(before))
    if until:
        m = until[-1]
        year, month = m.group(1), m.group(2)
        year_end = month is None or (int(month) == 12 and m.group(3) in (None, "31"))
        if year_end and not cumulative_word:
            return Period(year, "annual")
        return Period(f"..{year}" if month is None else f"..{year}-{int(month):02d}", "cumulative")
    if cumulative_word and not annual_word:
        years = _YEAR.findall(before)
        return Period(f"..{years[-1] if years else default}", "cumulative")
    years = _YEAR.findall(before)
    return Period(years[-1] if years else default, "annual")
