"""Grids of cells for tables.py, from the two shapes a table reaches the index in:

- a paragraph carrying a `Table` (markdown, HTML, docx and PDF loaders all give one; the
  paragraph text is the table as markdown, one line per row): each cell quotes its row's
  line, so the quote holds the row label and the number;
- a table flattened to one cell per line (a text copy of a web table): a run of short
  paragraphs, rebuilt into rows from the header it starts with. Each cell quotes its own
  line. A row whose cell count does not fit the header cannot be aligned (a blank cell
  leaves no line) and is skipped with a warning.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from core.models import Paragraph
from core.normalise import normalise

from .clauses import trim
from .numbers import parse_cell
from .tables import (T2_COLUMN_PATTERNS, T2_ROW_PATTERNS, T3_COLUMN_NAMES, T3_ROW_PATTERNS,
                     T4_RESULT_NAMES, GridCell, first_match, classify, clean)

_DASH = re.compile(r"[-—–/／]")
_SEPARATOR = re.compile(r"^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?$")


def _row_lines(text: str, count: int) -> list[tuple[int, int]] | None:
    """Spans of the markdown row lines of a table paragraph, or None if they do not
    match the table's rows one for one."""
    spans, pos = [], 0
    for line in text.split("\n"):
        start, end = trim(text, pos, pos + len(line))
        pos += len(line) + 1
        if start < end and not _SEPARATOR.match(text[start:end]):
            spans.append((start, end))
    return spans if len(spans) == count else None


def table_grid(index: int, paragraph: Paragraph) -> list[list[GridCell]]:
    rows = paragraph.table.rows
    lines = _row_lines(paragraph.text, len(rows))
    whole = trim(paragraph.text, 0, len(paragraph.text))
    return [[GridCell(normalise(cell).text, index, lines[i] if lines else whole) for cell in row]
            for i, row in enumerate(rows)]


# --- one cell per line -----------------------------------------------------------------
_MAX_CELL = 60  # a cell line is short and holds no full stop
_STARTS = {"信息内容", "申请人情况", "自然人", "行政复议", "行政诉讼"}
_T3_ORDER = ("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计")
_T4_CASES = {"行政复议": "review", "未经复议直接起诉": "litigation_direct",
             "复议后起诉": "litigation_after_review"}


def _is_cell(paragraph: Paragraph) -> bool:
    text = paragraph.normalised.strip()
    return paragraph.table is None and 0 < len(text) <= _MAX_CELL and "。" not in text[:-1]


def flat_runs(paragraphs: Sequence[Paragraph]) -> list[tuple[int, int, str]]:
    """(first, end, kind) of each run of one-cell lines that is an official table."""
    runs: list[tuple[int, int, str]] = []
    i = 0
    while i < len(paragraphs):
        if _is_cell(paragraphs[i]) and clean(paragraphs[i].normalised) in _STARTS:
            j = i
            while j < len(paragraphs) and _is_cell(paragraphs[j]):
                j += 1
            kind = classify([p.normalised for p in paragraphs[i:j]])
            values = sum(parse_cell(p.normalised) is not None for p in paragraphs[i:j])
            if kind and values >= 2:
                runs.append((i, j, kind))
                i = j
                continue
        i += 1
    return runs


def _cell(index: int, paragraph: Paragraph) -> GridCell:
    return GridCell(paragraph.normalised.strip(), index,
                    trim(paragraph.text, 0, len(paragraph.text)))


def flat_grid(paragraphs: Sequence[Paragraph], first: int, end: int,
              kind: str) -> tuple[list[list[GridCell]], list[str]]:
    """Rows rebuilt from a run of one-cell lines: header rows naming the columns, then
    a label cell followed by one cell per column."""
    cells = [_cell(i, paragraphs[i]) for i in range(first, end)]
    if kind == "t4":
        return _t4_rows(cells), []
    patterns = T3_ROW_PATTERNS if kind == "t3" else T2_ROW_PATTERNS
    rows: list[list[GridCell]] = []
    warnings: list[str] = []
    columns: list[GridCell] = []
    header_done = False
    current: GridCell | None = None  # the row label the values now read belong to
    pending: list[GridCell] = []
    group = ""  # the last group label: （三）不予公开 before 1.属于国家秘密

    def flush() -> None:
        if current is None or not pending:
            return
        if len(pending) == len(columns):
            rows.append([current, *pending])
        else:
            warnings.append(f"逐行表格「{current.text}」有{len(pending)}个数值，"
                            f"表头有{len(columns)}列，无法对齐，未读取")

    for cell in cells:
        text = clean(cell.text)
        is_column = (text in T3_COLUMN_NAMES if kind == "t3"
                     else first_match(T2_COLUMN_PATTERNS, text) is not None)
        if is_column and not pending:
            if header_done:  # a new section of table 二 with its own columns
                columns, header_done = [], False
            columns.append(cell)
            continue
        if _is_value_line(cell):
            pending.append(cell)
            continue
        flush()
        pending, current = [], None
        if re.match(r"^\d", text):
            joined = f"{group} {cell.text}"
        else:
            group = joined = cell.text
        if first_match(patterns, clean(joined)):
            if not header_done:
                rows.append([GridCell("", -1, (0, 0)), *columns])
                header_done = True
            current = GridCell(joined, cell.paragraph, cell.span)
    flush()
    if kind == "t3" and rows and sorted(clean(c.text) for c in rows[0][1:]) == sorted(_T3_ORDER):
        # One cell per line loses the header's geometry (自然人, 法人或其他组织, 总计 come
        # before 商业企业…); the official template fixes the order of the value columns.
        rows[0] = [rows[0][0], *sorted(rows[0][1:], key=lambda c: _T3_ORDER.index(clean(c.text)))]
    return rows, warnings


def _is_value_line(cell: GridCell) -> bool:
    """A value cell, or a blank one written as a dash (a position, but no figure)."""
    return parse_cell(cell.text) is not None or _DASH.fullmatch(clean(cell.text)) is not None


def _t4_rows(cells: list[GridCell]) -> list[list[GridCell]]:
    """Table 四 flattened: case names, then result names in reading order (the first
    five belong to 行政复议, the next to each 行政诉讼 case in turn), then the values."""
    cases = [c for c in cells if clean(c.text) in _T4_CASES]
    results = [c for c in cells if clean(c.text) in T4_RESULT_NAMES]
    values = [c for c in cells if _is_value_line(c)]
    names: list[tuple[str, str]] = []
    per_case = len(results) // max(len(cases), 1)
    for k, case in enumerate(cases):
        for result in results[k * per_case:(k + 1) * per_case]:
            names.append((case.text, result.text))
    case_row = [GridCell(c, -1, (0, 0)) for c, _ in names]
    result_row = [GridCell(r, -1, (0, 0)) for _, r in names]
    return [case_row, result_row, values[:len(names)]]
