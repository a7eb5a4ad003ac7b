"""Hybrid retrieval as a LangChain retriever: two independent searchers over one
catalogue, dense (embeddings) and BM25, fused by RRF.

Each searcher ranks paragraphs of a corpus snapshot (`Searcher`); the hybrid knows
nothing of how. The question decides the filters: the offices it names (and the years, when the office
has reports of those years), and a section when it names one. A filter that would leave
nothing is dropped rather than returning nothing; the answerer says so.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Protocol, runtime_checkable

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict, Field

from assistant.retrieval.corpus import Corpus, CorpusSnapshot
from assistant.question.understand import understand
from assistant.retrieval.dense import DenseSearcher
from assistant.retrieval.fusion import reciprocal_rank_fusion
from core.models import Office, Passage, Question
from core.settings import Settings
from core.store import Store


@runtime_checkable
class Searcher(Protocol):
    """Ranks the paragraphs of a snapshot for a query, best first (best chunk per
    paragraph), restricted to `report_ids` (None: all) and a top-level `section`."""

    def ranked(self, view: CorpusSnapshot, query: str, k: int,
               report_ids: Sequence[str] | None, section: str) -> list[Passage]: ...


class BM25Searcher:
    """The snapshot's BM25 postings as a searcher."""

    def ranked(self, view: CorpusSnapshot, query: str, k: int,
               report_ids: Sequence[str] | None, section: str) -> list[Passage]:
        hits = view.bm25.search(query, k, report_ids, section)
        scores = {h.paragraph_id: h.score for h in hits}
        return [replace(p, score=scores[p.paragraph_id])
                for p in view.catalogue.passages(scores)]


class EmbeddingSearcher:
    """The dense searcher (query vectors against stored chunk vectors) as a searcher."""

    def __init__(self, dense: DenseSearcher):
        self.dense = dense

    def ranked(self, view: CorpusSnapshot, query: str, k: int,
               report_ids: Sequence[str] | None, section: str) -> list[Passage]:
        return self.dense.search(view.catalogue, query, k, report_ids, section)


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
    # Named searchers, fused in this order (the order breaks ties).
    searchers: Mapping[str, Searcher] = Field(default_factory=dict)
    top_k: int = 5
    candidates: int = 30
    rrf_k: int = 60
    # Rank weights in the fusion. Equal: down-weighting dense (m3e-small) moved MRR on
    # our question sets by at most 0.05 either way, too little to tune on 66 questions.
    weights: dict[str, float] = {"dense": 1.0, "bm25": 1.0}

    @classmethod
    def from_settings(cls, settings: Settings, store: Store, corpus: Corpus | None = None,
                      recheck_s: float = 15.0) -> "HybridRetriever":
        corpus = corpus or Corpus.from_settings(settings, store, recheck_s=recheck_s)
        return cls(corpus=corpus, searchers={"dense": EmbeddingSearcher(DenseSearcher(store)),
                                             "bm25": BM25Searcher()},
                   top_k=settings.top_k, candidates=settings.candidates, rrf_k=settings.rrf_k)

    @property
    def dense(self) -> DenseSearcher:
        """The dense searcher (benchmarks and tests compare it with Chroma's own)."""
        searcher = self.searchers["dense"]
        assert isinstance(searcher, EmbeddingSearcher)
        return searcher.dense

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
        ranked = {name: searcher.ranked(view, query, self.candidates, report_ids, section)
                  for name, searcher in self.searchers.items()}
        fused = reciprocal_rank_fusion(
            {name: [p.paragraph_id for p in passages] for name, passages in ranked.items()},
            k=self.rrf_k, weights=self.weights)[:k]
        known = {p.paragraph_id: p for passages in reversed(ranked.values()) for p in passages}
        return [replace(known[f.key], score=f.score, ranks=dict(f.ranks))
                for f in fused if f.key in known]

    def _get_relevant_documents(self, query: str, *,
                                run_manager: CallbackManagerForRetrieverRun) -> list[Document]:
        # LangChain's retriever interface takes text: understood here, at that entry.
        view = self.view()
        return [passage_document(p)
                for p in self.retrieve(understand(query, view.reports, view.directory))]
