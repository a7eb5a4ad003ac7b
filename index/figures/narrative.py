"""Figures stated in running text (the free-text reports before 2019, and the prose
parts of later ones).

A paragraph is cut into sentences and clauses (clauses.py). A number counts as a
figure only when it carries a unit and a cue (cues.py) in its clause says what it
counts: the nearest cue before it, else the first after it. Context carried through the
paragraph resolves the rest:

- after a 主动公开 total, an uncued `N条` is a category of it (财务公开18条), and a
  percentage with 占/百分比 is the share of the category just counted;
- after a 行政复议 / 行政诉讼 count, 维持 / 胜诉 / 审理中 … are its outcomes;
- a zero in words (未收到, 未发生, 无…情况发生) is a 0 for every event named after it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .clauses import Clause, Period, clauses, mask_asides, period_before, trim
from .cues import CUE_RE, QUALIFIES_NEXT, UNITS, ZERO_METRICS, ZERO_RE, cue_family
from .numbers import Number, find_numbers
from core.vocabulary import METRICS


@dataclass(frozen=True)
class Found:
    """A figure on normalised text: the span is the quote's, not yet mapped back."""

    metric: str
    value: float
    unit: str
    qualifier: str
    period: str
    scope: str
    start: int
    end: int
    label: str = ""


@dataclass(frozen=True)
class _Cue:
    start: int
    end: int
    family: str
    text: str


_SUB = {("review", "upheld"), ("review", "corrected"), ("review", "withdrawn"),
        ("litigation", "won"), ("litigation", "lost")}
_PLACE_FAMILIES = ("channel.reading_points", "channel.columns")
_ASIDE_BLOCK = re.compile(r"\u3000+")
_LEAD = re.compile(r"^(?:[、和及与并且其中另外此外同时以及，,：:\s]|全年|年度内|本年度?|今年|\d{4}年度?|共计)+")
_TAIL = re.compile(r"(?:共计|合计|总计|共|计|为|达到|达|有|约|累计|[，,：:\s])+$")
_VERB = re.compile(r"^(?:开设|设置|设立|建设|新增|开通|建立)")
_TOPIC = re.compile(r"^[（(][一二三四五六七八九十]+[）)](.{2,12}?信息)公开$")
_AFTER_UNIT = re.compile(r"[^和及与的、，,；;。\s]{1,6}")


@dataclass
class _Context:
    """What the paragraph has said so far."""

    total: Found | None = None  # the last 主动公开 total
    category: Found | None = None  # the last category count
    case: str = ""  # "review" / "litigation": the case type last counted


def _label(masked: str, start: int, end: int) -> str:
    text = _ASIDE_BLOCK.sub("", masked[start:end])
    text = _TAIL.sub("", _LEAD.sub("", text))
    return text.strip()


def _resolve(cue: _Cue, number: Number, ctx: _Context) -> str | None:
    """The metric a cue gives this number, or None when they do not fit together."""
    family = cue.family
    if family == "category":
        metric = "active.category"
    elif family == "share":
        metric = "active.category_share" if ctx.category else None
    elif family == "training":
        metric = "training.participants" if number.unit in ("人次", "人") else "training.sessions"
    elif family.startswith("sub."):
        outcome = family[4:]
        metric = f"{ctx.case}.{outcome}" if (ctx.case, outcome) in _SUB else None
    elif family == "pending":
        metric = f"{ctx.case}.pending" if ctx.case else None
    else:
        metric = family
    if metric is None or number.unit not in UNITS.get(metric, ()):
        return None
    return metric


