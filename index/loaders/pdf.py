"""PDF reports with a text layer: text lines rejoined into paragraphs, ruled tables as
table blocks (their text is not repeated as lines). A scanned PDF has no text layer and
is refused: OCR is out of scope."""

from __future__ import annotations

import io
import re
import statistics
from dataclasses import dataclass

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

from core.errors import LoadError
from core.models import Block

from .base import ParsedFile, has_text, join_pieces, strip_line
from .lines import ITEM_START, must_continue
from .tables import make_table

_SENTENCE_END = tuple("。！？：；…!?:;")
# Page furniture: "- 3 -", "3", "第3页", "第 3 页 共 9 页", "3/9", in the page margins.
_PAGE_NUMBER = re.compile(r"^[-—–_\s]*(第\s*)?\d+\s*页?\s*((/|／|共)\s*\d+\s*页?)?[-—–_\s]*$")
_MARGIN_SHARE = 0.08
# A table row printed as text (PDF text one line a row): a label, then two or more
# numbers separated by spaces at the end of the line (`…查询事项 6 4 2 0 5 3 20`).
_TABLE_ROW_END = re.compile(r"(?:^|\s)-?\d+(?:\.\d+)?(?:\s+-?\d+(?:\.\d+)?)+$")
_PLACEHOLDER_TITLES = {"untitled", "无标题", "microsoft word", "document"}
_WORD_EXPORT = re.compile(r"^Microsoft Word\s*-\s*(.*?)(\.docx?)?$", re.I)


@dataclass(frozen=True)
class _Line:
    text: str
    page: int
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    lead: float  # width of the line's first word (a run of Latin letters/digits, or one character)
    margin: bool = False  # in the top or bottom margin, where running heads and feet go


@dataclass(frozen=True)
class _Grid:
    """A table as found on one page: cell texts by grid position, and the x of each
    column's left edge plus the table's right edge."""

    rows: tuple[tuple[str | None, ...], ...]
    edges: tuple[float, ...]
    page: int


def load_pdf(data: bytes, source: str) -> ParsedFile:
    if b"%PDF-" not in data[:1024]:
        raise LoadError(source, "不是有效的 PDF 文件（缺少 %PDF 文件头）")
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            title = _title(pdf.metadata)
            items: list[_Line | _Grid] = []
            chars = unmapped = 0
            for number, page in enumerate(pdf.pages):
                page_chars = [c for c in page.chars if c.get("text", "").strip()]
                chars += len(page_chars)
                unmapped += sum(1 for c in page_chars if c["text"].startswith("(cid:"))
                items.extend(_page_items(page, number))
            items = _drop_running_heads(items, len(pdf.pages))
    except LoadError:
        raise
    except Exception as exc:  # noqa: BLE001 - pdfminer raises many types for one cause
        if _is_encrypted(exc):
            raise LoadError(source, "PDF 已加密，需要密码才能读取") from exc
        raise LoadError(source, f"无法解析 PDF 文件（文件已损坏或格式不正确：{type(exc).__name__}）") from exc
    if chars == 0:
        raise LoadError(source, "PDF 没有文本层（扫描件），无法读取；请先做文字识别（OCR）")
    if unmapped > chars * 0.3:
        raise LoadError(source, "PDF 的文字无法解码（字体缺少 Unicode 映射），无法读取")
    return ParsedFile(blocks=tuple(_blocks(items)), title_hint=title)


def _is_encrypted(exc: BaseException) -> bool:
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, (PDFPasswordIncorrect, PDFEncryptionError)):
            return True
        seen = seen.__cause__ or seen.__context__ or (
            seen.args[0] if seen.args and isinstance(seen.args[0], BaseException) else None)
    return False


def _title(metadata: dict) -> str:
    title = metadata.get("Title") if metadata else None
    if not isinstance(title, str):
        return ""
    title = strip_line(title)
    exported = _WORD_EXPORT.match(title)  # "Microsoft Word - 2017年报.docx"
    if exported:
        title = strip_line(exported.group(1))
    return "" if title.lower() in _PLACEHOLDER_TITLES or not has_text(title) else title


