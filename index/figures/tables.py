"""The official tables 二, 三 and 四 as figures, one per filled cell.

A table arrives as a grid of cells (from a `Table`, whatever format it came in, or
rebuilt from one cell per line by flat.py). Header rows are read for the column keys,
label cells for the row keys (vocabulary.py names both); every value cell becomes a
figure. A blank cell (empty, -, /) is not zero: it gives no figure. The identities of the
official format are checked on the values read and each violation becomes a warning;
nothing is corrected.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from core.vocabulary import (T2_CELLS, T2_COLUMNS, T2_ROWS, T3_APPLICANT_COLUMNS, T3_COLUMNS,
                             T3_ROWS, T4_CASES)

from core.table_schema import T3_SCHEMA_COLUMNS, T4_SCHEMA_CELLS

from .labels import (T2_COLUMN_PATTERNS, T3_COLUMN_NAMES, T3_ROW_PATTERNS, T4_RESULT_NAMES,
                     clean, first_match, t2_row)
from .numbers import parse_cell


@dataclass(frozen=True)
class GridCell:
    text: str  # normalised cell text
    paragraph: int  # index into the paragraphs given
    span: tuple[int, int]  # the quote's span in that paragraph's original text


@dataclass(frozen=True)
class CellFigure:
    paragraph: int
    span: tuple[int, int]
    metric: str
    value: float
    unit: str
    qualifier: str
    label: str
    row: str
    column: str


Grid = Sequence[Sequence[GridCell]]

def _is_value(cell: GridCell) -> bool:
    return parse_cell(cell.text) is not None


def _t3_column(labels: list[str]) -> str | None:
    for label in reversed(labels):  # the lowest header row is the most specific
        if label in T3_COLUMN_NAMES:
            return T3_COLUMN_NAMES[label]
    return None


def _t4_column(labels: list[str]) -> str | None:
    joined = "|".join(labels)
    case = ("litigation_direct" if "未经复议" in joined else
            "litigation_after_review" if "复议后起诉" in joined else
            "review" if "行政复议" in joined else None)
    result = next((T4_RESULT_NAMES[x] for x in reversed(labels) if x in T4_RESULT_NAMES), None)
    return f"{case}.{result}" if case and result else None


T4_KEYS = tuple(f"{case}.{result}" for case, result in T4_SCHEMA_CELLS)


def _header_columns(grid: Grid, kind: str) -> tuple[dict[int, str], int]:
    """Column keys of a t3/t4 table (first index per key), and the first data row."""
    first_data = next((i for i, row in enumerate(grid)
                       if sum(_is_value(c) for c in row) >= 2), len(grid))
    width = max((len(row) for row in grid), default=0)
    columns: dict[int, str] = {}
    for j in range(width):
        labels: list[str] = []
        for row in grid[:first_data]:
            if j < len(row) and clean(row[j].text) and clean(row[j].text) not in labels:
                labels.append(clean(row[j].text))
        key = _t3_column(labels) if kind == "t3" else _t4_column(labels)
        if key and key not in columns.values():
            columns[j] = key
    wanted = T3_SCHEMA_COLUMNS if kind == "t3" else T4_KEYS
    if len(columns) < len(wanted) and width >= len(wanted) + (kind == "t3"):
        # The header does not name every column (placeholders such as 数据1…数据7, or
        # a header lost in conversion): the official form fixes the value columns as
        # the last ones, in its order.
        columns = {width - len(wanted) + k: key for k, key in enumerate(wanted)}
    return columns, first_data


def _figure(cell: GridCell, metric: str, unit: str, label: str, row: str,
            column: str, values: dict) -> CellFigure | None:
    number = parse_cell(cell.text)
    if number is None or number.qualifier == "at_most":
        return None
    values[(row, column)] = number.value
    return CellFigure(cell.paragraph, cell.span, metric, number.value, number.unit or unit,
                      number.qualifier, label, row, column)


def _label(row: Sequence[GridCell], columns: dict[int, str]) -> str:
    parts: list[str] = []
    for j, cell in enumerate(row):
        text = cell.text.strip()
        # a merged value cell repeats into columns the header did not key: not a label
        if j not in columns and text and text not in parts and not _is_value(cell):
            parts.append(text)
    return " ".join(parts)


def _t3(grid: Grid) -> tuple[list[CellFigure], dict]:
    columns, first_data = _header_columns(grid, "t3")
    figures, values = [], {}
    for row in grid[first_data:]:
        label = _label(row, columns)
        key = first_match(T3_ROW_PATTERNS, clean(label))
        if key is None:
            continue
        for j, col in columns.items():
            if j < len(row) and (f := _figure(row[j], f"t3.{key}.{col}", "件", T3_ROWS[key],
                                              key, col, values)):
                figures.append(f)
    return figures, values


def _t4(grid: Grid) -> tuple[list[CellFigure], dict]:
    columns, first_data = _header_columns(grid, "t4")
    figures, values = [], {}
    for row in grid[first_data:first_data + 1]:  # one data row: the year's cases
        for j, key in columns.items():
            case, result = key.split(".")
            if j < len(row) and (f := _figure(row[j], f"t4.{key}", "件", T4_CASES[case], case,
                                              result, values)):
                figures.append(f)
    return figures, values


def _t2(grid: Grid) -> tuple[list[CellFigure], dict]:
    figures, values = [], {}
    columns: dict[int, str] = {}
    for row in grid:
        found = {j: first_match(T2_COLUMN_PATTERNS, clean(c.text)) for j, c in enumerate(row)}
        if any(found.values()) and not any(_is_value(c) for c in row):
            columns = {}
            for j, key in found.items():  # merged headers repeat: keep the first index
                if key and key not in columns.values():
                    columns[j] = key
            continue
        label = _label(row, columns)
        key = t2_row(clean(label))
        if key is None:
            continue
        for j, col in columns.items():
            if col in T2_CELLS[key] and j < len(row):
                unit = T2_COLUMNS[col][1]
                f = _figure(row[j], f"t2.{key}.{col}", unit, T2_ROWS[key], key, col, values)
                if f:
                    figures.append(f)
    return figures, values


def _close(a: float, b: float) -> bool:
    return abs(a - b) < 1e-6


def _fmt(x: float) -> str:
    return f"{x:g}"


def check_t3(values: dict) -> list[str]:
    """Table 三 identities; a check is skipped where a cell it needs is blank."""
    warnings: list[str] = []
    outcome_rows = [r for r in T3_ROWS if r not in ("new", "carried_in", "total", "carried_out")]
    for col, col_label in T3_COLUMNS.items():
        got = {r: values[(r, col)] for r in T3_ROWS if (r, col) in values}
        if all(r in got for r in ("new", "carried_in", "total", "carried_out")):
            left, right = got["new"] + got["carried_in"], got["total"] + got["carried_out"]
            if not _close(left, right):
                warnings.append(f"表三「{col_label}」列：本年新收+上年结转={_fmt(left)}，"
                                f"办理结果总计+结转下年度={_fmt(right)}，两者不等")
        # 2021 splits （六）其他处理 into three items; 2019 has the one row.
        split = any(r.startswith("other.") for r in got)
        if split:
            parts = [r for r in outcome_rows if r != "other"]
        else:
            parts = [r for r in outcome_rows if not r.startswith("other.")]
        if "total" in got and all(r in got for r in parts):
            total = sum(got[r] for r in parts)
            if not _close(total, got["total"]):
                warnings.append(f"表三「{col_label}」列：（七）总计={_fmt(got['total'])}，"
                                f"各项办理结果之和={_fmt(total)}，两者不等")
    for row, row_label in T3_ROWS.items():
        cells = [values.get((row, col)) for col in T3_APPLICANT_COLUMNS]
        total = values.get((row, "total"))
        if total is not None and all(c is not None for c in cells) \
                and not _close(sum(cells), total):
            warnings.append(f"表三「{row_label}」行：总计={_fmt(total)}，"
                            f"各申请人之和={_fmt(sum(cells))}，两者不等")
    return warnings


def check_t4(values: dict) -> list[str]:
    warnings: list[str] = []
    for case, case_label in T4_CASES.items():
        parts = [values.get((case, r)) for r in ("upheld", "corrected", "other", "pending")]
        total = values.get((case, "total"))
        if total is not None and all(p is not None for p in parts) \
                and not _close(sum(parts), total):
            warnings.append(f"表四「{case_label}」：总计={_fmt(total)}，"
                            f"维持+纠正+其他+尚未审结={_fmt(sum(parts))}，两者不等")
    return warnings


def grid_figures(grid: Grid, kind: str) -> tuple[list[CellFigure], list[str]]:
    """Figures of one official table, and the warnings its identities raise."""
    if kind == "t3":
        figures, values = _t3(grid)
        return figures, check_t3(values)
    if kind == "t4":
        figures, values = _t4(grid)
        return figures, check_t4(values)
    if kind == "t2":
        return _t2(grid)[0], []
    return [], []