class _Paragraph:
    def __init__(self, text: str, section: str, report_year: int | None):
        self.text = text
        self.masked = mask_asides(text)
        self.year = report_year
        self.clauses = clauses(text, self.masked)
        self.cues = [_Cue(m.start(), m.end(), cue_family(m), m.group())
                     for m in CUE_RE.finditer(self.masked)]
        self.numbers = [n for n in find_numbers(text)
                        if n.unit and self.masked[n.num_start] != "\u3000"]
        self.sentence_start: dict[int, int] = {}
        for clause in self.clauses:
            self.sentence_start.setdefault(clause.sentence, clause.start)
        last = section.rsplit(" > ", 1)[-1]
        topic = _TOPIC.match(last)
        self.topic = topic.group(1) if topic else ""
        self.ctx = _Context()
        self.found: list[Found] = []

    def in_clause(self, items, clause: Clause):
        return [x for x in items if x.start >= clause.start and x.end <= clause.end]

    def run(self) -> list[Found]:
        for index, clause in enumerate(self.clauses):
            numbers = self.in_clause(self.numbers, clause)
            following = self.clauses[index + 1] if index + 1 < len(self.clauses) else None
            if following is not None and following.sentence != clause.sentence:
                following = None
            zeros = self._zeros(clause)
            # 无一例: the 一例 inside a zero phrase is part of the words for zero
            numbers = [n for n in numbers
                       if not any(z.start() <= n.num_start < z.end() for z in zeros)]
            events = sorted([(n.start, n) for n in numbers] + [(z.start(), z) for z in zeros],
                            key=lambda event: event[0])
            previous_end = clause.start
            for _, item in events:
                if isinstance(item, Number):
                    self._number(item, clause, following, previous_end)
                    previous_end = item.end
                else:
                    self._zero(item, clause)
        return self.found

    def _zeros(self, clause: Clause) -> list[re.Match]:
        return [m for m in ZERO_RE.finditer(self.masked, clause.start, clause.end)]

    def _period(self, clause: Clause, position: int):
        return period_before(self.masked, self.sentence_start[clause.sentence], position, self.year)

    def _emit(self, metric: str, number: Number, clause: Clause, label: str = "",
              quote_start: int | None = None, quote_end: int | None = None,
              inherit: bool = False) -> Found:
        period = self._period(clause, number.start)
        if metric == "active.monthly_target":  # a rate: 每月 is its own period
            period = Period(str(self.year) if self.year else "", "annual")
        if inherit and self.ctx.total is not None and period.scope == "annual" \
                and period.period == (str(self.year) if self.year else ""):
            # a category or share keeps the period of the total it divides
            period = Period(self.ctx.total.period, self.ctx.total.scope)
        start, end = trim(self.text, clause.start if quote_start is None else quote_start,
                          clause.end if quote_end is None else quote_end)
        found = Found(metric, number.value, number.unit, number.qualifier,
                      period.period, period.scope, start, end, label)
        self.found.append(found)
        return found

    def _number(self, number: Number, clause: Clause, following: Clause | None,
                previous_end: int) -> None:
        if number.qualifier == "at_most":
            return  # 以下 / 不超过: a bound the vocabulary has no qualifier for
        cues = self.in_clause(self.cues, clause)
        before = [c for c in cues if c.end <= number.start][::-1]
        after = [c for c in cues if c.start >= number.end]
        quote_end = None
        metric = cue = None
        for candidate in before + after:
            metric = _resolve(candidate, number, self.ctx)
            if metric:
                cue = candidate
                break
        if metric is None and following is not None and number.unit in ("个", "处") \
                and not self.in_clause(self.numbers, following):
            for candidate in self.in_clause(self.cues, following):
                if candidate.family in _PLACE_FAMILIES:
                    metric = _resolve(candidate, number, self.ctx)
                    if metric:
                        cue, quote_end = candidate, following.end
                        break
        if metric is None and number.unit in ("条", "件") and self.ctx.total is not None \
                and self._sentence_of(self.ctx.total.start) == clause.sentence:
            metric = "active.category"  # 累计公开信息110条，财务公开18条
        if metric is None:
            return
        self._record(metric, number, clause, cue, previous_end, quote_end)

    def _record(self, metric: str, number: Number, clause: Clause, cue: _Cue | None,
                previous_end: int, quote_end: int | None) -> None:
        label = ""
        if metric == "active.category":
            if cue is not None and cue.text.startswith("“"):
                label = cue.text[1:-1]
            else:
                label = _label(self.masked, max(clause.start, previous_end), number.start)
            if self.topic and self.topic not in label:
                label = f"{self.topic}：{label}" if label else self.topic
            if not label:
                return
            self.ctx.category = self._emit(metric, number, clause, label, inherit=True)
        elif metric == "active.category_share":
            category = self.ctx.category
            same_sentence = self._sentence_of(category.start) == clause.sentence
            self._emit(metric, number, clause, category.label,
                       quote_start=category.start if same_sentence else None, inherit=True)
        elif metric == "channel.columns":
            text = _label(self.masked, max(clause.start, previous_end), number.start)
            label = _VERB.sub("", text.rsplit("等", 1)[-1])
            self._emit(metric, number, clause, label, quote_end=quote_end)
        elif metric == "channel.reading_points":
            after = _AFTER_UNIT.match(self.text, number.end)
            label = after.group() if after and (cue is None or cue.start > number.end) else ""
            self._emit(metric, number, clause, label, quote_end=quote_end)
        else:
            found = self._emit(metric, number, clause)
            if metric == "active.total":
                self.ctx.total = found
            elif metric in ("review.total", "litigation.total"):
                self.ctx.case = metric.split(".")[0]

    def _sentence_of(self, position: int) -> int:
        for clause in self.clauses:
            if clause.start <= position < clause.end:
                return clause.sentence
        return -1

    def _zero(self, zero: re.Match, clause: Clause) -> None:
        cues = self.in_clause(self.cues, clause)
        named = [c for c in cues if c.start >= zero.end()] or \
                [c for c in cues if c.end <= zero.start()]
        metrics: list[str] = []
        ordered = sorted(named, key=lambda c: c.start)
        for cue, following in zip(ordered, ordered[1:] + [None]):
            if following is not None and QUALIFIES_NEXT.fullmatch(
                    self.masked[cue.end:following.start]):
                continue  # 申请的行政复议: a review about requests, not a request
            if cue.family in ZERO_METRICS and cue.family not in metrics:
                metrics.append(cue.family)
        period = self._period(clause, zero.start())
        start, end = trim(self.text, clause.start, clause.end)
        for metric in metrics:
            self.found.append(Found(metric, 0.0, METRICS[metric].unit, "zero_in_words",
                                    period.period, period.scope, start, end))


def extract_narrative(text: str, section: str, report_year: int | None) -> list[Found]:
    """Every narrative figure of one paragraph's normalised text."""
    return _Paragraph(text, section, report_year).run()
