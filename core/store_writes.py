"""How records are written: functions over a Store (core/store.py), which calls them
under its writer lease. Chunks and figures first, report records last (until a report's
record exists, nothing of it is visible to readers).

Few, large calls: a Chroma write costs tens of milliseconds of CPU whatever its size
(and holds the GIL throughout), so a pool of reports goes in one call per collection and
`write_batch` records.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from core.models import Chunk, Paragraph, Report
# figures and reports are looked up by metadata, never by vector: one constant vector
from core.store_lease import PLACEHOLDER_VECTOR
from core.store_records import (chunk_metadata, figure_metadata, figure_record_id,
                                report_metadata)

if TYPE_CHECKING:
    from core.store import ReportRecords, Store

ChunkRow = tuple[Report, Paragraph, Chunk, Sequence[float]]


def upsert_chunks(store: "Store", rows: Sequence[ChunkRow]) -> None:
    for batch in _batches(store, rows):
        store.chunks.upsert(
            ids=[chunk.id for _, _, chunk, _ in batch],
            documents=[chunk.text for _, _, chunk, _ in batch],
            metadatas=[chunk_metadata(report, paragraph, chunk)
                       for report, paragraph, chunk, _ in batch],
            embeddings=np.asarray([vector for _, _, _, vector in batch], dtype=np.float32))


def upsert_figures(store: "Store", items: Sequence["ReportRecords"]) -> None:
    figures = {figure_record_id(item.report.id, f): (item.report, f)
               for item in items for f in item.figures}
    for ids in _batches(store, list(figures)):
        batch = [figures[i] for i in ids]
        store.figures_col.upsert(
            ids=ids, documents=[f.quote for _, f in batch],
            embeddings=[PLACEHOLDER_VECTOR] * len(batch),
            metadatas=[figure_metadata(report, f) for report, f in batch])


def upsert_report_records(store: "Store", items: Sequence["ReportRecords"]) -> None:
    for batch in _batches(store, items):
        store.reports_col.upsert(
            ids=[item.report.id for item in batch],
            documents=[item.report.title for item in batch],
            embeddings=[PLACEHOLDER_VECTOR] * len(batch),
            metadatas=[report_metadata(item.report, len(item.paragraphs),
                                       len({f.id for f in item.figures}), len(item.chunks),
                                       item.index_version) for item in batch])


def _batches(store: "Store", rows: Sequence[Any]):
    """`rows` in slices of the store's write batch, renewing the lease before each."""
    for start in range(0, len(rows), store.write_batch):
        store.lease.renew()
        yield rows[start:start + store.write_batch]
