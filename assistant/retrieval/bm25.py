"""BM25 over jieba tokens of the stored chunks: postings over the catalogue's slots.

Scoring uses an inverted index with the per-posting BM25 weight precomputed, so a query
costs one vector addition per query token (a few ms for hundreds of thousands of chunks).

Kept current incrementally (`changed`), never rebuilt for a report added or removed:
- exact: term frequencies, document frequencies and so idf (the live corpus' N and df
  after every change), the set of live chunks;
- approximated: the length normalisation. A posting's weight divides its chunk's length
  by the average chunk length `avgdl` the weights were computed with; added chunks are
  weighed with that same `avgdl`, not the new average. When the live average has moved
  more than `AVGDL_DRIFT` from it (or dead postings of removed reports pass
  `DEAD_SHARE`), every weight is computed again in memory from the kept term
  frequencies (`reweighed`), which is exactly a full rebuild's. The ranking difference
  this allows is measured by tests/assistant/retrieval/test_incremental.py and
  benchmarks/bench_scale.py (docs/BENCHMARKS.md, "scale (issue 14)").
"""

from __future__ import annotations

import os
import pickle
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from assistant.retrieval.catalogue import Catalogue, group_by_report
from assistant.retrieval.vectors import ChunkVectors
from core.errors import StoreError
from core.models import IndexedReport, content_id
from core.store import ChunkRecord, Store
from core.text import tokenize

CACHE_VERSION = 6  # 5: the chunk vectors saved beside it (vectors.py); 6: figure ids
SAVE_AFTER = 20  # reports changed incrementally before the index is saved again
RELIST_S = 300.0  # at most this long between two listings of every report
FULL_SHARE = 0.5  # above this share of reports new, one full read of the chunks is cheaper
AVGDL_DRIFT = 0.05  # relative change of the average chunk length before reweighing
DEAD_SHARE = 0.25  # share of dead slots before the postings are compacted


@dataclass(frozen=True)
class BM25Hit:
    chunk_id: str
    paragraph_id: str
    report_id: str
    score: float


@dataclass(frozen=True)
class Posting:
    slots: np.ndarray  # int32, ascending
    tf: np.ndarray  # float32 term frequency, kept so that weights can be computed again
    weight: np.ndarray  # float32 tf*(k1+1)/(tf+norm): the BM25 weight without idf


@dataclass(frozen=True)
class Update:
    """What the last change of the index cost (read by the scale benchmark)."""

    kind: str  # "full" or "incremental"
    added: int
    removed: int
    seconds: float


def chunk_tokens(record: ChunkRecord) -> Counter[str]:
    # The full section path counts as text: items under “三、存在问题及整改措施” are
    # about 整改措施 even when their own sub-heading is lost.
    section = str(record.metadata.get("section", ""))
    return Counter(tokenize(f"{section}\n{record.text}"))


