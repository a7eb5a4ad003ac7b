"""The current BM25 index (and catalogue) of a store, kept in memory, saved under the
index directory, and brought up to date from Chroma when the store's reports change —
by this process or another sharing the store (bm25.py is the index itself)."""

from __future__ import annotations

import os
import pickle
import tempfile
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from assistant.retrieval.bm25 import BM25Index
from assistant.retrieval.catalogue import group_by_report
from assistant.retrieval.figure_shelf import FigureShelf
from assistant.retrieval.vectors import ChunkVectors
from core.errors import StoreError
from core.models import IndexedReport, content_id
from core.store import Store
from core.store_records import ChunkRecord, latest_per_source

# 5: the chunk vectors saved beside it (vectors.py); 6: figure ids; 7: the figures
# themselves (figure_shelf.py); 8: idf as an IdfTable (its median worked out once)
CACHE_VERSION = 8
SAVE_AFTER = 20  # reports changed incrementally before the index is saved again
RELIST_S = 300.0  # at most this long between two listings of every report
# When the reports changed, the records written since the newest one seen, less this
# much (writers' clocks may disagree a little), are read rather than every record. Only
# speed depends on it: a record stamped before the window leaves the count short, and
# then every record is listed.
CHANGED_WINDOW_S = 60.0
FULL_SHARE = 0.5  # above this share of reports new, one full read of the chunks is cheaper


@dataclass(frozen=True)
class Update:
    """What the last change of the index cost (read by the scale benchmark)."""

    kind: str  # "full" or "incremental"
    added: int
    removed: int
    seconds: float



def with_figures(index: BM25Index, figure_ids: dict[str, tuple[str, ...]],
                 shelf: FigureShelf | None) -> BM25Index:
    return replace(index, catalogue=replace(index.catalogue, figure_ids=figure_ids,
                                            figure_shelf=shelf))


def vectors_path(index_path: Path) -> Path:
    return index_path.with_suffix(".vectors.npy")


def figures_path(index_path: Path) -> Path:
    return index_path.with_suffix(".figures")


