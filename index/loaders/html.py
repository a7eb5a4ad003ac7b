"""HTML reports, usually a page saved from a government site: the report body and its
tables, without the site's navigation, header, footer, scripts and styles."""

from __future__ import annotations

import re

from bs4 import BeautifulSoup, Comment, Declaration, Doctype, NavigableString, Tag
from bs4.element import CData, ProcessingInstruction

from core.models import Block

from .base import ParsedFile, collapse_spaces, has_text, join_pieces, strip_line
from .encoding import decode_bytes
from .tables import SpanCell, expand_spans, make_table

# Where site templates put the report body, best first. Matched against id and class
# tokens, case-insensitively. "content" and "article" are generic, hence last.
BODY_NAMES = (
    "trs_editor", "trs_ueditor", "custom_unionstyle", "zoom", "pages_content", "main-text",
    "article-content", "article_content", "articlecontent", "content_text", "detail-content",
    "xxgk_content", "article", "content",
)
# Names that often wrap a whole column (title, breadcrumb, share bar, even a header).
GENERIC_BODY_NAMES = {"article", "content"}
MIN_BODY_CHARS = 30

_NEVER_TEXT = {"script", "style", "noscript", "template", "iframe", "object", "embed", "svg",
               "canvas", "select", "option", "button", "input", "textarea", "link", "meta",
               "head", "map", "audio", "video"}
# Site furniture: dropped everywhere when the body is found by density, and inside a
# named body too (a share bar or breadcrumb can sit inside it).
# (Not <form>: ASP.NET sites wrap the whole page in one.)
_FURNITURE_TAGS = {"nav", "footer", "aside"}
_FURNITURE_WORDS = {"nav", "navbar", "menu", "breadcrumb", "crumb", "crumbs", "bread",
                    "footer", "foot", "copyright", "sidebar", "share", "print", "toolbar",
                    "position", "location", "friendlink", "links", "login", "search"}
# Only dropped outside a named body: inside, a "header" usually holds the title.
_PAGE_TOP_TAGS = {"header"}
_PAGE_TOP_WORDS = {"header", "head", "top", "topbar", "banner", "logo"}

_BLOCK_TAGS = {"p", "div", "section", "article", "main", "body", "blockquote", "center",
               "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd",
               "td", "th", "tr", "table", "tbody", "thead", "tfoot", "caption", "hr",
               "address", "figure", "figcaption", "header", "footer", "nav", "aside", "form",
               "fieldset", "pre"}
_PARAGRAPH_TAGS = {"p", "li", "dt", "dd", "blockquote", "pre", "h1", "h2", "h3", "h4", "h5", "h6"}
_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)
_XML_ENCODING = re.compile(rb"""<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9_\-]+)""", re.I)
_SKIPPED_STRINGS = (Comment, Declaration, Doctype, CData, ProcessingInstruction)


def load_html(data: bytes, source: str) -> ParsedFile:
    declared = _declared_charset(data[:4096])
    decoded = decode_bytes(data, source, declared=declared)
    soup = BeautifulSoup(decoded.text, "lxml")
    title = ""
    if soup.title is not None:
        title = strip_line(collapse_spaces(soup.title.get_text()))
    for tag in soup.find_all(_NEVER_TEXT):
        tag.decompose()
    for tag in soup.find_all(_is_hidden):
        tag.decompose()
    body, name = _named_body(soup)
    if body is None:
        _drop(soup, _FURNITURE_TAGS | _PAGE_TOP_TAGS, _FURNITURE_WORDS | _PAGE_TOP_WORDS)
        body = _densest(soup)
    elif name in GENERIC_BODY_NAMES:
        _drop(body, _FURNITURE_TAGS | _PAGE_TOP_TAGS, _FURNITURE_WORDS | _PAGE_TOP_WORDS)
    else:
        _drop(body, _FURNITURE_TAGS, _FURNITURE_WORDS)
    blocks = _Collector().collect(body) if body is not None else []
    return ParsedFile(blocks=tuple(blocks), encoding=decoded.encoding, title_hint=title)


def _declared_charset(head: bytes) -> str | None:
    match = _CHARSET.search(head) or _XML_ENCODING.search(head)
    return match.group(1).decode("ascii") if match else None


def _is_hidden(tag: Tag) -> bool:
    style = (tag.get("style") or "").replace(" ", "").lower()
    return tag.has_attr("hidden") or "display:none" in style or "visibility:hidden" in style


def _tokens(tag: Tag) -> set[str]:
    names = list(tag.get("class") or []) + [tag.get("id") or ""]
    return {name.lower() for name in names if name}


def _words(tag: Tag) -> set[str]:
    return {word for token in _tokens(tag) for word in re.split(r"[-_\s]+", token) if word}


