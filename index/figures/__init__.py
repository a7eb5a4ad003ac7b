"""Deterministic figure extraction: every number a report states, exact and traceable.

`extract_figures(report, paragraphs)` is pure (no I/O, no model). Official tables
(二/三/四, any shape) give one figure per filled cell (tables.py, grids.py); every other
paragraph is read as running text (narrative.py), and each of its numbers is also an
open figure, metric `open`, named by the words it counts (open_figures.py). Patterns are matched on the
normalised text and each span is mapped back, so `Figure.quote` is verbatim original
text containing the number as the report wrote it. docs/FIGURES.md documents the keys.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from core.models import Figure, Paragraph, Report
from core.normalise import normalise

from .consistency import narrative_vs_tables
from .flat import flat_tables
from .grids import table_grid
from .labels import classify
from .narrative import extract_narrative
from .open_figures import open_figures
from .tables import CellFigure, check_t3, check_t4, grid_figures

__all__ = ["FigureResult", "extract_figures"]


@dataclass(frozen=True)
class FigureResult:
    figures: list[Figure]
    warnings: list[str]


def _table_cells(paragraphs: Sequence[Paragraph]) -> tuple[list[CellFigure], list[str], set[int]]:
    cells: list[CellFigure] = []
    warnings: list[str] = []
    used: set[int] = set()
    for i, paragraph in enumerate(paragraphs):
        if paragraph.table is None:
            continue
        used.add(i)
        grid = table_grid(i, paragraph)
        kind = classify([cell.text for row in grid for cell in row])
        if kind:
            found, warned = grid_figures(grid, kind)
            cells += found
            warnings += warned
    flat = flat_tables(paragraphs, used)
    cells += flat.cells
    warnings += flat.warnings + _identities(flat.cells)
    return cells, warnings, used | flat.used


def _identities(cells: Sequence[CellFigure]) -> list[str]:
    """The identity checks of tables read from text (a grid is checked as it is read)."""
    t3 = {(c.row, c.column): c.value for c in cells if c.metric.startswith("t3.")}
    t4 = {(c.row, c.column): c.value for c in cells if c.metric.startswith("t4.")}
    return check_t3(t3) + check_t4(t4)


def extract_figures(report: Report, paragraphs: Sequence[Paragraph]) -> FigureResult:
    """Every figure of one report, and warnings (table identities that do not hold)."""
    common = dict(report_id=report.id, office=report.office.name, year=report.year)
    annual = str(report.year) if report.year else ""
    figures: list[Figure] = []
    cells, warnings, used = _table_cells(paragraphs)
    for cell in cells:
        paragraph = paragraphs[cell.paragraph]
        start, end = cell.span
        figures.append(Figure(
            metric=cell.metric, value=cell.value, unit=cell.unit, qualifier=cell.qualifier,
            period=annual, scope="annual", paragraph_id=paragraph.id, span=(start, end),
            quote=paragraph.text[start:end], label=cell.label, row=cell.row,
            column=cell.column, **common))
    for i, paragraph in enumerate(paragraphs):
        if i in used:
            continue
        found = extract_narrative(paragraph.normalised, paragraph.section, report.year)
        mapped = None
        if found and paragraph.text != paragraph.normalised:
            # The offset map is only needed (and only paid for) when there is a figure.
            mapped = normalise(paragraph.text)
            if mapped.text != paragraph.normalised:
                found = extract_narrative(mapped.text, paragraph.section, report.year)
        for item in found:
            start, end = mapped.original_span(item.start, item.end) if mapped \
                else (item.start, item.end)
            figures.append(Figure(
                metric=item.metric, value=item.value, unit=item.unit,
                qualifier=item.qualifier, period=item.period, scope=item.scope,
                paragraph_id=paragraph.id, span=(start, end),
                quote=paragraph.text[start:end], label=item.label, **common))
        # Every prose number again, by the words it counts (metric "open")
        figures += open_figures(report, paragraph)
    return FigureResult(figures, warnings + narrative_vs_tables(figures, report.year))
