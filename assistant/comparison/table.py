"""The comparison table: one row per office (and year, and metric), a citation per cell.

Citation numbers follow the order rows are added; a quote cited twice keeps its number.
The cited paragraphs are fetched from the store in one call when the table is finished,
so a ranking of a hundred offices costs one lookup, not a hundred.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from assistant.comparison.pick import Pick, display, short_label
from core.models import Citation, Figure, IndexedReport, TableRow
from core.store import Store


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
    def __init__(self, store: Store, labels: dict[str, str], show_metric: bool = False):
        self.store = store
        self.labels = labels
        self.show_metric = show_metric  # several metrics in one table: say which
        self.cells: list[Cell] = []
        self._numbers: dict[tuple[str, str], int] = {}
        self._cited: list[tuple[Figure, IndexedReport]] = []

    def label(self, report: IndexedReport) -> str:
        return self.labels.get(report.office.name, report.office.short or report.office.name)

    def cite(self, figure: Figure, report: IndexedReport) -> int:
        key = (figure.paragraph_id, figure.quote)
        if key not in self._numbers:
            self._numbers[key] = len(self._numbers) + 1
            self._cited.append((figure, report))
        return self._numbers[key]

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
        passages = {p.paragraph_id: p for p in
                    self.store.passages([f.paragraph_id for f, _ in self._cited])}
        out = []
        for n, (figure, report) in enumerate(self._cited, start=1):
            passage = passages.get(figure.paragraph_id)
            out.append(Citation(
                n=n, report=report.source, office=report.office.name, year=report.year,
                section=passage.section if passage else "", paragraph=figure.paragraph_id,
                quote=figure.quote, paragraph_text=passage.text if passage else "",
                title=report.title))
        return tuple(out)

    def figures(self) -> tuple[Figure, ...]:
        return tuple(f for f, _ in self._cited)

    def rows(self) -> tuple[TableRow, ...]:
        return tuple(cell.row for cell in self.cells)
