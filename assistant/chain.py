"""One LCEL runnable, question -> Answer, used by the CLI and the web app.

    input ──► question_for ──► draft ──┬─ comparison ─► answer_comparison ─┬─► check ─► LLM rewrite
    (str, {"question",                 └─ otherwise ──► Answerer ───────────┘   (only when configured)
     "office", "year"}, or a Question)

The input is understood once (assistant.question.request.question_for) and every later
stage reads the Question; every answer passes the same citation and number check.

`stream_answer` yields text pieces and then the final Answer; with an LLM the pieces are
its tokens, and the final Answer is what passed the checks (it may be the
deterministic one: a UI replaces the streamed text with the final one).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, replace
from typing import Any

from langchain_core.language_models import BaseChatModel
from langchain_core.runnables import Runnable, RunnableLambda

from assistant.answering.answerer import CANDIDATES as ANSWER_CANDIDATES, Answerer
from assistant.answering.figures import FigurePick
from assistant.answering.citations import check_answer
from assistant.answering.llm import make_chat_model, rewrite, stream_rewrite
from assistant.comparison.compare import answer_comparison
from assistant.retrieval.corpus import CorpusSnapshot
from assistant.question.request import question_for
from assistant.retrieval.hybrid import HybridRetriever
from core.models import Answer, Office, Passage, Question
from core.settings import Settings
from core.store import Store

Asked = str | Mapping[str, Any] | Question


@dataclass
class ChainParts:
    settings: Settings
    store: Store
    retriever: HybridRetriever
    answerer: Answerer
    chat_model: BaseChatModel | None
    chain: Runnable

    def snapshot(self) -> CorpusSnapshot:
        return self.retriever.view()

    def question(self, value: Asked) -> Question:
        return question_for(value, self.snapshot())

    def warm_up(self) -> None:
        """Load what the first question would otherwise wait for: the BM25 index (built
        from Chroma if its cache is stale), the embedding model, jieba's dictionaries —
        with a question about a report that is indexed, whatever the corpus."""
        snapshot = self.snapshot()
        self.store.embedder(["预热"])
        for text in example_questions(snapshot)[:1]:
            self.draft(self.question(text))

    def draft(self, question: Question) -> Answer:
        """The deterministic answer: a comparison, or the answerer's (figures or
        passages), checked (quotes verbatim, every number quoted), with the cited
        reports' titles. The one path of every entry point (chat, compare tab, CLI)."""
        snapshot = self.snapshot()
        if question.kind == "comparison":
            # each office's figure found as its own figure question would find it
            answer = answer_comparison(question, snapshot, ranker=self._office_passages,
                                       office_figures=self._office_figures)
            answer = replace(answer, kind=answer.kind or "comparison")
        else:
            answer = self.answerer.answer(question)
        if question.understood:  # a follow-up: say how it was read
            answer = replace(answer, text=f"（理解为：{question.understood}）\n{answer.text}",
                             notes=(f"理解为：{question.understood}",) + answer.notes)
        # Years the answer may name without quoting them: those asked and those indexed.
        check_answer(answer, allowed={float(y) for y in set(question.years) | snapshot.years()})
        return with_titles(answer, snapshot)

    def _office_passages(self, question: Question, office: Office) -> list[Passage]:
        return self.retriever.retrieve(question, k=ANSWER_CANDIDATES, offices=(office,))

    def _office_figures(self, question: Question, office: Office) -> FigurePick:
        # the figure answerer's one way to find an office's figure, for each compared office
        return self.answerer._office_pick(question, office, self.snapshot())


def example_questions(snapshot: CorpusSnapshot) -> list[str]:
    """Example questions about what is indexed: a figure of the latest report that
    states one, a passage question, and a comparison when two offices are indexed."""
    from core.vocabulary import METRICS

    reports = sorted(snapshot.reports, key=lambda r: (r.figure_count > 0, r.year or 0),
                     reverse=True)
    if not reports:
        return []
    first = reports[0]
    name = first.office.short or first.office.name or first.title
    year = f"{first.year}年" if first.year else ""
    examples = []
    figures = snapshot.figures_of_reports([first.id])
    metric = next((METRICS[f.metric] for f in figures if f.metric in METRICS
                   and not f.metric.startswith("t")), None)
    if metric is not None and metric.phrases:
        examples.append(f"{name}{year}{metric.phrases[0]}了多少？")
    examples.append(f"{name}{year}报告里存在哪些问题？")
    others = [r for r in reports if r.office.name != first.office.name]
    if others:
        other = others[0].office.short or others[0].office.name
        if other:
            examples.append(f"比较{name}和{other}主动公开的数量")
    return examples


def with_titles(answer: Answer, snapshot: CorpusSnapshot) -> Answer:
    """Fill each citation's report title (source lists in briefings name the report)."""
    if all(c.title for c in answer.citations):
        return answer
    titles = snapshot.titles()
    citations = tuple(c if c.title else replace(c, title=titles.get(c.report, ""))
                      for c in answer.citations)
    return replace(answer, citations=citations)


def single_thread_torch() -> None:
    """Answering embeds one short question at a time: on one thread that takes ~30 ms,
    on two it can take ~340 ms as soon as another process is busy on a 2-core machine
    (the threads spin against each other). Called at the edges that only answer."""
    import torch

    torch.set_num_threads(1)


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


def with_message_history(chain: Runnable, session_history: Callable[..., Any]) -> Runnable:
    """The chain with LangChain's chat history: `session_history(session_id)` returns a
    BaseChatMessageHistory; earlier questions in it let a follow-up (那2018年呢？) be
    understood. Invoke with {"question": ...} and config={"configurable": {"session_id":
    ...}}; the output is {"answer": Answer, "message": AIMessage(answer text)}."""
    from langchain_core.messages import AIMessage
    from langchain_core.runnables.history import RunnableWithMessageHistory

    answered = chain | RunnableLambda(
        lambda answer: {"answer": answer, "message": AIMessage(answer.text)})
    return RunnableWithMessageHistory(answered, session_history, input_messages_key="question",
                                      history_messages_key="chat_history",
                                      output_messages_key="message")


def stream_answer(chain_or_parts: Runnable | ChainParts,
                  question: Asked) -> Iterator[str | Answer]:
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
