"""Wires the layout's components to the handlers of each tab.

Per-user data lives in gr.State (one chat session, one briefing, one comparison per
browser tab); the briefing also has a copy in the browser's localStorage, written by
every edit and read when the page loads. The store and the chain are shared. Answering
runs with a concurrency limit; indexing runs one at a time (it writes the store and
loads the model hard).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

import gradio as gr

from assistant.briefing.export import Briefing
from assistant.ui import (api, briefing_tab, chat, chat_saved, compare_tab, corrections,
                         library, render, replacing)
from assistant.ui.context import AppContext
from assistant.ui.layout import Layout
from assistant.ui.login import WRITES_NEED_LOGIN, may_write

ANSWER_CONCURRENCY = 4
# Edits of a briefing read and write the session's state: run one at a time, so two
# quick clicks never both start from the same old briefing (they take milliseconds).
BRIEFING_QUEUE: dict[str, Any] = {"concurrency_limit": 1, "concurrency_id": "briefing"}


def _with_view(ctx: AppContext, add: Callable[..., tuple[Briefing, str]]) -> Callable[..., tuple]:
    """An 'add to briefing' handler that also returns the briefing tab's new view (and,
    through `_saving`, the browser's copy), in the same event: a chained event could
    land after a later click's, and a reload right after the click must not lose it."""

    def handler(*args: Any) -> tuple:
        briefing, status = add(*args)
        return (briefing, status, *briefing_tab.view(ctx, briefing))

    return _saving(handler)


def _saving(edit: Callable[..., tuple]) -> Callable[..., tuple]:
    """A briefing edit (returning the briefing first) that also returns the browser's
    copy, second: every edit's outputs start with `briefing_out`."""

    def handler(*args: Any, **kwargs: Any) -> tuple:
        briefing, *rest = edit(*args, **kwargs)
        return (briefing, briefing_tab.saved(briefing), *rest)

    return handler


def _choices_updates(ctx: AppContext) -> tuple:
    """(reports table, library report, chat office, chat year, compare metric,
    compare offices, compare years) refreshed from the corpus snapshot."""
    reports = list(ctx.snapshot().reports)
    found = library.choices(reports)
    return (
        library.reports_frame(reports),
        gr.update(choices=found.reports, value=None),
        gr.update(choices=[("全部机关", "")] + found.offices),
        gr.update(choices=[("全部年度", 0)] + [(f"{y}年", y) for y in found.years]),
        gr.update(choices=compare_tab.metric_choices()),
        gr.update(choices=found.offices),
        gr.update(choices=[(f"{y}年", y) for y in found.years]),
    )


def _restore_chat(ctx: AppContext, saved: Any) -> tuple:
    """(chatbot, session, sources, citation, feedback export) from the browser's copy of
    the chat, when the page loads."""
    session = chat_saved.session_from_plain(saved)
    return (chat.history(session), session,
            render.sources_panel(session.answer(), session.selected),
            chat.citation_choices(session.answer()), chat.feedback_download(ctx))


def _ask_and_save(ctx: AppContext, question: str, office: str | None, year: int | None,
                  session: chat.ChatSession):
    """chat.ask, streamed, then the browser's copy of the finished session, in the same
    event (a reload right after the answer appears keeps it)."""
    for outputs in chat.ask(ctx, question, office, year, session):
        session = outputs[1]
        yield (*outputs, gr.skip())
    yield (*(gr.skip(),) * 5, chat_saved.session_to_plain(session))


def _clear_chat() -> tuple:
    session, sources, citation = chat.clear()
    return [], session, sources, citation, chat_saved.session_to_plain(session)


def _select_and_save(session: chat.ChatSession, event: gr.SelectData) -> tuple:
    session, sources, citation = chat.select(session, event)
    return session, sources, citation, chat_saved.session_to_plain(session)


