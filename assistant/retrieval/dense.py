"""Dense (embedding) search over the catalogue's chunks, fast at thousands of reports.

Most questions name an office, so the search runs over one report or a few: there the
similarity is computed exactly, over the stored vectors of those chunks (the
catalogue's, read with the chunks: vectors.py; for a catalogue without them, read from
Chroma by id and kept in a bounded cache). Chroma's filtered HNSW query costs ~70-110
ms at 500 reports, an exact dot product over a few hundred vectors well under 1 ms.
Questions over the whole corpus use Chroma's HNSW query. Recent results are kept per
catalogue: a not_found answer searches again what the figure answer just searched, and
embedding the query is the costliest step of a question.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

import numpy as np

from assistant.retrieval.catalogue import Catalogue
from core.models import Passage
from core.store import Store

EXACT_LIMIT = 1500  # chunks: above this, ask Chroma's HNSW index instead
VECTOR_CACHE = 20000  # chunk vectors kept in memory (~40 MB with m3e-small)
RESULT_CACHE = 64  # queries


class DenseSearcher:
    def __init__(self, store: Store, exact_limit: int = EXACT_LIMIT,
                 vector_cache: int = VECTOR_CACHE):
        self.store = store
        self.exact_limit = exact_limit
        self.vector_cache = vector_cache
        self._vectors: OrderedDict[str, np.ndarray] = OrderedDict()
        self._results: OrderedDict[tuple, list[Passage]] = OrderedDict()
        self._lock = threading.Lock()

    def search(self, catalogue: Catalogue, query: str, k: int,
               report_ids: Sequence[str] | None = None, section: str = "") -> list[Passage]:
        """Nearest paragraphs (best chunk per paragraph) of the catalogue's reports,
        restricted to `report_ids` and `section` when given, best first."""
        key = (catalogue.generation, query, k, None if report_ids is None
               else tuple(report_ids), section)
        with self._lock:
            if key in self._results:
                self._results.move_to_end(key)
                return self._results[key]
        found = self._search(catalogue, query, k, report_ids, section)
        with self._lock:
            self._results[key] = found
            while len(self._results) > RESULT_CACHE:
                self._results.popitem(last=False)
        return found

    def _search(self, catalogue: Catalogue, query: str, k: int,
                report_ids: Sequence[str] | None, section: str) -> list[Passage]:
        if not len(catalogue):
            return []
        vector = np.asarray(self.store.embedder.embed_query([query])[0], dtype=np.float32)
        if report_ids is not None or section:
            chunks = np.flatnonzero(catalogue.mask(report_ids, section) & ~catalogue.headings)
            if len(chunks) <= self.exact_limit:
                return self._exact(catalogue, vector, chunks, k)
        return self._approximate(catalogue, vector, k, report_ids, section)

    def _exact(self, catalogue: Catalogue, vector: np.ndarray, chunks: np.ndarray,
               k: int) -> list[Passage]:
        if catalogue.vectors is not None:  # read with the chunks: no round trip
            matrix = catalogue.vectors.rows(chunks) if len(chunks) else None
        else:
            matrix = self._matrix([catalogue.chunk_ids[i] for i in chunks])
        if matrix is None:
            return []
        similarity = matrix @ vector  # vectors are L2-normalised: cosine similarity
        found: dict[str, float] = {}
        for position in np.argsort(-similarity, kind="stable"):
            paragraph = catalogue.paragraph_ids[chunks[position]]
            if paragraph not in found:
                found[paragraph] = float(similarity[position])
                if len(found) >= k:
                    break
        passages = catalogue.passages(found)
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

    def _approximate(self, catalogue: Catalogue, vector: np.ndarray, k: int,
                     report_ids: Sequence[str] | None, section: str) -> list[Passage]:
        # The catalogue's reports are the complete ones: Chroma may also hold chunks of
        # a report still being written, and those must not be answered from.
        return self.store.nearest_paragraphs(
            vector, k, candidates=len(catalogue),
            where=chroma_where(report_ids, section, catalogue),
            keep=set(catalogue.report_slots))


def passage_with_score(passage: Passage, score: float) -> Passage:
    return replace(passage, score=score)


def chroma_where(report_ids: Sequence[str] | None, section: str,
                 catalogue: Catalogue) -> dict[str, Any]:
    clauses: list[dict[str, Any]] = [{"is_heading": False}]
    if report_ids is not None:
        clauses.append({"report_id": {"$in": list(report_ids)}})
    if section:
        tops = catalogue.sections_containing(section)
        if tops:
            clauses.append({"section_top": {"$in": tops}})
    return clauses[0] if len(clauses) == 1 else {"$and": clauses}
