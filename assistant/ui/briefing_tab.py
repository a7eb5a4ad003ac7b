"""The briefing tab: the collected items, reordering and removing them, and the two
downloads (Markdown and .docx), refreshed whenever the briefing changes."""

from __future__ import annotations

import uuid
from datetime import date
from pathlib import Path
from typing import Any

import gradio as gr

from assistant.briefing.export import (
    Briefing,
    BriefingError,
    briefing_from_plain,
    briefing_to_plain,
    to_docx,
    to_markdown,
)
from assistant.ui import render
from assistant.ui.context import AppContext


def items_html(briefing: Briefing) -> str:
    if not briefing.items:
        return ('<div class="govqa-briefing empty">简报还是空的：在“问答”或“比较”中点'
                "“加入简报”，把回答或引文收集到这里。</div>")
    cards = []
    for index, item in enumerate(briefing.items, start=1):
        kind = "回答" if item.kind == "answer" else "引文"
        sources = "；".join(f"[{c.n}] {c.office} {render.year_text(c.year)}"
                           for c in item.citations)
        question = f"问：{render.escape(item.question)}" if item.question else ""
        cards.append(
            f'<div class="brief-item" id="brief-item-{index}">'
            f'<div class="brief-head"><b>{index}. {kind}</b> {question}</div>'
            f'<div class="brief-text">{render.escape(item.text)}</div>'
            f'<div class="brief-sources">来源：{render.escape(sources) or "无"}</div></div>')
    return '<div class="govqa-briefing">' + "".join(cards) + "</div>"


def item_choices(briefing: Briefing) -> list[str]:
    return [f"{i}. {(item.question or item.text)[:30]}"
            for i, item in enumerate(briefing.items, start=1)]


def export_files(briefing: Briefing, export_dir: Path,
                 on: date | None = None) -> tuple[Path, Path]:
    """Write both exports into a new folder (so a browser never gets a stale cached
    file and sessions never share one)."""
    on = on or date.today()
    folder = export_dir / uuid.uuid4().hex
    folder.mkdir(parents=True)
    stem = f"简报-{on.isoformat()}"
    markdown = folder / f"{stem}.md"
    markdown.write_text(to_markdown(briefing, on), encoding="utf-8")
    docx = folder / f"{stem}.docx"
    docx.write_bytes(to_docx(briefing, on))
    return markdown, docx


def view(ctx: AppContext, briefing: Briefing, selected: int | None = None) -> tuple:
    """(items html, item dropdown, markdown download, docx download)."""
    choices = item_choices(briefing)
    if selected is not None and choices:
        selected = max(0, min(selected, len(choices) - 1))
    dropdown: Any = gr.update(choices=[(label, i) for i, label in enumerate(choices)],
                              value=selected if choices and selected is not None else None)
    if not briefing.items:
        none = gr.update(value=None, interactive=False)
        return items_html(briefing), dropdown, none, none
    markdown, docx = export_files(briefing, ctx.export_dir)
    return (items_html(briefing), dropdown, gr.update(value=str(markdown), interactive=True),
            gr.update(value=str(docx), interactive=True))


def restore(ctx: AppContext, saved: Any) -> tuple:
    """(briefing, *view) from the copy the browser kept, when the page loads."""
    briefing = briefing_from_plain(saved)
    return (briefing, *view(ctx, briefing))


def saved(briefing: Briefing) -> dict[str, Any]:
    """The browser's copy of the briefing, written whenever the briefing changes."""
    return briefing_to_plain(briefing)


def move(ctx: AppContext, briefing: Briefing, index: int | None, offset: int) -> tuple:
    """(briefing, *view). An edit of an item that is gone (another tab removed it) is
    ignored rather than raised at the user."""
    if index is None:
        return (briefing, *view(ctx, briefing))
    try:
        briefing = briefing.move(int(index), offset)
    except BriefingError:
        return (briefing, *view(ctx, briefing))
    return (briefing, *view(ctx, briefing, int(index) + offset))


def remove(ctx: AppContext, briefing: Briefing, index: int | None) -> tuple:
    if index is None:
        return (briefing, *view(ctx, briefing))
    try:
        briefing = briefing.remove(int(index))
    except BriefingError:
        pass
    return (briefing, *view(ctx, briefing, int(index)))
