"""Where a table figure's value stands inside its quote, the table row as the source
has it (`规范性文件 | 11 | 11 | 119 |`, `四、结转下年度继续办理 0 0 0 0 0 0 0`), so the
sources panel can highlight the cell (issue 11, item 5).

The row's cells are the number tokens that stand alone (between separators or at an
end, a unit such as 万元 allowed after it), so the digits of a label (`1.属于国家秘密`,
`（三）`) are not cells. The cell is the one at the column's place in the schema when the
row has as many cells as its table's columns; else the one cell holding the value, when
only one does. Otherwise nothing is highlighted: a wrong cell is worse than none.
"""

from __future__ import annotations

import re

from core.models import Figure
from core.table_schema import T2_SECTIONS, T3_SCHEMA_COLUMNS, T4_SCHEMA_CELLS
from core.vocabulary import T4_RESULTS

_CELL = re.compile(r"(?<![\w.])(-?\d+(?:\.\d+)?)(?:万元|元|件|条|项|个)?(?=$|[\s|｜,，;；]|</?t[dh])")


def _cells(quote: str) -> list[tuple[float, int, int]]:
    return [(float(m.group(1)), m.start(1), m.end(1)) for m in _CELL.finditer(quote)]


def _places(figure: Figure) -> list[tuple[int, int]]:
    """(number of cells, index of this figure's cell) for the shapes its row may have."""
    table = figure.metric[:2]
    if table == "t3":
        return [(len(T3_SCHEMA_COLUMNS), T3_SCHEMA_COLUMNS.index(figure.column))] \
            if figure.column in T3_SCHEMA_COLUMNS else []
    if table == "t4":
        case = figure.row
        places = [(len(T4_RESULTS), list(T4_RESULTS).index(figure.column))] \
            if figure.column in T4_RESULTS else []
        if (case, figure.column) in T4_SCHEMA_CELLS:  # all 15 cells on one line
            places.append((len(T4_SCHEMA_CELLS), T4_SCHEMA_CELLS.index((case, figure.column))))
        return places
    places = []
    for sections in T2_SECTIONS.values():
        for section in sections:
            if figure.row in section.rows and figure.column in section.columns:
                places.append((len(section.columns), section.columns.index(figure.column)))
    return places


def cell_span(quote: str, figure: Figure) -> tuple[int, int] | None:
    """The span of the figure's value in `quote`, or None when it cannot be told."""
    if not figure.row:
        return None
    cells = _cells(quote)
    for count, index in _places(figure):
        if len(cells) == count and abs(cells[index][0] - figure.value) < 1e-9:
            return cells[index][1], cells[index][2]
    same = [c for c in cells if abs(c[0] - figure.value) < 1e-9]
    if len(same) == 1:
        return same[0][1], same[0][2]
    return None
