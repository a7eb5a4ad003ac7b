"""Paragraphs -> Chunks: the pieces that are embedded.

One chunk per paragraph. A paragraph longer than `chunk_chars` is cut at sentence ends
(。；！？) into pieces of at most `chunk_chars`, each starting with up to `overlap`
characters from the end of the previous piece (taken from a clause boundary where the
tail holds one), so a sentence cut off at a piece's end is whole in the next. A single
sentence longer than a piece is cut at commas, then hard. A table is cut between rows,
each piece repeating the header rows.

The text embedded is the normalised text, prefixed with the nearest enclosing heading for
context: `七、存在的主要问题和2018年重点工作安排 | 一是…`. `chunk_chars` bounds the piece,
not the prefix.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from core.errors import ConfigError
from core.models import Chunk, Paragraph

_SENTENCE = re.compile(r"[^。；！？;!?\n]*(?:[。；！？;!?]+[”’」』）)]*|\n|$)")
_CLAUSE_END = "。；！？;!?，,、："
PREFIX_SEPARATOR = " | "
_BARE_MARKER = re.compile(r"^(?:[（(][一二三四五六七八九十\d]+[）)]|[一二三四五六七八九十]+、|\d+[、.])$")


def make_chunks(paragraphs: Iterable[Paragraph], chunk_chars: int, overlap: int) -> list[Chunk]:
    if chunk_chars <= 0 or not 0 <= overlap < chunk_chars:
        raise ConfigError(f"chunk size {chunk_chars} and overlap {overlap}: "
                          "need chunk size > 0 and 0 <= overlap < chunk size")
    chunks: list[Chunk] = []
    for p in paragraphs:
        if p.table is not None:
            pieces = _table_pieces(p.normalised, chunk_chars)
        else:
            text = p.normalised.strip()
            pieces = [text[a:b] for a, b in split_text(text, chunk_chars, overlap)]
        prefix = _context(p)
        chunks.extend(Chunk(id=f"{p.id}-{i}", paragraph_id=p.id, index=i, text=prefix + piece)
                      for i, piece in enumerate(pieces))
    return chunks


def _context(p: Paragraph) -> str:
    """The nearest heading above the paragraph (for a heading: its parent), or "". A
    heading that is a bare marker (`（二）`, its title lost to garbling) brings its parent
    along: `三、存在问题及整改措施 > （二）`."""
    path = [part for part in p.section.split(" > ") if part]
    if p.is_heading and path and p.normalised.strip().rstrip("。") == path[-1]:
        path = path[:-1]
    if not path:
        return ""
    keep = 2 if _BARE_MARKER.match(path[-1]) else 1
    return " > ".join(path[-keep:]) + PREFIX_SEPARATOR


def sentences(text: str) -> list[str]:
    """Text cut after each sentence end; the pieces join back to the text."""
    return [s for s in _SENTENCE.findall(text) if s]


def _cut_long(sentence: str, size: int) -> list[str]:
    """A sentence longer than `size`: cut after the last comma that fits, else hard."""
    parts: list[str] = []
    while len(sentence) > size:
        window = sentence[:size]
        cut = max(window.rfind(ch) for ch in "，,、：")
        cut = cut + 1 if cut > 0 else size
        parts.append(sentence[:cut])
        sentence = sentence[cut:]
    return parts + ([sentence] if sentence else [])


def _overlap_start(text: str, start: int, end: int, overlap: int) -> int:
    """Where the next piece starts: up to `overlap` characters before `end`, just after
    a clause end if that tail holds one."""
    tail_start = end - overlap
    if overlap == 0 or tail_start <= start:
        return end  # no overlap, or the whole previous piece would repeat
    for i in range(tail_start, end - 1):
        if text[i] in _CLAUSE_END:
            return i + 1
    return tail_start


def split_text(text: str, size: int, overlap: int) -> list[tuple[int, int]]:
    """The pieces of `text` as (start, end) spans: each at most `size` long, ending at a
    sentence end where one fits, overlapping the previous one by at most `overlap`."""
    if len(text) <= size:
        return [(0, len(text))] if text else []
    ends, pos = [], 0
    for unit in (u for s in sentences(text) for u in _cut_long(s, size - overlap)):
        pos += len(unit)
        ends.append(pos)
    spans: list[tuple[int, int]] = []
    start = end = 0
    for unit_end in ends:
        if end > start and unit_end - start > size:
            spans.append((start, end))
            start = _overlap_start(text, start, end, overlap)  # units fit beside any overlap
        end = unit_end
    spans.append((start, end))
    return spans


def _table_pieces(markdown: str, size: int) -> list[str]:
    lines = markdown.strip().split("\n")
    if len(markdown) <= size or len(lines) <= 3:
        return [markdown.strip()]
    header = lines[:2] if len(lines) > 1 and set(lines[1]) <= set("|-: ") else lines[:1]
    rows = lines[len(header):]
    pieces: list[str] = []
    current: list[str] = []
    for row in rows:
        candidate = "\n".join(header + current + [row])
        if current and len(candidate) > size:
            pieces.append("\n".join(header + current))
            current = []
        current.append(row)
    if current:
        pieces.append("\n".join(header + current))
    return pieces
