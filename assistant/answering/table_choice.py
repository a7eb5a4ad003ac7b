"""The table cells that answer a question asking a cell of 表二/三/四, and what to say
when the report has none.

A question that names a table row and column (assistant/question/table_cells.py) is
answered by that cell, never by another cell of the row. When the cell has no figure
the answer says why, in the report's terms:

- the row is there and the cell is blank: 未报告 (a blank cell is never 0);
- the row is there in the other form's columns (a 2019 trial-form 表二 has no 现行有效件数,
  a 2021 one no 对外公开总数量): that the report's table has no such column;
- the table is there without the row (cut by the saved excerpt, or not read): that the
  row was not found in the table.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from assistant.question.table_cells import is_table_key
from core.models import Figure, Question
from core.text import simplified
from core.table_schema import T2_SECTIONS
from core.vocabulary import T2_COLUMNS, T2_ROWS, T3_COLUMNS, T3_ROWS, T4_CASES, T4_RESULTS

TABLE_NAMES = {"t2": "表二", "t3": "表三", "t4": "表四"}
_FORM_COLUMNS = {form: {c for s in sections for c in s.columns}
                 for form, sections in T2_SECTIONS.items()}
# no digits: every number of an answer must be one the report states
_FORM_NAMES = {"2019": "试行格式", "2021": "新格式"}


def split_key(key: str) -> tuple[str, str, str]:
    """t3.refused.internal.total -> ("t3", "refused.internal", "total")."""
    table, rest = key.split(".", 1)
    row, _, column = rest.rpartition(".")
    return table, row, column


def row_label(table: str, row: str) -> str:
    """The schema's row label without item numbers (属于国家秘密, not 1.属于国家秘密): a
    note's digits would read as numbers the answer claims."""
    label = {"t2": T2_ROWS, "t3": T3_ROWS, "t4": T4_CASES}[table].get(row, row)
    return re.sub(r"\d+\.", "", label)


def column_label(table: str, column: str) -> str:
    if table == "t2":
        return T2_COLUMNS[column][0] if column in T2_COLUMNS else column
    return {"t3": T3_COLUMNS, "t4": T4_RESULTS}[table].get(column, column)


def cell_figures(cells: Sequence[str], figures: Sequence[Figure]) -> list[Figure]:
    """The figures of the cells asked, in the order asked."""
    order = {key: i for i, key in enumerate(cells)}
    return sorted((f for f in figures if f.metric in order), key=lambda f: order[f.metric])


def cells_answered(question: Question, figures: Sequence[Figure]) -> bool:
    """Whether every part of the question asks a table cell and `figures` (the ones
    chosen) are all table cells: the official table answers, and a running-text number
    of another year or wording does not replace it (a text-vs-table disagreement is the
    report's warning, said with both numbers)."""
    segments = question.metric_segments
    return bool(figures and segments) and all(is_table_key(s[0]) for s in segments) \
        and all(f.row for f in figures)


# The running text's words for a 表二 column (共制发行政规范性文件6个, 废止…6个, 现行有效…18个).
_T2_COLUMN_WORDS = {"issued": ("制发", "制定", "印发", "出台"), "repealed": ("废止",),
                    "in_force": ("现行有效",), "made": ("新制作",), "published": ("新公开",),
                    "public_total": ("对外公开总数",)}


def _row_words(label: str) -> tuple[str, ...]:
    """A 表二 row as running text names it: 行政规范性文件 or 规范性文件 (not 许可 for 行政许可)."""
    short = label[2:] if label.startswith("行政") and len(label) >= 6 else ""
    return (label, short) if short else (label,)


def text_twins(cell: Figure, stated: Sequence[Figure]) -> list[Figure]:
    """The running-text figures (of `stated`) that state a 表二 cell's quantity with the
    same value: its row and its column in the sentence's words, the same year. Cited
    beside the cell, the reader sees that text and table agree (and the unit the text
    counts in: 6个); a disagreement is the report's warning, not a twin."""
    table, row, column = split_key(cell.metric)
    words = _T2_COLUMN_WORDS.get(column, ()) if table == "t2" else ()
    if not words:
        return []
    rows = _row_words(T2_ROWS.get(row, ""))
    twins = []
    for figure in stated:
        text = simplified(figure.label + figure.quote)
        if (not figure.row and figure.report_id == cell.report_id and figure.value == cell.value
                and figure.period == cell.period and any(r in text for r in rows)
                and any(w in text for w in words)):
            twins.append(figure)
    return twins


def with_text_twins(pick, stated: Sequence[Figure], unit: str):
    """A FigurePick of table cells with each cell's text twins in its statement, the one
    in the unit asked first (几个 asked, 6个 stated: that is how the report counts it)."""
    statements = []
    for statement in pick.statements:
        twins = [t for f in statement if f.row for t in text_twins(f, stated)]
        together = sorted(dict.fromkeys((*statement, *twins)),
                          key=lambda f: bool(unit) and f.unit != unit)  # stable: cell first
        statements.append(tuple(together))
    return replace(pick, statements=tuple(statements))


def _forms_of(columns: set[str]) -> list[str]:
    return [form for form, known in _FORM_COLUMNS.items() if columns <= known]


def no_cell_note(cells: Sequence[str], figures: Sequence[Figure],
                 warnings: Sequence[str] = ()) -> str:
    """Why the report gives no figure for the cells asked (all of one row), or "" when
    the report has no such table at all (then nothing is said about the table).
    `warnings`: the report's, one of which may say why the row was not read."""
    table, row, _ = split_key(cells[0])
    name = TABLE_NAMES[table]
    label = row_label(table, row)
    in_table = [f for f in figures if f.metric.startswith(table + ".") and f.row]
    in_row = [f for f in in_table if split_key(f.metric)[1] == row]
    asked = [split_key(c)[2] for c in cells]
    wanted = "、".join(f"「{column_label(table, c)}」" for c in asked)
    if in_row:
        present = {split_key(f.metric)[2] for f in in_row}
        forms = _forms_of(present) if table == "t2" else []
        if forms and not any(c in _FORM_COLUMNS[form] for c in asked for form in forms):
            have = "、".join(column_label(table, c) for c in sorted(
                present, key=lambda c: list(T2_COLUMNS).index(c)))
            return (f"{name}「{label}」行按{_FORM_NAMES[forms[0]]}填报（{have}），"
                    f"没有{wanted}这一栏")
        return f"{name}「{label}」行的{wanted}栏为空，未报告（空白不等于零）"
    full = {"t2": T2_ROWS, "t3": T3_ROWS, "t4": T4_CASES}[table].get(row, row)
    if any(f"「{full}」" in w and "未读取" in w for w in warnings):
        return f"{name}「{label}」行的数字与表格的栏对不上，未能读取（见报告的读取警告）"
    if in_table:
        return f"{name}中没有读到「{label}」行（原文未载或未能读取）"
    return ""
