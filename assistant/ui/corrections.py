"""Correcting a report's office and year from the web library: at upload (the fields
pre-filled with what was read from the one chosen file) and afterwards (pre-filled with
what the library holds).

A correction made afterwards re-indexes the report's original file, so every uploaded
file is kept under the index dir (`originals/<sha256 of its bytes><suffix>`, written
atomically): indexing recognises a report by those bytes (index/identity.py), so the
copy re-indexes as the stored report, under its stored name, with the correction applied
and stored by the same pipeline as `index --office/--year` (index/manifest.py).
"""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from core.errors import AssistantError
from core.models import Correction, IndexedReport
from core.settings import Settings
from index.loaders import load_document
from index.manifest import correction_of
from index.metadata import describe
from index.paragraphs import split_paragraphs

log = logging.getLogger(__name__)

ORIGINALS = "originals"
FIELD_NAMES = {"office": "机关", "year": "年度", "level": "层级", "region": "地区"}


@dataclass(frozen=True)
class ReadFields:
    """What was read from a file (or what the library holds): the fields' pre-fill."""

    office: str = ""
    year: int | None = None

    @property
    def year_text(self) -> str:
        return str(self.year) if self.year else ""


def original_path(index_dir: Path, content_hash: str, source: str) -> Path:
    return Path(index_dir) / ORIGINALS / f"{content_hash}{Path(source).suffix.lower()}"


def keep_original(index_dir: Path, file: Path, name: str | None = None) -> Path:
    """Copy an uploaded file under the index dir (once per content): a temporary file
    in the same folder renamed into place, so a crash never leaves half a copy."""
    data = Path(file).read_bytes()
    target = original_path(index_dir, hashlib.sha256(data).hexdigest(), name or Path(file).name)
    if target.exists():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=target.parent, prefix=".upload-")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return target


def forget_original(index_dir: Path, report: IndexedReport) -> None:
    """The copy of a removed report's file goes with it."""
    original_path(index_dir, report.content_hash, report.source).unlink(missing_ok=True)


def read_fields(file: Path, settings: Settings) -> ReadFields:
    """The office and year the indexer would read from one file (nothing when it cannot
    be read: indexing will say why)."""
    try:
        doc = load_document(Path(file), settings.max_file_bytes)
        paragraphs = split_paragraphs("preview", doc.blocks)
        meta = describe(doc, paragraphs)
    except AssistantError:
        return ReadFields()
    except Exception:  # noqa: BLE001 - a pre-fill must never stop an upload
        log.exception("reading %s for the correction fields failed", file)
        return ReadFields()
    return ReadFields(meta.office.name, meta.year)


def held_fields(report: IndexedReport) -> ReadFields:
    return ReadFields(report.office.name, report.year)


def correction_from(office: str | None, year: str | int | None,
                    shown: ReadFields | None) -> Correction | None:
    """The user's correction: the fields they changed from what was shown (a field left
    as pre-filled, or emptied, corrects nothing). Raises AssistantError (in Chinese) for
    a year that is no year."""
    office = (office or "").strip()
    year_text = str(year or "").strip()
    if shown is not None:
        office = "" if office == shown.office else office
        year_text = "" if year_text == shown.year_text else year_text
    return correction_of(office, year_text, where="更正的")


def corrected_fields(report: IndexedReport) -> str:
    """The library table's 更正 column: which fields are the user's word."""
    fields: Sequence[str] = report.correction.fields if report.correction else ()
    return "、".join(FIELD_NAMES.get(f, f) for f in fields)
