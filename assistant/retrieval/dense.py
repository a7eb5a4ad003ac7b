"""Dense (embedding) search for the retriever, fast at hundreds of reports.

Most questions name an office, so the search runs over one report or a few: there the
similarity is computed exactly, over the stored vectors of those chunks (read from
Chroma by id, and kept in a bounded cache). Chroma's filtered HNSW query costs ~70-110
ms at 500 reports, an exact dot product over a few hundred vectors well under 1 ms.
Questions over the whole corpus use Chroma's HNSW query.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

import numpy as np

from assistant.retrieval.bm25 import BM25Index
from core.models import Passage
from core.store import Store

EXACT_LIMIT = 1500  # chunks: above this, ask Chroma's HNSW index instead
VECTOR_CACHE = 20000  # chunk vectors kept in memory (~40 MB with m3e-small)


class DenseSearcher:
    def __init__(self, store: Store, exact_limit: int = EXACT_LIMIT,
                 vector_cache: int = VECTOR_CACHE):
        self.store = store
        self.exact_limit = exact_limit
        self.vector_cache = vector_cache
        self._vectors: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    def search(self, index: BM25Index, keep: set[str], query: str, k: int,
               report_ids: Sequence[str] | None = None, section: str = "") -> list[Passage]:
        """Nearest paragraphs (best chunk per paragraph) of the complete reports `keep`,
        restricted to `report_ids` and `section` when given, best first."""
        if not len(index):
            return []
        vector = np.asarray(self.store.embedder.embed_query([query])[0], dtype=np.float32)
        mask = index.mask(report_ids, section)
        if mask is not None:
            chunks = np.flatnonzero(mask & ~index.headings)
            if len(chunks) <= self.exact_limit:
                return self._exact(index, keep, vector, chunks, k)
        return self._approximate(index, keep, vector, k, report_ids, section)

    def _exact(self, index: BM25Index, keep: set[str], vector: np.ndarray,
               chunks: np.ndarray, k: int) -> list[Passage]:
        ids = [index.chunk_ids[i] for i in chunks]
        matrix = self._matrix(ids)
        if matrix is None:
            return []
        similarity = matrix @ vector  # vectors are L2-normalised: cosine similarity
        found: dict[str, float] = {}
        for position in np.argsort(-similarity, kind="stable"):
            chunk = chunks[position]
            paragraph = index.paragraph_ids[chunk]
            if paragraph not in found and index.report_ids[index.doc_report[chunk]] in keep:
                found[paragraph] = float(similarity[position])
                if len(found) >= k:
                    break
        passages = index.passages(found)
        return [passage_with_score(p, found[p.paragraph_id]) for p in passages]

    def _matrix(self, ids: list[str]) -> np.ndarray | None:
        with self._lock:
            missing = [i for i in ids if i not in self._vectors]
        if missing:
            got = self.store.chunks.get(ids=missing, include=["embeddings"])
            with self._lock:
                for chunk_id, embedding in zip(got["ids"], got["embeddings"]):
                    self._vectors[chunk_id] = np.asarray(embedding, dtype=np.float32)
                while len(self._vectors) > max(self.vector_cache, len(ids)):
                    self._vectors.popitem(last=False)
        with self._lock:
            rows = [self._vectors[i] for i in ids if i in self._vectors]
            for i in ids:
                if i in self._vectors:
                    self._vectors.move_to_end(i)
        return np.vstack(rows) if rows and len(rows) == len(ids) else None

    def _approximate(self, index: BM25Index, keep: set[str], vector: np.ndarray, k: int,
                     report_ids: Sequence[str] | None, section: str) -> list[Passage]:
        return self.store.nearest_paragraphs(vector, k, candidates=len(index),
                                             where=chroma_where(report_ids, section, index),
                                             keep=keep)


def passage_with_score(passage: Passage, score: float) -> Passage:
    return replace(passage, score=score)


def chroma_where(report_ids: Sequence[str] | None, section: str,
                 index: BM25Index) -> dict[str, Any]:
    clauses: list[dict[str, Any]] = [{"is_heading": False}]
    if report_ids is not None:
        clauses.append({"report_id": {"$in": list(report_ids)}})
    if section:
        tops = sorted({s for s in index.sections if section in s})
        if tops:
            clauses.append({"section_top": {"$in": tops}})
    return clauses[0] if len(clauses) == 1 else {"$and": clauses}
