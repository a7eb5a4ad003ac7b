"""Official tables copied as text (no `Table`), read by matching labels to the schema.

A run of table-like paragraphs (cell_tokens.is_table_text) that holds a table marker is
cut into tokens and walked once: a section marker (第二十条第（一）项), header cells or a
row label says which table and block we are in; each row label collects the values
after it. The schema (core/table_schema.py) then says how many cells the row has and
which: table 三 rows always have the seven applicant columns in the official order,
table 四 its fifteen cells, a table 二 row the columns of its block in the form its
header words name (2019 trial or 2021; a header that names neither takes the form of
the report's other blocks). A row is read only when its values fill its cells exactly
(`-` and an empty cell between two `|` hold a place but give no figure); a run of
digits stuck to a label is split when the table's identities allow one cut only.
Otherwise the row gives no figure and a warning says why: nothing is guessed.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from core.models import Paragraph
from core.table_schema import (T2_SECTIONS, T3_SCHEMA_COLUMNS, T4_SCHEMA_CELLS,
                               t2_section_of)
from core.vocabulary import T2_COLUMNS, T2_ROWS, T3_ROWS, T4_CASES

from .cell_tokens import Token, is_table_text, tokens_of
from .digit_runs import Group, split_run
from .labels import (T2_SECTION, is_t3_header, is_t4_header, t2_form, t2_row, t3_group,
                     t3_row)
from .row_lines import line_of, resolve
from .numbers import parse_cell
from .tables import CellFigure


@dataclass
class _Row:
    table: str  # t2 / t3
    key: str
    label: Token
    header: str = ""  # t2: the header words of its block
    cells: list[Token] = field(default_factory=list)


@dataclass(frozen=True)
class FlatResult:
    cells: list[CellFigure]
    warnings: list[str]
    used: set[int]  # paragraphs read as table text (not read again as running text)


def _regions(paragraphs: Sequence[Paragraph], skip: set[int]) -> list[list[int]]:
    regions, run = [], []
    for i, paragraph in enumerate(paragraphs):
        if i not in skip and is_table_text(paragraph):
            run.append(i)
            continue
        if run:
            regions.append(run)
        run = []
    if run:
        regions.append(run)
    return regions


class _Reader:
    """One walk over the tokens of a region."""

    def __init__(self) -> None:
        self.table = ""  # t2 / t3 / t4 / "" (none yet)
        self.header = ""  # t2: header words since the last section marker
        self.group = ""  # t3: the last unnumbered label, for 1.… items below it
        self.row: _Row | None = None
        self.closed: list[_Row] = []  # every row, with or without values
        self.t3_sequence: list[_Row | Token] = []  # t3 rows and values with no row
        self.t4: list[Token] = []
        self.t4_start: Token | None = None
        self.used: set[int] = set()

    @property
    def rows(self) -> list[_Row]:
        return [row for row in self.closed if row.cells]

    def close_row(self) -> None:
        if self.row is not None:
            self.closed.append(self.row)
            if self.row.table == "t3":
                self.t3_sequence.append(self.row)
        self.row = None

    def label(self, token: Token) -> None:
        text = token.text
        if T2_SECTION.search(text):
            self.close_row()
            self.table, self.header = "t2", ""
            self.used.add(token.paragraph)
            return
        if is_t4_header(text) and self.table != "t4":
            self.close_row()
            self.table, self.t4, self.t4_start = "t4", [], token
            self.used.add(token.paragraph)
            return
        if self.table == "t4":
            return  # result names and vertical header characters
        key3 = t3_row(text, self.group) if self.table != "t2" or is_t3_header(text) else None
        if is_t3_header(text) and not key3:
            self.close_row()
            self.table = "t3"
            self.used.add(token.paragraph)
            return
        if key3 and self.table in ("", "t3"):
            self.close_row()
            self.table = "t3"
            self.row = _Row("t3", key3, token)
            self.used.add(token.paragraph)
            if not text[:1].isdigit():
                self.group = t3_group(text)
            return
        key2 = t2_row(text) if self.table in ("", "t2") else None
        if key2:
            self.close_row()
            self.table = "t2"
            self.row = _Row("t2", key2, token, self.header)
            self.used.add(token.paragraph)
            return
        self.close_row()
        if self.table == "t2":
            self.header += text
            self.used.add(token.paragraph)
        elif self.table == "t3":
            self.group = text

    def value(self, token: Token) -> None:
        if self.row is not None:
            self.row.cells.append(token)
            self.used.add(token.paragraph)
        elif self.table == "t4":
            self.t4.append(token)
            self.used.add(token.paragraph)
        elif self.table == "t3":
            self.t3_sequence.append(token)  # perhaps the numbers of the label below

    def walk(self, tokens: Sequence[Token], paragraphs: Sequence[Paragraph]) -> list[str]:
        """Read the tokens; return the warnings of rows whose numbers line is ambiguous."""
        for token in tokens:
            if token.kind == "label":
                self.label(token)
            else:
                self.value(token)
        self.close_row()
        on_line = Counter(line_of(t, paragraphs) for t in tokens)
        warnings = resolve(self.t3_sequence, paragraphs, on_line)
        for row in self.rows:
            self.used |= {t.paragraph for t in row.cells}
        return warnings


def _forms(rows: Sequence[_Row]) -> set[str]:
    return {f for row in rows if row.table == "t2" and (f := t2_form(row.header))}


def _t2_columns(row: _Row, report_forms: set[str]) -> tuple[tuple[str, ...] | None, str]:
    """The value columns of a table 二 row, or None and why not."""
    form = t2_form(row.header)
    has_row = {f for f in T2_SECTIONS if t2_section_of(row.key, f)}
    if form not in has_row:
        form = None
    candidates = [form] if form else sorted(has_row & report_forms) or sorted(has_row)
    if len(candidates) > 1:  # the form is unknown: go by the number of cells
        fits = [f for f in candidates
                if len(t2_section_of(row.key, f).columns) == len(row.cells)]
        if len({t2_section_of(row.key, f).columns for f in fits}) == 1:
            candidates = fits[:1]
    if len(candidates) != 1:
        return None, "表头未说明是2019年试行格式还是2021年格式"
    return t2_section_of(row.key, candidates[0]).columns, ""


def _values_for(cells: list[Token], groups: list[Group], width: int
                ) -> tuple[list[Token | int | None] | None, str]:
    """One entry per column (a token, a split number, or None for a blank), or why not."""
    if len(cells) == 1 and cells[0].text.isdigit() and width > 1 \
            and (cells[0].kind == "run"
                 # a lone number as long as the row: a run only where a sum can confirm it
                 or (len(cells[0].text) >= width and any(g.summed for g in groups))):
        split, fits = split_run(cells[0].text, groups)
        if split is None:
            how = "没有" if fits == 0 else "不止一种"
            return None, f"数字连在一起（{cells[0].text}），符合表内勾稽关系的拆法{how}"
        return list(split), ""
    if len(cells) != width:
        return None, f"有{len(cells)}个数值，表格有{width}列，无法对齐"
    return [None if c.kind == "blank" else c for c in cells], ""


def _cell(entry: Token | int, row_token: Token, row_span: tuple[int, int] | None,
          metric: str, unit: str, label: str, row: str, column: str) -> CellFigure | None:
    """The figure of one cell. Its quote is the whole row (`row_span`) when the row
    lies in one paragraph, so a citation shows the label with the number; else the
    cell alone."""
    if isinstance(entry, int):  # from a split run: the run's row is one line
        span = row_span or row_token.span
        return CellFigure(row_token.paragraph, span, metric, float(entry), unit, "exact",
                          label, row, column)
    number = parse_cell(entry.text)
    if number is None or number.qualifier == "at_most":
        return None
    span = row_span if row_span and entry.paragraph == row_token.paragraph else entry.span
    return CellFigure(entry.paragraph, span, metric, number.value, number.unit or unit,
                      number.qualifier, label, row, column)


def _row_span(paragraphs: Sequence[Paragraph], tokens: Sequence[Token]
              ) -> tuple[int, int] | None:
    """The row as it stands in the source: from the start of the line of its first
    token to the end of the line of its last (one line for a `|` row or PDF text,
    several for a table saved one cell a line), without the surrounding whitespace;
    None when the row's tokens are in different paragraphs."""
    if not tokens or any(t.paragraph != tokens[0].paragraph for t in tokens):
        return None
    text = paragraphs[tokens[0].paragraph].text
    start = text.rfind("\n", 0, tokens[0].span[0]) + 1
    end = text.find("\n", tokens[-1].span[1])
    end = len(text) if end < 0 else end
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _read_rows(reader: _Reader, paragraphs: Sequence[Paragraph], forms: set[str],
               cells: list[CellFigure], warnings: list[str]) -> None:
    for row in reader.rows:
        if row.table == "t3":
            columns: tuple[str, ...] | None = T3_SCHEMA_COLUMNS
            name, why, groups = f"表三「{T3_ROWS[row.key]}」行", "", [Group(7, True)]
        else:
            columns, why = _t2_columns(row, forms)
            name = f"表二「{T2_ROWS[row.key]}」行"
            groups = [Group(len(columns), False)] if columns else []
        if columns is None:
            warnings.append(f"{name}：{why}，未读取")
            continue
        entries, why = _values_for(row.cells, groups, len(columns))
        if entries is None:
            warnings.append(f"{name}{why}，未读取")
            continue
        # in text order: a row's numbers may come on the line before its label
        span = _row_span(paragraphs, sorted([row.label, *row.cells],
                                            key=lambda t: (t.paragraph, t.span)))
        for column, entry in zip(columns, entries):
            if entry is None:
                continue
            if row.table == "t3":
                made = _cell(entry, row.label, span, f"t3.{row.key}.{column}", "件",
                             T3_ROWS[row.key], row.key, column)
            else:
                made = _cell(entry, row.label, span, f"t2.{row.key}.{column}",
                             T2_COLUMNS[column][1], T2_ROWS[row.key], row.key, column)
            if made:
                cells.append(made)


