"""Plain text and Markdown reports: a block per paragraph; a Markdown table (a run of
lines starting with `|`) becomes one table block.

A paragraph is a non-empty line, unless the line was broken inside a sentence (saved
web pages break lines mid-word, with or without blank lines between the pieces): then
the pieces are joined back, as a PDF's wrapped lines are (see lines.py)."""

from __future__ import annotations

import re

from core.models import Block

from .base import ParsedFile, join_pieces, strip_line
from .encoding import decode_bytes
from .lines import line_continues, wrap_width
from .tables import make_table

# | --- | :---: | ---: |  (the header separator row of a Markdown table)
_SEPARATOR = re.compile(r"^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?$")


def load_text(data: bytes, source: str) -> ParsedFile:
    decoded = decode_bytes(data, source)
    return ParsedFile(blocks=tuple(text_blocks(decoded.text)), encoding=decoded.encoding)


def text_blocks(text: str) -> list[Block]:
    blocks: list[Block] = []
    table_lines: list[str] = []
    pieces: list[str] = []  # the lines of the paragraph being read
    lines = [strip_line(raw) for raw in text.splitlines()]
    width = wrap_width([line for line in lines if line and not _is_table_text(line)])

    def flush() -> None:
        if pieces:
            blocks.append(Block(text=join_pieces(pieces)))
            pieces.clear()

    for line in lines:
        if line.startswith("|"):
            flush()
            table_lines.append(line)
            continue
        if table_lines:
            blocks.extend(_table_block(table_lines))
            table_lines = []
        if not line:
            continue  # a blank line alone is no paragraph break: pages put them mid-sentence
        if pieces and not (_is_table_text(pieces[-1]) or _is_table_text(line)) \
                and line_continues(pieces[-1], line, width):
            pieces.append(line)
            continue
        flush()
        pieces.append(line)
    flush()
    if table_lines:
        blocks.extend(_table_block(table_lines))
    return blocks


def _is_table_text(line: str) -> bool:
    """A table row written without its leading bar (`三、本年度办理结果 | (一)予以公开 | 0`):
    its line breaks are row breaks, never to be joined."""
    return "|" in line


def _table_block(lines: list[str]) -> list[Block]:
    rows = [_cells(line) for line in lines if not _SEPARATOR.match(line)]
    table = make_table(rows)
    if table is None:
        return []
    return [Block(text=table.to_markdown(), table=table)]


def _cells(line: str) -> list[str]:
    """Split a Markdown table row on unescaped pipes, without the outer ones."""
    body = line[1:]
    if body.endswith("|") and not body.endswith("\\|"):
        body = body[:-1]
    cells = re.split(r"(?<!\\)\|", body)
    return [cell.replace("\\|", "|") for cell in cells]
