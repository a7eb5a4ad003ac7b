"""Which reports a comparison covers, and which report answers for each office.

A comparison names offices (A versus B, one office across years) or a group (all
offices, those of a region, a level such as 各街道, or a year). When no year is asked,
each office is represented by its latest report that states the metric as an annual
figure, else its latest cumulative figure, else its latest report (未报告); the answer
then says that the years differ.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from assistant.comparison.pick import Pick, pick
from core.models import Figure, IndexedReport, Question
from assistant.question.offices import core_of, office_type
from core.text import simplified
from core.vocabulary import METRICS

# Metrics counted per category (the category is the figure's label).
_BY_CATEGORY = {key for key, m in METRICS.items() if "label" in m.label}
def _in_region(report: IndexedReport, region: str) -> bool:
    region = simplified(region)
    core = core_of(region) or region
    places = [simplified(p) for p in report.office.region]
    return (region in places or any(core_of(p) == core for p in places)
            or region in simplified(report.office.name))


def select_reports(question: Question, reports: Sequence[IndexedReport]) -> list[IndexedReport]:
    """The reports the comparison is about, oldest first within each office."""
    chosen = list(reports)
    if question.offices:
        names = {o.name for o in question.offices}
        chosen = [r for r in chosen if r.office.name in names]
    else:
        if question.region:
            chosen = [r for r in chosen if _in_region(r, question.region)]
        levels = question.levels
        if levels:
            chosen = [r for r in chosen
                      if office_type(simplified(r.office.short or r.office.name)) in levels]
    if question.years:
        chosen = [r for r in chosen if r.year in question.years]
    return sorted(chosen, key=lambda r: (r.office.name, r.year or 0, r.source))


def by_office(reports: Iterable[IndexedReport]) -> dict[str, list[IndexedReport]]:
    """Office full name → its reports, oldest first (insertion order: by name)."""
    grouped: dict[str, list[IndexedReport]] = {}
    for report in sorted(reports, key=lambda r: (r.office.name, r.year or 0, r.source)):
        grouped.setdefault(report.office.name, []).append(report)
    return grouped


@dataclass(frozen=True)
class Picker:
    """How a report's figure is chosen for one question: the category it names (for
    metrics counted by category), and 累计 preferred when the question says so."""

    by_report: dict[str, tuple[Figure, ...]]  # report id -> its figures
    label: str = ""
    prefer: str = "annual"

    @classmethod
    def for_question(cls, question: Question, figures: Sequence[Figure]) -> "Picker":
        by_report: dict[str, list[Figure]] = {}
        for figure in figures:
            by_report.setdefault(figure.report_id, []).append(figure)
        prefer = "cumulative" if question.scope == "cumulative" else "annual"
        return cls({k: tuple(v) for k, v in by_report.items()}, question.label, prefer)

    def __call__(self, report: IndexedReport, metric: str) -> Pick:
        label = self.label if metric in _BY_CATEGORY else ""
        return pick(report, self.by_report.get(report.id, ()), metric, label, self.prefer)


def latest_pick(reports: Sequence[IndexedReport], choose: Picker, metric: str) -> Pick:
    """The office's most recent figure of the preferred scope, else its most recent one
    of the other scope, else its latest report marked 未报告."""
    picks = [choose(r, metric) for r in sorted(reports, key=lambda r: r.year or 0,
                                                reverse=True)]
    other = "cumulative" if choose.prefer == "annual" else "annual"
    for wanted in (choose.prefer, other):
        for p in picks:
            if p.figure is not None and p.figure.scope == wanted:
                return p
    return picks[0]


def common_year(groups: dict[str, list[IndexedReport]], choose: Picker,
                metric: str) -> int | None:
    """The latest year in which every office states the metric as an annual figure."""
    per_office = []
    for reports in groups.values():
        per_office.append({r.year for r in reports
                           if r.year is not None and choose(r, metric).annual})
    shared = set.intersection(*per_office) if per_office else set()
    return max(shared) if shared else None


def missing_years(question: Question, reports: Sequence[IndexedReport]) -> tuple[str, ...]:
    """An office the question lists with no report of the years asked is said, with the
    years that are indexed, never silently left out of the comparison."""
    if not question.years or not question.offices:
        return ()
    notes = []
    for office in question.offices:
        years = sorted({r.year for r in reports if r.office.name == office.name and r.year})
        if years and not set(years) & set(question.years):
            asked = "、".join(str(y) for y in question.years)
            notes.append(f"（{office.short or office.name}没有{asked}年的报告"
                         f"（已索引：{'、'.join(str(y) for y in years)}年），未列入比较。）")
    return tuple(notes)
