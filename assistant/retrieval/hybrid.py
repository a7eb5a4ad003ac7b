"""Hybrid retrieval as a LangChain retriever: dense (Chroma) + BM25, fused by RRF.

The question decides the filters: the offices it names (and the years, when the office
has reports of those years), and a section when it names one. A filter that would leave
nothing is dropped rather than returning nothing; the answerer says so.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict, PrivateAttr

from assistant.retrieval.corpus import Corpus, CorpusSnapshot
from assistant.question.understand import understand
from assistant.retrieval.dense import DenseSearcher
from assistant.retrieval.fusion import reciprocal_rank_fusion
from core.models import Office, Passage, Question
from core.settings import Settings
from core.store import Store


DENSE_CACHE = 64  # queries


def passage_document(passage: Passage) -> Document:
    meta = {name: getattr(passage, name) for name in Passage.__dataclass_fields__}
    return Document(page_content=passage.text, metadata=meta, id=passage.paragraph_id)


def document_passage(document: Document) -> Passage:
    meta = dict(document.metadata)
    return Passage(**{name: meta[name] for name in Passage.__dataclass_fields__ if name in meta})


class HybridRetriever(BaseRetriever):
    """`invoke("问题")` returns langchain Documents whose metadata carries the Passage
    fields; `retrieve(question)` returns the Passages themselves."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    corpus: Corpus
    dense: DenseSearcher
    top_k: int = 5
    candidates: int = 30
    rrf_k: int = 60
    # Rank weights in the fusion. Equal: down-weighting dense (m3e-small) moved MRR on
    # our question sets by at most 0.05 either way, too little to tune on 66 questions.
    weights: dict[str, float] = {"dense": 1.0, "bm25": 1.0}
    _lock: Any = PrivateAttr(default_factory=threading.Lock)
    # Recent dense results: a not_found answer searches again what the figure answer
    # just searched, and embedding the query is the costliest step of a question.
    _dense_cache: OrderedDict = PrivateAttr(default_factory=OrderedDict)

    @classmethod
    def from_settings(cls, settings: Settings, store: Store, corpus: Corpus | None = None,
                      recheck_s: float = 15.0) -> "HybridRetriever":
        corpus = corpus or Corpus.from_settings(settings, store, recheck_s=recheck_s)
        return cls(corpus=corpus, dense=DenseSearcher(store), top_k=settings.top_k,
                   candidates=settings.candidates, rrf_k=settings.rrf_k)

    @property
    def store(self) -> Store:
        return self.corpus.store

    def view(self) -> CorpusSnapshot:
        return self.corpus.snapshot()

    def retrieve(self, question: Question, k: int | None = None,
                 offices: Sequence[Office] | None = None) -> list[Passage]:
        """Top passages for the question, restricted to `offices` (default: the offices
        the question names) and to the question's years and section where possible."""
        view = self.view()
        k = k or self.top_k
        offices = question.offices if offices is None else offices
        report_ids = view.report_ids(offices, question.years) if (offices or question.years) \
            else None
        if report_ids is not None and not report_ids:
            return []
        query = question.focus  # the filter already says who
        passages = self._search(view, query, k, report_ids, question.section)
        if not passages and question.section:
            passages = self._search(view, query, k, report_ids, "")
        return passages

    def _search(self, view: CorpusSnapshot, query: str, k: int, report_ids: list[str] | None,
                section: str) -> list[Passage]:
        lexical = view.bm25.search(query, self.candidates, report_ids, section)
        dense = self._dense(view, query, report_ids, section)
        fused = reciprocal_rank_fusion(
            {"dense": [p.paragraph_id for p in dense],
             "bm25": [h.paragraph_id for h in lexical]}, k=self.rrf_k, weights=self.weights)[:k]
        known = {p.paragraph_id: p for p in dense}
        missing = [f.key for f in fused if f.key not in known]
        known.update({p.paragraph_id: p for p in view.passages(missing)})
        return [replace(known[f.key], score=f.score, ranks=dict(f.ranks))
                for f in fused if f.key in known]

    def _dense(self, view: CorpusSnapshot, query: str, report_ids: list[str] | None,
               section: str) -> list[Passage]:
        key = (id(view.bm25), query, tuple(report_ids or ()), report_ids is None, section)
        with self._lock:
            if key in self._dense_cache:
                self._dense_cache.move_to_end(key)
                return self._dense_cache[key]
        found = self.dense.search(view.bm25, {r.id for r in view.reports}, query,
                                  self.candidates, report_ids, section)
        with self._lock:
            self._dense_cache[key] = found
            while len(self._dense_cache) > DENSE_CACHE:
                self._dense_cache.popitem(last=False)
        return found

    def _get_relevant_documents(self, query: str, *,
                                run_manager: CallbackManagerForRetrieverRun) -> list[Document]:
        # LangChain's retriever interface takes text: understood here, at that entry.
        view = self.view()
        return [passage_document(p)
                for p in self.retrieve(understand(query, view.reports, view.directory))]
