"""Indexing: files → reports, paragraphs, chunks, figures → the store.

`build_report` is pure (a loaded document in, everything to store out). `index_paths`
does the I/O: it skips files whose content is already indexed, replaces changed ones,
refuses bad ones with a reason, and encodes chunks of several reports in one batch so the
embedding model (the physical limit of indexing) runs with full batches.

A user's correction of office / year (index/manifest.py) is applied in `build_report`,
before figures are extracted, and stored with the report. Re-indexing a file applies its
stored correction again (merged under a newly given one), so a plain re-index never wipes
it; an unchanged file whose correction changes is written again (listed as corrected).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from core.errors import AssistantError, LoadError
from core.models import (Chunk, Correction, Figure, LoadedDocument, Paragraph, Report,
                         content_id)
from core.settings import Settings
from core.store import ReportRecords, Store
from index.chunks import make_chunks
from index.figures import extract_figures
from index.loaders import SUPPORTED_SUFFIXES, load_document
from index.manifest import apply_correction
from index.metadata import describe
from index.paragraphs import split_paragraphs

log = logging.getLogger(__name__)

# Encode and write this many chunks at a time (several reports). Texts are encoded
# longest first, so a large pool wastes little on padding, and written in a few Chroma
# calls. An interrupted run loses at most one pool (the store stays consistent).
ENCODE_BATCH_CHUNKS = 4096
# Texts per encode call within a pool: a multiple of the model's batch size (32), small
# enough that progress moves every ~15 s on two cores.
ENCODE_SLICE_CHUNKS = 256

Progress = Callable[[int, int, str], None]  # (files done, files total, current)
# `current` is the name of the file being read, or a stage of a pool starting with one
# of these words.
ENCODING, WRITING = "编码", "写入"
# The user's correction for a file (None: none given this run).
Corrections = Callable[[Path], Correction | None]


@dataclass(frozen=True)
class BuiltReport:
    report: Report
    paragraphs: tuple[Paragraph, ...]
    chunks: tuple[Chunk, ...]
    figures: tuple[Figure, ...]


@dataclass
class IndexSummary:
    added: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    refused: list[tuple[str, str]] = field(default_factory=list)  # (file, reason)
    # Unchanged files written again because their correction changed (source, fields).
    corrected: list[tuple[str, tuple[str, ...]]] = field(default_factory=list)
    paragraphs: int = 0
    figures: int = 0

    @property
    def ok(self) -> bool:
        return not self.refused


def build_report(doc: LoadedDocument, chunk_chars: int = 400, overlap: int = 60,
                 correction: Correction | None = None) -> BuiltReport:
    """Everything the store needs for one document, with the user's correction applied
    over what was read. Pure."""
    original = "\n".join(block.text for block in doc.blocks)
    report_id = content_id(original)
    paragraphs = split_paragraphs(report_id, doc.blocks)
    if not paragraphs:
        raise LoadError(doc.source, "文件中没有可读的正文段落")
    meta = describe(doc, paragraphs)
    office, year = apply_correction(meta.office, meta.year, correction)
    report = Report(
        id=report_id, source=doc.source, title=meta.title, office=office,
        year=year, published=meta.published, format=meta.format, text=original,
        normalised="\n".join(p.normalised for p in paragraphs), content_hash=doc.content_hash,
        warnings=tuple(meta.warnings), correction=correction,
    )
    extracted = extract_figures(report, paragraphs)
    report = replace(report, warnings=report.warnings + tuple(extracted.warnings))
    chunks = make_chunks(paragraphs, chunk_chars, overlap)
    return BuiltReport(report, tuple(paragraphs), tuple(chunks), tuple(extracted.figures))


def expand_paths(paths: Iterable[Path]) -> list[Path]:
    """Files as given, and the supported files inside given folders (recursively)."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*")
                                if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES))
        else:
            found.append(path)
    return list(dict.fromkeys(found))


