"""The store's health: what interrupted or concurrent runs can leave behind, found and
cleaned. Functions over a Store (core/store.py), which calls them under its writer lease.

- `sweep`: chunks and figures of report ids with no report record (a writer died between
  its chunks and its report record), and older duplicates of a replaced source. Safe
  because every writer writes under the lease: what has no report record while we hold
  it was left by a writer that is gone, never one still writing.
- `incomplete`: listed reports whose records are not all there (lost to a crash between
  collections, the old sweep of issue 15, a hand-edited database), found from record ids
  alone: chunk and figure ids start with their report id.
- `prune`: after a report was written again under its own id, its records that the new
  reading no longer has.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from core.models import IndexedReport
from core.store_records import figure_record_id, report_id_of

if TYPE_CHECKING:
    from core.store import ReportRecords, Store


def sweep(store: "Store") -> int:
    """Returns how many report ids were cleaned. Reads only ids and report ids of
    records that are orphans, so it costs little when there are none."""
    all_ids = set(store.reports_col.get(include=[])["ids"] or [])
    keep = sorted(r.id for r in store.reports())
    stale = sorted(all_ids - set(keep))
    store.remove_reports(stale)
    orphans: set[str] = set(stale)
    where = {"report_id": {"$nin": keep}} if keep else None
    for col in (store.chunks, store.figures_col):
        got = col.get(where=where, include=["metadatas"])
        found = {m["report_id"] for m in got["metadatas"] or []}
        if found:
            col.delete(ids=got["ids"])
        orphans |= found
    return len(orphans)


def _counts(ids: Sequence[str]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for record_id in ids:
        report_id = report_id_of(record_id)
        counts[report_id] = counts.get(report_id, 0) + 1
    return counts


def incomplete(store: "Store", reports: Sequence[IndexedReport]) -> set[str]:
    """A report from before chunk counts were kept (chunk_count None) is judged by
    having chunks at all and by its figure count."""
    chunks = _counts(store.chunks.get(include=[])["ids"] or [])
    figures = {rid: len(ids) for rid, ids in store.figure_ids().items()}
    broken = set()
    for r in reports:
        found = chunks.get(r.id, 0)
        if (found == 0 or (r.chunk_count is not None and found != r.chunk_count)
                or figures.get(r.id, 0) != r.figure_count):
            broken.add(r.id)
    return broken


def prune(store: "Store", items: Sequence["ReportRecords"]) -> None:
    """Done after the write, never before, so a crash in between leaves the old report
    whole (its record still names the old version, so the next run rebuilds it)."""
    for item in items:
        rid = item.report.id
        keep = {c.id for c in item.chunks}
        got = store.chunks.get(where={"report_id": rid}, include=[])
        stale = [i for i in got["ids"] or [] if i not in keep]
        if stale:
            store.chunks.delete(ids=stale)
        keep = {figure_record_id(rid, f) for f in item.figures}
        got = store.figures_col.get(where={"report_id": rid}, include=[])
        stale = [i for i in got["ids"] or [] if i not in keep]
        if stale:
            store.figures_col.delete(ids=stale)
