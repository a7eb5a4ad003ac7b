"""How reports, chunks and figures are laid out as Chroma records (metadata), and read
back: the store's record format, kept apart from the store's operations."""

from __future__ import annotations

import json
import time
from collections.abc import Container, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from core.models import (Chunk, Correction, Figure, IndexedReport, Office, Paragraph, Passage,
                         Report)

UNKNOWN_YEAR = 0  # Chroma metadata cannot hold None


def year_out(value: Any) -> int | None:
    return None if value in (None, UNKNOWN_YEAR) else int(value)


def passage_from_metadata(meta: dict[str, Any], score: float = 0.0,
                          ranks: dict[str, int] | None = None) -> Passage:
    return Passage(
        paragraph_id=meta["paragraph_id"], report_id=meta["report_id"],
        source=meta["source"], office=meta["office"], office_short=meta["office_short"],
        year=year_out(meta.get("year")), section=meta.get("section", ""),
        text=meta["paragraph_text"], score=score, ranks=dict(ranks or {}),
    )


def chunk_metadata(report: Report, paragraph: Paragraph, chunk: Chunk) -> dict[str, Any]:
    return {
        "report_id": report.id,
        "paragraph_id": paragraph.id,
        "chunk_index": chunk.index,
        "ordinal": paragraph.ordinal,
        "section": paragraph.section,
        "section_top": paragraph.section.split(" > ")[0],
        "is_heading": paragraph.is_heading,
        "paragraph_text": paragraph.text,
        "normalised": paragraph.normalised,
        "table_json": json.dumps(paragraph.table.rows, ensure_ascii=False)
        if paragraph.table else "",
        "source": report.source,
        "office": report.office.name,
        "office_short": report.office.short,
        "region": "/".join(report.office.region),
        "year": report.year or UNKNOWN_YEAR,
    }


def report_metadata(report: Report, paragraph_count: int, figure_count: int,
                    chunk_count: int = 0, index_version: str = "") -> dict[str, Any]:
    """The report record. `chunk_count` and `figure_count` let the store tell a complete
    report from one whose records were lost; `index_version` names the code that built
    it, so a report built by older extraction code is built again."""
    return {
        "report_id": report.id,
        "source": report.source,
        "title": report.title,
        "office": report.office.name,
        "office_short": report.office.short,
        "region": "/".join(report.office.region),
        "office_kind": report.office.kind,
        "office_level": report.office.level,
        "year": report.year or UNKNOWN_YEAR,
        "published": report.published or "",
        "format": report.format,
        "content_hash": report.content_hash,
        "paragraph_count": paragraph_count,
        "figure_count": figure_count,
        "chunk_count": chunk_count,
        "index_version": index_version,
        "warnings": json.dumps(list(report.warnings), ensure_ascii=False),
        "indexed_at": time.time(),
        "correction": correction_json(report.correction),
    }


def correction_json(correction: Correction | None) -> str:
    """The user's correction as JSON ("" when none): kept with the report so re-indexing
    the file can apply it again."""
    if correction is None or not correction.fields:
        return ""
    return json.dumps({"office": correction.office, "year": correction.year,
                       "level": correction.level, "region": list(correction.region)},
                      ensure_ascii=False)


def correction_from_json(text: str) -> Correction | None:
    if not text:
        return None
    data = json.loads(text)
    return Correction(data.get("office", ""), data.get("year"), data.get("level", ""),
                      tuple(data.get("region", ())))


def latest_per_source(records: Iterable[IndexedReport]) -> list[IndexedReport]:
    """The newest record of each source, by source: what `Store.reports()` lists."""
    items = sorted(records, key=lambda r: r.indexed_at, reverse=True)
    seen: set[str] = set()
    latest = []
    for item in items:
        if item.source not in seen:
            seen.add(item.source)
            latest.append(item)
    latest.sort(key=lambda r: r.source)
    return latest


