"""The comparison table: one row per office (and year, and metric), a citation per cell.

Citation numbers follow the order rows are added; a quote cited twice keeps its number.
The cited paragraphs come from the corpus snapshot (in memory), so a ranking of a
hundred offices asks the store nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from typing import Any

from assistant.answering.citations import CitationList
from assistant.comparison.pick import Pick, display, short_label
from core.models import Citation, Figure, IndexedReport, Passage, TableRow


def office_labels(reports: Sequence[IndexedReport]) -> dict[str, str]:
    """Full name → what the table shows: the short name, unless two different offices
    share it (two 长安街道 in different cities), then the full name."""
    by_short: dict[str, set[str]] = {}
    for report in reports:
        short = report.office.short or report.office.name
        by_short.setdefault(short, set()).add(report.office.name)
    labels = {}
    for report in reports:
        short = report.office.short or report.office.name
        labels[report.office.name] = (short if len(by_short[short]) == 1
                                      else report.office.name)
    return labels


@dataclass(frozen=True)
class Cell:
    """A table row with the pick behind it (the text is written from these)."""

    pick: Pick
    row: TableRow
    label: str  # the office as shown


class TableBuilder:
    def __init__(self, snapshot: Any, labels: dict[str, str], show_metric: bool = False):
        self.snapshot = snapshot  # assistant.retrieval.corpus.CorpusSnapshot
        self.labels = labels
        self.show_metric = show_metric  # several metrics in one table: say which
        self.cells: list[Cell] = []
        self._list = CitationList()
        self._cited: dict[int, Figure] = {}

    def label(self, report: IndexedReport) -> str:
        return self.labels.get(report.office.name, report.office.short or report.office.name)

    def cite(self, figure: Figure, report: IndexedReport) -> int:
        found = self.snapshot.passages([figure.paragraph_id])
        passage = found[0] if found else Passage(  # a figure whose paragraph is not listed
            figure.paragraph_id, report.id, report.source, report.office.name,
            report.office.short, report.year, "", figure.quote)
        n = self._list.cite(passage, figure.quote, report.title)
        self._cited.setdefault(n, figure)
        return n

    def add(self, pick: Pick, note: str = "") -> Cell:
        n = self.cite(pick.figure, pick.report) if pick.figure is not None else None
        shown = display(pick)
        if note:
            shown = f"{shown}（{note}）"
        if self.show_metric:
            shown = f"{short_label(pick.metric)}：{shown}"
        f = pick.figure
        row = TableRow(
            office=self.label(pick.report), year=pick.report.year,
            value=None if f is None else f.value,
            qualifier="" if f is None else f.qualifier,
            scope="" if f is None else f.scope, citation=n, display=shown)
        cell = Cell(pick, row, row.office)
        self.cells.append(cell)
        return cell

    def marker(self, pick: Pick) -> str:
        """[n] of a stated pick ('' for 未报告), for the answer's sentence."""
        if pick.figure is None:
            return ""
        return f"[{self.cite(pick.figure, pick.report)}]"

    def citations(self) -> tuple[Citation, ...]:
        return self._list.citations()

    def figures(self) -> tuple[Figure, ...]:
        return tuple(self._cited[n] for n in sorted(self._cited))

    def rows(self) -> tuple[TableRow, ...]:
        return tuple(cell.row for cell in self.cells)
