"""What enters the read side: a question's text, plus the UI's filters, becomes one
`Question` here, once. Later stages read its fields and never its text."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any, Protocol

from assistant.question.filters import filter_conflict, filter_offices
from assistant.question.followup import is_followup, merge
from assistant.question.offices import OfficeDirectory
from assistant.question.understand import understand
from core.errors import AssistantError
from core.models import IndexedReport, Office, Question


class Indexed(Protocol):
    """What understanding needs of the corpus (a `CorpusSnapshot` is one)."""

    reports: tuple[IndexedReport, ...]
    directory: OfficeDirectory


def question_for(value: str | Mapping[str, Any] | Question, corpus: Indexed) -> Question:
    """A question string, the web app's {"question", "office", "year"}, or a Question
    already built (the compare tab's choices): the filters narrow what the text leaves
    open; a filter the text contradicts is set aside and said (question/filters.py)."""
    if isinstance(value, Question):
        return value
    if isinstance(value, str):
        text, office, year, history = value, None, None, ()
    else:
        text, office, year = str(value.get("question", "")), value.get("office"), value.get("year")
        history = value.get("chat_history") or value.get("history") or ()
    if not text.strip():
        raise AssistantError("问题为空")
    said = understand(text, corpus.reports, corpus.directory)
    previous = previous_question(history, corpus)
    question = merge(previous, said) if is_followup(said, previous) else said
    conflict = filter_conflict(said, office, year, corpus.directory)
    if office and not conflict.office:
        question = _only_office(question, corpus.directory, str(office))
    if year and not conflict.year:
        question = replace(question, years=(int(year),))
    if conflict:  # the question's words win, and the answer says which filter did not
        question = replace(question, understood="；".join(
            part for part in (question.understood, conflict.note) if part))
    if question.years and len(question.offices) > 1:
        # 海关总署2010年: of the offices a phrase matched, those with a report of that year
        dated = tuple(o for o in question.offices
                      if (entry := corpus.directory.by_office(o))
                      and set(entry.years) & set(question.years))
        if dated and len(dated) < len(question.offices) and question.kind != "comparison":
            question = replace(question, offices=dated, ambiguous=len(dated) > 1)
    if question.kind == "comparison" and question.mode == "trend" and len(question.offices) == 1 \
            and len({r.year for r in corpus.reports if r.office == question.offices[0]}) < 2:
        # 比上一年增加了百分之多少 of an office with one report: a change it states
        question = replace(question, kind="figure", mode="")
    if question.kind == "figure" and not question.offices \
            and len({r.office for r in corpus.reports}) > 1:
        # A figure asked of no office in particular: every office's, as a table.
        question = replace(question, kind="comparison", mode="each")
    return question


HISTORY_TURNS = 6  # earlier questions a follow-up may lean on, at most


def previous_question(history: Sequence[Any], corpus: Indexed) -> Question | None:
    """The last earlier question, itself understood in the context of those before it.
    `history`: question texts, LangChain messages (the human ones are questions), or
    {"role": "user", "content": ...} dicts."""
    texts = [t for t in (_question_text(item) for item in history) if t][-HISTORY_TURNS:]
    previous = None
    for text in texts:
        previous = _in_context(text, previous, corpus)
    return previous


def _in_context(text: str, previous: Question | None, corpus: Indexed) -> Question:
    question = understand(text, corpus.reports, corpus.directory)
    return merge(previous, question) if is_followup(question, previous) else question


def _question_text(item: Any) -> str:
    if isinstance(item, str):
        return item.strip()
    if isinstance(item, Mapping):
        return str(item.get("content", "")).strip() if item.get("role") in ("user", "human") else ""
    if getattr(item, "type", "") == "human":  # a LangChain HumanMessage
        return str(item.content).strip()
    return ""


def _only_office(question: Question, directory: OfficeDirectory, office: str) -> Question:
    offices = filter_offices(directory, office)
    if not offices:
        raise AssistantError(f"没有名为“{office}”的已索引单位")
    kind = "figure" if question.kind in ("absent", "comparison") and question.metrics \
        else question.kind
    kind = "passage" if kind == "absent" else kind
    return replace(question, offices=offices, ambiguous=len(offices) > 1, unknown_office="",
                   kind=kind, mode="" if kind != "comparison" else question.mode)


def comparison_question(metric: str | None, offices: Sequence[Office], years: Sequence[int],
                        label: str = "") -> Question:
    """The Question a metric and chosen offices/years mean (the compare tab's lists):
    built directly, no Chinese sentence to parse. `text` only names it for display."""
    where = "、".join(o.short or o.name for o in offices) or "各机关"
    when = "、".join(f"{y}年" for y in years)
    text = f"比较{where}{when}的{label or metric or ''}"
    return Question(text=text, normalised=text, kind="comparison", offices=tuple(offices),
                    years=tuple(int(y) for y in years), metrics=(metric,) if metric else ())
