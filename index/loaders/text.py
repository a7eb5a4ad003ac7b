"""Plain text and Markdown reports: a block per non-empty line; a Markdown table (a run
of lines starting with `|`) becomes one table block."""

from __future__ import annotations

import re

from core.models import Block

from .base import ParsedFile, strip_line
from .encoding import decode_bytes
from .tables import make_table

# | --- | :---: | ---: |  (the header separator row of a Markdown table)
_SEPARATOR = re.compile(r"^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?$")


def load_text(data: bytes, source: str) -> ParsedFile:
    decoded = decode_bytes(data, source)
    return ParsedFile(blocks=tuple(text_blocks(decoded.text)), encoding=decoded.encoding)


def text_blocks(text: str) -> list[Block]:
    blocks: list[Block] = []
    table_lines: list[str] = []
    for raw in text.splitlines():
        line = strip_line(raw)
        if line.startswith("|"):
            table_lines.append(line)
            continue
        if table_lines:
            blocks.extend(_table_block(table_lines))
            table_lines = []
        if line:
            blocks.append(Block(text=line))
    if table_lines:
        blocks.extend(_table_block(table_lines))
    return blocks


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
