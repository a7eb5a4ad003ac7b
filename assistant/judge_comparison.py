"""The comparison judges (rules in assistant/judges.py): realdev's, which find each
expected value through the file its table row is cited from, and the seeds set's, which
match rows by office name."""

from __future__ import annotations

import re
from typing import Any

from assistant.judges import (EXACT, HEDGES, _holds, assign_files, files_of, row_files,
                              simplified_text)
from core.models import Answer, TableRow
from core.text import simplified

_MORE = r"(?:较多|更多|最多|最高|较高|更高|居首|排名第一|排第一)"
_EQUAL = re.compile(r"(?<![不])(?:相同|一样|相等|持平)")


def _named_as_top(text: str, name: str) -> bool:
    """The answer says `name` has more / the most: 新碶街道较多, 最多的是银州区."""
    name = re.escape(name)
    return bool(re.search(rf"{name}[^。；，,]{{0,8}}{_MORE}", text)
                or re.search(rf"{_MORE}的?(?:是|为)[^。；，,]{{0,4}}{name}", text))


def _unit_of_row(answer: Answer, row: TableRow) -> str | None:
    citation = next((c for c in answer.citations if c.n == row.citation), None)
    if citation is None:
        return None
    figure = next((f for f in answer.figures if f.paragraph_id == citation.paragraph
                   and f.quote == citation.quote and f.value == row.value), None)
    return figure.unit if figure else None


def _row_problem(answer: Answer, row: TableRow, spec: dict[str, Any]) -> str:
    """'' when the row holds the expected value, else what is wrong with it."""
    if row.value is None:
        return "未报告"
    if float(row.value) != float(spec["value"]):
        return f"shows {row.display or row.value}"
    qualifiers = (HEDGES.get(spec["approx"], "about"),) if spec.get("approx") else EXACT
    if row.qualifier not in qualifiers:
        return f"qualifier {row.qualifier}, not {'/'.join(qualifiers)}"
    unit = _unit_of_row(answer, row)
    if (spec.get("unit") and unit is not None and unit != spec["unit"]
            and row.qualifier != "zero_in_words"):
        return f"unit {unit!r}, not {spec['unit']!r}"
    return ""


def _name_of(rows: list[TableRow], row: TableRow) -> str:
    """How the text must name a row: its office, with the year when another row shows
    the same office (海关总署 2012 vs 2020)."""
    same = [r for r in rows if r.office == row.office and r.year != row.year]
    return f"{row.office}{row.year}年" if same and row.year else row.office


def _year_named_as_top(text: str, row: TableRow) -> bool:
    return bool(row.year) and (_named_as_top(text, f"{row.year}年")
                               or _named_as_top(text, f"{row.office}{row.year}年")
                               or _named_as_top(text, f"{row.year}年{row.office}"))


def judge_realdev_comparison(answer: Answer, item: dict[str, Any]) -> list[str]:
    expected = item.get("expected") or {}
    if answer.status != "answered":
        return ["not answered"]
    values: dict[str, dict[str, Any]] = expected["values"]
    files = files_of(item) or []
    evidence = list(item.get("evidence") or [])
    keys = list(values)
    where = assign_files(keys, [float(values[k]["value"]) for k in keys], files, evidence)
    rows = row_files(answer)
    matched: dict[str, tuple[int, TableRow]] = {}
    reasons = []
    for key in keys:
        file = where.get(key, "")
        own = [(i, row) for i, (row, f) in enumerate(rows) if f == file]
        problems = [_row_problem(answer, row, values[key]) for _, row in own]
        good = [pair for pair, problem in zip(own, problems) if not problem]
        if good:
            matched[key] = good[0]
        elif own:
            reasons.append(f"{key} ({file}): {problems[0]}, expected {values[key]['value']:g}"
                           f"{values[key].get('unit', '')}")
        else:
            reasons.append(f"{key} ({file}): no table row cited from it")
    text = simplified_text(answer)
    shown = [row for row, _ in rows]
    if "higher" in expected and expected["higher"] in matched:
        row = matched[expected["higher"]][1]
        name = _name_of(shown, row)
        if not (_named_as_top(text, simplified(name))
                or (name != row.office and _year_named_as_top(text, row))):
            reasons.append(f"higher is not said to be {name} ({expected['higher']})")
    if "ranking" in expected:
        ranked = [k for k in expected["ranking"] if k in matched]
        positions = [matched[k][0] for k in ranked]
        if positions != sorted(positions):
            order = sorted(ranked, key=lambda k: matched[k][0])
            reasons.append(f"table order {order} is not the ranking {expected['ranking']}")
        if ranked and ranked[0] == expected["ranking"][0]:
            top = matched[ranked[0]][1]
            if not _named_as_top(text, simplified(_name_of(shown, top))):
                reasons.append(f"the text does not name {top.office} as the most")
    if expected.get("equal") and not _EQUAL.search(text):
        reasons.append("the text does not say they are the same")
    for i, string in enumerate(evidence):
        if not _holds(answer, string, files[i:i + 1] if i < len(files) else None):
            reasons.append(f"no cited paragraph of {files[i] if i < len(files) else '?'} "
                           f"holds {string[:20]!r}")
    return reasons


# ---- the seeds set's format --------------------------------------------------------

def _rows_of(answer: Answer, office: str) -> list[TableRow]:
    key = simplified(office)
    return [r for r in answer.table if key in simplified(r.office) or simplified(r.office) in key]


def _cell_matches(row: TableRow, spec: Any) -> bool:
    if row.value is None:
        return False
    if isinstance(spec, (int, float)):
        return float(row.value) == float(spec) and row.qualifier != "more_than"
    text = str(spec)
    number = re.search(r"\d+(?:\.\d+)?", text)
    if not number or float(row.value) != float(number.group()):
        return False
    if re.search(r"超|逾|多于", text) and row.qualifier != "more_than":
        return False
    return not ("累计" in text and row.scope != "cumulative")


def judge_seeds_comparison(answer: Answer, item: dict[str, Any]) -> list[str]:
    expected = item.get("expected") or {}
    if answer.status != "answered":
        return ["not answered"]
    reasons = []
    for office, spec in expected.get("values", {}).items():
        if not any(_cell_matches(r, spec) for r in _rows_of(answer, office)):
            reasons.append(f"no table cell {office}={spec}")
    text = simplified_text(answer)
    for key in ("top", "higher"):
        if key in expected and not _named_as_top(text, expected[key]):
            reasons.append(f"{key} is not {expected[key]}")
    for office in expected.get("yes", []):
        if not any(r.value for r in _rows_of(answer, office)):
            reasons.append(f"{office} should have cases")
    for office in expected.get("no", []):
        if not any(r.value == 0 for r in _rows_of(answer, office)):
            reasons.append(f"{office} should be stated as none")
    for office in expected.get("not_stated", []):
        if any(r.value is not None for r in _rows_of(answer, office)):
            reasons.append(f"{office} is not stated, yet has a value")
    for group in expected.get("must_mention", []):
        if not any(word in text for word in group):
            reasons.append(f"mentions none of {group}")
    for evidence in item.get("evidence") or []:
        if not _holds(answer, evidence):
            reasons.append(f"no cited paragraph holds {evidence[:20]!r}")
    return reasons
