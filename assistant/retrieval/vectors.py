"""The stored vectors of the catalogue's chunks, kept beside it, one row per doc slot.

Why: a question about one report is answered by an exact dot product over that
report's chunk vectors (dense.py). Read from Chroma on first touch, that costs an HTTP
round trip per question about a report not asked before — at thousands of reports,
most questions. Read once with the chunks (a full build, or an incremental update that
reads the new reports' chunks anyway), they cost no round trip at all. Saved as a plain
`.npy` beside the BM25 cache and opened memory-mapped, so the app processes sharing an
index directory share one copy of them in the page cache.

A table never changes: `extended` appends a block for the reports just added (the
blocks before it are shared, not copied), `compacted` keeps the live slots only.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

DTYPE = np.float32  # as Chroma stores them: exact search gives the scores Chroma's vectors give


@dataclass(frozen=True)
class ChunkVectors:
    blocks: tuple[np.ndarray, ...]  # consecutive runs of slots, each [rows, dimension]
    starts: tuple[int, ...]  # first slot of each block

    @classmethod
    def empty(cls) -> "ChunkVectors":
        return cls((), ())

    @property
    def size(self) -> int:
        return self.starts[-1] + len(self.blocks[-1]) if self.blocks else 0

    def extended(self, rows: np.ndarray) -> "ChunkVectors":
        """This table with `rows` appended as the next slots."""
        if not len(rows):
            return self
        rows = np.ascontiguousarray(rows, dtype=DTYPE)
        if self.blocks and rows.shape[1] != self.blocks[0].shape[1]:
            raise ValueError(f"vectors of dimension {rows.shape[1]} added to a table of "
                             f"dimension {self.blocks[0].shape[1]}")
        return ChunkVectors(self.blocks + (rows,), self.starts + (self.size,))

    def rows(self, slots: Sequence[int] | np.ndarray) -> np.ndarray:
        """The vectors of these slots, in their order."""
        slots = np.asarray(slots, dtype=np.int64)
        if len(self.blocks) == 1:
            return np.asarray(self.blocks[0][slots], dtype=DTYPE)
        which = np.searchsorted(np.asarray(self.starts), slots, side="right") - 1
        out = np.empty((len(slots), self.blocks[0].shape[1]), dtype=DTYPE)
        for block in np.unique(which):
            picked = which == block
            out[picked] = self.blocks[block][slots[picked] - self.starts[block]]
        return out

    def compacted(self, keep: np.ndarray) -> "ChunkVectors":
        """Only the slots `keep` (ascending), renumbered from 0: one block."""
        return ChunkVectors((self.rows(keep),), (0,)) if len(keep) else ChunkVectors.empty()

    def save(self, path: Path) -> None:
        """One `.npy` of all rows, written then renamed (a reader never sees half)."""
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(fd, "wb") as handle:
            np.save(handle, self.rows(np.arange(self.size)) if self.size
                    else np.zeros((0, 0), DTYPE))
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)

    @classmethod
    def load(cls, path: Path, size: int) -> "ChunkVectors | None":
        """The saved table, memory-mapped; None when it is missing, damaged or not of
        `size` slots (the caller then reads vectors from Chroma as before)."""
        try:
            rows = np.load(path, mmap_mode="r")
        except (OSError, ValueError):
            return None
        if rows.ndim != 2 or len(rows) != size or rows.dtype != DTYPE:
            return None
        return cls((rows,), (0,)) if size else cls.empty()
