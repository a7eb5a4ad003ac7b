"""The one read path: a snapshot of the indexed corpus that every reader shares.

A `CorpusSnapshot` holds, for one store stamp, the reports, their office directory, the
chunk catalogue with its BM25 postings (paragraph texts included, so a citation never
asks Chroma again) and, once first asked for, the stored figures. Answering,
comparison, the web app and the CLI all read the snapshot `Corpus.snapshot()` gives;
none of them reads the raw store on a question's path.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from assistant.question.offices import OfficeDirectory, places_in_text
from assistant.retrieval.bm25 import BM25Cache, BM25Index
from core.models import Figure, IndexedReport, Office, Passage
from core.settings import Settings
from core.store import Store


@dataclass(frozen=True)
class CorpusSnapshot:
    reports: tuple[IndexedReport, ...]
    directory: OfficeDirectory
    bm25: BM25Index
    store: Any = None  # read once for the figures, lazily
    _figures: dict[str, list[Figure]] = field(default_factory=dict)  # report id -> figures
    _lock: Any = field(default_factory=threading.Lock)

    def _load_figures(self) -> dict[str, list[Figure]]:
        with self._lock:
            if not self._figures and self.store is not None:
                complete = {r.id for r in self.reports}
                for figure in self.store.figures():
                    if figure.report_id in complete:
                        self._figures.setdefault(figure.report_id, []).append(figure)
                self._figures.setdefault("", [])  # loaded, even when empty
        return self._figures

    def figures_of_reports(self, report_ids: Iterable[str]) -> list[Figure]:
        loaded = self._load_figures()
        return [f for rid in dict.fromkeys(report_ids) for f in loaded.get(rid, ())]

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
        return self.bm25.passages(paragraph_ids)

    def report_paragraphs(self, report_id: str) -> list[Passage]:
        return self.bm25.report_passages(report_id)


class Corpus:
    """Keeps the snapshot current: a new one whenever the store's stamp moves (the BM25
    cache decides, at most every `recheck_s`, and at once after this process's writes)."""

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
            if self._snapshot is None or self._snapshot.bm25 is not index:
                reports = tuple(self.store.reports())
                directory = OfficeDirectory.build(reports, index.places)
                self._snapshot = CorpusSnapshot(reports, directory, index, self.store)
            return self._snapshot
