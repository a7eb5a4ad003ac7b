"""The grid of cells of a paragraph carrying a `Table` (markdown, HTML, docx and PDF
loaders all give one; the paragraph text is the table as markdown, one line per row):
each cell quotes its row's line, so the quote holds the row label and the number.
Tables copied as plain text (one cell a line, `|` rows in a text file, PDF text) are
read by flat.py instead.
"""

from __future__ import annotations

import re

from core.models import Paragraph
from core.normalise import normalise

from .clauses import trim
from .tables import GridCell

_SEPARATOR = re.compile(r"^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?$")


def _row_lines(text: str, count: int) -> list[tuple[int, int]] | None:
    """Spans of the markdown row lines of a table paragraph, or None if they do not
    match the table's rows one for one."""
    spans, pos = [], 0
    for line in text.split("\n"):
        start, end = trim(text, pos, pos + len(line))
        pos += len(line) + 1
        if start < end and not _SEPARATOR.match(text[start:end]):
            spans.append((start, end))
    return spans if len(spans) == count else None


def table_grid(index: int, paragraph: Paragraph) -> list[list[GridCell]]:
    rows = paragraph.table.rows
    lines = _row_lines(paragraph.text, len(rows))
    whole = trim(paragraph.text, 0, len(paragraph.text))
    return [[GridCell(normalise(cell).text, index, lines[i] if lines else whole) for cell in row]
            for i, row in enumerate(rows)]