def _wire_upload(layout: Layout, ctx: AppContext, choice_outputs: list) -> None:
    """Uploading: index the chosen files, or first ask (replacing.py) when a file's name
    is a stored report's with other content; 替换 / 并存 then index, 取消 indexes nothing.
    Every path returns the same outputs: result, files, correction fields, the question
    (row, text, held upload), then the refreshed choices."""
    lib = layout.library
    upload_fields = [lib.upload_office, lib.upload_year, lib.upload_read]
    question = [lib.replace_row, lib.replace_question, lib.upload_pending]
    outputs = [lib.result, lib.files, *upload_fields, *question, *choice_outputs]
    no_question = (gr.update(visible=False), "", None)

    def refused(request: gr.Request) -> tuple | None:
        if may_write(ctx.settings, getattr(request, "username", None)):
            return None
        return (render.message_list(WRITES_NEED_LOGIN, [], "error"), gr.update(),
                *(gr.skip(),) * 3, *no_question, *_choices_updates(ctx))

    def ask(asked: tuple[str, replacing.PendingUpload]) -> tuple:
        text, pending = asked
        return (render.message_list(replacing.WAITING_NOTE, [], "warning"), gr.skip(),
                *(gr.skip(),) * 3, gr.update(visible=True), text, pending,
                *(gr.skip(),) * len(choice_outputs))

    def indexed(files: list[str] | None, office: str, year: str, shown: Any, replace: bool,
                progress: gr.Progress) -> tuple:
        result = library.upload(ctx, files, progress, office, year, shown,
                                replace_same_name=replace)
        return (result, None, "", "", None, *no_question, *_choices_updates(ctx))

    def upload(files: list[str] | None, office: str, year: str, same_name: str, shown: Any,
               request: gr.Request, progress: gr.Progress = gr.Progress()) -> tuple:
        if (denied := refused(request)) is not None:
            return denied
        if same_name not in (replacing.REPLACE, replacing.BESIDE) and files:
            if (asked := replacing.asking(ctx, files)) is not None:
                return ask(asked)  # nothing indexed before the user chooses
        return indexed(files, office, year, shown, same_name == replacing.REPLACE, progress)

    def chosen(replace: bool):
        def handler(pending: replacing.PendingUpload | None, office: str, year: str,
                    shown: Any, request: gr.Request,
                    progress: gr.Progress = gr.Progress()) -> tuple:
            if (denied := refused(request)) is not None:
                return denied
            if pending is None:  # withdrawn meanwhile (other files chosen)
                return (render.message_list("请重新选择文件后上传。", []), gr.skip(),
                        *(gr.skip(),) * 3, *no_question, *(gr.skip(),) * len(choice_outputs))
            if replace and replacing.still_asked(ctx, pending):
                # another upload took one of these names since the question: ask again
                return ask(replacing.asking(ctx, list(pending.files)))
            return indexed(list(pending.files), office, year, shown, replace, progress)
        return handler

    def prefill_upload(files: list[str] | None) -> tuple:
        """One file chosen: the fields show what indexing would read from it."""
        if not files or len(files) != 1:
            return "", "", None
        read = corrections.read_fields(files[0], ctx.settings)
        return read.office, read.year_text, read

    lib.files.change(prefill_upload, inputs=[lib.files], outputs=upload_fields,
                     concurrency_limit=2, concurrency_id="prefill")
    def withdraw(files: list[str] | None, pending: replacing.PendingUpload | None) -> tuple:
        """A question is about the files it named: choosing others withdraws it. (The
        change of the files the question is about may reach the server after the
        question: that one keeps it.)"""
        if pending is None or tuple(files or ()) == pending.files:
            return (gr.skip(),) * len(question)
        return no_question

    lib.files.change(withdraw, inputs=[lib.files, lib.upload_pending], outputs=question)
    writing: dict[str, Any] = dict(show_progress_on=[lib.result], concurrency_limit=1,
                                   concurrency_id="index")
    lib.upload.click(upload, inputs=[lib.files, lib.upload_office, lib.upload_year,
                                     lib.same_name, lib.upload_read],
                     outputs=outputs, api_name="upload", **writing)
    held = [lib.upload_pending, *upload_fields]
    lib.replace_yes.click(chosen(True), inputs=held, outputs=outputs, **writing)
    lib.replace_beside.click(chosen(False), inputs=held, outputs=outputs, **writing)
    lib.replace_cancel.click(lambda: (replacing.cancelled(), *no_question),
                             outputs=[lib.result, *question])


