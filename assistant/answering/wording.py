"""How a figure's number and period are written in answers — one wording for the chat,
the comparison table and the briefing: 超3000条, 约400条, 10次以上, 不足5件;
2013至2017年, 截至2017年11月."""

from __future__ import annotations

import re

from core.models import Figure

_YEAR_MONTH = re.compile(r"^(\d{4})(?:-(\d{1,2}))?(?:-\d{2})?$")


def number_text(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def value_text(figure: Figure, unit: str = "") -> str:
    """The number as the report qualified it, with its unit (`unit` when the figure
    has none)."""
    unit = figure.unit or unit
    number = number_text(figure.value)
    if figure.kind in ("rank", "ordinal"):  # 位列第4, 实施的第二年: a place, not an amount
        return f"第{number}{unit}"
    return {
        "more_than": f"超{number}{unit}",
        "about": f"约{number}{unit}",
        "at_least": f"{number}{unit}以上",
        "less_than": f"不足{number}{unit}",
    }.get(figure.qualifier, f"{number}{unit}")


def period_text(period: str) -> str:
    """2013-2017 -> 2013至2017年; ..2017-11 or 2017-01..2017-11 -> 截至2017年11月;
    2017 -> 2017年; 2017-11 -> 2017年11月."""
    if ".." in period:
        end = period.split("..")[-1]
        match = _YEAR_MONTH.match(end)
        if match and match.group(2):
            return f"截至{match.group(1)}年{int(match.group(2))}月"
        return f"截至{end}年" if end else ""
    years = re.fullmatch(r"(\d{4})-(\d{4})", period)
    if years:
        return f"{years.group(1)}至{years.group(2)}年"
    match = _YEAR_MONTH.match(period)
    if match:
        return f"{match.group(1)}年" + (f"{int(match.group(2))}月" if match.group(2) else "")
    return period
