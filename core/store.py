"""The store: Chroma is the single source of truth.

Three collections, named `{prefix}_chunks`, `{prefix}_figures`, `{prefix}_reports`:

- chunks: one record per embedded chunk, vectors from our embedder (never Chroma's
  default); each record carries its paragraph's metadata and original text, so a search
  hit is a citable paragraph without a second lookup.
- figures: one record per extracted figure, with a constant placeholder vector (they are
  looked up by metadata, never by similarity).
- reports: one record per report. It is written last and deleted first, so it marks a
  report as complete: records of a report id without one are orphans of an interrupted
  run, ignored by readers and swept by the next indexing run. It counts the report's
  chunks and figures, so a report whose records were lost anyway is found (`incomplete`)
  and built again, and names the code version that built it (index/version.py).
- leases: who is writing (core/store_lease.py). Every write, removal and sweep holds
  the lease, so a sweep never takes another writer's half-written report for leftovers.

Record ids: a chunk's is `{paragraph id}-{n}`, a figure's `{report id}-{figure id}`: both
start with the report id, so counting a report's records needs ids only.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import chromadb

from core.embedding import SentenceTransformerEmbedder
from core.errors import EmbeddingMismatchError, StoreError
from core.store_client import open_client
from core.store_health import incomplete, prune, sweep
from core.store_lease import Lease
from core.store_writes import (PLACEHOLDER_VECTOR, ChunkRow, upsert_chunks, upsert_figures,
                               upsert_report_records)
from core.models import (
    Chunk,
    Figure,
    IndexedReport,
    Paragraph,
    Passage,
    Report,
    content_id,
)
from core.settings import Settings
from core.store_records import (
    ChunkRecord,
    chunk_records,
    figure_records,
    latest_per_source,
    passage_from_metadata,
    report_from_metadata,
    report_id_of,
)

REPORTS_CHANGED = "reports_changed"  # the meta record's id
# Records per Chroma write call, below every backend's max batch size (embedded: 5461).
WRITE_BATCH = 5000


@dataclass(frozen=True)
class ReportRecords:
    """One report as written: its paragraphs, chunks with their vectors, figures, and
    the version of the code that built it. `vectors` None: the chunks were written
    already (`write_chunks`, as a large report is encoded), only figures and the report
    record are left."""

    report: Report
    paragraphs: tuple[Paragraph, ...]
    chunks: tuple[Chunk, ...]
    vectors: Sequence[Sequence[float]] | None
    figures: tuple[Figure, ...]
    index_version: str = ""


class Store:
    """Reads and writes reports, chunks and figures in one Chroma database."""

    def __init__(self, client: Any, embedder: SentenceTransformerEmbedder, prefix: str):
        self.client = client
        self.embedder = embedder
        self.prefix = prefix
        # Counts this process's own writes, so caches built on the store see them at
        # once; other processes' writes show through `stamp()`.
        self.writes = 0
        self.write_batch = min(WRITE_BATCH, client.get_max_batch_size())
        self.chunks = self._open_chunks()
        self.figures_col = client.get_or_create_collection(
            f"{prefix}_figures", embedding_function=None)
        self.reports_col = client.get_or_create_collection(
            f"{prefix}_reports", embedding_function=None)
        # One record every writer changes with the report records: readers in other
        # processes look at it (one small read) instead of listing every report.
        self.meta_col = client.get_or_create_collection(
            f"{prefix}_meta", embedding_function=None)
        self.lease = Lease(client, prefix)

    def writing(self) -> Lease:
        """`with store.writing():` holds the writer lease (re-entrant) for several writes
        that belong together; every write method holds it on its own too."""
        return self.lease

    @classmethod
    def open(cls, settings: Settings,
             embedder: SentenceTransformerEmbedder | None = None) -> "Store":
        embedder = embedder or SentenceTransformerEmbedder.from_settings(settings)
        return cls(open_client(settings), embedder, settings.collection_prefix)

    def _open_chunks(self) -> Any:
        name = f"{self.prefix}_chunks"
        try:
            existing = self.client.get_collection(name, embedding_function=self.embedder)
        except (ValueError, chromadb.errors.NotFoundError):
            existing = None
        except Exception as exc:  # noqa: BLE001 - Chroma raises its own types per backend
            if "does not exist" in str(exc) or "not found" in str(exc).lower():
                existing = None
            else:
                raise StoreError(f"cannot open collection {name}: {exc}") from exc
        if existing is not None:
            built_with = (existing.metadata or {}).get("embedding_model")
            if built_with and built_with != self.embedder.model_name:
                raise EmbeddingMismatchError(
                    f"the index was built with embedding model {built_with!r}, but "
                    f"{self.embedder.model_name!r} is configured: re-index into a new "
                    f"directory or set the model back")
            # Indexes from before the variant was recorded were built on torch: fp32.
            variant = (existing.metadata or {}).get("embedding_variant", "fp32")
            if variant != self.embedder.variant:
                raise EmbeddingMismatchError(
                    f"the index holds {variant} vectors, but the configured encoder "
                    f"{self.embedder.encoder!r} makes {self.embedder.variant} vectors: "
                    f"re-index into a new directory or set GOVQA_ENCODER back")
            return existing
        return self.client.create_collection(
            name, embedding_function=self.embedder,
            metadata={"embedding_model": self.embedder.model_name,
                      "embedding_variant": self.embedder.variant},
            configuration={"hnsw": {"space": "cosine"}},
        )

    # ---- reports -------------------------------------------------------------------

    def reports(self) -> list[IndexedReport]:
        """Complete reports, newest first per source (duplicates of an interrupted
        replacement are hidden)."""
        return latest_per_source(self.report_records())

    def report_records(self, since: float | None = None) -> list[IndexedReport]:
        """Every report record, duplicates of an interrupted replacement included; with
        `since`, only those written at or after it (`indexed_at`, the writer's clock):
        what a reader that listed the records before needs to read again."""
        where = {"indexed_at": {"$gte": float(since)}} if since is not None else None
        got = self.reports_col.get(where=where, include=["metadatas"])
        return [report_from_metadata(m) for m in got["metadatas"] or []]

    def reports_token(self) -> str:
        """Changes whenever a writer of this code version changes the report records
        (written with them, under the lease); '' before the first such write."""
        got = self.meta_col.get(ids=[REPORTS_CHANGED], include=["metadatas"])
        metas = got["metadatas"] or []
        return str(metas[0].get("token", "")) if metas else ""

    def report_count(self) -> int:
        """Report records (duplicates of an interrupted replacement included)."""
        return self.reports_col.count()

    def _reports_changed(self) -> None:
        self.meta_col.upsert(ids=[REPORTS_CHANGED], documents=[""],
                             embeddings=[PLACEHOLDER_VECTOR],
                             metadatas=[{"token": uuid.uuid4().hex, "at": time.time()}])

    def report(self, report_id: str) -> IndexedReport | None:
        got = self.reports_col.get(ids=[report_id], include=["metadatas"])
        metas = got["metadatas"] or []
        return report_from_metadata(metas[0]) if metas else None

    def report_by_source(self, source: str) -> IndexedReport | None:
        return next((r for r in self.reports() if r.source == source), None)

    def stamp(self) -> str:
        """Changes whenever the set of complete reports changes: the BM25 cache key."""
        reports = sorted(f"{r.id}@{r.indexed_at}" for r in self.reports())
        return content_id(*reports, str(self.chunks.count()))

    # ---- writing -------------------------------------------------------------------

    def write_report(self, report: Report, paragraphs: Sequence[Paragraph],
                     chunks: Sequence[Chunk], vectors: Sequence[Sequence[float]],
                     figures: Sequence[Figure]) -> None:
        self.write_reports([ReportRecords(report, tuple(paragraphs), tuple(chunks),
                                          vectors, tuple(figures))])

    def write_chunks(self, rows: Sequence[ChunkRow]) -> None:
        """Chunks with their vectors, invisible to readers until their report record is
        written (`write_report_records`)."""
        with self.lease:
            upsert_chunks(self, rows)

    def stored_vectors(self, chunks: Sequence[Chunk]) -> dict[str, list[float]]:
        """The stored vectors of those `chunks` whose stored text is theirs, by chunk id:
        a report built again (new code, repaired, corrected) re-encodes only the chunks
        whose text changed. Same model guaranteed: a collection refuses another one."""
        if not chunks:
            return {}
        got = self.chunks.get(ids=[c.id for c in chunks], include=["documents", "embeddings"])
        text = {c.id: c.text for c in chunks}
        return {cid: [float(x) for x in vector] for cid, doc, vector in
                zip(got["ids"], got["documents"], got["embeddings"]) if text[cid] == doc}

    def write_reports(self, items: Sequence[ReportRecords]) -> None:
        """Write several reports whole, in as few Chroma calls as possible
        (core/store_writes.py)."""
        rows = []
        for item in items:
            if item.vectors is not None:
                if len(item.chunks) != len(item.vectors):
                    raise StoreError(f"{item.report.source}: {len(item.chunks)} chunks but "
                                     f"{len(item.vectors)} vectors")
                by_id = {p.id: p for p in item.paragraphs}
                rows += [(item.report, by_id[chunk.paragraph_id], chunk, vector)
                         for chunk, vector in zip(item.chunks, item.vectors)]
        with self.lease:
            self.write_chunks(rows)
            self.write_figures(items)
            self.write_report_records(items)

    def write_figures(self, items: Sequence[ReportRecords]) -> None:
        """The figures of these reports, invisible to readers until their report records
        are written (`write_report_records`)."""
        with self.lease:
            upsert_figures(self, items)

    def write_report_records(self, items: Sequence[ReportRecords]) -> None:
        """The report records: what makes the reports visible, so written after their
        chunks and figures."""
        with self.lease:
            upsert_report_records(self, items)
            self._reports_changed()
        self.writes += 1

    def prune(self, items: Sequence[ReportRecords]) -> None:
        """After reports were written again under their own ids: drop their records
        that the new reading no longer has (core/store_health.py)."""
        with self.lease:
            prune(self, items)
        self.writes += 1

    def remove_report(self, report_id: str) -> None:
        self.remove_reports([report_id])

    def remove_reports(self, report_ids: Sequence[str]) -> None:
        """The report records go first, so a crash leaves orphans, never a report
        with missing paragraphs."""
        ids = list(dict.fromkeys(report_ids))
        if not ids:
            return
        with self.lease:
            self.reports_col.delete(ids=ids)
            self._reports_changed()
            self.writes += 1
            where = {"report_id": {"$in": ids}}
            self.chunks.delete(where=where)
            self.figures_col.delete(where=where)

    def sweep(self) -> int:
        """Delete what interrupted runs left behind (core/store_health.py), under the
        writer lease. Returns how many report ids were cleaned."""
        with self.lease:
            return sweep(self)

    def incomplete(self, reports: Sequence[IndexedReport] | None = None) -> set[str]:
        """Ids of listed reports whose chunks or figures are not all in the store."""
        return incomplete(self, self.reports() if reports is None else reports)

    # ---- reading -------------------------------------------------------------------

    def iter_chunks(self, batch: int = 5000, vectors: bool = False) -> Iterator[ChunkRecord]:
        """Every chunk of the complete reports; with `vectors`, each with its embedding."""
        keep = {r.id for r in self.reports()}
        include = ["documents", "metadatas"] + (["embeddings"] if vectors else [])
        offset = 0
        while True:
            got = self.chunks.get(include=include, limit=batch, offset=offset)
            if not got["ids"]:
                return
            yield from chunk_records(got, keep)
            offset += len(got["ids"])

    def chunks_of(self, report_ids: Sequence[str], batch: int = 200,
                  vectors: bool = False) -> Iterator[ChunkRecord]:
        """The chunks of these reports only: what an incremental update reads."""
        ids = list(report_ids)
        include = ["documents", "metadatas"] + (["embeddings"] if vectors else [])
        for start in range(0, len(ids), batch):
            yield from chunk_records(self.chunks.get(
                where={"report_id": {"$in": ids[start:start + batch]}}, include=include))

    def figure_ids(self, report_ids: Sequence[str] | None = None, batch: int = 200
                   ) -> dict[str, list[str]]:
        """report id -> ids of its figure records (of every report when None): ids only,
        so cheap to list; what reading a report's figures by id needs."""
        found: dict[str, list[str]] = {}
        if report_ids is None:
            offset = 0
            while ids := self.figures_col.get(include=[], limit=WRITE_BATCH,
                                              offset=offset)["ids"]:
                for fid in ids:
                    found.setdefault(report_id_of(fid), []).append(fid)
                offset += len(ids)
            return found
        wanted = list(report_ids)
        for rid in wanted:
            found[rid] = []
        for start in range(0, len(wanted), batch):
            got = self.figures_col.get(where={"report_id": {"$in": wanted[start:start + batch]}},
                                       include=[])
            for fid in got["ids"]:
                found.setdefault(report_id_of(fid), []).append(fid)
        return found

    def figures_by_id(self, ids: Sequence[str]) -> list[Figure]:
        """The figure records of these ids (those that exist), in no set order."""
        figures: list[Figure] = []
        for start in range(0, len(ids), WRITE_BATCH):
            figures += figure_records(self.figures_col.get(
                ids=list(ids[start:start + WRITE_BATCH]), include=["documents", "metadatas"]))
        return figures

    def dense_search(self, query: str, k: int,
                     where: dict[str, Any] | None = None) -> list[Passage]:
        """Nearest paragraphs to the query (best chunk per paragraph), best first."""
        total = self.chunks.count()
        if total == 0:
            return []
        vector = self.embedder.embed_query([query])[0]
        return self.nearest_paragraphs(vector, k, candidates=total, where=where)

    def nearest_paragraphs(self, vector: Sequence[float], k: int, *, candidates: int,
                           where: dict[str, Any] | None = None,
                           keep: set[str] | None = None) -> list[Passage]:
        """Paragraphs of the chunks nearest to `vector` in Chroma's HNSW index (best chunk
        per paragraph) among the first `candidates` chunks, of the complete reports
        `keep` (read from the store when not given), best first."""
        result = self.chunks.query(query_embeddings=[[float(x) for x in vector]],
                                   n_results=min(candidates, k * 3), where=where or None,
                                   include=["metadatas", "distances"])
        if keep is None:
            keep = {r.id for r in self.reports()}
        passages: dict[str, Passage] = {}
        for meta, distance in zip(result["metadatas"][0], result["distances"][0]):
            if meta["report_id"] not in keep or meta["paragraph_id"] in passages:
                continue
            passages[meta["paragraph_id"]] = passage_from_metadata(meta, 1.0 - float(distance))
        return list(passages.values())[:k]

    def passages(self, paragraph_ids: Iterable[str]) -> list[Passage]:
        """Paragraphs by id, in the order asked."""
        wanted = list(dict.fromkeys(paragraph_ids))
        if not wanted:
            return []
        got = self.chunks.get(where={"$and": [{"paragraph_id": {"$in": wanted}},
                                              {"chunk_index": 0}]},
                              include=["metadatas"])
        keep = {r.id for r in self.reports()}
        found = {m["paragraph_id"]: passage_from_metadata(m) for m in got["metadatas"] or []
                 if m["report_id"] in keep}
        return [found[p] for p in wanted if p in found]

    def report_paragraphs(self, report_id: str) -> list[Passage]:
        got = self.chunks.get(where={"$and": [{"report_id": report_id}, {"chunk_index": 0}]},
                              include=["metadatas"])
        metas = sorted(got["metadatas"] or [], key=lambda m: m["ordinal"])
        return [passage_from_metadata(m) for m in metas]

    def figures(self, *, office: str | None = None, year: int | None = None,
                metric: str | None = None, report_id: str | None = None) -> list[Figure]:
        """Stored figures of complete reports, filtered by exact office (full or short
        name), year, metric (exact key or a dotted prefix) and report."""
        clauses: list[dict[str, Any]] = []
        if report_id:
            clauses.append({"report_id": report_id})
        if year is not None:
            clauses.append({"year": int(year)})
        if office:
            clauses.append({"$or": [{"office": office}, {"office_short": office}]})
        where: dict[str, Any] | None
        where = None if not clauses else clauses[0] if len(clauses) == 1 else {"$and": clauses}
        got = self.figures_col.get(where=where, include=["documents", "metadatas"])
        figures = figure_records(got, keep={r.id for r in self.reports()})
        if metric:
            figures = [f for f in figures
                       if f.metric == metric or f.metric.startswith(metric + ".")]
        figures.sort(key=lambda f: (f.office, f.year or 0, f.paragraph_id, f.span))
        return figures
