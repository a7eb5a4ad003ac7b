"""Which stated figure answers a metric for one report, and how a figure is shown.

A report may state a metric several times (北沟: 上传14条 and 主动公开14条), as an
annual and a cumulative figure (2017年14条 versus 2013-2017年累计58条), or as a table
cell equivalent to a narrative key (t4.review.total means review.total). The rule: prefer
an annual figure of the report's year; fall back to a cumulative one, whose scope is then
always stated; never invent a figure where the report states none (未报告). Pure
functions, no I/O.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from assistant.answering import wording
from assistant.answering.wording import number_text, period_text
from core.models import Figure, IndexedReport
from core.text import simplified
from core.vocabulary import METRICS

APPROXIMATE = ("more_than", "about", "at_least", "less_than")


@dataclass(frozen=True)
class Pick:
    """The figure that answers `metric` for one report; `figure` None means 未报告."""

    report: IndexedReport
    metric: str
    figure: Figure | None
    # other statements of the same metric and scope in this report with another value:
    # shown, never silently dropped
    conflicts: tuple[Figure, ...] = ()

    @property
    def stated(self) -> bool:
        return self.figure is not None

    @property
    def value(self) -> float | None:
        return None if self.figure is None else self.figure.value

    @property
    def annual(self) -> bool:
        return self.figure is not None and self.figure.scope == "annual"

    @property
    def approximate(self) -> bool:
        return self.figure is not None and self.figure.qualifier in APPROXIMATE


def means(figure: Figure, metric: str) -> bool:
    """Whether the figure answers the metric: the key itself, or a table cell whose
    vocabulary entry says it is the same as that key."""
    if figure.metric == metric:
        return True
    entry = METRICS.get(figure.metric)
    return entry is not None and entry.same_as == metric


def names_metric(figure: Figure, metric: str) -> bool:
    """Whether the quote uses the metric's main phrase (主动公开 for active.total): such a
    sentence is the better citation when a report states the same number twice."""
    entry = METRICS.get(metric)
    return bool(entry and entry.phrases) and entry.phrases[0] in simplified(figure.quote)


def _order(figure: Figure, year: int | None, metric: str) -> tuple:
    # the report's own year first, exact before approximate, the sentence that names
    # the metric, then reading order
    return (figure.period != str(year), figure.qualifier in APPROXIMATE,
            not names_metric(figure, metric), figure.paragraph_id, figure.span)


def _period_end(figure: Figure) -> tuple[int, int]:
    """(year, month) where the figure's period ends: 2013-2017 → (2017, 12);
    ..2017-11 → (2017, 11). Unknown periods sort first."""
    ends = re.findall(r"(\d{4})(?:-(\d{2})(?!\d))?", figure.period)
    if not ends:
        return (0, 0)
    year, month = ends[-1]
    return (int(year), int(month) if month else 12)


def _label_matches(figure: Figure, label: str) -> bool:
    """A total (no label) when no category is asked; else a figure of that category."""
    if not label:
        return not figure.label
    return simplified(label) in simplified(figure.label)


def pick(report: IndexedReport, figures: Iterable[Figure], metric: str,
         label: str = "", prefer: str = "annual") -> Pick:
    """The best figure of `report` for `metric` (figures of other reports are ignored):
    of the preferred scope (annual unless the question asks 累计) if stated, else of the
    other scope."""
    mine = [f for f in figures if f.report_id == report.id and means(f, metric)
            and _label_matches(f, label)]
    annual = sorted((f for f in mine if f.scope == "annual"),
                    key=lambda f: _order(f, report.year, metric))
    cumulative = sorted((f for f in mine if f.scope == "cumulative"),
                        key=lambda f: (_period_end(f), f.qualifier not in APPROXIMATE),
                        reverse=True)
    order = (cumulative, annual) if prefer == "cumulative" else (annual, cumulative)
    for candidates in order:
        if candidates:
            best = candidates[0]
            others = tuple(f for f in candidates[1:]
                           if f.value != best.value and f.period == best.period)
            return Pick(report, metric, best, others)
    return Pick(report, metric, None)


# ---- showing a figure -------------------------------------------------------------------


def unit_of(figure: Figure | None, metric: str) -> str:
    if figure is not None and figure.unit:
        return figure.unit
    entry = METRICS.get(metric)
    return entry.unit if entry else ""


def value_text(figure: Figure, metric: str) -> str:
    """超3000条, 约400条, 10次以上, 不足5件, 0件 — the number as the report qualified it."""
    return wording.value_text(figure, unit_of(figure, metric))


def display(p: Pick) -> str:
    """The table's display cell: 超3000条, 110条（累计，截至2017年11月）, 未报告."""
    if p.figure is None:
        return "未报告"
    text = value_text(p.figure, p.metric)
    if p.figure.scope == "cumulative":
        when = period_text(p.figure.period)
        return f"{text}（累计{'，' + when if when else ''}）"
    if p.figure.qualifier == "zero_in_words":
        return f"{text}（报告写明没有）"
    return text


# Shorter names where the vocabulary's label says more than the reports do (银州区's
# 5 行政复议 are all its cases, not only those about information disclosure).
SHORT_LABELS = {"review.total": "行政复议", "litigation.total": "行政诉讼",
                "appeal.total": "申诉", "complaint.total": "举报投诉",
                "application.received": "收到的政府信息公开申请"}


def metric_label(metric: str) -> str:
    entry = METRICS.get(metric)
    return entry.label if entry else metric


def short_label(metric: str) -> str:
    return SHORT_LABELS.get(metric) or metric_label(metric)


def lower_bound_note(p: Pick) -> str:
    """What an approximate value means when it is ranked or added."""
    if p.figure is None or p.figure.qualifier not in APPROXIMATE:
        return ""
    number = number_text(p.figure.value)
    return {
        "more_than": f"“{value_text(p.figure, p.metric)}”只说明多于{number}，按{number}计",
        "at_least": f"“{value_text(p.figure, p.metric)}”只说明不少于{number}，按{number}计",
        "about": f"“{value_text(p.figure, p.metric)}”是约数，按{number}计",
        "less_than": f"“{value_text(p.figure, p.metric)}”只说明少于{number}，按{number}计",
    }[p.figure.qualifier]


def order_uncertain(higher: Pick, lower: Pick) -> bool:
    """Whether two ranked values could really be in the other order, given their
    qualifiers (超3000 ranked below 3500 could be above it; 约400 below 420 too)."""
    if higher.figure is None or lower.figure is None:
        return False
    hi, lo = higher.figure, lower.figure
    if hi.value == lo.value:  # 未收到 (a zero in words) is as exact as 0件
        return (hi.qualifier != lo.qualifier
                and not {hi.qualifier, lo.qualifier} <= {"exact", "zero_in_words"})
    if lo.qualifier in ("more_than", "at_least") or hi.qualifier == "less_than":
        return True
    if lo.qualifier == "about" and hi.value <= lo.value * 1.1:
        return True
    return hi.qualifier == "about" and lo.value >= hi.value * 0.9


def ranked(picks: Sequence[Pick], ascending: bool = False) -> list[Pick]:
    """Stated picks by value (ties by office name), largest first unless ascending."""
    stated = [p for p in picks if p.figure is not None]
    return sorted(stated, key=lambda p: ((p.value if ascending else -p.value),
                                         p.report.office.short or p.report.office.name))
