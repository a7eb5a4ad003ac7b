"""The two official table forms, written out cell by cell: the 2019 trial form
(国办公开办函〔2019〕60号) and the 2021 form (国办公开办函〔2021〕30号).

A table is read into one of these schemas (index/figures): the schema, not the report's
header text, says which cells a row has, in which order, and what each is called. So a
figure's label is always the schema's label, however garbled the header was, and a key
never depends on how a report spells a header. Keys and Chinese labels come from
core/vocabulary.py (T2_*, T3_*, T4_*); docs/FIGURES.md lists them.
"""

from __future__ import annotations

from dataclasses import dataclass

from .vocabulary import (T2_COLUMNS, T2_ROWS, T3_APPLICANT_COLUMNS, T3_COLUMNS, T3_ROWS,
                         T4_CASES, T4_RESULTS)

FORMS = ("2019", "2021")


@dataclass(frozen=True)
class T2Section:
    """One block of table 二: 第二十条第（item）项, its rows and its value columns in order."""

    item: str  # 一 / 五 / 六 / 八 / 九
    rows: tuple[str, ...]
    columns: tuple[str, ...]


T2_SECTIONS: dict[str, tuple[T2Section, ...]] = {
    "2019": (
        T2Section("一", ("rules", "normative"), ("made", "published", "public_total")),
        T2Section("五", ("licensing", "other_services"), ("prev_items", "change", "decisions")),
        T2Section("六", ("penalty", "enforcement"), ("prev_items", "change", "decisions")),
        T2Section("八", ("fees",), ("prev_items", "change")),
        T2Section("九", ("procurement",), ("proc_items", "proc_amount")),
    ),
    "2021": (
        T2Section("一", ("rules", "normative"), ("issued", "repealed", "in_force")),
        T2Section("五", ("licensing",), ("decisions",)),
        T2Section("六", ("penalty", "enforcement"), ("decisions",)),
        T2Section("八", ("fees",), ("amount",)),
    ),
}

# 表三: data rows top to bottom. The forms differ only in （六）其他处理: one row in
# 2019, three numbered items in 2021.
_T3_COMMON = ("new", "carried_in", "disclosed", "partial",
              "refused.state_secret", "refused.prohibited", "refused.security",
              "refused.third_party", "refused.internal", "refused.process",
              "refused.enforcement_file", "refused.inquiry",
              "unable.not_held", "unable.needs_creation", "unable.unclear",
              "not_handled.petition", "not_handled.duplicate", "not_handled.publication",
              "not_handled.excessive", "not_handled.confirm")
T3_SCHEMA_ROWS: dict[str, tuple[str, ...]] = {
    "2019": (*_T3_COMMON, "other", "total", "carried_out"),
    "2021": (*_T3_COMMON, "other.no_correction", "other.no_fee", "other.other",
             "total", "carried_out"),
}
# Value columns left to right; the same in both forms (总计 is always the last).
T3_SCHEMA_COLUMNS: tuple[str, ...] = (*T3_APPLICANT_COLUMNS, "total")
# The rows whose sum is （七）总计 (per column), by form.
T3_OUTCOME_ROWS: dict[str, tuple[str, ...]] = {
    form: tuple(r for r in rows if r not in ("new", "carried_in", "total", "carried_out"))
    for form, rows in T3_SCHEMA_ROWS.items()
}

# 表四: the 15 value cells left to right (the same in both forms).
T4_PARTS = ("upheld", "corrected", "other", "pending")
T4_SCHEMA_CELLS: tuple[tuple[str, str], ...] = tuple(
    (case, result) for case in T4_CASES for result in T4_RESULTS)


def t2_section_of(row: str, form: str) -> T2Section | None:
    return next((s for s in T2_SECTIONS[form] if row in s.rows), None)


def t2_label(row: str, column: str) -> str:
    return f"{T2_ROWS[row]}：{T2_COLUMNS[column][0]}"


def t3_label(row: str, column: str) -> str:
    return f"{T3_ROWS[row]}：{T3_COLUMNS[column]}"


def t4_label(case: str, result: str) -> str:
    return f"{T4_CASES[case]}：{T4_RESULTS[result]}"
