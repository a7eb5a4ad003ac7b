"""Indexing: files → reports, paragraphs, chunks, figures → the store.

`build_report` is pure (a loaded document in, everything to store out). `index_paths`
does the I/O: which stored report each file is comes from its content
(index/identity.py): the same bytes are skipped, or built again when the code that
built them changed (index/version.py) or their records are incomplete; other bytes are
added, under a unique name when theirs is taken, and replace a stored report of the
same name only when the caller says so. Bad files are refused with a reason. Each built
report's chunks go to a background encoder at once (index/encoding.py), so the
encoder works while the next files are read and built; reports are written a pool at a
time (several reports, in a few large Chroma calls: each call has a fixed cost), their
chunks as their slices come out of the encoder, so memory stays flat whatever the size
of a file.

Every write holds the store's writer lease (core/store_lease.py), so two runs at once,
or a run beside a web upload, never sweep each other's half-written reports.

A user's correction of office / year (index/manifest.py) is applied in `build_report`,
before figures are extracted, and stored with the report. Re-indexing a file applies its
stored correction again (merged under a newly given one), so a plain re-index never wipes
it; an unchanged file whose correction changes is written again (listed as corrected).
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from core.errors import AssistantError, LoadError
from core.models import (Chunk, Correction, Figure, IndexedReport, LoadedDocument,
                         Paragraph, Report, content_id)
from core.settings import Settings
from core.store import ReportRecords, Store
from core.store_writes import ChunkRow
from index.chunks import make_chunks
from index.encoding import BackgroundEncoding, EncodedTexts, Encoder
from index.figures import extract_figures
from index.loaders import SUPPORTED_SUFFIXES, load_document
from index.identity import ADD, CORRECT, SKIP, Library, unique_name
from index.manifest import apply_correction
from index.metadata import describe
from index.paragraphs import split_paragraphs
from index.progress import DONE, ENCODING, READING, WAITING, WRITING, Step
from index.version import index_version

log = logging.getLogger(__name__)

# Write this many chunks at a time (several reports). An interrupted run loses at most
# one pool (the store stays consistent); a text repeated within a pool is encoded once.
ENCODE_BATCH_CHUNKS = 4096
# Texts per encode call: enough that texts of similar length batch together, few
# enough that the encoder starts after the first few reports, progress moves every
# second or so and a large report's vectors are written away as they come.
ENCODE_SLICE_CHUNKS = 128
# Chunks per Chroma write within a pool: a write call costs tens of milliseconds of
# CPU whatever its size (docs/BENCHMARKS.md, issue 14 session 6, "Indexing"), so chunks
# whose vectors are ready wait for this many before they are written.
WRITE_CHUNKS = 1024

# (files done, files total, what is being done: index/progress.py). Every step names
# the files it works on, reading one, encoding or writing a pool, or waiting for another
# writer to finish before writing one.
Progress = Callable[[int, int, Step], None]
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
    replaced: list[str] = field(default_factory=list)  # by the user's word (--replace)
    rebuilt: list[str] = field(default_factory=list)  # unchanged, built by older code
    repaired: list[str] = field(default_factory=list)  # unchanged, records incomplete
    # Added under another name than the file's, because that name was taken: (file, name).
    renamed: list[tuple[str, str]] = field(default_factory=list)
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


def name_conflicts(paths: Sequence[Path], store: Store) -> list[tuple[Path, IndexedReport]]:
    """Files whose name an indexed report already has, with other content: what the web
    library asks about before uploading ("replace X (office, year) with the new X?").
    Without the user's yes they are added beside it (index/identity.py)."""
    by_source = {r.source: r for r in store.reports()}
    hashes = {r.content_hash for r in by_source.values()}
    conflicts = []
    for path in expand_paths(paths):
        stored = by_source.get(path.name)
        if stored is None or not path.is_file():
            continue
        digest = hashlib.sha256(path.read_bytes()).hexdigest()  # as the loaders hash
        if digest not in hashes:
            conflicts.append((path, stored))
    return conflicts


