"""Word (.docx) reports: paragraphs (with Word's automatic numbers put back) and tables
in document order, merged cells repeated, the title hint from the document's core
properties."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator

import docx
from docx.document import Document
from docx.oxml.ns import qn
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph as DocxParagraph

from core.errors import LoadError
from core.models import Block

from .base import ParsedFile, has_text, strip_line
from .docx_numbering import Numbering
from .tables import make_table


LABEL_ENDS = "、.．)）:："


def load_docx(data: bytes, source: str) -> ParsedFile:
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise LoadError(source, "不是有效的 .docx 文件（不是 zip 格式；可能是旧版 .doc、加密文件或已损坏）")
    try:
        document = docx.Document(io.BytesIO(data))
        blocks = tuple(_blocks(document))
        title = strip_line(document.core_properties.title or "")
    # python-docx surfaces a broken package as many types (KeyError for a missing part,
    # lxml's XMLSyntaxError, ValueError, zipfile errors, ...): all mean "malformed file".
    except Exception as exc:  # noqa: BLE001
        raise LoadError(source, f"无法解析 .docx 文件（文件已损坏或格式不正确：{type(exc).__name__}）") from exc
    return ParsedFile(blocks=blocks, title_hint=title)


def _blocks(document: Document) -> Iterator[Block]:
    numbering = Numbering.of(document)
    for element in _body_items(document.element.body):
        if element.tag == qn("w:p"):
            text = _with_label(numbering.label(element), DocxParagraph(element, document).text)
            # A soft line break inside a paragraph ends a line, like <br> in HTML.
            for line in text.split("\n"):
                line = strip_line(line)
                if has_text(line):
                    yield Block(text=line)
        else:
            table = _table(DocxTable(element, document))
            if table is not None:
                yield Block(text=table.to_markdown(), table=table)


def _with_label(label: str, text: str) -> str:
    """Word's number in front of the paragraph's text, as a reader sees it (Word puts a
    tab after it; after a mark like 、 or ． none is needed)."""
    if not label or not text.strip() or text.lstrip().startswith(label):
        return text
    return label + ("" if label[-1] in LABEL_ENDS else " ") + text.lstrip()


def _body_items(parent) -> Iterator:
    """The body's paragraphs and tables in order, looking inside content controls
    (<w:sdt>), which python-docx's own iteration skips."""
    for child in parent.iterchildren():
        if child.tag in (qn("w:p"), qn("w:tbl")):
            yield child
        elif child.tag == qn("w:sdt"):
            content = child.find(qn("w:sdtContent"))
            if content is not None:
                yield from _body_items(content)


def _cell_text(cell) -> str:
    """A cell's paragraphs, and the rows of any table nested in it (python-docx's
    `cell.text` leaves nested tables out), one line each; a nested row's cells are
    joined by a space."""
    lines = []
    for child in cell._tc.iterchildren():
        if child.tag == qn("w:p"):
            lines.append(DocxParagraph(child, cell).text)
        elif child.tag == qn("w:tbl"):
            for row in DocxTable(child, cell).rows:
                texts = list(dict.fromkeys(_cell_text(c).strip() for c in row.cells))
                lines.append(" ".join(t for t in texts if t))
    return "\n".join(lines)


def _table(table: DocxTable):
    rows = []
    for row in table.rows:
        # row.cells repeats a merged cell into every grid position it spans; a row that
        # starts late or ends early is padded so the columns stay aligned.
        cells = [""] * row.grid_cols_before + [_cell_text(cell) for cell in row.cells]
        rows.append(cells + [""] * row.grid_cols_after)
    return make_table(rows)
