"""Running text against the report's own tables: when a sentence and a table cell state
the same quantity with different numbers (the text says 17 件, 表三 says 95), the report
gets a warning. Neither number is corrected or dropped: the reader is told both.

Only quantities that mean the same in both places are compared: the narrative keys a
table cell is `same_as` (core/vocabulary.py), plus the sums the text usually states
(all 不予公开 reasons; both kinds of 行政诉讼). A narrative figure is compared only
when it is exact (or a zero in words) and for the report's own year.
"""

from __future__ import annotations

from collections.abc import Sequence

from core.models import Figure
from core.vocabulary import METRICS, T3_ROWS

_REFUSED = tuple(f"t3.{row}.total" for row in T3_ROWS if row.startswith("refused."))
_SUMS = {
    "application.outcome.refused": _REFUSED,
    "litigation.total": ("t4.litigation_direct.total", "t4.litigation_after_review.total"),
}
_SINGLE = {m.same_as: key for key, m in METRICS.items()
           if m.same_as and key.startswith(("t3.", "t4.")) and m.same_as not in _SUMS
           and (key.endswith(".total") or key.startswith("t4.review."))}


def _table_value(metric: str, cells: dict[str, Figure]) -> tuple[float, str] | None:
    """The table's value for a narrative metric, and the cells it comes from."""
    parts = _SUMS.get(metric) or ((_SINGLE[metric],) if metric in _SINGLE else ())
    if not parts or not all(p in cells for p in parts):
        return None
    label = "＋".join(METRICS[p].label for p in parts)
    return sum(cells[p].value for p in parts), label


def narrative_vs_tables(figures: Sequence[Figure], year: int | None) -> list[str]:
    cells = {f.metric: f for f in figures if f.row}
    if not cells:
        return []
    warnings: list[str] = []
    for figure in figures:
        if figure.row or figure.scope != "annual":
            continue
        if figure.qualifier not in ("exact", "zero_in_words"):
            continue
        if year and figure.period and figure.period != str(year):
            continue
        found = _table_value(figure.metric, cells)
        if found is None or abs(found[0] - figure.value) < 1e-9:
            continue
        warning = (f"正文与表格不一致：正文「{figure.quote}」为{figure.value:g}，"
                   f"表格「{found[1]}」为{found[0]:g}")
        if warning not in warnings:
            warnings.append(warning)
    return warnings
