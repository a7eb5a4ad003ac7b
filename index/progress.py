"""What an indexing run says it is doing: one `Step` per progress call of
`index.pipeline.index_paths`, naming the files actually worked on, so the web library's
progress bar and the CLI's line show the same words.

A pool encodes the chunks of several reports longest first, so one slice of encoding
may hold chunks of several files: the step names all of them (the first few, and how
many more) rather than pretending one file is being encoded.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

READING, ENCODING, WRITING, WAITING, DONE = "reading", "encoding", "writing", "waiting", "done"
# How many file names a step spells out before "等 N 份".
NAMED_FILES = 3


@dataclass(frozen=True)
class Step:
    stage: str  # READING, ENCODING, WRITING, WAITING or DONE
    files: tuple[str, ...] = ()  # the files' own names, in the run's order
    positions: tuple[int, ...] = ()  # their 1-based places among the run's files
    total: int = 0  # files in the run
    chunks: tuple[int, int] | None = None  # ENCODING: (encoded, all) text blocks of the pool
    writer: str = ""  # WAITING: who holds the store's writer lease

    @property
    def text(self) -> str:
        """The step in the user's words, e.g. 正在编码 年报A.txt（第 2/5 份，文本块 256/1024）."""
        if self.stage == DONE:
            return "索引完成"
        where = self._where()
        if self.stage == WAITING:
            who = f"（{self.writer}）" if self.writer else ""
            if not self.files:
                return f"等待另一个索引进程{who}写完…"
            return f"等待另一个索引进程{who}写完，再写入 {self._names()}{where}…"
        verb = {READING: "正在读取", ENCODING: "正在编码", WRITING: "正在写入"}[self.stage]
        if self.stage == ENCODING and self.chunks:
            done, of = self.chunks
            where = f"{where[:-1]}，文本块 {done}/{of}）" if where else f"（文本块 {done}/{of}）"
        return f"{verb} {self._names()}{where}"

    def _names(self) -> str:
        shown = "、".join(self.files[:NAMED_FILES])
        more = len(self.files) - NAMED_FILES
        return f"{shown} 等 {len(self.files)} 份" if more > 0 else shown

    def _where(self) -> str:
        if not self.positions or not self.total:
            return ""
        return f"（第 {spans(self.positions)}/{self.total} 份）"


def spans(positions: Sequence[int]) -> str:
    """1, 2, 3, 5 → "1–3、5": the places of a pool's files, short."""
    ordered = sorted(set(positions))
    parts: list[str] = []
    start = previous = ordered[0]
    for n in ordered[1:] + [None]:
        if n is not None and n == previous + 1:
            previous = n
            continue
        parts.append(str(start) if start == previous else f"{start}–{previous}")
        if n is not None:
            start = previous = n
    return "、".join(parts)
