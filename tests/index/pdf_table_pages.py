"""Real PDF files of table 三 running over a page break, built with reportlab the way a
word processor prints a long table: the rows that fit on the first page, the page
footer (`- 1 -`), then on the next page the header rows repeated ("repeat as header
row") and the rest of the table. Two kinds:

- ruled: cell borders drawn (pdfplumber finds the table on each page); a label cell
  merged over rows that cross the break is drawn on both pages, its text on the first;
- unruled: no borders, one text line a row (the row label at the left, the seven
  numbers at fixed x positions), as many PDF reports print their tables.

The layout is tests/table_shapes.t3_layout (the official template); nothing here
knows the extractor.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from tests.table_shapes import C, _grid

FONT = "STSong-Light"
MARGIN = 56.0
HEADER_ROWS = 3  # t3_layout: note / 申请人情况, 自然人 / 法人或其他组织 / 总计, the five kinds


def _canvas(path: Path):
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    return canvas.Canvas(str(path), pagesize=A4), A4


class _Pages:
    """A canvas that writes the footer `- n -` at the bottom of each page it ends."""

    def __init__(self, path: Path, footer: str = "- {n} -") -> None:
        self.pdf, (self.width, self.height) = _canvas(path)
        self.page, self.footer = 1, footer
        self.y = self.height - MARGIN

    def text(self, x: float, y: float, text: str, size: float = 9.0) -> None:
        self.pdf.setFont(FONT, size)
        self.pdf.drawString(x, y, text)

    def end_page(self) -> None:
        self.pdf.setFont(FONT, 9)
        self.pdf.drawCentredString(self.width / 2, MARGIN / 2, self.footer.format(n=self.page))
        self.pdf.showPage()
        self.page += 1
        self.y = self.height - MARGIN

    def save(self) -> None:
        self.end_page()
        self.pdf.save()


def _heading(pages: _Pages, lines: Sequence[str]) -> None:
    for line in lines:
        pages.text(MARGIN, pages.y - 11, line, 11)
        pages.y -= 20


def ruled_pdf(path: Path, layout: list[list[C]], break_before: int,
              heading: Sequence[str] = ("三、收到和处理政府信息公开申请情况",)) -> Path:
    """Table 三 with borders; rows from `break_before` on go to the next page, after the
    header rows repeated."""
    placed, height, width = _grid(layout)
    label_columns = width - 7
    widths = [60.0] * label_columns + [52.0] * 7
    xs = [MARGIN + sum(widths[:j]) for j in range(width + 1)]
    size = 6.5
    pages = _Pages(path)
    # each row as tall as its most wrapped one-row cell
    row_h = {i: 4 + 1.15 * size * max([len(_wrap(c.text, xs[j + c.colspan] - xs[j] - 4, size))
                                        for (r, j), c in placed.items()
                                        if r == i and c.rowspan == 1] or [1])
             for i in range(height)}
    _heading(pages, heading)
    page_rows = [list(range(HEADER_ROWS)) + list(range(HEADER_ROWS, break_before)),
                 list(range(HEADER_ROWS)) + list(range(break_before, height))]
    for number, rows in enumerate(page_rows):
        if number:
            pages.end_page()
        y_of, y = {}, pages.y
        for i in rows:
            y_of[i] = y
            y -= row_h[i]
        shown = set(rows)
        for (i, j), cell in placed.items():
            covered = [r for r in range(i, i + cell.rowspan) if r in shown]
            if not covered:
                continue
            y0, y1 = y_of[covered[0]], y_of[covered[-1]] - row_h[covered[-1]]
            pages.pdf.rect(xs[j], y1, xs[j + cell.colspan] - xs[j], y0 - y1)
            if i in shown:  # the merged cell's text where the cell starts
                _cell_text(pages, cell.text, xs[j] + 2, xs[j + cell.colspan] - 2, y0, y1, size)
        pages.y = y
    pages.save()
    return path


def _wrap(text: str, width: float, size: float) -> list[str]:
    from reportlab.pdfbase import pdfmetrics

    lines, line = [], ""
    for ch in text:
        if line and pdfmetrics.stringWidth(line + ch, FONT, size) > width:
            lines.append(line)
            line = ""
        line += ch
    return lines + [line]


def _cell_text(pages: _Pages, text: str, x0: float, x1: float, y0: float, y1: float,
               size: float) -> None:
    lines = _wrap(text, x1 - x0, size)
    lead = size * 1.15
    first = (y0 + y1) / 2 + (len(lines) - 1) * lead / 2 - size * 0.35
    for k, part in enumerate(lines):
        pages.text(x0, first - k * lead, part, size)


def unruled_pdf(path: Path, rows: Sequence[tuple[str, Sequence[str]]], break_before: int,
                header: Sequence[str], footer: str = "- {n} -",
                heading: Sequence[str] = ("三、收到和处理政府信息公开申请情况",)) -> Path:
    """One text line a row, no borders: `rows` are (label, the seven cell texts);
    `header` lines are printed before the rows on both pages."""
    size, lead = 6.5, 13.0
    value_x = [380.0 + 28.0 * k for k in range(7)]
    pages = _Pages(path, footer)
    _heading(pages, heading)
    for number, part in enumerate((rows[:break_before], rows[break_before:])):
        if number:
            pages.end_page()
        for line in header:
            pages.text(MARGIN, pages.y - size, line, size)
            pages.y -= lead
        for label, values in part:
            pages.text(MARGIN, pages.y - size, label, size)
            for x, value in zip(value_x, values):
                pages.text(x, pages.y - size, value, size)
            pages.y -= lead
    pages.save()
    return path
