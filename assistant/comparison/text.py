"""The sentences of comparison answers: how one value is told (with its year, scope and
[n] marker), and the plain statements of mismatches (different years, cumulative
figures, offices that do not state the figure)."""

from __future__ import annotations

from collections.abc import Sequence

from assistant.comparison.pick import (Pick, number_text, order_uncertain, period_text, unit_of,
                                    value_text)
from assistant.comparison.table import TableBuilder

def year_of(p: Pick) -> str:
    """2017年, or 年份不明 for a report whose year could not be read."""
    return f"{p.report.year}年" if p.report.year is not None else "年份不明"


def join(items: Sequence[str]) -> str:
    return "、".join(items)


def same_year(picks: Sequence[Pick]) -> bool:
    return len({p.report.year for p in picks}) <= 1


def year_prefix(picks: Sequence[Pick]) -> str:
    """2017年 when every value is of the same year, '' otherwise (then each value says)."""
    years = {p.report.year for p in picks}
    if len(years) == 1 and None not in years:
        return f"{years.pop()}年"
    return ""


def describe(builder: TableBuilder, p: Pick, with_year: bool = True,
             conflicts: bool = True) -> str:
    """One value as the answer tells it: 2017年14条[1]; 截至2017年11月累计110条[2];
    0件（报告写明没有）[3]; 未报告."""
    if p.figure is None:
        return "未报告"
    f = p.figure
    text = value_text(f, p.metric)
    if f.qualifier == "zero_in_words":
        text += "（报告写明没有）"
    if f.scope == "cumulative":
        text = f"{period_text(f.period)}累计{text}"
    elif with_year and p.report.year is not None:
        text = f"{p.report.year}年{text}"
    text += builder.marker(p)
    for other in p.conflicts if conflicts else ():
        mark = f"[{builder.cite(other, p.report)}]"
        text += f"（同一报告另有“{value_text(other, p.metric)}”的说法{mark}）"
    return text


def differing_years(builder: TableBuilder, picks: Sequence[Pick]) -> str:
    stated = [p for p in picks if p.stated]
    if same_year(stated):
        return ""
    years = "，".join(f"{builder.label(p.report)}为{year_of(p)}" for p in stated)
    return f"注意：这些数字分属不同年份（{years}），不是同一年度的比较。"


def scope_sentence(builder: TableBuilder, cumulative: Sequence[Pick], tail: str) -> str:
    """X（截至…累计N条[n]）只报告了累计数，与年度数口径不同，{tail}。"""
    if not cumulative:
        return ""
    items = join([f"{builder.label(p.report)}（{describe(builder, p)}）" for p in cumulative])
    return f"{items}只报告了累计数，与年度数口径不同，{tail}。"


def bound_word(picks: Sequence[Pick]) -> str:
    """至少 when a sum or difference only has lower bounds in it (超/以上), 约 when it
    holds an approximate number, '' when every number is exact."""
    qualifiers = {p.figure.qualifier for p in picks if p.figure is not None}
    if qualifiers & {"about", "less_than"}:
        return "约"
    if qualifiers & {"more_than", "at_least"}:
        return "至少"
    return ""


def not_stated_sentence(builder: TableBuilder, missing: Sequence[Pick], label: str) -> str:
    if not missing:
        return ""
    names = join([f"{builder.label(p.report)}（{p.report.year}年报告）"
                  if p.report.year else builder.label(p.report) for p in missing])
    return f"{names}未报告{label}（报告中没有说明，不按零计）。"


_EXACT = ("exact", "zero_in_words")


def change_sentence(first: Pick, last: Pick) -> str:
    """从2015年的10条到2017年的25条，增加15条。 With an inexact value the change is 至少
    (a rise to 超3000 from 2000) or 约, or not known at all (超3000 to 超3000)."""
    a, b = first.figure, last.figure
    if a is None or b is None:
        return ""
    head = (f"从{year_of(first)}的{value_text(a, first.metric)}到"
            f"{year_of(last)}的{value_text(b, last.metric)}，")
    both_exact = a.qualifier in _EXACT and b.qualifier in _EXACT
    if a.value == b.value:
        return head + ("持平。" if both_exact else "含非精确数，增减不能确定。")
    hi, lo = (last, first) if b.value > a.value else (first, last)
    if order_uncertain(hi, lo):
        return head + "含非精确数，增减不能确定。"
    word = "增加" if hi is last else "减少"
    amount = f"{number_text(abs(b.value - a.value))}{unit_of(b, last.metric)}"
    if both_exact:
        return head + f"{word}{amount}。"
    lower_bound = (hi.figure.qualifier in ("more_than", "at_least")
                   and lo.figure.qualifier in _EXACT)
    return head + f"{'至少' if lower_bound else '约'}{word}{amount}。"


def units_sentence(picks: Sequence[Pick], metric: str) -> str:
    """注意：单位不同（条、篇）… when the reports count in different units: compared by the
    number as each report states it, never converted."""
    units = list(dict.fromkeys(unit_of(p.figure, metric) for p in picks if p.figure is not None))
    units = [u for u in units if u]
    if len(units) < 2:
        return ""
    return f"注意：各报告的计量单位不同（{'、'.join(units)}），以上按报告所写的数字比较。"
