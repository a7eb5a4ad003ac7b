"""Hybrid retrieval as a LangChain retriever: dense (Chroma) + BM25, fused by RRF.

The question decides the filters: the offices it names (and the years, when the office
has reports of those years), and a section when it names one. A filter that would leave
nothing is dropped rather than returning nothing; the answerer says so.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict, PrivateAttr

from assistant.retrieval.bm25 import BM25Cache, BM25Index
from assistant.retrieval.dense import DenseSearcher
from assistant.retrieval.fusion import reciprocal_rank_fusion
from core.models import Figure, IndexedReport, Office, Passage, Question
from assistant.question.offices import OfficeDirectory, places_in_text
from assistant.question.understand import understand
from core.settings import Settings
from core.store import Store


@dataclass(frozen=True)
class CorpusView:
    """The reports, their office directory and the BM25 index, all of one stamp; the
    stored figures are read once, when first asked for, and kept with them."""

    reports: tuple[IndexedReport, ...]
    directory: OfficeDirectory
    bm25: BM25Index
    store: Any = None
    _figures: dict[str, list[Figure]] = field(default_factory=dict)
    _lock: Any = field(default_factory=threading.Lock)

    def figures_of(self, office: Office) -> list[Figure]:
        """The stored figures of an office (of its complete reports)."""
        with self._lock:
            if not self._figures and self.store is not None:
                by_report: dict[str, list[Figure]] = {}
                for figure in self.store.figures():
                    by_report.setdefault(figure.report_id, []).append(figure)
                for report in self.reports:
                    self._figures.setdefault(report.office.name, []).extend(
                        by_report.get(report.id, []))
                self._figures.setdefault("", [])  # loaded, even when empty
        return list(self._figures.get(office.name, []))

    def report_ids(self, offices: Sequence[Office] = (), years: Sequence[int] = ()) -> list[str]:
        chosen = [r for r in self.reports if not offices or r.office in offices]
        if years:
            dated = [r for r in chosen if r.year in years]
            chosen = dated or chosen  # no report of that year: keep the office's others
        return [r.id for r in chosen]

    def report(self, report_id: str) -> IndexedReport | None:
        return next((r for r in self.reports if r.id == report_id), None)

    def passages(self, paragraph_ids: Iterable[str]) -> list[Passage]:
        return self.bm25.passages(paragraph_ids)

    def report_paragraphs(self, report_id: str) -> list[Passage]:
        return self.bm25.report_passages(report_id)


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

    store: Any
    bm25_cache: Any
    dense: Any  # DenseSearcher
    top_k: int = 5
    candidates: int = 30
    rrf_k: int = 60
    # Rank weights in the fusion. Equal: down-weighting dense (m3e-small) moved MRR on
    # our question sets by at most 0.05 either way, too little to tune on 66 questions.
    weights: dict[str, float] = {"dense": 1.0, "bm25": 1.0}
    _view: CorpusView | None = PrivateAttr(default=None)
    _lock: Any = PrivateAttr(default_factory=threading.Lock)
    # Recent dense results: a not_found answer searches again what the figure answer
    # just searched, and embedding the query is the costliest step of a question.
    _dense_cache: OrderedDict = PrivateAttr(default_factory=OrderedDict)

    @classmethod
    def from_settings(cls, settings: Settings, store: Store,
                      recheck_s: float = 15.0) -> "HybridRetriever":
        cache = BM25Cache(store, settings.index_dir / "bm25", recheck_s=recheck_s,
                          place_finder=places_in_text)
        return cls(store=store, bm25_cache=cache, dense=DenseSearcher(store), top_k=settings.top_k,
                   candidates=settings.candidates, rrf_k=settings.rrf_k)

    def view(self) -> CorpusView:
        index = self.bm25_cache.index()
        with self._lock:
            if self._view is None or self._view.bm25 is not index:
                reports = tuple(self.store.reports())
                directory = OfficeDirectory.build(reports, index.places)
                self._view = CorpusView(reports, directory, index, self.store)
            return self._view

    def understand(self, text: str) -> Question:
        view = self.view()
        return understand(text, view.reports, view.directory)

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
        query = question.without_offices  # the filter already says who
        passages = self._search(view, query, k, report_ids, question.section)
        if not passages and question.section:
            passages = self._search(view, query, k, report_ids, "")
        return passages

    def _search(self, view: CorpusView, query: str, k: int, report_ids: list[str] | None,
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

    def _dense(self, view: CorpusView, query: str, report_ids: list[str] | None,
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
        return [passage_document(p) for p in self.retrieve(self.understand(query))]
