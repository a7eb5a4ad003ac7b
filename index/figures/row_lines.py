"""Table 三 rows whose numbers come on the line *before* their label (PDF text and OCR:
a row label set lower in its cell than the numbers, or a two-line label whose numbers
the text layer puts first):

    0 0 0 0 0 0 0
    一、本年新收政府信息公开申请数量
    1 0 0 0 0 0 1
    二、上年结转政府信息公开申请数量

The table walk (flat.py) gives each label the values after it, so such a table reads
one row off. This module moves a numbers line to the label after it only where the
table's own layout says so, never by guessing:

- a full numbers line (the row's seven cells, nothing else on the line) that belongs
  to no row — before the first label, or after a row already complete on its own line
  — followed by labels without numbers, each followed by one full numbers line, and
  closed by a label with no numbers at all: every row of that run is
  number-line-then-label, and each label takes the line before it;
- a label with no numbers right after such a free line takes it (the run of one).

A run that is not closed that way (as many numbers lines as labels, so both readings
fit) is not read: each of its rows gets a warning. A free line no label takes gives no
figure and, when it followed a complete row, a warning.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Protocol

from core.models import Paragraph
from core.vocabulary import T3_ROWS

from .cell_tokens import Token

WIDTH = 7  # table 三: six applicant columns and 总计


class RowCells(Protocol):
    """What this module needs of a walked row (flat._Row): its label and values."""

    key: str
    label: Token
    cells: list[Token]


def line_of(token: Token, paragraphs: Sequence[Paragraph]) -> tuple[int, int]:
    return token.paragraph, paragraphs[token.paragraph].text.count("\n", 0, token.span[0])


def _by_line(tokens: Iterable[Token], paragraphs) -> list[list[Token]]:
    lines: list[list[Token]] = []
    for token in tokens:
        if lines and line_of(lines[-1][-1], paragraphs) == line_of(token, paragraphs):
            lines[-1].append(token)
        else:
            lines.append([token])
    return lines


def resolve(sequence: Sequence[RowCells | Token], paragraphs: Sequence[Paragraph],
            tokens_on: dict[tuple[int, int], int]) -> list[str]:
    """Move numbers lines to the label after them where the layout is unambiguous
    (mutating the rows' cells); return the warnings. `sequence` is the table 三 rows and
    the values that came with no row, in text order; `tokens_on` counts every token of
    each line, so a line holding anything besides its numbers is never moved."""

    def full(line: list[Token]) -> bool:
        return len(line) == WIDTH and tokens_on.get(line_of(line[0], paragraphs)) == WIDTH \
            and all(t.kind in ("value", "blank") for t in line)

    # Units in text order: ("row", row, its later lines) or ("free", line, after_row).
    units: list[tuple] = []
    for item in sequence:
        if isinstance(item, Token):
            for line in _by_line([item], paragraphs):
                if units and units[-1][0] == "free" and units[-1][1] \
                        and line_of(units[-1][1][-1], paragraphs) == line_of(line[0], paragraphs):
                    units[-1][1].extend(line)
                else:
                    units.append(("free", line, False))
            continue
        home = line_of(item.label, paragraphs)
        own = [t for t in item.cells if line_of(t, paragraphs) == home]
        later = _by_line([t for t in item.cells if line_of(t, paragraphs) != home], paragraphs)
        if len(own) == WIDTH and later and all(full(line) for line in later):
            item.cells = own  # complete on its own line: the lines after are not its own
            units.append(("row", item, []))
            units += [("free", line, True) for line in later]
        else:
            units.append(("row", item, later))
    warnings: list[str] = []
    taken: set[int] = set()
    for i, unit in enumerate(units):
        if unit[0] != "free" or not full(unit[1]):
            continue
        chain = []
        k = i + 1
        while k < len(units) and units[k][0] == "row" and _only_later(units[k], paragraphs):
            chain.append(units[k])
            if not units[k][2]:
                break  # a label with no numbers closes the run
            if len(units[k][2]) != 1 or not full(units[k][2][0]):
                chain = []
                break
            k += 1
        if not chain:
            if unit[2] and id(unit) not in taken:
                warnings.append(f"表三：一行数值（{' '.join(t.text for t in unit[1])}）"
                                "不属于任何一行，未读取")
            continue
        lines = [unit[1]] + [row[2][0] for row in chain[:-1]]
        if chain[-1][2]:  # as many numbers lines as labels: either reading fits
            for _, row, _ in chain:
                row.cells = []
                warnings.append(f"表三「{T3_ROWS[row.key]}」行：数值在行名之前还是之后无法确定，未读取")
            continue
        for (_, row, _), line in zip(chain, lines):
            row.cells = list(line)
        taken.add(id(unit))
    return warnings


def _only_later(unit: tuple, paragraphs) -> bool:
    """A row whose label line holds no numbers (its values, if any, come after)."""
    row = unit[1]
    home = line_of(row.label, paragraphs)
    return not any(line_of(t, paragraphs) == home for t in row.cells)
