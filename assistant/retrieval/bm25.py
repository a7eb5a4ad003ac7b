"""BM25 over jieba tokens of the stored chunks, kept as a cache rebuilt from Chroma.

Chroma is the single source of truth: the cache file under `index_dir/bm25/` is named
after `store.stamp()`, so any change to the set of reports makes it stale and it is
rebuilt from `store.iter_chunks()`. Several processes may share one Chroma server; each
rebuilds its own cache when the stamp moves.

Scoring uses an inverted index with the per-posting BM25 weight precomputed, so a query
costs one vector addition per query token (a few ms for tens of thousands of chunks).
"""

from __future__ import annotations

import math
import os
import pickle
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from core.errors import StoreError
from core.models import Passage
from core.store import ChunkRecord, Store
from core.store_records import passage_from_metadata
from core.text import tokenize

CACHE_VERSION = 3
# What a paragraph's passage is made of (see store_records.passage_from_metadata).
PARAGRAPH_FIELDS = ("paragraph_id", "report_id", "source", "office", "office_short", "year",
                    "section", "paragraph_text", "ordinal", "is_heading")
@dataclass(frozen=True)
class BM25Hit:
    chunk_id: str
    paragraph_id: str
    report_id: str
    score: float


@dataclass
class BM25Index:
    """An inverted index over chunks. Built once, then read-only."""

    chunk_ids: list[str]
    paragraph_ids: list[str]
    report_ids: list[str]  # distinct report ids; doc_report[i] indexes into it
    doc_report: np.ndarray
    sections: list[str]  # top-level section of each chunk's paragraph
    headings: np.ndarray  # True where the chunk's paragraph is a heading
    postings: dict[str, tuple[np.ndarray, np.ndarray]]  # token -> (doc indices, weights)
    idf: dict[str, float]
    places: dict[str, list[str]] = field(default_factory=dict)  # report id -> place names
    # The paragraphs the chunks belong to (their stored metadata), so that a hit, a
    # figure's paragraph or a report's paragraphs are read without asking Chroma again.
    paragraph_meta: dict[str, dict[str, Any]] = field(default_factory=dict)
    report_paragraph_ids: dict[str, list[str]] = field(default_factory=dict)

    @classmethod
    def build(cls, records: Iterable[ChunkRecord], k1: float = 1.5, b: float = 0.75,
              places: dict[str, list[str]] | None = None) -> "BM25Index":
        chunk_ids: list[str] = []
        paragraph_ids: list[str] = []
        report_index: dict[str, int] = {}
        doc_report: list[int] = []
        sections: list[str] = []
        headings: list[bool] = []
        counts: list[Counter[str]] = []
        paragraph_meta: dict[str, dict[str, Any]] = {}
        for record in records:
            if record.paragraph_id not in paragraph_meta:
                paragraph_meta[record.paragraph_id] = {
                    k: record.metadata.get(k) for k in PARAGRAPH_FIELDS}
            chunk_ids.append(record.chunk_id)
            paragraph_ids.append(record.paragraph_id)
            doc_report.append(report_index.setdefault(record.report_id, len(report_index)))
            sections.append(str(record.metadata.get("section_top", "")))
            headings.append(bool(record.metadata.get("is_heading", False)))
            # The full section path counts as text: items under “三、存在问题及整改措施”
            # are about 整改措施 even when their own sub-heading is lost.
            section = str(record.metadata.get("section", ""))
            counts.append(Counter(tokenize(f"{section}\n{record.text}")))
        n = len(counts)
        lengths = np.array([sum(c.values()) for c in counts], dtype=np.float32)
        avg = float(lengths.mean()) if n else 1.0
        norm = k1 * (1.0 - b + b * lengths / max(avg, 1e-9))
        by_token: dict[str, tuple[list[int], list[float]]] = {}
        for doc, counter in enumerate(counts):
            for token, tf in counter.items():
                docs, tfs = by_token.setdefault(token, ([], []))
                docs.append(doc)
                tfs.append(float(tf))
        postings = {}
        idf = {}
        for token, (docs, tfs) in by_token.items():
            index = np.array(docs, dtype=np.int32)
            tf = np.array(tfs, dtype=np.float32)
            postings[token] = (index, (tf * (k1 + 1.0) / (tf + norm[index])).astype(np.float32))
            df = len(docs)
            idf[token] = math.log(1.0 + (n - df + 0.5) / (df + 0.5))
        by_report: dict[str, list[str]] = {}
        for pid, meta in sorted(paragraph_meta.items(),
                                key=lambda item: (item[1]["report_id"], item[1]["ordinal"])):
            by_report.setdefault(meta["report_id"], []).append(pid)
        return cls(chunk_ids, paragraph_ids, list(report_index),
                   np.array(doc_report, dtype=np.int32), sections,
                   np.array(headings, dtype=bool), postings, idf,
                   dict(places or {}), paragraph_meta, by_report)

    def __len__(self) -> int:
        return len(self.chunk_ids)

    def passages(self, paragraph_ids: Iterable[str]) -> list[Passage]:
        """Paragraphs by id, in the order asked (unknown ids are left out)."""
        return [passage_from_metadata(self.paragraph_meta[pid])
                for pid in dict.fromkeys(paragraph_ids) if pid in self.paragraph_meta]

    def report_passages(self, report_id: str) -> list[Passage]:
        """A report's paragraphs in reading order, headings included."""
        return self.passages(self.report_paragraph_ids.get(report_id, ()))

    def search(self, query: str | Sequence[str], k: int,
               report_ids: Iterable[str] | None = None, section: str = "",
               headings: bool = False) -> list[BM25Hit]:
        """Best chunk per paragraph, best paragraphs first. `report_ids` and `section`
        (a substring of the top-level section) restrict the search; headings are left
        out unless asked for (they name a topic but say nothing about it)."""
        tokens = tokenize(query) if isinstance(query, str) else list(query)
        if not self.chunk_ids or not tokens:
            return []
        scores = np.zeros(len(self.chunk_ids), dtype=np.float32)
        for token in dict.fromkeys(tokens):
            if token in self.postings:
                index, weight = self.postings[token]
                scores[index] += self.idf[token] * weight
        allowed = self.mask(report_ids, section)
        if allowed is not None:
            scores[~allowed] = 0.0
        if not headings:
            scores[self.headings] = 0.0
        positive = np.flatnonzero(scores > 0)
        if positive.size == 0:
            return []
        order = positive[np.argsort(-scores[positive], kind="stable")]
        hits: list[BM25Hit] = []
        seen: set[str] = set()
        for doc in order:
            paragraph = self.paragraph_ids[doc]
            if paragraph in seen:
                continue
            seen.add(paragraph)
            hits.append(BM25Hit(self.chunk_ids[doc], paragraph,
                                self.report_ids[self.doc_report[doc]], float(scores[doc])))
            if len(hits) >= k:
                break
        return hits

    def mask(self, report_ids: Iterable[str] | None, section: str = "") -> np.ndarray | None:
        """Chunks of the given reports and top-level section; None when unrestricted."""
        mask = None
        if report_ids is not None:
            wanted_ids = set(report_ids)
            wanted = [i for i, rid in enumerate(self.report_ids) if rid in wanted_ids]
            mask = np.isin(self.doc_report, np.array(wanted, dtype=np.int32))
        if section:
            in_section = np.array([section in s for s in self.sections], dtype=bool)
            mask = in_section if mask is None else mask & in_section
        return mask


