"""The compare tab: a metric and offices or years chosen from lists, or a comparison
question typed in Chinese; the answer as text with citations, a table and a bar chart."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

import gradio as gr
import pandas as pd

from assistant.briefing.export import Briefing
from assistant.question.request import comparison_question
from assistant.user_errors import user_message
from core.errors import AnswerRejected, AssistantError
from core.models import Answer, Question
from assistant.ui import render
from assistant.ui.context import AppContext
from assistant.ui.library import QUALIFIERS, SCOPES
from core.vocabulary import NARRATIVE

log = logging.getLogger(__name__)

TABLE_COLUMNS = ["机关", "年度", "数值", "表述", "限定", "口径", "引文"]
CHART_X, CHART_Y, CHART_MARK = "对象", "数值", "口径"  # the charts' columns (layout.py too)


def metric_choices() -> list[tuple[str, str]]:
    """The narrative metrics: each has table-cell equivalents (`same_as`), so choosing
    one compares reports of every format."""
    return [(m.label, m.key) for m in NARRATIVE]


def table_frame(answer: Answer | None) -> pd.DataFrame:
    rows = []
    for row in answer.table if answer else ():
        rows.append([row.office, row.year or "", "" if row.value is None else f"{row.value:g}",
                     row.display or ("未报告" if row.value is None else ""),
                     QUALIFIERS.get(row.qualifier, row.qualifier),
                     SCOPES.get(row.scope, row.scope),
                     f"[{row.citation}]" if row.citation else ""])
    return pd.DataFrame(rows, columns=TABLE_COLUMNS)


def _mark(row: Any) -> str:
    """How a bar's value is to be read, as the table says it: 确数, or 累计 / 约数 / 超过…"""
    if row.scope == "cumulative":
        return SCOPES["cumulative"]
    return QUALIFIERS.get(row.qualifier, row.qualifier) if row.qualifier != "exact" else "确数"


def is_trend(answer: Answer | None) -> bool:
    """One office over several years: drawn as a line, in year order."""
    rows = [r for r in (answer.table if answer else ()) if r.value is not None]
    return len({r.office for r in rows}) == 1 and len({r.year for r in rows}) > 1


def chart_frame(answer: Answer | None) -> pd.DataFrame:
    """One bar (or point) per stated value (未报告 has none: it is not zero). Each is named
    by office, by year, or by both, whichever tells them apart; a value that is not an
    annual exact count says so in its name and in its colour (CHART_MARK)."""
    rows = [r for r in (answer.table if answer else ()) if r.value is not None]
    if is_trend(answer):
        rows.sort(key=lambda r: r.year or 0)
    offices = {r.office for r in rows}
    years = {r.year for r in rows}
    data: list[list[Any]] = []
    names: set[str] = set()
    for row in rows:
        if len(years) > 1 and len(offices) == 1:
            name = render.year_text(row.year)
        elif len(years) > 1:
            name = f"{row.office} {render.year_text(row.year)}"
        else:
            name = row.office
        mark = _mark(row)
        name = name if mark == "确数" else f"{name}（{mark}）"
        base, n = name, 2
        while name in names:  # two rows of one name would be summed into one bar
            name, n = f"{base}（{n}）", n + 1
        names.add(name)
        data.append([name, float(row.value), mark])
    return pd.DataFrame(data, columns=[CHART_X, CHART_Y, CHART_MARK])


def chart_updates(answer: Answer | None) -> tuple[Any, Any]:
    """(bar chart, line chart): the one that fits shown with the data, the other hidden."""
    frame = chart_frame(answer)
    trend = is_trend(answer)
    return (gr.update(value=None if trend else frame, visible=not trend),
            gr.update(value=frame if trend else None, visible=trend))


def choice_question(ctx: AppContext, metric: str | None, offices: Sequence[str],
                    years: Sequence[int]) -> Question:
    """The Question the choices mean, built directly (no Chinese text to parse); the
    comparison picks the mode (versus, ranking, trend) from how many offices it covers."""
    by_name = {r.office.name: r.office for r in ctx.snapshot().reports}
    chosen = tuple(by_name[name] for name in offices if name in by_name)
    label = next((label for label, key in metric_choices() if key == metric), metric or "")
    return comparison_question(metric, chosen, [int(y) for y in years], label)


def _result(answer: Answer | None, message: str = "") -> tuple:
    """(state, answer html, table, bar chart, line chart, status)."""
    panel = render.answer_panel(answer) if answer else ""
    return (answer, panel, table_frame(answer), *chart_updates(answer), message)


def _run(ctx: AppContext, question: Question | str) -> tuple:
    try:
        answer = ctx.invoke(question)  # typed or chosen: the chain's one path and check
    except Exception as exc:  # noqa: BLE001 - the UI edge: a user sees words, the log a trace
        if not isinstance(exc, AssistantError) or isinstance(exc, AnswerRejected):
            log.exception("comparison %r failed", question)
        return _result(None, user_message(exc, "比较"))
    if not answer.table and answer.kind != "comparison":
        return _result(answer, "这个问题不是比较问题：已按普通问题回答。")
    return _result(answer)


def by_choice(ctx: AppContext, metric: str | None, offices: Sequence[str] | None,
              years: Sequence[int] | None) -> tuple:
    if not metric:
        return _result(None, "请先选择一个指标。")
    return _run(ctx, choice_question(ctx, metric, offices or (), years or ()))


def by_question(ctx: AppContext, text: str) -> tuple:
    text = (text or "").strip()
    if not text:
        return _result(None, "请输入比较问题。")
    return _run(ctx, text)


def add_to_briefing(answer: Answer | None, briefing: Briefing) -> tuple[Briefing, Any]:
    if answer is None:
        return briefing, "还没有比较结果。"
    briefing = briefing.add_answer(answer)
    return briefing, f"已把比较结果加入简报（共 {len(briefing)} 项）。"