def _named_body(soup: BeautifulSoup) -> tuple[Tag | None, str]:
    """The element a site template names as the body (see BODY_NAMES), and the name."""
    tags = soup.find_all(True)
    for name in BODY_NAMES:
        found = [tag for tag in tags if name in _tokens(tag) and _text_len(tag) >= MIN_BODY_CHARS]
        if found:
            return max(found, key=_text_len), name
    return None, ""


def _text_len(tag: Tag) -> int:
    return len(re.sub(r"\s+", "", tag.get_text()))


def _drop(root: Tag, tags: set[str], words: set[str]) -> None:
    for tag in root.find_all(True):
        if tag.decomposed:
            continue
        if tag.name in tags or _words(tag) & words:
            tag.decompose()


def _densest(soup: BeautifulSoup) -> Tag | None:
    """The element holding the most text outside links, counting a paragraph's text for
    the element that contains the paragraphs (and half of it for the one above)."""
    scores: dict[int, float] = {}
    tags: dict[int, Tag] = {}
    data_tables: dict[int, bool] = {}
    for string in soup.find_all(string=True):
        if isinstance(string, _SKIPPED_STRINGS) or string.find_parent("a") is not None:
            continue
        length = len(re.sub(r"\s+", "", string))
        if not length:
            continue
        block = string.find_parent(_BLOCK_TAGS - {"tr", "tbody", "thead", "tfoot"})
        if block is None:
            continue
        if block.name in {"td", "th"}:
            table = block.find_parent("table")
            if table is not None and id(table) not in data_tables:
                data_tables[id(table)] = _is_data_table(table)
            if table is not None and table.parent is not None and data_tables[id(table)]:
                block = table.parent  # a data table's text belongs to the element holding it
        elif block.name in _PARAGRAPH_TAGS and block.parent is not None:
            block = block.parent  # credit the element that holds the paragraphs
        for tag, share in ((block, 1.0), (block.parent, 0.5)):
            if isinstance(tag, Tag) and tag.name != "[document]":
                scores[id(tag)] = scores.get(id(tag), 0.0) + share * length
                tags[id(tag)] = tag
    if not scores:
        return None
    return tags[max(scores, key=scores.__getitem__)]


class _Collector:
    """Walks an element in document order: a block element or <br> ends a line, a data
    table becomes a table block, a layout table is read cell by cell."""

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.pieces: list[str] = []

    def collect(self, root: Tag) -> list[Block]:
        self._walk(root)
        self._flush()
        return self.blocks

    def _flush(self) -> None:
        line = strip_line(collapse_spaces("".join(self.pieces)))
        self.pieces = []
        if has_text(line):
            self.blocks.append(Block(text=line))

    def _walk(self, node: Tag) -> None:
        for child in node.children:
            if isinstance(child, _SKIPPED_STRINGS):
                continue
            if isinstance(child, NavigableString):
                self.pieces.append(str(child))
            elif not isinstance(child, Tag):
                continue
            elif child.name == "br":
                self._flush()
            elif child.name == "pre":
                self._flush()
                for line in child.get_text().splitlines():
                    self.pieces.append(line)
                    self._flush()
            elif child.name == "table":
                self._flush()
                self._table(child)
            elif child.name in _BLOCK_TAGS:
                self._flush()
                self._walk(child)
                self._flush()
            else:
                self._walk(child)

    def _table(self, table: Tag) -> None:
        rows = _rows(table)
        if not _is_data_table(table):
            # Layout: a table used to place the page's parts; read its cells as text.
            for cell in (cell for row in rows for cell in _cells(row)):
                self._walk(cell)
                self._flush()
            return
        span_rows = [[SpanCell(_cell_text(cell), _span(cell, "rowspan", len(rows)),
                               _span(cell, "colspan", 1000)) for cell in _cells(row)]
                     for row in rows]
        made = make_table(expand_spans(span_rows))
        if made is not None:
            self.blocks.append(Block(text=made.to_markdown(), table=made))


def _is_data_table(table: Tag) -> bool:
    """A table of data, as opposed to one that lays out the page: it holds no other
    table and has more than one cell."""
    cells = sum(len(_cells(row)) for row in _rows(table))
    return cells > 1 and table.find("table") is None


def _rows(table: Tag) -> list[Tag]:
    rows = []
    for child in table.find_all(recursive=False):
        if child.name == "tr":
            rows.append(child)
        elif child.name in {"thead", "tbody", "tfoot"}:
            rows.extend(child.find_all("tr", recursive=False))
    return rows


def _cells(row: Tag) -> list[Tag]:
    return row.find_all(["td", "th"], recursive=False)


def _cell_text(cell: Tag) -> str:
    lines = [block.text for block in _Collector().collect(cell)]
    return join_pieces(lines)


def _span(cell: Tag, attribute: str, limit: int) -> int:
    try:
        value = int(str(cell.get(attribute, "1")).strip())
    except ValueError:
        return 1
    return min(max(value, 1), max(limit, 1))