FIGURE_READ_REPORTS = 200  # reports whose figures one read asks Chroma for


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
        self._records: dict[str, IndexedReport] = {}  # every report record, by id
        self._unsaved = 0
        self._checked = 0.0
        self._listed = 0.0
        self._seen: tuple[str, int] = ("", -1)
        self._writes_seen = -1
        self._lock = threading.Lock()
        self.last_update: Update | None = None
        self.last_listing = ""  # how the reports were last listed: "full" or "changed"

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
            listing = self._listing(seen[1], now)
            self._checked = now
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

    def _listing(self, count: int, now: float) -> tuple[IndexedReport, ...]:
        """The complete reports now. Only the records written lately are read when that
        accounts for every record there is (`count`, read before): a record removed,
        or written outside the window, leaves the count short of what is known, and
        then every record is listed (at 10,000 reports that listing took 1.7-2.3 s)."""
        if self._records and now - self._listed < RELIST_S:
            since = max(r.indexed_at for r in self._records.values()) - CHANGED_WINDOW_S
            merged = dict(self._records)
            merged.update((r.id, r) for r in self.store.report_records(since))
            if len(merged) == count:
                self._records = merged
                self.last_listing = "changed"
                return tuple(latest_per_source(merged.values()))
        self._records = {r.id: r for r in self.store.report_records()}
        self._listed = now
        self.last_listing = "full"
        return tuple(latest_per_source(self._records.values()))

    def _full(self, versions: dict[str, float]) -> BM25Index:
        started = time.perf_counter()
        records = group_by_report(self.store.iter_chunks(vectors=True))
        records = {rid: items for rid, items in records.items() if rid in versions}
        index = BM25Index.build([r for items in records.values() for r in items],
                                places=self._places(records), versions=versions)
        figure_ids = self.store.figure_ids()
        ids = {rid: tuple(figure_ids.get(rid, ())) for rid in records}
        index = with_figures(index, ids, self._shelved(FigureShelf(), ids))
        self.last_update = Update("full", len(records), 0, time.perf_counter() - started)
        return self._save(index)

    def _catch_up(self, index: BM25Index, versions: dict[str, float]) -> BM25Index:
        known = index.catalogue.versions
        added = sorted(rid for rid, at in versions.items() if known.get(rid) != at)
        removed = sorted(rid for rid in known if rid not in versions)
        if not added and not removed:
            return index
        if len(added) > FULL_SHARE * len(versions) and len(added) > 50:
            return self._full(versions)  # mostly new: one full read costs less
        started = time.perf_counter()
        # only the added reports' chunks, with their vectors (not every chunk)
        records = group_by_report(self.store.chunks_of(added, vectors=True)) if added else {}
        kept = {rid: ids for rid, ids in index.catalogue.figure_ids.items()
                if rid in versions and rid not in records}
        shelf = index.catalogue.figure_shelf
        index = index.changed(records, removed, self._places(records), versions)
        listed = self.store.figure_ids(added) if added else {}
        new_ids = {rid: tuple(listed.get(rid, ())) for rid in added}
        kept.update(new_ids)
        if shelf is not None:  # the added reports' figures read now, once, with the chunks
            shelf = self._shelved(shelf.changed({}, [*removed, *records]), new_ids)
        index = with_figures(index, kept, shelf)
        self.last_update = Update("incremental", len(added), len(removed),
                                  time.perf_counter() - started)
        self._unsaved += len(added) + len(removed)
        if self._unsaved >= self.save_after:
            index = self._save(index)
        return index

    def _shelved(self, shelf: FigureShelf, ids: Mapping[str, Sequence[str]]) -> FigureShelf:
        """`shelf` with the figures of these reports (by their record ids) read from
        Chroma, a few hundred reports per read."""
        reports = sorted(ids)
        for start in range(0, len(reports), FIGURE_READ_REPORTS):
            batch = reports[start:start + FIGURE_READ_REPORTS]
            grouped: dict[str, list] = {rid: [] for rid in batch}
            wanted = [fid for rid in batch for fid in ids[rid]]
            for figure in self.store.figures_by_id(wanted) if wanted else ():
                grouped[figure.report_id].append(figure)
            shelf = shelf.changed(grouped, ())
        return shelf

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
            # Without its figures file too: they are then read from Chroma when asked.
            shelf = FigureShelf.load(figures_path(path))
            return replace(loaded, catalogue=replace(loaded.catalogue, vectors=vectors,
                                                     figure_shelf=shelf))
        return None

    def _save(self, index: BM25Index) -> BM25Index:
        """Writes the index and its side files; returns it reading the saved figures
        file (the blobs held in memory since the last save are let go)."""
        self._unsaved = 0
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            # Write then rename, so another process never reads half a file.
            target = self.path_for(index)
            vectors = index.catalogue.vectors
            if vectors is not None:  # first, so a reader of the new index finds them
                vectors.save(vectors_path(target))
            shelf = index.catalogue.figure_shelf
            if shelf is not None:
                shelf = shelf.save(figures_path(target))
                index = replace(index, catalogue=replace(index.catalogue, figure_shelf=shelf))
            fd, tmp = tempfile.mkstemp(dir=self.directory, suffix=".tmp")
            with os.fdopen(fd, "wb") as handle:
                pickle.dump(replace(index, catalogue=replace(index.catalogue, vectors=None,
                                                             figure_shelf=None)),
                            handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.chmod(tmp, 0o644)  # other processes sharing the index read it too
            os.replace(tmp, target)
            keep = {target, vectors_path(target), figures_path(target)}
            for old in [*self.directory.glob("bm25-v*.pkl"), *self.directory.glob("bm25-v*.npy"),
                        *self.directory.glob("bm25-v*.figures")]:
                if old not in keep:
                    old.unlink(missing_ok=True)
        except OSError as exc:
            raise StoreError(f"cannot write the BM25 cache in {self.directory}: {exc}") from exc
        return index