def index_paths(paths: Sequence[Path], store: Store, settings: Settings,
                progress: Progress | None = None,
                corrections: Corrections | None = None) -> IndexSummary:
    summary = IndexSummary()
    store.sweep()
    files = expand_paths(paths)
    known = {r.source: r for r in store.reports()}
    known_ids = {r.id: r.source for r in known.values()}
    pending: list[Pending] = []
    # A file counts as done once written, skipped or refused; reading is quick, so the
    # count moves while a pool is encoded, in proportion to the chunks encoded.
    finished = 0

    def tell(done: int, current: str) -> None:
        if progress:
            progress(done, len(files), current)

    def flush() -> None:
        nonlocal finished, pending
        before = finished
        _flush(pending, store, summary, lambda share, current: tell(
            before + int(share * len(pending)), current))
        finished += len(pending)
        pending = []

    for path in files:
        tell(finished, path.name)
        try:
            doc = load_document(path, settings.max_file_bytes)
            previous = known.get(doc.source)
            stored = previous.correction if previous else None
            given = corrections(path) if corrections else None
            correction = given.over(stored) if given else stored
            unchanged = bool(previous and previous.content_hash == doc.content_hash)
            if unchanged and correction == stored:
                summary.skipped.append(doc.source)
                finished += 1
                continue
            built = build_report(doc, settings.chunk_chars, settings.chunk_overlap, correction)
        except AssistantError as exc:
            summary.refused.append((path.name, getattr(exc, "reason", str(exc))))
            finished += 1
            continue
        except Exception as exc:  # noqa: BLE001 - one broken file must not stop a whole run
            log.exception("indexing %s failed", path)
            summary.refused.append((path.name, f"内部错误 ({type(exc).__name__}: {exc})"))
            finished += 1
            continue
        twin = known_ids.get(built.report.id)
        if twin and twin != doc.source:
            summary.skipped.append(f"{doc.source} (与已索引的 {twin} 内容相同)")
            finished += 1
            continue
        pending.append(Pending(built, previous.id if previous else None, unchanged))
        known_ids[built.report.id] = doc.source
        if sum(len(p.built.chunks) for p in pending) >= ENCODE_BATCH_CHUNKS:
            flush()
    flush()
    tell(len(files), "")
    return summary


@dataclass(frozen=True)
class Pending:
    built: BuiltReport
    replaces: str | None  # id of the report it replaces
    recorrected: bool = False  # unchanged file, written again for its new correction


def encode_in_slices(embed: Callable[[list[str]], Sequence[Any]], texts: Sequence[str],
                     on_slice: Callable[[int], None]) -> list[Any]:
    """Vectors of `texts`, in their order. The texts are encoded longest first in slices
    of ENCODE_SLICE_CHUNKS, calling `on_slice(encoded so far)` after each: the order
    sentence-transformers itself uses within one call, so slicing costs no extra padding
    and a long pool still shows progress."""
    order = sorted(range(len(texts)), key=lambda i: -len(texts[i]))
    vectors: list[Any] = [None] * len(texts)
    for start in range(0, len(order), ENCODE_SLICE_CHUNKS):
        picked = order[start:start + ENCODE_SLICE_CHUNKS]
        for i, vector in zip(picked, embed([texts[i] for i in picked])):
            vectors[i] = vector
        on_slice(start + len(picked))
    return vectors


def _flush(pending: list[Pending], store: Store,
           summary: IndexSummary, tell: Callable[[float, str], None]) -> None:
    """Encode the chunks of the pending reports, write them all in a few Chroma calls,
    then drop the reports they replace. A report written again under its own id is
    removed first, so no figure of its old reading stays behind."""
    if not pending:
        return
    texts = [chunk.text for p in pending for chunk in p.built.chunks]
    vectors = encode_in_slices(store.embedder, texts, lambda encoded: tell(
        encoded / len(texts), f"{ENCODING} {encoded}/{len(texts)} 个文本块"))
    records, offset = [], 0
    for built in (p.built for p in pending):
        count = len(built.chunks)
        records.append(ReportRecords(built.report, built.paragraphs, built.chunks,
                                     vectors[offset:offset + count], built.figures))
        offset += count
    tell(1.0, f"{WRITING} {len(pending)} 份报告")
    store.remove_reports([p.replaces for p in pending if p.replaces == p.built.report.id])
    store.write_reports(records)
    store.remove_reports([p.replaces for p in pending
                          if p.replaces and p.replaces != p.built.report.id])
    for p in pending:
        built = p.built
        if p.recorrected:
            fields = built.report.correction.fields if built.report.correction else ()
            summary.corrected.append((built.report.source, fields))
        elif p.replaces and p.replaces != built.report.id:
            summary.replaced.append(built.report.source)
        else:
            summary.added.append(built.report.source)
        summary.paragraphs += len(built.paragraphs)
        summary.figures += len(built.figures)