def index_paths(paths: Sequence[Path], store: Store, settings: Settings,
                progress: Progress | None = None,
                corrections: Corrections | None = None,
                replace_same_name: bool = False,
                encoder: Encoder | None = None) -> IndexSummary:
    """Index files and folders. `replace_same_name`: a file whose bytes are new replaces
    the stored report of the same file name (the user said it is a new version of it);
    otherwise it is added beside it (index/identity.py). `encoder` makes the chunks'
    vectors (by default the store's embedder, in this process; the CLI passes one that
    runs in a child process: core/encoders/process.py)."""
    summary = IndexSummary()
    files = expand_paths(paths)
    finished = 0
    # The files whose records wait for the lease (none while sweeping, before reading).
    waiting_for: list[Pending] = []

    def tell(done: int, step: Step) -> None:
        if progress:
            progress(done, len(files), step)

    def step(stage: str, of: Sequence[Pending], **more: Any) -> Step:
        return Step(stage, tuple(p.file_name for p in of), tuple(p.position for p in of),
                    len(files), **more)

    store.lease.waiting = lambda who: tell(finished, step(WAITING, waiting_for, writer=who))

    encoder = encoder or store.embedder
    with BackgroundEncoding(encoder, ENCODE_SLICE_CHUNKS, encoder.load) as encoding:
        store.sweep()
        listed = store.reports()
        library = Library(listed, store.incomplete(listed), index_version())
        known_ids = {r.id: r.source for r in listed}
        pending: list[Pending] = []
        # A file counts as done once written, skipped or refused; reading is quick, so the
        # count moves while a pool is written, in proportion to the chunks written.

        def flush() -> None:
            nonlocal finished, pending
            before = finished
            waiting_for[:] = pending
            encoding.send()  # the pool's last, partly filled slice
            _flush(pending, store, summary, lambda share, stage, of, **more: tell(
                before + int(share * len(pending)), step(stage, of, **more)))
            encoding.forget()
            finished += len(pending)
            pending = []
            waiting_for.clear()

        for position, path in enumerate(files, 1):
            tell(finished, Step(READING, (path.name,), (position,), len(files)))
            try:
                doc = load_document(path, settings.max_file_bytes)
                given = corrections(path) if corrections else None
                decision = library.decide(doc.source, doc.content_hash, given,
                                          replace_same_name)
                if decision.action == SKIP:
                    summary.skipped.append(decision.source if decision.previous is None
                                           or decision.source == doc.source
                                           else f"{doc.source}（即已索引的 {decision.source}）")
                    finished += 1
                    continue
                encoding.load_soon()
                built = build_report(doc, settings.chunk_chars, settings.chunk_overlap,
                                     decision.correction)
            except AssistantError as exc:
                summary.refused.append((path.name, getattr(exc, "reason", str(exc))))
                finished += 1
                continue
            except Exception as exc:  # noqa: BLE001 - one broken file must not stop a run
                log.exception("indexing %s failed", path)
                summary.refused.append((path.name, f"内部错误 ({type(exc).__name__}: {exc})"))
                finished += 1
                continue
            twin = known_ids.get(built.report.id)
            previous_id = decision.previous.id if decision.previous else None
            if twin and built.report.id != previous_id:
                summary.skipped.append(f"{doc.source} (与已索引的 {twin} 内容相同)")
                finished += 1
                continue
            library.claim(decision, doc.content_hash)
            built = replace(built, report=replace(built.report, source=decision.source))
            pending.append(_encoding(Pending(built, decision.action, previous_id, doc.source,
                                             position), store, encoding))
            known_ids[built.report.id] = decision.source
            if sum(len(p.built.chunks) for p in pending) >= ENCODE_BATCH_CHUNKS:
                flush()
        flush()
    tell(len(files), Step(DONE, total=len(files)))
    store.lease.waiting = None
    return summary


@dataclass(frozen=True)
class Pending:
    built: BuiltReport
    action: str  # ADD, REPLACE, REBUILD, REPAIR or CORRECT (index/identity.py)
    replaces: str | None  # id of the stored report it is, or replaces
    file_name: str  # the file's own name (the report may be stored under another)
    position: int = 0  # its 1-based place among the run's files (what progress names)
    # Stored vectors of chunks a report built again under its own id still has, by id.
    kept: dict[str, list[float]] = field(default_factory=dict)
    # The vectors of its other chunks, in their order, as the encoder makes them.
    encoded: EncodedTexts | None = None


