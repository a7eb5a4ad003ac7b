"""The report warnings an answer must repeat: when a number it uses is one of the
numbers a warning is about (issue 11, item 4).

Indexing leaves two kinds of warning on a report (Report.warnings, in the words of
index/figures/tables.py and index/figures/consistency.py):

- a broken identity of 表三/表四 (`表三「自然人」列：本年新收+上年结转=…，办理结果总计+
  结转下年度=…，两者不等`, `表三「…」行：总计=…，各申请人之和=…`, `表四「行政复议」：总计=…`);
- running text against a table (`正文与表格不一致：正文「…」为17，表格「…」为95`).

A warning is read back into the cells (or the sentence) it involves, so only an answer
using one of those numbers says it. The patterns follow the writers' wording; the test
tests/assistant/answering/test_table_warnings.py builds the warnings with the writers
themselves, so a change of wording there fails here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from core.models import Figure, IndexedReport
from core.vocabulary import METRICS, T3_COLUMNS, T3_ROWS, T4_CASES, T4_RESULTS

_T3_FLOW = ("new", "carried_in", "total", "carried_out")
_T3_OUTCOMES = tuple(r for r in T3_ROWS if r not in _T3_FLOW) + ("total",)
_COLUMN_OF = {label: key for key, label in T3_COLUMNS.items()}
_ROW_OF = {label: key for key, label in T3_ROWS.items()}
_CASE_OF = {label: key for key, label in T4_CASES.items()}
_CELL_OF = {m.label: key for key, m in METRICS.items() if key.startswith(("t3.", "t4."))}

_FLOW = re.compile(r"^表三「(?P<col>[^」]+)」列：本年新收")
_OUTCOMES = re.compile(r"^表三「(?P<col>[^」]+)」列：（七）总计")
_ROW = re.compile(r"^表三「(?P<row>[^」]+)」行：总计")
_CASE = re.compile(r"^表四「(?P<case>[^」]+)」：总计")
_PROSE = re.compile(r"^正文与表格不一致：正文「(?P<quote>.*)」为(?P<said>-?[\d.]+)，"
                    r"表格「(?P<cells>[^」]+)」为(?P<table>-?[\d.]+)$")


def _identity_cells(warning: str) -> set[str]:
    """The table keys a broken identity involves ({} when it is not one)."""
    if m := _FLOW.match(warning):
        col = _COLUMN_OF.get(m["col"])
        return {f"t3.{r}.{col}" for r in _T3_FLOW} if col else set()
    if m := _OUTCOMES.match(warning):
        col = _COLUMN_OF.get(m["col"])
        return {f"t3.{r}.{col}" for r in _T3_OUTCOMES} if col else set()
    if m := _ROW.match(warning):
        row = _ROW_OF.get(m["row"])
        return {f"t3.{row}.{c}" for c in T3_COLUMNS} if row else set()
    if m := _CASE.match(warning):
        case = _CASE_OF.get(m["case"])
        return {f"t4.{case}.{r}" for r in T4_RESULTS} if case else set()
    return set()


def _table_name(cells: Iterable[str]) -> str:
    tables = {c[:2] for c in cells}
    return "表三" if tables == {"t3"} else "表四" if tables == {"t4"} else "表格"


def _plain(label: str) -> str:
    """A schema label without its item numbers (1.属于国家秘密 -> 属于国家秘密): an answer's
    every digit must be a number the report states, so a note carries none of its own."""
    return re.sub(r"\d+\.", "", label)


def note_for(warning: str, figure: Figure) -> str:
    """What the answer says when it uses `figure` and the report carries `warning`
    ("" when the warning is not about this number). Numbers are named only where the
    answer cites both (text against table: `counterparts` adds the other side)."""
    unit = figure.unit if figure.unit and figure.qualifier != "zero_in_words" else "件"
    if m := _PROSE.match(warning):
        cells = {_CELL_OF.get(label, "") for label in m["cells"].split("＋")} - {""}
        said, table = float(m["said"]), float(m["table"])
        prose_used = not figure.row and m["quote"] == figure.quote and figure.value == said
        # a sum of cells (不予公开's eight reasons): every cell is one of the numbers
        if prose_used or (figure.row and figure.metric in cells):
            return (f"注意：报告正文写{said:g}{unit}，{_table_name(cells)}写{table:g}{unit}，"
                    "两处不一致，请核对原文")
        return ""
    involved = _identity_cells(warning)
    if figure.row and figure.metric in involved:
        what = re.match(r"^(表[三四]「[^」]+」[行列]?)", warning)
        where = _plain(what.group(1)) if what else _table_name(involved)
        return f"注意：{where}的数字不满足表格的核对关系（合计与分项不等），报告数字自相矛盾，请核对原文"
    return ""


def counterparts(figures: Sequence[Figure], reports: Sequence[IndexedReport],
                 stated: Sequence[Figure]) -> list[Figure]:
    """For a number used that running text and a table state differently, the other
    side's figures (of `stated`, the office's figures): cited too, so the reader sees
    both and the note may name both numbers."""
    warnings = {r.id: r.warnings for r in reports}
    used = {id(f) for f in figures}
    found: list[Figure] = []
    for figure in figures:
        for warning in warnings.get(figure.report_id, ()):
            m = _PROSE.match(warning)
            if not m or not note_for(warning, figure):
                continue
            cells = {_CELL_OF.get(label, "") for label in m["cells"].split("＋")} - {""}
            for other in stated:
                if id(other) in used or other.report_id != figure.report_id:
                    continue
                if (other.row and other.metric in cells) or (
                        not other.row and other.quote == m["quote"]
                        and other.value == float(m["said"])):
                    found.append(other)
                    used.add(id(other))
    return found


def warning_notes(figures: Sequence[Figure], reports: Sequence[IndexedReport]) -> list[str]:
    """The notes for every warning of the figures' reports that one of them is about."""
    warnings = {r.id: r.warnings for r in reports}
    notes: list[str] = []
    for figure in figures:
        for warning in warnings.get(figure.report_id, ()):
            note = note_for(warning, figure)
            if note and note not in notes:
                notes.append(note)
    return notes
