"""Word (.docx) reports: paragraphs and tables in document order, merged cells repeated,
the title hint from the document's core properties."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator

import docx
from docx.document import Document
from docx.oxml.ns import qn
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph as DocxParagraph

from assistant.errors import LoadError
from assistant.models import Block

from .base import ParsedFile, has_text, strip_line
from .tables import make_table


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
    for element in _body_items(document.element.body):
        if element.tag == qn("w:p"):
            # A soft line break inside a paragraph ends a line, like <br> in HTML.
            for line in DocxParagraph(element, document).text.split("\n"):
                line = strip_line(line)
                if has_text(line):
                    yield Block(text=line)
        else:
            table = _table(DocxTable(element, document))
            if table is not None:
                yield Block(text=table.to_markdown(), table=table)


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


def _table(table: DocxTable):
    rows = []
    for row in table.rows:
        # row.cells repeats a merged cell into every grid position it spans; a row that
        # starts late or ends early is padded so the columns stay aligned.
        cells = [""] * row.grid_cols_before + [cell.text for cell in row.cells]
        rows.append(cells + [""] * row.grid_cols_after)
    return make_table(rows)
