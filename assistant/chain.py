"""One LCEL runnable, question -> Answer, used by the CLI and the web app.

    input ──► understand ──► draft ──┬─ comparison ─► assistant.comparison.compare.answer_comparison
    (str, or {"question",            └─ otherwise ──► Answerer (figures / passages)
     "office", "year"})                          ──► LLM rewrite (only when configured)

`stream_answer` yields text pieces and then the final Answer; with an LLM the pieces are
its tokens, and the final Answer is what passed the checks (it may be the
deterministic one: a UI replaces the streamed text with the final one).
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from typing import Any

from langchain_core.language_models import BaseChatModel
from langchain_core.runnables import Runnable, RunnableLambda

from assistant.answering.answerer import Answerer
from assistant.answering.citations import check_answer
from core.errors import AssistantError
from assistant.answering.llm import make_chat_model, rewrite, stream_rewrite
from core.models import Answer, Question
from assistant.question.offices import simplified
from assistant.retrieval.hybrid import HybridRetriever
from core.settings import Settings
from core.store import Store


@dataclass
class ChainParts:
    settings: Settings
    store: Store
    retriever: HybridRetriever
    answerer: Answerer
    chat_model: BaseChatModel | None
    chain: Runnable

    def question(self, value: str | Mapping[str, Any]) -> Question:
        return to_question(self.retriever, value)

    def warm_up(self) -> None:
        """Load what the first question would otherwise wait for: the BM25 index (built
        from Chroma if its cache is stale), the embedding model, jieba's dictionaries."""
        self.retriever.view()
        self.store.embedder(["预热"])
        self.question("北沟街道2017年主动公开了多少条政府信息？")

    def draft(self, question: Question) -> Answer:
        """The deterministic answer: a comparison, or the answerer's (figures or
        passages), with the cited reports' titles."""
        if question.kind == "comparison":
            return with_titles(_compare(question, self.store), self.retriever)
        return with_titles(self.answerer.answer(question), self.retriever)


def with_titles(answer: Answer, retriever: HybridRetriever) -> Answer:
    """Fill each citation's report title (source lists in briefings name the report)."""
    if all(c.title for c in answer.citations):
        return answer
    titles = {r.source: r.title for r in retriever.view().reports}
    citations = tuple(c if c.title else replace(c, title=titles.get(c.report, ""))
                      for c in answer.citations)
    return replace(answer, citations=citations)


def single_thread_torch() -> None:
    """Answering embeds one short question at a time: on one thread that takes ~30 ms,
    on two it can take ~340 ms as soon as another process is busy on a 2-core machine
    (the threads spin against each other). Called at the edges that only answer."""
    import torch

    torch.set_num_threads(1)


def to_question(retriever: HybridRetriever, value: str | Mapping[str, Any]) -> Question:
    """A question string, or the web app's {"question", "office", "year"}: the filters
    replace what the text names."""
    if isinstance(value, str):
        text, office, year = value, None, None
    else:
        text, office, year = str(value.get("question", "")), value.get("office"), value.get("year")
    if not text.strip():
        raise AssistantError("问题为空")
    question = retriever.understand(text)
    if office:
        wanted = simplified(str(office))
        offices = tuple(e.office for e in retriever.view().directory.entries
                        if wanted in e.names or wanted == e.office.name)
        if not offices:
            raise AssistantError(f"没有名为“{office}”的已索引单位")
        kind = "figure" if question.kind in ("absent", "comparison") and question.metrics \
            else question.kind
        kind = "passage" if kind == "absent" else kind
        question = replace(question, offices=offices, ambiguous=len(offices) > 1,
                           unknown_office="", kind=kind, mode="" if kind != "comparison" else
                           question.mode)
    if year:
        question = replace(question, years=(int(year),))
    if question.kind == "figure" and not question.offices \
            and len({r.office for r in retriever.view().reports}) > 1:
        # A figure asked of no office in particular: every office's, as a table.
        question = replace(question, kind="comparison", mode="each")
    return question


def _compare(question: Question, store: Store) -> Answer:
    # Imported when first needed: the comparison module is developed separately.
    module = importlib.import_module("assistant.comparison.compare")
    answer = module.answer_comparison(question, store)
    check_answer(answer)
    return replace(answer, kind=answer.kind or "comparison")


def build_parts(settings: Settings, store: Store,
                chat_model: BaseChatModel | None = None) -> ChainParts:
    retriever = HybridRetriever.from_settings(settings, store)
    answerer = Answerer(retriever)
    chat_model = chat_model if chat_model is not None else make_chat_model(settings)
    parts = ChainParts(settings, store, retriever, answerer, chat_model, RunnableLambda(str))
    # The web app's streaming path calls parts.draft too: one routing for both.
    chain: Runnable = (RunnableLambda(parts.question, name="understand")
                       | RunnableLambda(parts.draft, name="draft"))
    if chat_model is not None:
        chain = chain | RunnableLambda(
            lambda draft: rewrite(chat_model, settings.prompts_dir, draft), name="llm")
    parts.chain = chain.with_config(run_name="govqa")
    return parts


def build_chain(settings: Settings, store: Store,
                chat_model: BaseChatModel | None = None) -> Runnable:
    return build_parts(settings, store, chat_model).chain


def stream_answer(chain_or_parts: Runnable | ChainParts,
                  question: str | Mapping[str, Any]) -> Iterator[str | Answer]:
    """Text pieces, then the final Answer."""
    if isinstance(chain_or_parts, ChainParts):
        parts = chain_or_parts
        draft = parts.draft(parts.question(question))
        if parts.chat_model is None:
            yield draft.text
            yield draft
            return
        yield from stream_rewrite(parts.chat_model, parts.settings.prompts_dir, draft)
        return
    answer = chain_or_parts.invoke(question)
    yield answer.text
    yield answer