class BM25Cache:
    """The current BM25 index of a store: in memory, on disk under `directory`, and
    rebuilt from Chroma when the store's stamp changes.

    `recheck_s` bounds how often the stamp is asked for (it lists the reports), so a
    busy process does not pay for it on every question; a write through this process's
    own store (an upload in the web app) is seen at once."""

    def __init__(self, store: Store, directory: Path, recheck_s: float = 15.0,
                 place_finder=None):
        self.store = store
        self.directory = Path(directory)
        self.recheck_s = recheck_s
        self.place_finder = place_finder  # callable(texts) -> list of place names
        self._index: BM25Index | None = None
        self._stamp = ""
        self._checked = 0.0
        self._writes_seen = -1
        self._lock = threading.Lock()

    def index(self) -> BM25Index:
        with self._lock:
            now = time.monotonic()
            writes = self.store.writes
            if (self._index is not None and now - self._checked < self.recheck_s
                    and writes == self._writes_seen):
                return self._index
            stamp = self.store.stamp()
            self._checked = now
            self._writes_seen = writes
            if self._index is None or stamp != self._stamp:
                self._index = self._load(stamp) or self._rebuild(stamp)
                self._stamp = stamp
            return self._index

    def path_for(self, stamp: str) -> Path:
        return self.directory / f"bm25-v{CACHE_VERSION}-{stamp}.pkl"

    def _load(self, stamp: str) -> BM25Index | None:
        path = self.path_for(stamp)
        if not path.is_file():
            return None
        try:
            with path.open("rb") as handle:
                loaded = pickle.load(handle)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError):
            return None  # a damaged cache is rebuilt, never trusted
        return loaded if isinstance(loaded, BM25Index) else None

    def _rebuild(self, stamp: str) -> BM25Index:
        records = list(self.store.iter_chunks())
        places: dict[str, list[str]] = {}
        if self.place_finder is not None:
            texts: dict[str, list[str]] = {}
            for record in records:
                texts.setdefault(record.report_id, []).append(
                    str(record.metadata.get("normalised") or record.text))
            places = {rid: self.place_finder(parts) for rid, parts in texts.items()}
        index = BM25Index.build(records, places=places)
        self._save(stamp, index)
        return index

    def _save(self, stamp: str, index: BM25Index) -> None:
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            # Write then rename, so another process never reads half a file.
            fd, tmp = tempfile.mkstemp(dir=self.directory, suffix=".tmp")
            with os.fdopen(fd, "wb") as handle:
                pickle.dump(index, handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.chmod(tmp, 0o644)  # other processes sharing the index read it too
            target = self.path_for(stamp)
            os.replace(tmp, target)
            for old in self.directory.glob("bm25-v*.pkl"):
                if old != target:
                    old.unlink(missing_ok=True)
        except OSError as exc:
            raise StoreError(f"cannot write the BM25 cache in {self.directory}: {exc}") from exc