@dataclass(frozen=True)
class BM25Index:
    """BM25 postings over the slots of `catalogue`. Never changes: `changed` returns
    the next index, sharing the postings of tokens the change did not touch."""

    catalogue: Catalogue
    postings: dict[str, Posting]
    df: dict[str, int]  # live chunks holding the token
    idf: dict[str, float]
    lengths: np.ndarray  # float32 tokens per slot
    avgdl: float  # the average length the weights were computed with
    k1: float = 1.5
    b: float = 0.75

    @classmethod
    def build(cls, records: Iterable[ChunkRecord], k1: float = 1.5, b: float = 0.75,
              places: Mapping[str, list[str]] | None = None,
              versions: Mapping[str, float] | None = None) -> "BM25Index":
        empty = cls(Catalogue.empty(), {}, {}, {}, np.zeros(0, np.float32), 1.0, k1, b)
        return empty.changed(group_by_report(records), (), places, versions, exact=True)

    def __len__(self) -> int:
        return len(self.catalogue)

    @property
    def live_avgdl(self) -> float:
        live = self.catalogue.alive
        return float(self.lengths[live].mean()) if live.any() else 1.0

    def _norm(self, lengths: np.ndarray, avgdl: float) -> np.ndarray:
        return self.k1 * (1.0 - self.b + self.b * lengths / max(avgdl, 1e-9))

    def changed(self, added: Mapping[str, Sequence[ChunkRecord]], removed: Iterable[str],
                places: Mapping[str, list[str]] | None = None,
                versions: Mapping[str, float] | None = None,
                exact: bool = False) -> "BM25Index":
        """The index after `removed` reports left and `added` ones (records grouped by
        report) came; `exact` computes every weight with the new average length."""
        old = self.catalogue
        gone = (set(removed) | set(added)) & set(old.report_slots)
        catalogue = old.changed(added, gone, places, versions)
        df = dict(self.df)
        bounds = np.array(sorted(b for rid in gone for b in old.report_slots[rid]), np.int64)
        if len(bounds):
            # Slots ascend in every posting and a report's slots are one range: the
            # postings a removed report had are counted with two binary searches.
            for token, posting in self.postings.items():
                ends = np.searchsorted(posting.slots, bounds)
                inside = int((ends[1::2] - ends[0::2]).sum())
                if inside:
                    df[token] -= inside
        counts = [chunk_tokens(r) for records in added.values() for r in records]
        new_lengths = np.array([sum(c.values()) for c in counts], dtype=np.float32)
        lengths = np.concatenate([self.lengths, new_lengths])
        live = catalogue.alive
        live_avg = float(lengths[live].mean()) if live.any() else 1.0
        avgdl = live_avg if (exact or not old.size) else self.avgdl
        first = old.size
        by_token: dict[str, tuple[list[int], list[float]]] = {}
        for offset, counter in enumerate(counts):
            for token, tf in counter.items():
                slots, tfs = by_token.setdefault(token, ([], []))
                slots.append(first + offset)
                tfs.append(float(tf))
        postings = dict(self.postings)
        for token, (slots, tfs) in by_token.items():
            index = np.array(slots, dtype=np.int32)
            tf = np.array(tfs, dtype=np.float32)
            weight = (tf * (self.k1 + 1.0) / (tf + self._norm(lengths[index], avgdl))
                      ).astype(np.float32)
            before = postings.get(token)
            if before is not None:
                index = np.concatenate([before.slots, index])
                tf = np.concatenate([before.tf, tf])
                weight = np.concatenate([before.weight, weight])
            postings[token] = Posting(index, tf, weight)
            df[token] = df.get(token, 0) + len(slots)
        index = replace(self, catalogue=catalogue, postings=postings, df=df, idf={},
                        lengths=lengths, avgdl=avgdl)
        drifted = abs(live_avg / max(avgdl, 1e-9) - 1.0) > AVGDL_DRIFT
        if catalogue.dead > DEAD_SHARE * max(catalogue.size, 1):
            return index.reweighed()
        if (exact and old.size) or drifted:
            return index.reweighed()
        return index.with_idf()

    def with_idf(self) -> "BM25Index":
        n = len(self.catalogue)
        tokens = [t for t, count in self.df.items() if count > 0]
        counts = np.array([self.df[t] for t in tokens], dtype=np.float64)
        values = np.log(1.0 + (n - counts + 0.5) / (counts + 0.5))
        return replace(self, idf=dict(zip(tokens, values.tolist())))

    def reweighed(self) -> "BM25Index":
        """Dead slots dropped and every weight computed with the live average length:
        what a full rebuild over the same chunks gives (up to slot order)."""
        catalogue, renumber = self.catalogue.compacted()
        lengths = self.lengths[self.catalogue.alive]
        avgdl = float(lengths.mean()) if len(lengths) else 1.0
        postings: dict[str, Posting] = {}
        for token, posting in self.postings.items():
            moved = renumber[posting.slots]
            keep = moved >= 0
            if not keep.any():
                continue
            slots = moved[keep].astype(np.int32)
            tf = posting.tf[keep]
            weight = (tf * (self.k1 + 1.0) / (tf + self._norm(lengths[slots], avgdl))
                      ).astype(np.float32)
            postings[token] = Posting(slots, tf, weight)
        df = {t: len(p.slots) for t, p in postings.items()}
        return replace(self, catalogue=catalogue, postings=postings, df=df,
                       lengths=lengths, avgdl=avgdl).with_idf()

    def search(self, query: str | Sequence[str], k: int,
               report_ids: Iterable[str] | None = None, section: str = "",
               headings: bool = False) -> list[BM25Hit]:
        """Best chunk per paragraph, best paragraphs first. `report_ids` and `section`
        (a substring of the top-level section) restrict the search; headings are left
        out unless asked for (they name a topic but say nothing about it)."""
        tokens = tokenize(query) if isinstance(query, str) else list(query)
        catalogue = self.catalogue
        if not len(catalogue) or not tokens:
            return []
        slots, scores = self._scores(list(dict.fromkeys(tokens)), report_ids)
        keep = catalogue.mask_of(slots, section)
        if not headings:
            keep &= ~catalogue.headings[slots]
        positive = np.flatnonzero((scores > 0) & keep)
        if positive.size == 0:
            return []
        order = slots[positive[np.argsort(-scores[positive], kind="stable")]]
        scores_of = dict(zip(slots[positive].tolist(), scores[positive].tolist()))
        hits: list[BM25Hit] = []
        seen: set[str] = set()
        for slot in order:
            paragraph = catalogue.paragraph_ids[slot]
            if paragraph in seen:
                continue
            seen.add(paragraph)
            hits.append(BM25Hit(catalogue.chunk_ids[slot], paragraph,
                                catalogue.report_of(slot), scores_of[int(slot)]))
            if len(hits) >= k:
                break
        return hits


    def _scores(self, tokens: list[str], report_ids: Iterable[str] | None
                ) -> tuple[np.ndarray, np.ndarray]:
        """(slots, their scores): every slot, or for a search within a few reports only
        theirs — each posting cut to their slot ranges by binary search, so a question
        about one office does not add up scores over every chunk of the corpus."""
        catalogue = self.catalogue
        ranges = [] if report_ids is None else sorted(
            catalogue.report_slots[rid] for rid in set(report_ids)
            if rid in catalogue.report_slots)
        if report_ids is None or sum(e - s for s, e in ranges) * 8 > catalogue.size:
            scores = np.zeros(catalogue.size, dtype=np.float32)
            for token in tokens:
                posting = self.postings.get(token)
                if posting is not None and token in self.idf:
                    scores[posting.slots] += self.idf[token] * posting.weight
            slots = np.arange(catalogue.size)
            if report_ids is not None:  # most of the corpus: mask the rest
                inside = catalogue.mask(report_ids)
                return slots[inside], scores[inside]
            return slots, scores
        slots = (np.concatenate([np.arange(s, e) for s, e in ranges]) if ranges
                 else np.zeros(0, dtype=np.int64))
        bases = np.cumsum([0] + [e - s for s, e in ranges])[:-1]
        scores = np.zeros(len(slots), dtype=np.float32)
        for token in tokens:
            posting = self.postings.get(token)
            if posting is None or token not in self.idf:
                continue
            idf = self.idf[token]
            for (start, end), base in zip(ranges, bases):
                i0, i1 = np.searchsorted(posting.slots, (start, end))
                if i1 > i0:
                    scores[base + posting.slots[i0:i1] - start] += idf * posting.weight[i0:i1]
        return slots, scores


