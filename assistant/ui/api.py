"""The web app's named API (issue 15, item 7), for `gradio_client` and scripts: ask,
compare, reports, figures and remove here (plain JSON in, JSON out); upload is the
library tab's own event, named in events.py. Uploading and deleting need a login
(assistant/ui/login.py). Every other event of the page is left out of the API docs."""

from __future__ import annotations

import logging
from typing import Any

import gradio as gr

from assistant.answering.serialise import answer_to_json
from assistant.ui.context import AppContext
from assistant.ui.login import WRITES_NEED_LOGIN, may_write
from assistant.user_errors import user_message
from core.models import IndexedReport

log = logging.getLogger(__name__)


def _answered(ctx: AppContext, asked: Any, doing: str) -> dict[str, Any]:
    try:
        return answer_to_json(ctx.invoke(asked))
    except Exception as exc:  # noqa: BLE001 - the API edge: the caller gets words, the log a trace
        log.exception("API %s of %r failed", doing, asked)
        return {"error": user_message(exc, doing)}


def report_row(report: IndexedReport) -> dict[str, Any]:
    return {"id": report.id, "source": report.source, "title": report.title,
            "office": report.office.name, "office_short": report.office.short,
            "year": report.year, "format": report.format,
            "paragraphs": report.paragraph_count, "figures": report.figure_count,
            "warnings": list(report.warnings),
            "corrected": list(report.correction.fields) if report.correction else []}


def wire_api(ctx: AppContext) -> None:
    """Inside the Blocks: the API-only endpoints."""

    def ask(question: str, office: str = "", year: int = 0) -> dict[str, Any]:
        """Answer a question (filters optional: an office's full name, a year)."""
        asked: Any = {"question": question, "office": office or None, "year": year or None}
        return _answered(ctx, asked, "回答")

    def compare(question: str) -> dict[str, Any]:
        """A comparison question, e.g. 比较新碶街道和北沟街道主动公开的数量."""
        return _answered(ctx, question, "比较")

    def reports() -> list[dict[str, Any]]:
        """The indexed reports."""
        return [report_row(r) for r in ctx.store.reports()]

    def figures(report_id: str) -> list[dict[str, Any]]:
        """The figures read from one report (its id from `reports`)."""
        return [{"report_id": f.report_id, "metric": f.metric, "label": f.label,
                 "row": f.row, "column": f.column, "value": f.value, "unit": f.unit,
                 "qualifier": f.qualifier, "period": f.period, "scope": f.scope,
                 "office": f.office, "year": f.year, "quote": f.quote}
                for f in ctx.store.figures(report_id=report_id)]

    def remove(report_id: str, request: gr.Request) -> str:
        """Delete one report from the index (needs a login)."""
        if not may_write(ctx.settings, getattr(request, "username", None)):
            return WRITES_NEED_LOGIN
        found = ctx.store.report(report_id)
        if found is None:
            return "该报告已不在库中。"
        ctx.store.remove_report(report_id)
        return f"已删除：{found.source}"

    answering = {"concurrency_limit": 4, "concurrency_id": "answer"}
    gr.api(ask, api_name="ask", **answering)
    gr.api(compare, api_name="compare", **answering)
    gr.api(reports, api_name="reports")
    gr.api(figures, api_name="figures")
    gr.api(remove, api_name="remove", concurrency_limit=1, concurrency_id="index")