def _page_items(page, number: int) -> list[_Line | _Grid]:
    """The page's text lines outside tables, and its tables, in reading order."""
    found = page.find_tables()
    boxes = [table.bbox for table in found]

    def outside_tables(obj: dict) -> bool:
        if obj.get("object_type") != "char":
            return True
        cx, cy = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
        return not any(x0 <= cx <= x1 and top <= cy <= bottom for x0, top, x1, bottom in boxes)

    positioned: list[tuple[float, _Line | _Grid]] = []
    for raw in page.filter(outside_tables).extract_text_lines(strip=True, return_chars=True):
        text = strip_line(raw["text"])
        margin = raw["top"] < page.height * _MARGIN_SHARE or raw["bottom"] > page.height * (1 - _MARGIN_SHARE)
        if not has_text(text) or margin and _PAGE_NUMBER.match(text):
            continue
        chars = [c for c in raw["chars"] if c["text"].strip()]
        size = statistics.median(c["size"] for c in chars) if chars else 0.0
        positioned.append((raw["top"], _Line(text, number, raw["x0"], raw["x1"], raw["top"],
                                             raw["bottom"], size, _lead_width(chars), margin)))
    for table in found:
        rows, edges = _table_rows(table)
        positioned.append((table.bbox[1], _Grid(rows, edges, number)))
    positioned.sort(key=lambda item: item[0])
    return [item for _, item in positioned]


def _lead_width(chars: list[dict]) -> float:
    if not chars:
        return 0.0
    end = 1
    if _is_word_char(chars[0]["text"]):
        while end < len(chars) and _is_word_char(chars[end]["text"]):
            end += 1
    return chars[end - 1]["x1"] - chars[0]["x0"]


def _is_word_char(text: str) -> bool:
    return len(text) == 1 and text.isalnum() and ord(text) < 0x2E80  # Latin/pinyin, digits


