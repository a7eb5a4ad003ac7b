"""The chat tab: a session's questions and answers, streamed answering, choosing which
answer's sources are shown, and sending answers or passages to the briefing.

The session (`ChatSession`) lives in a per-browser gr.State and is the only source of the
chat history: the Chatbot's value is re-rendered from it, never read back from the
browser, so nothing a client sends is ever turned into markup unescaped.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any

import gradio as gr

from assistant.briefing.export import Briefing
from assistant.chain import stream_answer
from assistant.user_errors import user_message
from core.errors import AnswerRejected, AssistantError
from core.models import Answer
from assistant.ui import feedback, render
from assistant.ui.context import AppContext

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Turn:
    question: str
    answer: Answer | None = None
    error: str = ""
    partial: str = ""  # streamed text so far, while the answer is being made


@dataclass(frozen=True)
class ChatSession:
    turns: tuple[Turn, ...] = ()
    selected: int = -1  # the turn whose sources are shown; -1: none yet

    def with_turn(self, turn: Turn) -> "ChatSession":
        return replace(self, turns=self.turns + (turn,))

    def with_last(self, turn: Turn) -> "ChatSession":
        return replace(self, turns=self.turns[:-1] + (turn,))

    def answer(self, index: int | None = None) -> Answer | None:
        index = self.selected if index is None else index
        return self.turns[index].answer if 0 <= index < len(self.turns) else None


def history(session: ChatSession) -> list[dict[str, str]]:
    """The Chatbot value: one user and one assistant message per turn, always, so the
    message index of a turn's answer is 2 * turn + 1."""
    messages = []
    for turn in session.turns:
        messages.append({"role": "user", "content": render.user_message(turn.question)})
        if turn.answer is not None:
            content = render.answer_message(turn.answer)
        elif turn.error:
            content = render.error_message(turn.error)
        else:
            content = render.pending_message(turn.partial)
        messages.append({"role": "assistant", "content": content})
    return messages


def citation_choices(answer: Answer | None) -> dict[str, Any]:
    if answer is None or not answer.citations:
        return gr.update(choices=[], value=None)
    choices = [(f"[{c.n}] {c.office} {render.year_text(c.year)} {c.quote[:24]}", c.n)
               for c in answer.citations]
    return gr.update(choices=choices, value=choices[0][1])


def _chain_input(question: str, office: str | None, year: int | None,
                 session: ChatSession | None = None) -> Any:
    """What the chain is asked: the question, the filters, and the session's earlier
    questions (a follow-up such as 那2018年呢 is understood from them)."""
    earlier = [t.question for t in (session.turns[:-1] if session else ()) if t.answer]
    if not office and not year and not earlier:
        return question
    return {"question": question, "office": office or None, "year": int(year) if year else None,
            "chat_history": earlier}


def _outputs(session: ChatSession, *, question_box: Any = gr.update()) -> tuple:
    """(chatbot, session, sources, citation dropdown, question box)."""
    selected = session.selected
    return (history(session), session, render.sources_panel(session.answer(), selected),
            citation_choices(session.answer()), question_box)


def ask(ctx: AppContext, question: str, office: str | None, year: int | None,
        session: ChatSession) -> Iterator[tuple]:
    """Stream one answer into the chat. Yields the outputs of `_outputs`."""
    question = (question or "").strip()
    if not question:
        yield _outputs(session)
        return
    session = session.with_turn(Turn(question))
    yield _outputs(session, question_box="")
    turn = session.turns[-1]
    try:
        for piece in stream_answer(ctx.chain, _chain_input(question, office, year, session)):
            if isinstance(piece, Answer):
                turn = replace(turn, answer=piece, partial="")
            else:
                turn = replace(turn, partial=turn.partial + str(piece))
                yield _outputs(session.with_last(turn))
        if turn.answer is None:
            raise AssistantError("回答流程没有给出结果")
    except Exception as exc:  # noqa: BLE001 - the UI edge: a user sees words, the log a trace
        if not isinstance(exc, AssistantError) or isinstance(exc, AnswerRejected):
            log.exception("answering %r failed", question)
        turn = replace(turn, error=user_message(exc), partial="")
    session = session.with_last(turn)
    if turn.answer is not None:
        session = replace(session, selected=len(session.turns) - 1)
    yield _outputs(session)


def select(session: ChatSession, event: gr.SelectData) -> tuple:
    """A click on a message (or a [n] marker in it) shows that turn's sources."""
    index = event.index if isinstance(event.index, int) else event.index[0]
    turn = int(index) // 2
    if session.answer(turn) is not None:
        session = replace(session, selected=turn)
    return (session, render.sources_panel(session.answer(), session.selected),
            citation_choices(session.answer()))


def clear() -> tuple:
    """The Chatbot's clear button: a new session (the briefing is kept)."""
    session = ChatSession()
    return session, render.sources_panel(None, 0), citation_choices(None)


def add_answer(session: ChatSession, briefing: Briefing) -> tuple[Briefing, str]:
    answer = session.answer()
    if answer is None:
        return briefing, "还没有可加入的回答。"
    briefing = briefing.add_answer(answer)
    return briefing, f"已把第 {session.selected + 1} 问的回答加入简报（共 {len(briefing)} 项）。"


def add_citation(session: ChatSession, n: int | None, briefing: Briefing) -> tuple[Briefing, str]:
    answer = session.answer()
    citation = next((c for c in answer.citations if c.n == n), None) if answer else None
    if citation is None:
        return briefing, "请先选择一条引文。"
    briefing = briefing.add_passage(citation, answer.question)
    return briefing, f"已把引文 [{n}] 加入简报（共 {len(briefing)} 项）。"


def mark_answer(ctx: AppContext, session: ChatSession, mark: str) -> tuple[str, Any]:
    """Mark the answer whose sources are shown as 有用 / 有误 (feedback.py keeps it
    beside the index). (status line, the feedback export's download button)."""
    answer = session.answer()
    if answer is None:
        return "还没有可标记的回答。", gr.update()
    try:
        feedback.record(ctx.settings.index_dir, feedback.mark_of(answer, mark))
    except OSError as exc:
        log.exception("writing feedback failed")
        return user_message(exc, "保存反馈"), gr.update()
    return (f"已把第 {session.selected + 1} 问的回答标记为“{feedback.MARKS[mark]}”。",
            feedback_download(ctx))


def feedback_download(ctx: AppContext) -> Any:
    """The export button, pointing at a fresh export of every mark so far (disabled
    while there is none)."""
    marks = feedback.read_marks(ctx.settings.index_dir)
    if not marks:
        return gr.update(value=None, interactive=False)
    folder = ctx.export_dir / uuid.uuid4().hex
    target = folder / "反馈-评测题.jsonl"
    feedback.export_jsonl(marks, target)
    return gr.update(value=str(target), interactive=True)