def _encoding(p: Pending, store: Store, encoding: BackgroundEncoding) -> Pending:
    """`p` with its chunks handed to the encoder: all of them, except, for a report
    built again under its own id, those whose stored text (and so vector) is unchanged."""
    kept = (store.stored_vectors(p.built.chunks) if p.replaces == p.built.report.id
            else {})
    fresh = [chunk.text for chunk in p.built.chunks if chunk.id not in kept]
    return replace(p, kept=kept, encoded=encoding.submit(fresh))


# (share of the pool done, stage, the pool's files it is about, more fields of Step)
PoolProgress = Callable[..., None]


def _flush(pending: list[Pending], store: Store,
           summary: IndexSummary, tell: PoolProgress) -> None:
    """Write the pending reports (`_write_pool`: figures, chunks as they are encoded,
    report records), then drop the reports they replace; all under the writer lease.
    What another writer stored meanwhile is looked at first: the same bytes written by
    it are skipped, a name it took is made unique again."""
    if not pending:
        return
    with store.writing():
        pending = _recheck(pending, store, summary)
        try:
            _write_pool(pending, store, tell)
        except BaseException:
            # Interrupted (Ctrl-C, an error): take back the chunks of the new reports
            # that got no report record, while still holding the lease. Invisible
            # either way; this leaves no leftovers for the next sweep (kill -9 does).
            recorded = {r.id for r in store.reports()}
            store.remove_reports([p.built.report.id for p in pending
                                  if p.built.report.id not in recorded])
            raise
    for p in pending:
        _count(p, summary)


def _write_pool(pending: list[Pending], store: Store, tell: PoolProgress) -> None:
    """Figures first (while the encoder may still be at the pool's last texts), chunks
    as their vectors come, then the report records (a report visible only when whole),
    then the records a rebuilt report no longer has, then the reports replaced under
    another id."""
    records = [ReportRecords(p.built.report, p.built.paragraphs, p.built.chunks, None,
                             p.built.figures, index_version()) for p in pending]
    store.write_figures(records)
    total = sum(len(p.built.chunks) for p in pending)
    ready: list[ChunkRow] = []
    written = 0
    for p in pending:
        by_id = {q.id: q for q in p.built.paragraphs}
        rows = [(p.built.report, by_id[chunk.paragraph_id], chunk) for chunk in p.built.chunks]
        ready += [row + (p.kept[row[2].id],) for row in rows if row[2].id in p.kept]
        fresh = [row for row in rows if row[2].id not in p.kept]
        written += len(p.kept)
        assert p.encoded is not None
        for positions, vectors in p.encoded.slices():
            ready += [fresh[i] + (vector,) for i, vector in zip(positions, vectors)]
            written += len(positions)
            if len(ready) >= WRITE_CHUNKS:
                store.write_chunks(ready)
                ready = []
            tell(written / total, ENCODING, [p], chunks=(written, total))
    store.write_chunks(ready)
    tell(1.0, WRITING, pending)
    store.write_report_records(records)
    store.prune([r for r, p in zip(records, pending) if p.replaces == r.report.id])
    store.remove_reports([p.replaces for p in pending
                          if p.replaces and p.replaces != p.built.report.id])


def _recheck(pending: list[Pending], store: Store, summary: IndexSummary) -> list[Pending]:
    """Under the lease: new reports whose bytes another writer stored since this run
    looked are skipped; a display name it took meanwhile is made unique again."""
    stored = store.reports()
    hashes = {r.content_hash: r.source for r in stored}
    names = {r.source for r in stored}
    kept = []
    for p in pending:
        report = p.built.report
        if p.action == ADD and report.content_hash in hashes:
            summary.skipped.append(f"{p.file_name}（另一索引任务已写入为 {hashes[report.content_hash]}）")
            continue
        if p.action == ADD and report.source in names:
            source = unique_name(report.source, names)
            p = replace(p, built=replace(p.built, report=replace(report, source=source)))
        names.add(p.built.report.source)
        kept.append(p)
    return kept


def _count(p: Pending, summary: IndexSummary) -> None:
    report = p.built.report
    if p.action == CORRECT:
        fields = report.correction.fields if report.correction else ()
        summary.corrected.append((report.source, fields))
    else:
        getattr(summary, p.action).append(report.source)
        if p.action == ADD and report.source != p.file_name:
            summary.renamed.append((p.file_name, report.source))
    summary.paragraphs += len(p.built.paragraphs)
    summary.figures += len(p.built.figures)
