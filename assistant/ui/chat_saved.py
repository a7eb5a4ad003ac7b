"""The browser's copy of a chat session (gr.BrowserState, encrypted with the app's
browser secret), so a reload or a restart of the app does not lose the conversation.

The copy comes back from the browser and is not trusted: every turn is checked field by
field against the types of core/models.py and a turn that is not well formed is dropped
on its own (the others are kept). What is restored is only ever shown escaped (render.py),
so a tampered copy can at worst show odd text, never run anything or break the page.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import MISSING, asdict, fields
from typing import Any

from core.models import Answer, Citation, Figure, TableRow
from assistant.ui.chat import ChatSession, Turn

# localStorage holds a few MB per site: keep the latest turns (each carries its cited
# paragraphs), enough for any conversation a user scrolls back through.
MAX_SAVED_TURNS = 40

Check = Callable[[Any], bool]


def _text(value: Any) -> bool:
    return isinstance(value, str)


def _int(value: Any) -> bool:
    return type(value) is int


def _int_or_none(value: Any) -> bool:
    return value is None or type(value) is int


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _number_or_none(value: Any) -> bool:
    return value is None or _number(value)


def _span(value: Any) -> bool:
    return isinstance(value, (list, tuple)) and len(value) == 2 and all(map(_int, value))


CITATION: dict[str, Check] = {"n": _int, "report": _text, "office": _text, "year": _int_or_none,
                              "section": _text, "paragraph": _text, "quote": _text,
                              "paragraph_text": _text, "title": _text}
TABLE_ROW: dict[str, Check] = {"office": _text, "year": _int_or_none, "value": _number_or_none,
                               "qualifier": _text, "scope": _text, "citation": _int_or_none,
                               "display": _text}
FIGURE: dict[str, Check] = {"metric": _text, "value": _number, "unit": _text, "qualifier": _text,
                            "period": _text, "scope": _text, "paragraph_id": _text,
                            "span": _span, "quote": _text, "label": _text, "row": _text,
                            "column": _text, "report_id": _text, "office": _text,
                            "year": _int_or_none, "kind": _text}
STATUSES = ("answered", "not_found")


def _build(cls: type, spec: Mapping[str, Check], raw: Any) -> Any:
    """An instance of the dataclass `cls` from plain data, or None when a field has the
    wrong type. A field left out takes its default (a copy saved by an older version)."""
    if not isinstance(raw, dict):
        return None
    values: dict[str, Any] = {}
    for field in fields(cls):
        if field.name not in raw:
            if field.default is MISSING:
                return None
            values[field.name] = field.default
            continue
        value = raw[field.name]
        if not spec[field.name](value):
            return None
        values[field.name] = tuple(value) if isinstance(value, list) else value
    return cls(**values)


def _many(cls: type, spec: Mapping[str, Check], raw: Any) -> tuple | None:
    if raw is None:
        return ()
    if not isinstance(raw, (list, tuple)):
        return None
    built = tuple(_build(cls, spec, item) for item in raw)
    return None if any(item is None for item in built) else built


def answer_from_plain(raw: Any) -> Answer | None:
    if not isinstance(raw, dict) or raw.get("status") not in STATUSES:
        return None
    if not all(_text(raw.get(key)) for key in ("question", "text")):
        return None
    kind, notes = raw.get("kind", ""), raw.get("notes") or []
    if not _text(kind) or not isinstance(notes, list) or not all(map(_text, notes)):
        return None
    citations = _many(Citation, CITATION, raw.get("citations"))
    figures = _many(Figure, FIGURE, raw.get("figures"))
    table = _many(TableRow, TABLE_ROW, raw.get("table"))
    if citations is None or figures is None or table is None:
        return None
    return Answer(question=raw["question"], status=raw["status"], text=raw["text"],
                  citations=citations, figures=figures, table=table, kind=kind,
                  notes=tuple(notes))


def _turn_from_plain(raw: Any) -> Turn | None:
    if not isinstance(raw, dict) or not _text(raw.get("question")):
        return None
    error = raw.get("error", "")
    if not _text(error):
        return None
    answer = answer_from_plain(raw["answer"]) if raw.get("answer") is not None else None
    if answer is None and not error:  # a turn is an answer or an error, never pending
        return None
    return Turn(raw["question"], answer, error)


def session_to_plain(session: ChatSession) -> dict[str, Any]:
    """The copy kept in the browser: the finished turns (a turn still streaming is not
    kept: its answer is not known yet), the latest MAX_SAVED_TURNS of them."""
    kept = [(i, t) for i, t in enumerate(session.turns)
            if t.answer is not None or t.error][-MAX_SAVED_TURNS:]
    turns = [{"question": t.question, "error": t.error,
              "answer": asdict(t.answer) if t.answer is not None else None} for _, t in kept]
    selected = next((n for n, (i, _) in enumerate(kept) if i == session.selected), -1)
    return {"turns": turns, "selected": selected}


def session_from_plain(data: Any) -> ChatSession:
    """A session from the browser's copy; turns that are not well formed are dropped."""
    if not isinstance(data, dict) or not isinstance(data.get("turns"), list):
        return ChatSession()
    raws = data["turns"][-MAX_SAVED_TURNS:]
    turns, positions = [], {}
    for index, raw in enumerate(raws):
        turn = _turn_from_plain(raw)
        if turn is not None:
            positions[index] = len(turns)
            turns.append(turn)
    selected = data.get("selected")
    chosen = positions.get(selected, -1) if _int(selected) else -1
    if chosen < 0 or turns[chosen].answer is None:  # show the latest answer's sources
        chosen = max((i for i, t in enumerate(turns) if t.answer is not None), default=-1)
    return ChatSession(tuple(turns), chosen)
