"""Chunk texts encoded in the background while the run goes on reading and building.

Why: the encoder is most of indexing's cost and keeps both cores busy while it runs
(ONNX Runtime and torch release the GIL), but reading, building and writing a report
are single-threaded Python. Run one after the other, a core idles through every
file read and every Chroma write; here each built report's texts are handed to one
background thread at once, and the vectors are picked up, slice by slice, when its
chunks are written (index/pipeline.py).

A text already handed over in the same pool is not encoded again: reports of one
office repeat their stock paragraphs year after year, and a vector depends on its
text alone. Only within a pool, so that what is kept stays bounded.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np

Embed = Callable[[list[str]], Sequence[Any]]


class Encoder(Protocol):
    """What makes the vectors: the store's embedder, or an encoder process."""

    def __call__(self, texts: list[str]) -> Sequence[Any]: ...

    def load(self) -> object: ...


class _Slice:
    """Texts encoded in one call, once there are enough of them (or the pool ends)."""

    def __init__(self) -> None:
        self.texts: list[str] = []
        self.vectors: Future | None = None  # set when sent to the encoder


@dataclass(frozen=True)
class _Part:
    """Some texts of one report whose vectors are rows of one slice."""
    positions: tuple[int, ...]  # in the report's texts
    rows: tuple[int, ...]  # in the slice's vectors
    slice: _Slice


class EncodedTexts:
    """The vectors of one report's texts, as their slices are encoded."""

    def __init__(self, parts: list[_Part]):
        self._parts = parts

    def slices(self) -> Iterator[tuple[list[int], np.ndarray]]:
        """(positions, vectors) in the order the texts were handed over, each slice as
        soon as it is encoded; re-raises the encoder's error. Only after
        `BackgroundEncoding.send()`."""
        for part in self._parts:
            if part.slice.vectors is None:
                raise RuntimeError("the pool's last slice was never sent to the encoder")
            got = part.slice.vectors.result()
            yield list(part.positions), got[list(part.rows)]


class BackgroundEncoding:
    """One encoder thread for a run; `with` it so that an interrupted run stops it.

    Texts are sent in slices of at most `slice_texts`: a slice made of several small
    reports lets the encoder batch texts of similar length (padding a short text to a
    long one's length costs as much as encoding it many times), but whenever the
    encoder is idle, what has been handed over is sent at once."""

    def __init__(self, embed: Embed, slice_texts: int,
                 load: Callable[[], object] | None = None):
        self.embed = embed
        self.slice_texts = slice_texts
        self._pool = ThreadPoolExecutor(1, thread_name_prefix="encode")
        self._known: dict[str, tuple[_Slice, int]] = {}
        self._open = _Slice()
        self.handed_over = 0  # texts sent to the encoder (not counting repeats)
        self._load = load
        self._last: Future | None = None

    def __enter__(self) -> "BackgroundEncoding":
        return self

    def __exit__(self, *exc: object) -> None:
        # Nothing queued is wanted any more; a slice already running is waited for.
        self._pool.shutdown(wait=True, cancel_futures=True)

    def submit(self, texts: Sequence[str]) -> EncodedTexts:
        """Hand `texts` over (repeats of texts handed over earlier in this pool left
        out); a slice goes to the encoder as soon as it is full."""
        parts: dict[int, tuple[_Slice, list[int], list[int]]] = {}
        for position, text in enumerate(texts):
            if text not in self._known:
                self._known[text] = (self._open, len(self._open.texts))
                self._open.texts.append(text)
                self.handed_over += 1
                if len(self._open.texts) >= self.slice_texts:
                    self.send()
            chosen, row = self._known[text]
            entry = parts.setdefault(id(chosen), (chosen, [], []))
            entry[1].append(position)
            entry[2].append(row)
        if self._last is None or self._last.done():
            self.send()  # the encoder is idle: what there is now beats a full slice later
        return EncodedTexts([_Part(tuple(positions), tuple(rows), chosen)
                                         for chosen, positions, rows in parts.values()])

    def load_soon(self) -> None:
        """Load the model in the background now (once): ONNX Runtime builds its session
        without the GIL while the first file is built. Not before a file needs it, so a
        run that skips every file loads nothing."""
        if self._load is not None:
            self._last = self._pool.submit(self._load)
            self._load = None

    def send(self) -> None:
        """Send the slice being filled to the encoder (at the end of a pool: its rest)."""
        if self._open.texts:
            self._open.vectors = self._last = self._pool.submit(self._encode,
                                                                self._open.texts)
            self._open = _Slice()

    def forget(self) -> None:
        """A pool was written: its texts are not looked for again."""
        self._known.clear()

    def _encode(self, texts: list[str]) -> np.ndarray:
        return np.asarray(self.embed(texts), dtype=np.float32)