def report_from_metadata(meta: dict[str, Any]) -> IndexedReport:
    region = tuple(filter(None, meta.get("region", "").split("/")))
    return IndexedReport(
        id=meta["report_id"], source=meta["source"], title=meta["title"],
        office=Office(meta["office"], meta["office_short"], region,
                      meta.get("office_kind", ""), meta.get("office_level", "")),
        year=year_out(meta.get("year")), published=meta.get("published") or None,
        format=meta["format"], content_hash=meta["content_hash"],
        paragraph_count=int(meta["paragraph_count"]), figure_count=int(meta["figure_count"]),
        warnings=tuple(json.loads(meta.get("warnings") or "[]")),
        indexed_at=float(meta.get("indexed_at", 0.0)),
        correction=correction_from_json(meta.get("correction", "")),
        chunk_count=int(meta["chunk_count"]) if "chunk_count" in meta else None,
        index_version=str(meta.get("index_version", "")),
    )


def figure_metadata(report: Report, figure: Figure) -> dict[str, Any]:
    return {
        "report_id": report.id,
        "source": report.source,
        "metric": figure.metric,
        "value": float(figure.value),
        "unit": figure.unit,
        "qualifier": figure.qualifier,
        "period": figure.period,
        "scope": figure.scope,
        "paragraph_id": figure.paragraph_id,
        "span_start": figure.span[0],
        "span_end": figure.span[1],
        "label": figure.label,
        "row": figure.row,
        "column": figure.column,
        "kind": figure.kind,
        "office": report.office.name,
        "office_short": report.office.short,
        "year": report.year or UNKNOWN_YEAR,
    }


def figure_record_id(report_id: str, figure: Figure) -> str:
    """A figure's Chroma id starts with its report's id, like a chunk's, so the records
    of each report can be counted from ids alone (Store.incomplete)."""
    return f"{report_id}-{figure.id}"


@dataclass(frozen=True)
class ChunkRecord:
    """A chunk as stored, for rebuilding the BM25 cache."""

    chunk_id: str
    paragraph_id: str
    report_id: str
    text: str
    metadata: dict[str, Any]
    vector: Any = None  # its stored embedding, when read with it (the app's exact search)


def chunk_records(got: Mapping[str, Any], keep: set[str] | None = None
                  ) -> Iterator[ChunkRecord]:
    """The records of one Chroma `get` of chunks (of the reports in `keep` when given)."""
    embeddings = got.get("embeddings")
    if embeddings is None:
        embeddings = [None] * len(got["ids"])
    for cid, doc, meta, vector in zip(got["ids"], got["documents"], got["metadatas"],
                                      embeddings):
        if keep is None or meta["report_id"] in keep:
            yield ChunkRecord(cid, meta["paragraph_id"], meta["report_id"], doc, meta, vector)


def report_id_of(record_id: str) -> str:
    """The report a chunk or figure record belongs to, from its id alone."""
    return record_id.split("-", 1)[0]


def figure_records(got: Mapping[str, Any], keep: Container[str] | None = None
                   ) -> list[Figure]:
    """The figures of one Chroma `get` of figure records (of the reports in `keep`
    when given), in the order Chroma returned them."""
    return [figure_from_metadata(m, doc) for m, doc in
            zip(got["metadatas"] or [], got["documents"] or [])
            if keep is None or m["report_id"] in keep]


def figure_from_metadata(meta: dict[str, Any], quote: str) -> Figure:
    return Figure(
        metric=meta["metric"], value=float(meta["value"]), unit=meta["unit"],
        qualifier=meta["qualifier"], period=meta["period"], scope=meta["scope"],
        paragraph_id=meta["paragraph_id"], span=(int(meta["span_start"]), int(meta["span_end"])),
        quote=quote, label=meta.get("label", ""), row=meta.get("row", ""),
        column=meta.get("column", ""), report_id=meta["report_id"], office=meta["office"],
        year=year_out(meta.get("year")), kind=meta.get("kind", ""),
    )