def _drop_running_heads(items: list[_Line | _Grid], pages: int) -> list[_Line | _Grid]:
    """Drop margin lines that repeat on at least half the pages (digits aside, so
    "第3页" matches "第4页"): running heads and feet, not report text."""
    if pages < 2:
        return items
    pages_of: dict[str, set[int]] = {}
    for item in items:
        if isinstance(item, _Line) and item.margin:
            pages_of.setdefault(_shape(item.text), set()).add(item.page)
    repeated = {shape for shape, seen in pages_of.items() if len(seen) >= max(2, (pages + 1) // 2)}
    return [item for item in items
            if not (isinstance(item, _Line) and item.margin and _shape(item.text) in repeated)]


def _shape(text: str) -> str:
    return re.sub(r"\d+", "#", text)


def _table_rows(table) -> tuple[tuple[tuple[str | None, ...], ...], tuple[float, ...]]:
    """Cell texts by grid position. pdfplumber gives None where a merged cell covers a
    position; the merged cell's text is repeated there, as for the other formats."""
    texts = table.extract()
    by_box = {}
    for i, row in enumerate(table.rows):
        for j, box in enumerate(row.cells):
            if box is not None:
                by_box[box] = texts[i][j]
    # pdfplumber's grid: row i starts at the i-th distinct cell top, column j at the
    # j-th distinct cell left; a position's centre falls inside the cell covering it.
    tops = sorted({box[1] for box in table.cells}) + [table.bbox[3]]
    lefts = sorted({box[0] for box in table.cells}) + [table.bbox[2]]
    rows = []
    for i, row in enumerate(table.rows):
        out = []
        for j, box in enumerate(row.cells):
            if box is None:
                cx, cy = (lefts[j] + lefts[j + 1]) / 2, (tops[i] + tops[i + 1]) / 2
                box = next((b for b in table.cells if b[0] <= cx <= b[2] and b[1] <= cy <= b[3]), None)
            out.append(by_box.get(box) if box is not None else None)
        rows.append(tuple(out))
    return tuple(rows), tuple(lefts)


def _join_split_tables(items: list[_Line | _Grid]) -> list[_Line | _Grid]:
    """A table that goes on at the top of the next page is one table. The two parts
    may show different column boundaries (a merged cell hides some), so both are laid
    on the union of their boundaries, merged cells repeated; a header row repeated on
    the new page is dropped."""
    out: list[_Line | _Grid] = []
    for item in items:
        above = out[-1] if out else None
        if isinstance(item, _Grid) and isinstance(above, _Grid) and item.page == above.page + 1 \
                and abs(above.edges[0] - item.edges[0]) <= _EDGE_TOLERANCE \
                and abs(above.edges[-1] - item.edges[-1]) <= _EDGE_TOLERANCE:
            edges = _union(above.edges, item.edges)
            top, bottom = _regrid(above, edges), _regrid(item, edges)
            if bottom and top and bottom[0] == top[0]:
                bottom = bottom[1:]
            out[-1] = _Grid(top + bottom, edges, item.page)
        else:
            out.append(item)
    return out


_EDGE_TOLERANCE = 3.0


def _union(a: tuple[float, ...], b: tuple[float, ...]) -> tuple[float, ...]:
    edges: list[float] = []
    for x in sorted(a + b):
        if not edges or x - edges[-1] > _EDGE_TOLERANCE:
            edges.append(x)
    return tuple(edges)


def _regrid(grid: _Grid, edges: tuple[float, ...]) -> tuple[tuple[str | None, ...], ...]:
    """The grid's rows on finer column edges: a cell is repeated into each finer
    column it covers."""
    spans = []
    for j in range(len(grid.edges) - 1):
        left, right = grid.edges[j], grid.edges[j + 1]
        spans.append(max(1, sum(1 for x in edges[:-1]
                                if left - _EDGE_TOLERANCE <= x < right - _EDGE_TOLERANCE)))
    return tuple(tuple(cell for cell, n in zip(row, spans) for _ in range(n)) for row in grid.rows)


def _blocks(items: list[_Line | _Grid]) -> list[Block]:
    """Rejoin wrapped lines into paragraphs. A line continues the one above when that
    one runs to the right margin (or this line's first word would not have fitted
    there) without ending a sentence, or when the break is one no paragraph ends on
    (lines.must_continue), and this one is neither indented (Chinese paragraphs open
    with a two-character indent) nor a heading. A table that goes on
    at the top of the next page is one table."""
    items = _join_split_tables(items)
    lines = [item for item in items if isinstance(item, _Line)]
    left, right = _margins(lines)
    indented = _indents_paragraphs(lines, left)
    blocks: list[Block] = []
    paragraph: list[_Line] = []

    def flush() -> None:
        if paragraph:
            blocks.append(Block(text=join_pieces([line.text for line in paragraph])))
            paragraph.clear()

    for item in items:
        if isinstance(item, _Grid):
            flush()
            table = make_table(item.rows)
            if table is not None:
                blocks.append(Block(text=table.to_markdown(), table=table))
        elif paragraph and _continues(paragraph[-1], item, left, right, indented):
            paragraph.append(item)
        else:
            flush()
            paragraph.append(item)
    flush()
    return blocks


def _margins(lines: list[_Line]) -> tuple[float, float]:
    """The text column's left edge (where most lines start) and right edge (the
    furthest x that at least two lines reach, so one overlong line does not count)."""
    if not lines:
        return 0.0, 0.0
    starts = [round(line.x0) for line in lines]
    left = statistics.mode(starts)
    ends = sorted((line.x1 for line in lines), reverse=True)
    right = ends[0]
    tolerance = max(statistics.median(line.size for line in lines), 1.0)
    for end in ends:
        if sum(1 for other in ends if abs(other - end) <= tolerance) >= 2:
            right = end
            break
    return float(left), right


def _indents_paragraphs(lines: list[_Line], left: float) -> bool:
    """Whether paragraphs open with a two-character indent (most Chinese reports): then
    a line at the margin after a full line is a continuation even after a full stop."""
    indented = sum(1 for line in lines if 1.5 * line.size <= line.x0 - left <= 2.6 * line.size)
    return indented >= max(2, len(lines) // 10)


def _continues(prev: _Line, line: _Line, left: float, right: float, indented: bool) -> bool:
    size = max(prev.size, line.size, 1.0)
    if abs(prev.size - line.size) > 1.0:
        return False
    # A table row ends at its last number, even when it reaches the right margin and the
    # next line (the next page's repeated header) is not indented: prose does not wrap
    # after a run of spaced numbers.
    if _TABLE_ROW_END.search(prev.text):
        return False
    full = prev.x1 >= right - 1.5 * size or prev.x1 + size * 0.3 + line.lead > right
    # `按照《` | `条例》`, `…建设` | `、政风…`: a break no paragraph can end on, wherever
    # the line stops
    if not must_continue(prev.text, line.text) and (
            not full or not indented and prev.text.endswith(_SENTENCE_END)):
        return False
    if line.x0 > left + 0.5 * size or ITEM_START.match(line.text):
        return False
    if line.page == prev.page and line.top - prev.bottom > 1.2 * size:
        return False  # a blank line's worth of space separates paragraphs
    return line.page in (prev.page, prev.page + 1)
