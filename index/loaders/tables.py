"""Turning the cells a format gives into a `Table`: one clean line per cell, a
rectangular grid, merged cells repeated into every position they cover."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from core.models import Table

from .base import has_text, join_pieces


@dataclass(frozen=True)
class SpanCell:
    """A cell as HTML writes it: text plus how many rows and columns it covers."""

    text: str
    rowspan: int = 1
    colspan: int = 1


def clean_cell(text: str | None) -> str:
    """A cell as one line: the lines inside it joined (see base.join_pieces)."""
    if not text:
        return ""
    return join_pieces(text.splitlines())


def make_table(rows: Sequence[Sequence[str | None]]) -> Table | None:
    """A rectangular Table from rows of cell texts, or None when no cell has text.
    Rows and columns that are empty throughout are dropped: they are layout, not data."""
    grid = [[clean_cell(cell) for cell in row] for row in rows]
    grid = [row for row in grid if any(has_text(cell) for cell in row)]
    if not grid:
        return None
    width = max(len(row) for row in grid)
    grid = [row + [""] * (width - len(row)) for row in grid]
    keep = [j for j in range(width) if any(has_text(row[j]) for row in grid)]
    return Table(rows=tuple(tuple(row[j] for j in keep) for row in grid))


def expand_spans(rows: Sequence[Sequence[SpanCell]]) -> list[list[str]]:
    """Lay out cells with rowspan/colspan on a grid, repeating a merged cell's text into
    every position it covers (so each row can be read on its own)."""
    grid: dict[tuple[int, int], str] = {}
    for i, row in enumerate(rows):
        j = 0
        for cell in row:
            while (i, j) in grid:  # skip positions filled by a rowspan from above
                j += 1
            for di in range(max(1, cell.rowspan)):
                for dj in range(max(1, cell.colspan)):
                    grid.setdefault((i + di, j + dj), cell.text)
            j += max(1, cell.colspan)
    if not grid:
        return []
    height = max(i for i, _ in grid) + 1
    width = max(j for _, j in grid) + 1
    # A rowspan reaching past the last <tr> does not create rows of its own.
    height = min(height, len(rows))
    return [[grid.get((i, j), "") for j in range(width)] for i in range(height)]