def _read_t4(reader: _Reader, paragraphs: Sequence[Paragraph], cells: list[CellFigure],
             warnings: list[str]) -> None:
    if not reader.t4 or reader.t4_start is None:
        return
    entries, why = _values_for(reader.t4, [Group(5, True)] * 3, len(T4_SCHEMA_CELLS))
    if entries is None:
        warnings.append(f"表四{why}，未读取")
        return
    span = _row_span(paragraphs, reader.t4)  # table 四 has one row of values
    for (case, result), entry in zip(T4_SCHEMA_CELLS, entries):
        if entry is not None:
            anchor = entry if isinstance(entry, Token) else reader.t4[0]
            made = _cell(entry, anchor, span, f"t4.{case}.{result}", "件",
                         T4_CASES[case], case, result)
            if made:
                cells.append(made)


@dataclass(frozen=True)
class TableLines:
    """Which paragraphs of a run the table reader reads."""

    read: set[int]  # section markers, header cells, row labels and their values
    row_labels: set[int]  # those holding a row label (`四、结转下年度继续办理`)


def table_lines(paragraphs: Sequence[Paragraph]) -> TableLines:
    """The paragraphs the table reader reads as (part of) an official table.
    index/paragraphs.py joins a run of them into one table paragraph."""
    read: set[int] = set()
    labels: set[int] = set()
    for region in _regions(paragraphs, set()):
        reader = _Reader()
        reader.walk([t for i in region for t in tokens_of(i, paragraphs[i])], paragraphs)
        read |= reader.used
        labels |= {row.label.paragraph for row in reader.rows}
    return TableLines(read, labels)


def flat_tables(paragraphs: Sequence[Paragraph], skip: set[int]) -> FlatResult:
    """Figures of every official table written as text among the paragraphs."""
    cells: list[CellFigure] = []
    warnings: list[str] = []
    used: set[int] = set()
    readers = []
    for region in _regions(paragraphs, skip):
        reader = _Reader()
        warnings += reader.walk([t for i in region for t in tokens_of(i, paragraphs[i])],
                                paragraphs)
        readers.append(reader)
    forms = set().union(*(_forms(r.rows) for r in readers)) if readers else set()
    for reader in readers:
        _read_rows(reader, paragraphs, forms, cells, warnings)
        _read_t4(reader, paragraphs, cells, warnings)
        used |= reader.used
    return FlatResult(cells, warnings, used)
