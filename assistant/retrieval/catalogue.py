"""The chunk catalogue both searchers read: which chunks exist, whose they are.

For every stored chunk ("doc", a slot in the arrays below): its id, its paragraph, its
report, its top-level section and whether its paragraph is a heading; for every
paragraph its stored metadata (so a hit, a citation or a report's paragraphs are read
without asking Chroma again); for every report its place hints and the `indexed_at` it
was read from. BM25 postings (bm25.py) and the dense searcher (dense.py) are two
searchers over one catalogue: they index its doc slots, and neither owns it.

A catalogue never changes. `changed()` makes the next one from this one and the records
of the reports added since, sharing what did not change: a report's chunks always take
one contiguous range of slots, a removed report's slots are marked dead (left out of
every mask) until `compacted()` renumbers the live ones.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from assistant.retrieval.figure_shelf import FigureShelf
from assistant.retrieval.vectors import ChunkVectors
from core.models import Passage
from core.store_records import ChunkRecord
from core.store_records import passage_from_metadata

# What a paragraph's passage is made of (see store_records.passage_from_metadata).
PARAGRAPH_FIELDS = ("paragraph_id", "report_id", "source", "office", "office_short", "year",
                    "section", "paragraph_text", "ordinal", "is_heading")


def _generation() -> int:
    """Tells catalogues apart in caches (object ids get reused, and a catalogue loaded
    from another process's file must not take a number this process gave out)."""
    return uuid.uuid4().int


def group_by_report(records: Iterable[ChunkRecord]) -> dict[str, list[ChunkRecord]]:
    """Records per report, reports and chunks in a fixed order (Chroma's listing order
    is not one), so that a report's chunks are one range of slots."""
    grouped: dict[str, list[ChunkRecord]] = {}
    for record in records:
        grouped.setdefault(record.report_id, []).append(record)
    return {rid: sorted(grouped[rid], key=lambda r: r.chunk_id) for rid in sorted(grouped)}


@dataclass(frozen=True)
class Catalogue:
    chunk_ids: list[str]
    paragraph_ids: list[str]
    report_ids: list[str]  # report of each slot's index into it: doc_report
    doc_report: np.ndarray
    section_names: list[str]  # distinct top-level sections; doc_section indexes into it
    doc_section: np.ndarray
    headings: np.ndarray  # True where the chunk's paragraph is a heading
    alive: np.ndarray  # False for the slots of removed reports
    report_slots: dict[str, tuple[int, int]]  # report id -> [start, end) of its slots
    paragraph_meta: dict[str, dict[str, Any]]
    report_paragraph_ids: dict[str, list[str]]
    places: dict[str, list[str]] = field(default_factory=dict)  # report id -> place names
    versions: dict[str, float] = field(default_factory=dict)  # report id -> indexed_at
    generation: int = field(default_factory=_generation)
    # Every slot's stored vector (vectors.py), or None when some record came without one.
    vectors: ChunkVectors | None = None
    # report id -> the Chroma ids of its figure records, for the reports read with them:
    # a report's figures are then read by id (~8 ms at 10,000 reports) instead of by a
    # metadata filter (~70-130 ms). Set by the BM25 cache; {} leaves the filter.
    figure_ids: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # The figures themselves, per report (figure_shelf.py), or None: set by the BM25
    # cache; a report it does not hold is read from Chroma by its figure ids.
    figure_shelf: FigureShelf | None = None

    @classmethod
    def empty(cls) -> "Catalogue":
        return cls([], [], [], np.zeros(0, np.int32), [], np.zeros(0, np.int32),
                   np.zeros(0, bool), np.zeros(0, bool), {}, {}, {},
                   vectors=ChunkVectors.empty())

    @classmethod
    def build(cls, records: Iterable[ChunkRecord],
              places: Mapping[str, list[str]] | None = None,
              versions: Mapping[str, float] | None = None) -> "Catalogue":
        return cls.empty().changed(group_by_report(records), (), places, versions)

    def __len__(self) -> int:
        """Live chunks (a removed report's dead slots are not counted)."""
        return int(self.alive.sum())

    @property
    def size(self) -> int:
        """Slots, dead ones included: the length of every per-slot array."""
        return len(self.chunk_ids)

    @property
    def dead(self) -> int:
        return self.size - len(self)

    def changed(self, added: Mapping[str, Sequence[ChunkRecord]], removed: Iterable[str],
                places: Mapping[str, list[str]] | None = None,
                versions: Mapping[str, float] | None = None) -> "Catalogue":
        """The catalogue with the reports `removed` gone and `added` (records grouped by
        report, as `group_by_report` gives) appended; a report in both is replaced."""
        gone = (set(removed) | set(added)) & set(self.report_slots)
        alive = self.alive.copy()
        report_slots = dict(self.report_slots)
        paragraph_meta = dict(self.paragraph_meta)
        by_report = dict(self.report_paragraph_ids)
        kept_places = {k: v for k, v in self.places.items() if k not in gone}
        kept_versions = {k: v for k, v in self.versions.items() if k not in gone}
        for rid in gone:
            start, end = report_slots.pop(rid)
            alive[start:end] = False
            for pid in by_report.pop(rid, ()):
                paragraph_meta.pop(pid, None)
        chunk_ids, paragraph_ids = list(self.chunk_ids), list(self.paragraph_ids)
        report_index = {rid: i for i, rid in enumerate(self.report_ids)}
        section_index = {s: i for i, s in enumerate(self.section_names)}
        doc_report: list[int] = []
        doc_section: list[int] = []
        headings: list[bool] = []
        for rid, records in added.items():
            start = len(chunk_ids)
            number = report_index.setdefault(rid, len(report_index))
            new_paragraphs: dict[str, dict[str, Any]] = {}
            for record in records:
                if record.paragraph_id not in new_paragraphs:
                    new_paragraphs[record.paragraph_id] = {
                        k: record.metadata.get(k) for k in PARAGRAPH_FIELDS}
                chunk_ids.append(record.chunk_id)
                paragraph_ids.append(record.paragraph_id)
                doc_report.append(number)
                top = str(record.metadata.get("section_top", ""))
                doc_section.append(section_index.setdefault(top, len(section_index)))
                headings.append(bool(record.metadata.get("is_heading", False)))
            report_slots[rid] = (start, len(chunk_ids))
            paragraph_meta.update(new_paragraphs)
            by_report[rid] = sorted(new_paragraphs,
                                    key=lambda pid: new_paragraphs[pid]["ordinal"] or 0)
        kept_places.update({k: v for k, v in (places or {}).items() if k in added})
        kept_versions.update({k: v for k, v in (versions or {}).items() if k in added})
        new = [r.vector for records in added.values() for r in records]
        vectors = self.vectors
        if vectors is not None and all(v is not None for v in new):
            vectors = vectors.extended(np.asarray(new, dtype=np.float32).reshape(len(new), -1)
                                       if new else np.zeros((0, 0), np.float32))
        else:
            vectors = None
        return Catalogue(
            chunk_ids, paragraph_ids, list(report_index),
            np.concatenate([self.doc_report, np.array(doc_report, np.int32)]),
            list(section_index),
            np.concatenate([self.doc_section, np.array(doc_section, np.int32)]),
            np.concatenate([self.headings, np.array(headings, bool)]),
            np.concatenate([alive, np.ones(len(doc_report), bool)]),
            report_slots, paragraph_meta, by_report, kept_places, kept_versions,
            vectors=vectors)

    def compacted(self) -> tuple["Catalogue", np.ndarray]:
        """The same catalogue without dead slots, and the new slot number of every old
        live slot (-1 for dead ones), for the searchers that index slots to follow."""
        keep = np.flatnonzero(self.alive)
        renumber = np.full(self.size, -1, dtype=np.int64)
        renumber[keep] = np.arange(len(keep))
        slots = {rid: (int(renumber[start]), int(renumber[end - 1]) + 1)
                 for rid, (start, end) in self.report_slots.items() if end > start}
        slots.update({rid: (0, 0) for rid, (s, e) in self.report_slots.items() if e == s})
        return replace(
            self, chunk_ids=[self.chunk_ids[i] for i in keep],
            paragraph_ids=[self.paragraph_ids[i] for i in keep],
            doc_report=self.doc_report[keep], doc_section=self.doc_section[keep],
            headings=self.headings[keep], alive=np.ones(len(keep), bool),
            report_slots=slots, generation=_generation(),
            vectors=self.vectors.compacted(keep) if self.vectors is not None else None
        ), renumber

    # ---- reading -------------------------------------------------------------------

    def report_of(self, slot: int) -> str:
        return self.report_ids[self.doc_report[slot]]

    def passages(self, paragraph_ids: Iterable[str]) -> list[Passage]:
        """Paragraphs by id, in the order asked (unknown ids are left out)."""
        return [passage_from_metadata(self.paragraph_meta[pid])
                for pid in dict.fromkeys(paragraph_ids) if pid in self.paragraph_meta]

    def report_passages(self, report_id: str) -> list[Passage]:
        """A report's paragraphs in reading order, headings included."""
        return self.passages(self.report_paragraph_ids.get(report_id, ()))

    def sections_containing(self, section: str) -> list[str]:
        return sorted(s for s in self.section_names if section in s)

    def mask_of(self, slots: np.ndarray, section: str = "") -> np.ndarray:
        """`mask(None, section)` at these slots only: live, of the section when given."""
        mask = self.alive[slots]
        if section:
            wanted = [i for i, s in enumerate(self.section_names) if section in s]
            mask &= np.isin(self.doc_section[slots], np.array(wanted, dtype=np.int32))
        return mask

    def mask(self, report_ids: Iterable[str] | None, section: str = "") -> np.ndarray:
        """Live chunks of the given reports (all when None) and top-level section."""
        if report_ids is None:
            mask = self.alive.copy()
        else:
            mask = np.zeros(self.size, dtype=bool)
            for rid in set(report_ids):
                start, end = self.report_slots.get(rid, (0, 0))
                mask[start:end] = True
            mask &= self.alive
        if section:
            wanted = [i for i, s in enumerate(self.section_names) if section in s]
            mask &= np.isin(self.doc_section, np.array(wanted, dtype=np.int32))
        return mask
