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
from collections import OrderedDict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from types import MappingProxyType
from typing import Any

from assistant.question.offices import OfficeDirectory, places_in_text
from assistant.retrieval.bm25 import BM25Index
from assistant.retrieval.bm25_cache import BM25Cache
from assistant.retrieval.catalogue import Catalogue
from assistant.retrieval.figure_shelf import in_reading_order
from core.models import Figure, IndexedReport, Office, Passage
from core.settings import Settings
from core.store import Store
from core.store_records import figure_records

FEW_REPORTS = 64  # above this many reports' figures wanted at once, all are read
# Reports whose figures, decoded from the figure shelf, a snapshot keeps: decoding one
# again costs well under a millisecond, and keeping every report asked about grew a
# process by ~1 MB per report (docs/BENCHMARKS.md, scale).
SHELVED_REPORTS = 256


@dataclass(frozen=True)
class CorpusSnapshot:
    reports: tuple[IndexedReport, ...]
    directory: OfficeDirectory
    bm25: BM25Index
    store: Any = None  # read for the figures, lazily
    # report id -> its figures, for the reports read so far (all once `_all` is set).
    _figures: dict[str, list[Figure]] = field(default_factory=dict)
    # report id -> its figures decoded from the figure shelf, the last SHELVED_REPORTS.
    _shelved: OrderedDict[str, list[Figure]] = field(default_factory=OrderedDict)
    _all: list[bool] = field(default_factory=lambda: [False])
    _lock: Any = field(default_factory=threading.Lock)

    @property
    def catalogue(self) -> Catalogue:
        return self.bm25.catalogue

    def _load_figures(self, report_ids: Sequence[str]) -> dict[str, list[Figure]]:
        """The figures of these reports, by report id. Read from the figure shelf (the
        last few hundred kept decoded) or from Chroma (kept): a question about an office
        or two reads theirs only; one over many reports not on the shelf reads all at
        once (at 500 reports reading every figure took seconds, and every waiting
        question paid it)."""
        with self._lock:
            if self.store is None or self._all[0]:
                return self._figures
            complete = self._by_id
            got = {rid: self._figures[rid] for rid in report_ids if rid in self._figures}
            wanted = [rid for rid in report_ids if rid not in got and rid in complete]
            shelf = self.catalogue.figure_shelf
            if shelf is not None:  # what the shelf holds needs no Chroma read
                unshelved = []
                for rid in wanted:
                    shelved = self._shelved.get(rid)
                    if shelved is None:
                        shelved = shelf.figures(rid)
                    if shelved is None:
                        unshelved.append(rid)
                        continue
                    got[rid] = self._shelved[rid] = shelved
                    self._shelved.move_to_end(rid)
                while len(self._shelved) > SHELVED_REPORTS:
                    self._shelved.popitem(last=False)
                wanted = unshelved
            if len(wanted) > FEW_REPORTS:
                self._figures.clear()
                for figure in self.store.figures():
                    if figure.report_id in complete:
                        self._figures.setdefault(figure.report_id, []).append(figure)
                self._all[0] = True
                return self._figures
            if wanted:
                known = self.catalogue.figure_ids
                if all(rid in known for rid in wanted):  # by id: no metadata filter
                    ids = [fid for rid in wanted for fid in known[rid]]
                    found = self.store.figures_by_id(ids) if ids else []
                else:
                    found = figure_records(self.store.figures_col.get(
                        where={"report_id": {"$in": wanted}}, include=["documents", "metadatas"]))
                found = in_reading_order(found)
                for rid in wanted:
                    self._figures[rid] = got[rid] = []
                for figure in found:
                    self._figures[figure.report_id].append(figure)
        return got

    def figures_of_reports(self, report_ids: Iterable[str]) -> list[Figure]:
        ids = list(dict.fromkeys(report_ids))
        loaded = self._load_figures(ids)
        return [f for rid in ids for f in loaded.get(rid, ())]

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
        with self._lock:  # the added reports' figures are read when first asked for
            figures = {rid: found for rid, found in self._figures.items() if rid not in changed}
        # Not the decoded shelf figures: the next snapshot's index has a shelf of its own.
        return CorpusSnapshot(tuple(reports), OfficeDirectory(entries), index, self.store,
                              figures)

    # Looked up on every question: made once per snapshot, not a scan of every report
    # (at 10,000 reports each scan costs milliseconds).
    @cached_property
    def _by_office(self) -> dict[str, list[IndexedReport]]:
        grouped: dict[str, list[IndexedReport]] = {}
        for r in self.reports:
            grouped.setdefault(r.office.name, []).append(r)
        return grouped

    @cached_property
    def _by_id(self) -> dict[str, IndexedReport]:
        return {r.id: r for r in self.reports}

    @cached_property
    def _position(self) -> dict[str, int]:
        return {r.id: i for i, r in enumerate(self.reports)}

    def figures_of(self, office: Office) -> list[Figure]:
        """The stored figures of an office (of its complete reports)."""
        return self.figures_of_reports(r.id for r in self.reports_of(office))

    def reports_of(self, office: Office) -> list[IndexedReport]:
        return list(self._by_office.get(office.name, ()))

    def report_ids(self, offices: Sequence[Office] = (), years: Sequence[int] = ()) -> list[str]:
        if offices:
            names = list(dict.fromkeys(o.name for o in offices))
            chosen = sorted((r for name in names for r in self._by_office.get(name, ())
                             if r.office in offices),
                            key=lambda r: self._position[r.id])  # the store's order
        else:
            chosen = list(self.reports)
        if years:  # a hard filter: another year's report never answers for this one
            chosen = [r for r in chosen if r.year in years]
        return [r.id for r in chosen]

    def report(self, report_id: str) -> IndexedReport | None:
        return self._by_id.get(report_id)

    def titles(self) -> Mapping[str, str]:
        return MappingProxyType(self._titles)  # read-only: shared by every question

    @cached_property
    def _titles(self) -> dict[str, str]:
        return {r.source: r.title for r in self.reports}

    def years(self) -> set[int]:
        return set(self._years)

    @cached_property
    def _years(self) -> frozenset[int]:
        return frozenset(r.year for r in self.reports if r.year)

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