def wire(layout: Layout, ctx: AppContext) -> None:
    c, lib, cmp, brief = layout.chat, layout.library, layout.compare, layout.briefing
    chat_state, brief_state, cmp_state = (layout.chat_state, layout.briefing_state,
                                          layout.compare_state)
    choice_outputs = [lib.reports, lib.report, c.office, c.year, cmp.metric, cmp.offices,
                      cmp.years]
    brief_view = [brief.items, brief.item, brief.markdown, brief.docx]
    briefing_out = [brief_state, layout.briefing_saved]  # every edit writes both

    layout.demo.load(partial(_choices_updates, ctx), outputs=choice_outputs)
    layout.demo.load(partial(briefing_tab.restore, ctx), inputs=[layout.briefing_saved],
                     outputs=[brief_state, *brief_view])

    # ---- chat ----
    layout.demo.load(partial(_restore_chat, ctx), inputs=[layout.chat_saved],
                     outputs=[c.chatbot, chat_state, c.sources, c.citation, c.feedback])
    chat_outputs = [c.chatbot, chat_state, c.sources, c.citation, c.question, layout.chat_saved]
    ask_args: dict[str, Any] = dict(
        fn=partial(_ask_and_save, ctx), inputs=[c.question, c.office, c.year, chat_state],
        outputs=chat_outputs, show_progress_on=[c.chatbot], concurrency_limit=ANSWER_CONCURRENCY,
        concurrency_id="answer")
    c.ask.click(**ask_args)
    c.question.submit(**ask_args)
    cleared = [c.chatbot, chat_state, c.sources, c.citation, layout.chat_saved]
    c.chatbot.clear(_clear_chat, outputs=cleared)
    c.clear.click(_clear_chat, outputs=cleared)
    c.chatbot.select(_select_and_save, inputs=[chat_state],
                     outputs=[chat_state, c.sources, c.citation, layout.chat_saved])
    for button, mark in ((c.mark_useful, "useful"), (c.mark_wrong, "wrong")):
        button.click(partial(chat.mark_answer, ctx, mark=mark), inputs=[chat_state],
                     outputs=[c.status, c.feedback], concurrency_limit=1,
                     concurrency_id="feedback")
    c.add_answer.click(_with_view(ctx, chat.add_answer), inputs=[chat_state, brief_state],
                       outputs=[*briefing_out, c.status, *brief_view], **BRIEFING_QUEUE)
    c.add_citation.click(_with_view(ctx, chat.add_citation),
                         inputs=[chat_state, c.citation, brief_state],
                         outputs=[*briefing_out, c.status, *brief_view], **BRIEFING_QUEUE)

    # ---- library ----
    _wire_upload(layout, ctx, choice_outputs)

    def ask_remove(report_id: str | None) -> tuple:
        message, asking = library.ask_remove(ctx, report_id)
        if asking:  # the question goes beside its buttons
            return "", message, gr.update(visible=True), report_id
        return message, "", gr.update(visible=False), None

    def remove_confirmed(report_id: str | None, request: gr.Request) -> tuple:
        if not may_write(ctx.settings, getattr(request, "username", None)):
            return (render.message_list(WRITES_NEED_LOGIN, [], "error"),
                    gr.update(visible=False), None, *_choices_updates(ctx))
        return (library.remove(ctx, report_id), gr.update(visible=False), None,
                *_choices_updates(ctx))

    confirm_outputs = [lib.confirm_row, lib.removing]
    lib.remove.click(ask_remove, inputs=[lib.report],
                     outputs=[lib.result, lib.confirm_question, *confirm_outputs])
    lib.cancel_remove.click(
        lambda: (library.cancelled_remove(), gr.update(visible=False), None),
        outputs=[lib.result, *confirm_outputs])
    # Deletes the report the question named, whatever the dropdown shows by then.
    lib.confirm_remove.click(remove_confirmed, inputs=[lib.removing],
                             outputs=[lib.result, *confirm_outputs, *choice_outputs],
                             show_progress_on=[lib.result], concurrency_limit=1,
                             concurrency_id="index")

    def show_figures(report_id: str | None) -> tuple:
        frame, csv = library.report_figures(ctx, report_id)
        return frame, gr.update(value=str(csv) if csv else None, interactive=csv is not None)

    lib.report.change(show_figures, inputs=[lib.report], outputs=[lib.figures, lib.csv])

    def prefill_fix(report_id: str | None) -> tuple:
        found = ctx.store.report(report_id) if report_id else None
        held = corrections.held_fields(found) if found else corrections.ReadFields()
        return held.office, held.year_text

    def fix(report_id: str | None, office: str, year: str, request: gr.Request) -> tuple:
        if not may_write(ctx.settings, getattr(request, "username", None)):
            return (render.message_list(WRITES_NEED_LOGIN, [], "error"),
                    *_choices_updates(ctx))
        return (library.correct(ctx, report_id, office, year), *_choices_updates(ctx))

    lib.report.change(prefill_fix, inputs=[lib.report], outputs=[lib.fix_office, lib.fix_year])
    lib.fix.click(fix, inputs=[lib.report, lib.fix_office, lib.fix_year],
                  outputs=[lib.result, *choice_outputs], show_progress_on=[lib.result],
                  concurrency_limit=1, concurrency_id="index")
    # A confirmation is for the report it named: choosing another one withdraws it.
    lib.report.change(lambda: (gr.update(visible=False), None), outputs=confirm_outputs)

    # ---- compare ----
    cmp_outputs = [cmp_state, cmp.answer, cmp.table, cmp.chart, cmp.line, cmp.status]
    cmp.run.click(partial(compare_tab.by_choice, ctx),
                  inputs=[cmp.metric, cmp.offices, cmp.years], outputs=cmp_outputs,
                  show_progress_on=[cmp.answer], concurrency_limit=ANSWER_CONCURRENCY,
                  concurrency_id="answer")
    cmp_ask: dict[str, Any] = dict(
        fn=partial(compare_tab.by_question, ctx), inputs=[cmp.question], outputs=cmp_outputs,
        show_progress_on=[cmp.answer], concurrency_limit=ANSWER_CONCURRENCY,
        concurrency_id="answer")
    cmp.ask.click(**cmp_ask)
    cmp.question.submit(**cmp_ask)
    cmp.add.click(_with_view(ctx, compare_tab.add_to_briefing), inputs=[cmp_state, brief_state],
                  outputs=[*briefing_out, cmp.status, *brief_view], **BRIEFING_QUEUE)

    # ---- briefing ----
    edit_outputs = [*briefing_out, *brief_view]
    brief.up.click(_saving(partial(briefing_tab.move, ctx, offset=-1)),
                   inputs=[brief_state, brief.item], outputs=edit_outputs, **BRIEFING_QUEUE)
    brief.down.click(_saving(partial(briefing_tab.move, ctx, offset=1)),
                     inputs=[brief_state, brief.item], outputs=edit_outputs, **BRIEFING_QUEUE)
    brief.remove.click(_saving(partial(briefing_tab.remove, ctx)),
                       inputs=[brief_state, brief.item], outputs=edit_outputs, **BRIEFING_QUEUE)

    # ---- the API: named endpoints only; the page's own events stay out of it ----
    for fn in layout.demo.fns.values():
        if fn.api_name != "upload":
            fn.api_visibility = "private"
    api.wire_api(ctx)
