"""The stored figures of each report, kept beside the BM25 cache, read without Chroma.

Why: a figure question reads the figures of the report(s) it is about. From a Chroma
server that is an HTTP round trip per question about a report not asked before — at
10,000 reports ~12 ms of the asking process's time and as much of the server's, on the
same two cores, for ~40% of a question's whole cost (docs/BENCHMARKS.md, "scale").
Read once when the index is built or a report is added (reads that happen anyway),
they cost a decompression of a few kilobytes.

The file holds one compressed pickle per report, then the table of their offsets, then
that table's length (8 bytes): opened memory-mapped, so the app processes sharing an
index directory share one copy in the page cache and a report's figures are paged in
only when asked. A shelf never changes: `changed` makes the next one, holding the blobs
of reports added since the file was written in memory until the next save.
"""

from __future__ import annotations

import mmap
import os
import pickle
import struct
import tempfile
import zlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from core.models import Figure

_TAIL = struct.Struct("<Q")  # the offset table's length, at the end of the file


def in_reading_order(figures: Iterable[Figure]) -> list[Figure]:
    """A report's figures in the one order every reader sees them."""
    return sorted(figures, key=lambda f: (f.office, f.year or 0, f.paragraph_id, f.span))


def pack(figures: list[Figure]) -> bytes:
    """One report's figures as a blob (level 1: these repeat office names and labels,
    so even the fastest level shrinks them several times)."""
    return zlib.compress(pickle.dumps(figures, protocol=pickle.HIGHEST_PROTOCOL), 1)


def unpack(blob: bytes | memoryview) -> list[Figure]:
    return pickle.loads(zlib.decompress(blob))


@dataclass(frozen=True)
class FigureShelf:
    # report id -> (start, length) of its blob in `mapped`
    offsets: Mapping[str, tuple[int, int]] = field(default_factory=dict)
    mapped: Any = None  # the saved file, memory-mapped (None: nothing saved yet)
    # report id -> blob, for reports added since the file was written (never also in
    # `offsets`: `changed` drops a report's old place when it takes a new blob)
    added: Mapping[str, bytes] = field(default_factory=dict)

    def __contains__(self, report_id: str) -> bool:
        return report_id in self.added or report_id in self.offsets

    def __len__(self) -> int:
        return len(self.offsets) + len(self.added)  # `changed` keeps them apart

    def blob(self, report_id: str) -> bytes | memoryview | None:
        if report_id in self.added:
            return self.added[report_id]
        where = self.offsets.get(report_id)
        if where is None or self.mapped is None:
            return None
        start, length = where
        return memoryview(self.mapped)[start:start + length]

    def figures(self, report_id: str) -> list[Figure] | None:
        """The report's figures, or None when the shelf does not hold the report."""
        blob = self.blob(report_id)
        return None if blob is None else unpack(blob)

    def changed(self, added: Mapping[str, list[Figure]], removed: Iterable[str]
                ) -> "FigureShelf":
        """The next shelf: `removed` gone (and the reports of `added` replaced)."""
        gone = set(removed) | set(added)
        offsets = {rid: at for rid, at in self.offsets.items() if rid not in gone}
        blobs = {rid: blob for rid, blob in self.added.items() if rid not in gone}
        blobs.update((rid, pack(in_reading_order(figures))) for rid, figures in added.items())
        return FigureShelf(offsets, self.mapped, blobs)

    def save(self, path: Path) -> "FigureShelf":
        """Every blob into one file, written then renamed (a reader never sees half);
        returns the shelf reading that file."""
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        offsets: dict[str, tuple[int, int]] = {}
        with os.fdopen(fd, "wb") as handle:
            position = 0
            for rid in sorted(set(self.offsets) | set(self.added)):
                blob = self.blob(rid)
                assert blob is not None
                handle.write(blob)
                offsets[rid] = (position, len(blob))
                position += len(blob)
            table = pickle.dumps(offsets, protocol=pickle.HIGHEST_PROTOCOL)
            handle.write(table)
            handle.write(_TAIL.pack(len(table)))
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
        return FigureShelf.load(path) or FigureShelf()

    @classmethod
    def load(cls, path: Path) -> "FigureShelf | None":
        """The saved shelf, memory-mapped; None when missing or damaged (the figures
        are then read from Chroma as before)."""
        try:
            with path.open("rb") as handle:
                size = os.fstat(handle.fileno()).st_size
                if size < _TAIL.size:
                    return None
                mapped = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
            (length,) = _TAIL.unpack(mapped[size - _TAIL.size:])
            start = size - _TAIL.size - length
            if start < 0:
                return None
            offsets = pickle.loads(mapped[start:size - _TAIL.size])
        except (OSError, ValueError, pickle.UnpicklingError, EOFError, struct.error):
            return None
        if not isinstance(offsets, dict) or any(s + n > start for s, n in offsets.values()):
            return None
        return cls(offsets, mapped)