def chunks_of(store: Store, report_ids: Sequence[str], batch: int = 200
              ) -> Iterator[ChunkRecord]:
    """The stored chunks of these reports only (a few, just listed as complete), with
    their vectors: what an incremental update reads, instead of every chunk."""
    return store.chunks_of(report_ids, batch, vectors=True)


def with_figure_ids(index: BM25Index, figure_ids: dict[str, tuple[str, ...]]) -> BM25Index:
    return replace(index, catalogue=replace(index.catalogue, figure_ids=figure_ids))


def vectors_path(index_path: Path) -> Path:
    return index_path.with_suffix(".vectors.npy")


class BM25Cache:
    """The current BM25 index (and catalogue) of a store: in memory, on disk under
    `directory`, and brought up to date from Chroma when the store's reports change.

    Chroma is the single source of truth. Several processes may share one Chroma server;
    each keeps its own index current: it lists the reports (id and `indexed_at`), and
    reads the chunks of the reports added or rebuilt since its index was made, only
    those. A fresh process starts from the newest saved index, whatever its reports,
    and catches up the same way.

    `recheck_s` bounds how often the reports are listed, so a busy process does not pay
    for it on every question; a write through this process's own store (an upload in
    the web app) is seen at once."""

    def __init__(self, store: Store, directory: Path, recheck_s: float = 15.0,
                 place_finder: Callable[[list[str]], list[str]] | None = None,
                 save_after: int = SAVE_AFTER):
        self.store = store
        self.directory = Path(directory)
        self.recheck_s = recheck_s
        self.place_finder = place_finder
        self.save_after = save_after
        self._index: BM25Index | None = None
        self._reports: tuple[IndexedReport, ...] = ()
        self._unsaved = 0
        self._checked = 0.0
        self._listed = 0.0
        self._seen: tuple[str, int] = ("", -1)
        self._writes_seen = -1
        self._lock = threading.Lock()
        self.last_update: Update | None = None

    @property
    def reports(self) -> tuple[IndexedReport, ...]:
        """The complete reports as last listed, in the store's order."""
        return self._reports

    def index(self) -> BM25Index:
        with self._lock:
            now = time.monotonic()
            writes = self.store.writes
            if (self._index is not None and now - self._checked < self.recheck_s
                    and writes == self._writes_seen):
                return self._index
            # Has any writer changed the reports since they were listed? Two small reads
            # instead of listing every report (at 10,000 reports the listing costs a
            # question's time). The count catches most changes by writers of older code,
            # which set no token; a full listing every RELIST_S catches the rest.
            seen = (self.store.reports_token(), self.store.report_count())
            if (self._index is not None and writes == self._writes_seen
                    and seen == self._seen and now - self._listed < RELIST_S):
                self._checked = now
                return self._index
            listing = tuple(self.store.reports())
            self._checked = self._listed = now
            self._writes_seen = writes
            self._seen = seen
            self._reports = listing
            versions = {r.id: r.indexed_at for r in listing}
            if self._index is None:
                self._index = self._load_newest()
            if self._index is None:
                self._index = self._full(versions)
            else:
                self._index = self._catch_up(self._index, versions)
            return self._index

    def _full(self, versions: dict[str, float]) -> BM25Index:
        started = time.perf_counter()
        records = group_by_report(self.store.iter_chunks(vectors=True))
        records = {rid: items for rid, items in records.items() if rid in versions}
        index = BM25Index.build([r for items in records.values() for r in items],
                                places=self._places(records), versions=versions)
        figure_ids = self.store.figure_ids()
        index = with_figure_ids(index, {rid: tuple(figure_ids.get(rid, ())) for rid in records})
        self.last_update = Update("full", len(records), 0, time.perf_counter() - started)
        self._save(index)
        return index

    def _catch_up(self, index: BM25Index, versions: dict[str, float]) -> BM25Index:
        known = index.catalogue.versions
        added = sorted(rid for rid, at in versions.items() if known.get(rid) != at)
        removed = sorted(rid for rid in known if rid not in versions)
        if not added and not removed:
            return index
        if len(added) > FULL_SHARE * len(versions) and len(added) > 50:
            return self._full(versions)  # mostly new: one full read costs less
        started = time.perf_counter()
        records = group_by_report(chunks_of(self.store, added)) if added else {}
        kept = {rid: ids for rid, ids in index.catalogue.figure_ids.items()
                if rid in versions and rid not in records}
        index = index.changed(records, removed, self._places(records), versions)
        if added:
            kept.update((rid, tuple(ids)) for rid, ids in self.store.figure_ids(added).items())
        index = with_figure_ids(index, kept)
        self.last_update = Update("incremental", len(added), len(removed),
                                  time.perf_counter() - started)
        self._unsaved += len(added) + len(removed)
        if self._unsaved >= self.save_after:
            self._save(index)
        return index

    def _places(self, records: Mapping[str, Sequence[ChunkRecord]]) -> dict[str, list[str]]:
        if self.place_finder is None:
            return {}
        return {rid: self.place_finder([str(r.metadata.get("normalised") or r.text)
                                        for r in items]) for rid, items in records.items()}

    def path_for(self, index: BM25Index) -> Path:
        versions = sorted(f"{rid}@{at}" for rid, at in index.catalogue.versions.items())
        return self.directory / f"bm25-v{CACHE_VERSION}-{content_id(*versions)}.pkl"

    def _load_newest(self) -> BM25Index | None:
        try:
            saved = sorted(self.directory.glob(f"bm25-v{CACHE_VERSION}-*.pkl"),
                           key=lambda p: p.stat().st_mtime, reverse=True)
        except OSError:
            return None
        for path in saved[:1]:
            try:
                with path.open("rb") as handle:
                    loaded = pickle.load(handle)
            except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError):
                return None  # a damaged or vanished cache is rebuilt, never trusted
            if not isinstance(loaded, BM25Index):
                return None
            # Without its vectors file the index still answers: dense search then reads
            # the vectors it needs from Chroma.
            vectors = ChunkVectors.load(vectors_path(path), loaded.catalogue.size)
            return replace(loaded, catalogue=replace(loaded.catalogue, vectors=vectors))
        return None

    def _save(self, index: BM25Index) -> None:
        self._unsaved = 0
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            # Write then rename, so another process never reads half a file.
            target = self.path_for(index)
            vectors = index.catalogue.vectors
            if vectors is not None:  # first, so a reader of the new index finds them
                vectors.save(vectors_path(target))
            fd, tmp = tempfile.mkstemp(dir=self.directory, suffix=".tmp")
            with os.fdopen(fd, "wb") as handle:
                pickle.dump(replace(index, catalogue=replace(index.catalogue, vectors=None)),
                            handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.chmod(tmp, 0o644)  # other processes sharing the index read it too
            os.replace(tmp, target)
            keep = {target, vectors_path(target)}
            for old in [*self.directory.glob("bm25-v*.pkl"), *self.directory.glob("bm25-v*.npy")]:
                if old not in keep:
                    old.unlink(missing_ok=True)
        except OSError as exc:
            raise StoreError(f"cannot write the BM25 cache in {self.directory}: {exc}") from exc
