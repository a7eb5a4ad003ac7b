"""The one read path: a snapshot of the indexed corpus that every reader shares.

A `CorpusSnapshot` holds, for one state of the store, the reports, their office
directory, the chunk catalogue (paragraph texts included, so a citation never asks
Chroma again) with the BM25 postings over it and, once first asked for, the stored
figures. Answering, comparison, the web app and the CLI all read the snapshot
`Corpus.snapshot()` gives; none of them reads the raw store on a question's path.

When reports are added or removed (by this process or another sharing the store), the
next snapshot is made from the previous one: the catalogue and postings are changed for
those reports only (bm25.py), the directory entries of the offices they belong to are
built again, and figures are read for the added reports only.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from assistant.question.offices import OfficeDirectory, places_in_text
from assistant.retrieval.bm25 import BM25Cache, BM25Index
from assistant.retrieval.catalogue import Catalogue
from core.models import Figure, IndexedReport, Office, Passage
from core.settings import Settings
from core.store import Store


@dataclass(frozen=True)
class CorpusSnapshot:
    reports: tuple[IndexedReport, ...]
    directory: OfficeDirectory
    bm25: BM25Index
    store: Any = None  # read for the figures, lazily
    _figures: dict[str, list[Figure]] = field(default_factory=dict)  # report id -> figures
    # Reports whose figures were not read yet, when the others' came from the snapshot
    # before (None: none read yet, all are read at once on first use).
    _unread: set[str] | None = None
    _lock: Any = field(default_factory=threading.Lock)

    @property
    def catalogue(self) -> Catalogue:
        return self.bm25.catalogue

    def _load_figures(self) -> dict[str, list[Figure]]:
        with self._lock:
            if self.store is None:
                return self._figures
            complete = {r.id for r in self.reports}
            if self._unread is None and not self._figures:
                for figure in self.store.figures():
                    if figure.report_id in complete:
                        self._figures.setdefault(figure.report_id, []).append(figure)
                self._figures.setdefault("", [])  # loaded, even when empty
            elif self._unread:
                for rid in sorted(self._unread & complete):
                    self._figures[rid] = self.store.figures(report_id=rid)
                self._unread.clear()
        return self._figures

    def figures_of_reports(self, report_ids: Iterable[str]) -> list[Figure]:
        loaded = self._load_figures()
        return [f for rid in dict.fromkeys(report_ids) for f in loaded.get(rid, ())]

    def succeeded_by(self, reports: Sequence[IndexedReport], index: BM25Index
                     ) -> "CorpusSnapshot":
        """The next snapshot, after the store's reports became `reports` and the index
        `index`: what did not change is shared, not read again."""
        before = {r.id: r.indexed_at for r in self.reports}
        now = {r.id: r.indexed_at for r in reports}
        changed = {rid for rid in before.keys() | now.keys() if before.get(rid) != now.get(rid)}
        offices = {r.office for r in self.reports if r.id in changed}
        offices |= {r.office for r in reports if r.id in changed}
        entries = [e for e in self.directory.entries if e.office not in offices]
        entries += OfficeDirectory.build([r for r in reports if r.office in offices],
                                         index.catalogue.places).entries
        entries.sort(key=lambda e: e.office.name)
        with self._lock:
            loaded = self._unread is not None or bool(self._figures)
            figures = {rid: found for rid, found in self._figures.items()
                       if rid not in changed} if loaded else {}
            unread = ({rid for rid in changed if rid in now} | (self._unread or set())) \
                if loaded else None
        return CorpusSnapshot(tuple(reports), OfficeDirectory(entries), index, self.store,
                              figures, unread)

    def figures_of(self, office: Office) -> list[Figure]:
        """The stored figures of an office (of its complete reports)."""
        return self.figures_of_reports(r.id for r in self.reports if r.office.name == office.name)

    def reports_of(self, office: Office) -> list[IndexedReport]:
        return [r for r in self.reports if r.office.name == office.name]

    def report_ids(self, offices: Sequence[Office] = (), years: Sequence[int] = ()) -> list[str]:
        chosen = [r for r in self.reports if not offices or r.office in offices]
        if years:  # a hard filter: another year's report never answers for this one
            chosen = [r for r in chosen if r.year in years]
        return [r.id for r in chosen]

    def report(self, report_id: str) -> IndexedReport | None:
        return next((r for r in self.reports if r.id == report_id), None)

    def titles(self) -> dict[str, str]:
        return {r.source: r.title for r in self.reports}

    def years(self) -> set[int]:
        return {r.year for r in self.reports if r.year}

    def passages(self, paragraph_ids: Iterable[str]) -> list[Passage]:
        return self.catalogue.passages(paragraph_ids)

    def report_paragraphs(self, report_id: str) -> list[Passage]:
        return self.catalogue.report_passages(report_id)


class Corpus:
    """Keeps the snapshot current: a new one whenever the store's reports change (the
    BM25 cache looks, at most every `recheck_s`, and at once after this process's
    writes), made from the one before."""

    def __init__(self, store: Store, bm25_cache: BM25Cache):
        self.store = store
        self.bm25_cache = bm25_cache
        self._snapshot: CorpusSnapshot | None = None
        self._lock = threading.Lock()

    @classmethod
    def from_settings(cls, settings: Settings, store: Store, recheck_s: float = 15.0) -> "Corpus":
        cache = BM25Cache(store, settings.index_dir / "bm25", recheck_s=recheck_s,
                          place_finder=places_in_text)
        return cls(store, cache)

    def snapshot(self) -> CorpusSnapshot:
        index = self.bm25_cache.index()
        with self._lock:
            if self._snapshot is None:
                reports = self.bm25_cache.reports
                directory = OfficeDirectory.build(reports, index.catalogue.places)
                self._snapshot = CorpusSnapshot(reports, directory, index, self.store)
            elif self._snapshot.bm25 is not index:
                self._snapshot = self._snapshot.succeeded_by(self.bm25_cache.reports, index)
            return self._snapshot
