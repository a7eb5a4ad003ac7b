"""Citations: built from passages, and checked in code, never only asked for.

Two checks guard every answer (deterministic or from an LLM):

- a quote must be a verbatim substring of the cited paragraph's original text;
- every number in the answer text must appear in a quote it cites (or, for a
  sentence without markers, in any quote), in the figures used, or be the year of a
  cited report. Numbers are compared as values: 14, １４ and 14.0 are the same number.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from core.errors import AnswerRejected
from core.models import Answer, Citation, Figure, Passage
from core.normalise import normalise

MARKER = re.compile(r"\[(\d{1,3})\]")
# A number as written in an answer: 3000, 27.3, 1,200; not the digits of a marker.
_NUMBER = re.compile(r"(?<![\d.\[])(\d+(?:,\d{3})*(?:\.\d+)?)(?![\d\]])")
_CN_NUMERAL = re.compile(r"[零一二两三四五六七八九十百千万]+")
_CN_VALUES = {"零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
              "八": 8, "九": 9}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000, "万": 10000}
_SENTENCE_END = re.compile(r"(?<=[。；！？\n])")


def citation_for(n: int, passage: Passage, quote: str | None = None, title: str = "") -> Citation:
    """A citation of `passage`; the quote defaults to the whole paragraph and must be a
    verbatim part of it."""
    quote = passage.text if quote is None else quote
    if not quote or quote not in passage.text:
        raise AnswerRejected(f"quote is not verbatim text of paragraph {passage.paragraph_id}: "
                             f"{quote[:40]!r}")
    return Citation(n=n, report=passage.source, office=passage.office, year=passage.year,
                    section=passage.section, paragraph=passage.paragraph_id, quote=quote,
                    paragraph_text=passage.text, title=title)


class CitationList:
    """Citations numbered in order of first use, while an answer is written; the same
    quote of the same paragraph keeps its number. Every answer (figures, passages,
    comparisons) numbers its citations with one of these."""

    def __init__(self) -> None:
        self._citations: list[Citation] = []
        self._numbers: dict[tuple[str, str], int] = {}

    def cite(self, passage: Passage, quote: str | None = None, title: str = "") -> int:
        quote = passage.text.strip() if quote is None else quote
        key = (passage.paragraph_id, quote)
        if key not in self._numbers:
            n = len(self._citations) + 1
            self._citations.append(citation_for(n, passage, quote, title))
            self._numbers[key] = n
        return self._numbers[key]

    def citations(self) -> tuple[Citation, ...]:
        return tuple(self._citations)

    def __len__(self) -> int:
        return len(self._citations)


def check_quotes(citations: Sequence[Citation], paragraphs: dict[str, str]) -> list[str]:
    """Problems with the quotes, given the stored original text of each paragraph id."""
    problems = []
    for citation in citations:
        text = paragraphs.get(citation.paragraph)
        if text is None:
            problems.append(f"[{citation.n}] cites an unknown paragraph {citation.paragraph}")
        elif not citation.quote or citation.quote not in text:
            problems.append(f"[{citation.n}] quote is not verbatim text of {citation.paragraph}")
    return problems


def chinese_numeral_value(text: str) -> int | None:
    """十 -> 10, 二十三 -> 23, 一百零五 -> 105; None when it is not a plain numeral."""
    if not text or not _CN_NUMERAL.fullmatch(text):
        return None
    total, section, digit = 0, 0, None
    for char in text:
        if char in _CN_VALUES:
            digit = _CN_VALUES[char]
        elif char == "万":
            section = (section + (digit or 0)) * 10000
            total, section, digit = total + section, 0, None
        else:
            section += (1 if digit is None else digit) * _CN_UNITS[char]
            digit = None
    return total + section + (digit or 0)


def numbers_in(text: str) -> set[float]:
    """Values of the numbers written in text (arabic, after normalisation to half-width,
    and Chinese numerals of at least two characters or with 十/百/千)."""
    plain = MARKER.sub(" ", normalise(text).text)
    values = {float(m.replace(",", "")) for m in _NUMBER.findall(plain)}
    for match in _CN_NUMERAL.findall(plain):
        if len(match) >= 2 or match == "十":
            value = chinese_numeral_value(match)
            if value is not None:
                values.add(float(value))
    return values


def _answer_numbers(sentence: str) -> set[float]:
    """Numbers an answer sentence asserts: arabic ones only (Chinese numerals in an
    answer are words such as 一是, 三方面, and are quoted, not asserted)."""
    plain = MARKER.sub(" ", normalise(sentence).text)
    return {float(m.replace(",", "")) for m in _NUMBER.findall(plain)}


@dataclass(frozen=True)
class NumberProblem:
    sentence: str
    number: float


def derived_values(values: Sequence[float], rows: int = 0) -> set[float]:
    """Numbers a comparison may compute from stated values: differences and sums of
    pairs, the total, shares of the total (one decimal) and counts of offices."""
    values = list(values)
    out: set[float] = set(float(i) for i in range(rows + 1))
    total = sum(values)
    out.add(round(total, 6))
    if len(values) <= 300:
        for i, a in enumerate(values):
            for b in values[i + 1:]:
                out.add(round(abs(a - b), 6))
                out.add(round(a + b, 6))
    if total:
        out |= {round(100 * v / total, 1) for v in values}
    return out


def unsupported_numbers(text: str, citations: Sequence[Citation],
                        figures: Iterable[Figure] = (),
                        require_markers: bool = False,
                        derived: Iterable[float] = ()) -> list[NumberProblem]:
    """Numbers of `text` that nothing supports. A sentence with markers is supported
    only by what it cites: the quotes, and the figures of the cited paragraphs. A
    sentence without markers may lean on any quote or figure of the answer, unless
    `require_markers` (LLM answers must cite every number they state). The years of
    cited reports and of figure periods are always allowed."""
    figures = list(figures)
    by_n = {c.n: c for c in citations}
    years = {float(c.year) for c in citations if c.year}
    for citation in citations:  # section titles are report text too (2018年重点工作安排)
        years |= numbers_in(citation.section)
    for figure in figures:
        years |= {float(y) for y in re.findall(r"\d+", figure.period)}
        if figure.year:
            years.add(float(figure.year))
    derived = {round(v, 6) for v in derived}
    everything = {float(f.value) for f in figures}
    for citation in citations:
        everything |= numbers_in(citation.quote)
    # A verbatim quote of a cited paragraph is the report's own text: its numbers are
    # not the answer's claims (and a long quote spans several sentences).
    for quote in sorted({c.quote for c in citations if len(c.quote) >= 8}, key=len, reverse=True):
        text = text.replace(quote, "〔引文〕")
    problems = []
    for sentence in filter(str.strip, _SENTENCE_END.split(text)):
        asserted = _answer_numbers(sentence) - years
        if not asserted:
            continue
        markers = [int(m) for m in MARKER.findall(sentence)]
        if markers:
            cited = [by_n[n] for n in markers if n in by_n]
            support = set().union(*(numbers_in(c.quote) for c in cited)) if cited else set()
            paragraphs = {c.paragraph for c in cited}
            support |= {float(f.value) for f in figures if f.paragraph_id in paragraphs}
        else:
            support = set() if require_markers else everything
        for number in sorted(asserted - support):
            if round(number, 6) in derived or round(number, 1) in derived:
                continue
            problems.append(NumberProblem(sentence.strip(), number))
    return problems


def unknown_markers(text: str, citations: Sequence[Citation]) -> list[int]:
    known = {c.n for c in citations}
    return sorted({int(m) for m in MARKER.findall(text)} - known)


def check_table(answer: Answer) -> list[str]:
    """Every stated cell of a comparison table cites a quote holding its value."""
    by_n = {c.n: c for c in answer.citations}
    problems = []
    for row in answer.table:
        if row.value is None:
            continue
        citation = by_n.get(row.citation) if row.citation is not None else None
        if citation is None:
            problems.append(f"table cell of {row.office} has no citation")
        elif float(row.value) not in numbers_in(citation.quote) and not any(
                f.paragraph_id == citation.paragraph and float(f.value) == float(row.value)
                for f in answer.figures):
            problems.append(f"table cell of {row.office} ({row.value:g}) is not in its quote")
    return problems


def check_answer(answer: Answer, require_markers: bool = False,
                 allowed: Iterable[float] = ()) -> None:
    """Raise AnswerRejected when a marker names no citation, a quote is not part of its
    paragraph, a table cell is not in its quote, or a number is unsupported. A
    comparison (an answer with a table) may also state differences, totals and shares
    of its stated values."""
    missing = unknown_markers(answer.text, answer.citations)
    if missing:
        raise AnswerRejected(f"markers without a citation: {missing}")
    problems = [p for c in answer.citations if c.paragraph_text
                for p in check_quotes([c], {c.paragraph: c.paragraph_text})]
    problems += check_table(answer)
    if problems:
        raise AnswerRejected("; ".join(problems))
    derived: set[float] = set(allowed)
    if answer.table:
        values = [float(r.value) for r in answer.table if r.value is not None]
        derived |= derived_values(values, len(answer.table))
        derived |= {float(r.year) for r in answer.table if r.year}
    numbers = unsupported_numbers(answer.text, answer.citations, answer.figures,
                                  require_markers, derived)
    if numbers:
        first = numbers[0]
        raise AnswerRejected(f"number {first.number:g} is in no cited quote: {first.sentence[:60]}")
