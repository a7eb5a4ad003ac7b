"""Open figures: every number a report states in prose, whatever it counts.

The metric vocabulary (narrative.py, tables.py) knows the numbers the official format
asks for; users ask about any number (受理各类服务事项144350件, 兼职人员11人, 召开新闻
发布会5场). Here every number with a unit in running text becomes a figure with metric
`open`, its `kind` (count, share, change, rate, amount, duration, rank, ordinal), the
words it counts as `label`, and its clause as the quote. Table cells are the table
reader's and are left out; so are places in a text and dates: 第二十一条, 2019年,
1月24日, 〔2019〕60号, phone and hotline numbers (none carries a unit). A zero in words
(未收到…申请, 未收取任何费用) is a 0 in the unit the vocabulary counts that event in.

A number the vocabulary also reads is kept in both layers: the vocabulary figure says
which official metric it is, the open figure what words it counts, so the open layer
alone holds every number of the prose (the read side ranks it when a question asks no
known metric, and can see when two numbers match equally).

Like narrative.py, numbers are found on the normalised text and spans are mapped back
through the offset map, so quotes are verbatim original text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from core.models import Figure, Paragraph, Report
from core.normalise import normalise

from .clauses import CLAUSE_BREAK_STRICT, Clause, clauses, period_before, trim
from .cues import CUE_RE, QUALIFIES_NEXT, ZERO_METRICS, ZERO_RE, cue_family
from .numbers import Number, find_numbers
from .open_words import (MONEY, after_di, after_di_word, counted_after, counted_before,
                         counted_fallback, full_unit, is_idiom, kind_of)
from core.vocabulary import METRICS

OPEN_METRIC = "open"
MAX_QUOTE = 120  # a clause, not a paragraph: longer clauses are cut around the number

# Titles, document numbers and parentheses without a number are masked (same length):
# a title names years and documents, not figures of this report; a parenthesis with
# numbers (（规范性文件84条，计划规划20条）) states figures and is read.
_TITLE = re.compile(r"《[^《》\n]{0,120}》|〔\d{4}〕")
_PAREN = re.compile(r"[（(][^（）()\n]{0,120}[）)]")
_COUNTED_KINDS = ("count", "amount", "duration")


@dataclass(frozen=True)
class OpenFound:
    """An open figure on normalised text: the span is its clause's, not yet mapped."""

    value: float
    unit: str
    qualifier: str
    kind: str
    label: str
    period: str
    scope: str
    start: int
    end: int


def mask_titles(text: str) -> str:
    def blank(m: re.Match) -> str:
        return "\u3000" * len(m.group())

    masked = _TITLE.sub(blank, text)
    return _PAREN.sub(lambda m: m.group() if any(n.unit for n in find_numbers(m.group()))
                      else blank(m), masked)


