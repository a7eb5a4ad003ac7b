"""The optional LLM: any OpenAI-compatible endpoint, held to the deterministic answer.

The LLM only rewrites an answer the deterministic answerer found: it is given that
answer's numbered sources (verbatim quotes) and figures, must cite with [n], and its
text goes through the same checks as every answer (markers name sources, every number
appears in a quote it cites). If it fails, the deterministic answer is given instead,
with a note saying so. A `not_found` answer is never handed to the LLM: nothing can
support a number there.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import replace
from pathlib import Path

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import BaseMessage, HumanMessage, SystemMessage

from core.text import tokenize
from assistant.answering.citations import MARKER, check_answer
from core.errors import AnswerRejected, ConfigError, PromptError
from core.models import Answer, Citation
from core.settings import Settings
from core.normalise import normalise

_SENTENCE_END = re.compile(r"(?<=[。；！？\n])")
_VARIABLE = re.compile(r"\{([a-z_][a-z0-9_]*)\}")
REJECTED_NOTE = "大模型的回答未通过引用与数字核对，已改用规则生成的答案"


def load_prompt(prompts_dir: Path, name: str, **values: str) -> str:
    """prompts/<name>.md with every {variable} filled. Raises PromptError when the file
    is missing, a variable is left unfilled, or a value has no place in the template."""
    path = Path(prompts_dir) / f"{name}.md"
    try:
        template = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise PromptError(f"prompt {name!r} not found at {path}: {exc}") from exc
    names = set(_VARIABLE.findall(template))
    unfilled = sorted(names - set(values))
    if unfilled:
        raise PromptError(f"prompt {name!r}: variables not filled: {', '.join(unfilled)}")
    unused = sorted(set(values) - names)
    if unused:
        raise PromptError(f"prompt {name!r}: no place for: {', '.join(unused)}")
    return _VARIABLE.sub(lambda m: str(values[m.group(1)]), template)


def make_chat_model(settings: Settings) -> BaseChatModel | None:
    """A ChatOpenAI for the configured endpoint, or None when no LLM is configured."""
    if not settings.llm_enabled:
        return None
    from langchain_openai import ChatOpenAI  # imported only when an LLM is configured

    key = settings.llm_api_key.get_secret_value() if settings.llm_api_key else "not-needed"
    try:
        return ChatOpenAI(base_url=settings.llm_base_url, model=settings.llm_model,
                          api_key=key, temperature=settings.llm_temperature,
                          timeout=settings.llm_timeout_s, max_retries=1)
    except ValueError as exc:
        raise ConfigError(f"LLM settings rejected: {exc}") from exc


def _sources(citations: tuple[Citation, ...]) -> str:
    lines = []
    for c in citations:
        where = f"{c.office}{c.year or ''}年报告" + (f"，{c.section}" if c.section else "")
        lines.append(f"[{c.n}]（{where}）{c.quote}")
    return "\n".join(lines)


def _figures(answer: Answer) -> str:
    by_paragraph = {c.paragraph: c.n for c in answer.citations}
    lines = [f"- {f.metric}{'（' + f.label + '）' if f.label else ''}：{f.value:g}{f.unit}"
             f"（{'累计' if f.scope == 'cumulative' else '全年'}，{f.period}）"
             f"[{by_paragraph.get(f.paragraph_id, '?')}]" for f in answer.figures]
    return "\n".join(lines) or "（无）"


def messages_for(prompts_dir: Path, draft: Answer) -> list[BaseMessage]:
    system = load_prompt(prompts_dir, "answer_system")
    user = load_prompt(prompts_dir, "answer_user", question=draft.question,
                       sources=_sources(draft.citations), figures=_figures(draft),
                       draft=draft.text)
    return [SystemMessage(system), HumanMessage(user)]


def _renumber(text: str, citations: tuple[Citation, ...]) -> tuple[str, tuple[Citation, ...]]:
    """Keep the sources the text cites, numbered 1.. in order of first use."""
    order: dict[int, int] = {}
    for match in MARKER.finditer(text):
        order.setdefault(int(match.group(1)), len(order) + 1)
    by_n = {c.n: c for c in citations}
    kept = tuple(replace(by_n[old], n=new) for old, new in order.items() if old in by_n)
    return MARKER.sub(lambda m: f"[{order.get(int(m.group(1)), m.group(1))}]", text), kept


def accept(draft: Answer, text: str) -> Answer:
    """The LLM's answer if it passes the checks, else AnswerRejected."""
    text = text.strip()
    if not MARKER.search(text):
        raise AnswerRejected("the LLM answer cites no source")
    candidate = replace(draft, text=text)
    check_answer(candidate, require_markers=True)
    _check_grounded(text, draft.citations)
    renumbered, citations = _renumber(text, draft.citations)
    paragraphs = {c.paragraph for c in citations}
    figures = tuple(f for f in draft.figures if f.paragraph_id in paragraphs)
    return replace(draft, text=renumbered, citations=citations, figures=figures)


def _check_grounded(text: str, citations: tuple[Citation, ...]) -> None:
    """A sentence must share words with the sources it cites: a claim pinned on the
    wrong source is rejected even when it holds no number."""
    by_n = {c.n: c for c in citations}
    for sentence in filter(str.strip, _SENTENCE_END.split(text)):
        cited = [by_n[int(n)] for n in MARKER.findall(sentence) if int(n) in by_n]
        if not cited:
            continue
        words = {t for t in tokenize(normalise(MARKER.sub(" ", sentence)).text) if len(t) >= 2}
        quoted = set()
        for c in cited:
            quoted |= set(tokenize(normalise(c.quote).text))
        if words and not words & quoted:
            raise AnswerRejected(f"sentence shares no words with its sources: {sentence[:60]}")


def _fallback(draft: Answer, reason: str) -> Answer:
    return replace(draft, notes=draft.notes + (f"{REJECTED_NOTE}（{reason}）",))


def _content(message) -> str:
    content = getattr(message, "content", message)
    if isinstance(content, list):  # content blocks
        return "".join(part.get("text", "") if isinstance(part, Mapping) else str(part)
                       for part in content)
    return str(content)


def rewrite(chat_model: BaseChatModel, prompts_dir: Path, draft: Answer) -> Answer:
    if draft.status != "answered" or not draft.citations:
        return draft
    reply = chat_model.invoke(messages_for(prompts_dir, draft))
    try:
        return accept(draft, _content(reply))
    except AnswerRejected as exc:
        return _fallback(draft, str(exc))


def stream_rewrite(chat_model: BaseChatModel, prompts_dir: Path,
                   draft: Answer) -> Iterator[str | Answer]:
    """Text pieces as the LLM writes them, then the final Answer (the LLM's if it
    passed the checks, else the deterministic one: a UI must show the final text)."""
    if draft.status != "answered" or not draft.citations:
        yield draft.text
        yield draft
        return
    pieces: list[str] = []
    for chunk in chat_model.stream(messages_for(prompts_dir, draft)):
        piece = _content(chunk)
        if piece:
            pieces.append(piece)
            yield piece
    try:
        yield accept(draft, "".join(pieces))
    except AnswerRejected as exc:
        yield _fallback(draft, str(exc))