class _Scan:
    def __init__(self, text: str, report_year: int | None):
        self.text = text
        self.masked = mask_titles(text)
        self.year = report_year
        self.clauses = clauses(text, self.masked, CLAUSE_BREAK_STRICT)
        self.numbers = find_numbers(text)
        self.sentence_start: dict[int, int] = {}
        for clause in self.clauses:
            self.sentence_start.setdefault(clause.sentence, clause.start)
        self.found: list[OpenFound] = []
        self.last_label: dict[int, str] = {}  # per sentence: the last words counted

    def run(self) -> list[OpenFound]:
        position = 0
        for clause in self.clauses:
            inside = []
            while position < len(self.numbers) and self.numbers[position].start < clause.end:
                number = self.numbers[position]
                if number.start >= clause.start and number.num_end <= clause.end:
                    inside.append(number)
                position += 1
            previous_end = clause.start
            before = len(self.found)
            for number in inside:
                previous_end = self._number(number, clause, previous_end)
            if not any(f.value == 0 for f in self.found[before:]):  # 未收到…申请0件: once
                self._zeros(clause)
        return self._unique()

    def _zeros(self, clause: Clause) -> None:
        """Zero in words (未收到政府信息公开的申请, 未收取任何费用): a 0 of the event the
        clause names, in the unit the vocabulary counts that event in (cues.py)."""
        for zero in ZERO_RE.finditer(self.masked, clause.start, clause.end):
            after = [m for m in CUE_RE.finditer(self.masked, zero.end(), clause.end)]
            named = after or [m for m in CUE_RE.finditer(self.masked, clause.start, zero.start())]
            head = _head_event(self.masked, named)
            if head is None:
                continue
            unit = METRICS[cue_family(head)].unit
            # the words from the event that is zero: 未发生…申请的行政复议 counts reviews
            label = (counted_before(self.masked, head.start(), clause.end, "count") if after
                     else "") or counted_before(self.masked, zero.end(), clause.end, "count") \
                or counted_before(self.masked, clause.start, zero.start(), "count")
            period = period_before(self.masked, self.sentence_start[clause.sentence],
                                   zero.start(), self.year)
            start, stop = trim(self.text, clause.start, clause.end)
            if stop - start > MAX_QUOTE:
                start, stop = trim(self.text, max(start, zero.start() - 40),
                                   min(stop, zero.start() + MAX_QUOTE - 40))
            self.found.append(OpenFound(0.0, unit, "zero_in_words",
                                        "amount" if unit in MONEY else "count", label,
                                        period.period, period.scope, start, stop))
            return  # one zero per clause: the words after it name one event

    def _unit(self, number: Number) -> tuple[str, int, str] | None:
        """(unit, end, qualifier), or None when the number is not a figure."""
        if self.masked[number.num_start] == "\u3000" or is_idiom(self.masked, number):
            return None
        if after_di_word(self.masked, number):
            found = after_di(self.masked, number)
            return None if found is None else (found[0], found[1], number.qualifier)
        unit, end, qualifier = full_unit(self.masked, number)
        if not unit or qualifier == "at_most":  # 以下/以内: a bound, no figure's qualifier
            return None
        return unit, end, qualifier

    def _number(self, number: Number, clause: Clause, previous_end: int) -> int:
        read = self._unit(number)
        if read is None:  # 2019年度共…, 一是…: the words before it still lead to the next
            return previous_end
        unit, end, qualifier = read
        masked = self.masked
        sentence = self.sentence_start[clause.sentence]
        kind = kind_of(unit, masked[max(clause.start, previous_end):number.start],
                       masked[sentence:number.start],
                       rank=unit == "名" and after_di_word(masked, number))
        label = self._label(kind, number, end, clause, previous_end)
        period = period_before(masked, sentence, number.start, self.year)
        start, stop = trim(self.text, clause.start, clause.end)
        if stop - start > MAX_QUOTE:
            start, stop = trim(self.text, max(start, number.start - 70),
                               min(stop, end + MAX_QUOTE - 70))
        self.found.append(OpenFound(number.value, unit, qualifier, kind, label,
                                    period.period, period.scope, start, stop))
        if kind in _COUNTED_KINDS and label:
            self.last_label[clause.sentence] = label
        return end

    def _label(self, kind: str, number: Number, end: int, clause: Clause,
               previous_end: int) -> str:
        masked = self.masked
        if kind in _COUNTED_KINDS:
            after = counted_after(masked, end, clause.end)
            if after:
                return after
        first = clause.start if kind == "rank" else max(clause.start, previous_end)
        before = counted_before(masked, first, number.start, kind)
        if before:
            return before
        if kind in ("share", "change"):  # 民生事项32条，占61.54%: a share of the count before
            inherited = self.last_label.get(clause.sentence, "")
            if inherited:
                return inherited
        return counted_fallback(masked, end, clause.end)

    def _unique(self) -> list[OpenFound]:
        """One figure per statement: a number repeated in its clause is one figure."""
        seen: set[tuple] = set()
        unique = []
        for item in self.found:
            key = (item.start, item.end, item.label, item.kind, item.value, item.unit)
            if key not in seen:
                seen.add(key)
                unique.append(item)
        return unique


def find_open(text: str, report_year: int | None) -> list[OpenFound]:
    """Every open figure of one paragraph's normalised text."""
    return _Scan(text, report_year).run()


def open_figures(report: Report, paragraph: Paragraph) -> list[Figure]:
    """The open figures of one prose paragraph, quotes verbatim from Paragraph.text."""
    if paragraph.table is not None or "|" in paragraph.text:
        return []  # a table, or a row of one: its cells are the table reader's
    found = find_open(paragraph.normalised, report.year)
    mapped = None
    if found and paragraph.text != paragraph.normalised:
        # The offset map is only needed (and only paid for) when there is a figure.
        mapped = normalise(paragraph.text)
        if mapped.text != paragraph.normalised:
            found = find_open(mapped.text, report.year)
    figures = []
    for item in found:
        start, end = mapped.original_span(item.start, item.end) if mapped \
            else (item.start, item.end)
        figures.append(Figure(
            metric=OPEN_METRIC, value=item.value, unit=item.unit, qualifier=item.qualifier,
            period=item.period, scope=item.scope, paragraph_id=paragraph.id,
            span=(start, end), quote=paragraph.text[start:end], label=item.label,
            kind=item.kind, report_id=report.id, office=report.office.name,
            year=report.year))
    return figures


def _head_event(text: str, cues: list) -> "re.Match | None":
    """The event a zero in words is about: the first event word that is not only a
    qualifier of the next one (未发生…政府信息公开申请的行政复议 is about 行政复议)."""
    for cue, following in zip(cues, cues[1:] + [None]):
        if cue_family(cue) not in ZERO_METRICS:
            continue
        if following is not None and QUALIFIES_NEXT.fullmatch(text[cue.end():following.start()]):
            continue
        return cue
    return None
