"""A briefing: answers and cited passages a user collects, reorders and exports.

A `Briefing` is an immutable tuple of items; every edit returns a new one, so a web
session can keep it in its state without locks. Export renumbers the citations of all
items into one source list (the same paragraph of the same report gets one number), so a
marker `[3]` in the exported text always points at entry 3 of the source list.
"""

from __future__ import annotations

import io
from dataclasses import asdict, dataclass, replace
from datetime import date
from typing import Any, Literal

from docx import Document
from docx.oxml.ns import qn
from docx.shared import Pt

from core.errors import AssistantError
from core.models import Answer, Citation, TableRow
from assistant.answering.citations import MARKER

ItemKind = Literal["answer", "passage"]
DEFAULT_TITLE = "政府信息公开年报简报"
TABLE_HEADER = ("机关", "年度", "数值", "限定", "口径", "来源")
# How a value is to be read, in the words the web app's table uses.
_QUALIFIERS = {"exact": "确数", "more_than": "超过", "about": "约数", "at_least": "以上",
               "less_than": "不足", "zero_in_words": "文字表述为零"}
_SCOPES = {"annual": "年度", "cumulative": "累计"}


class BriefingError(AssistantError):
    """An edit names an item the briefing does not have."""


@dataclass(frozen=True)
class BriefingItem:
    kind: ItemKind
    question: str  # what was asked (an answer) or where the passage was found
    text: str  # answer text with [n] markers; for a passage, the verbatim quote
    citations: tuple[Citation, ...] = ()
    table: tuple[TableRow, ...] = ()  # a comparison's rows, exported as a table


@dataclass(frozen=True)
class Source:
    """One entry of the exported source list."""

    n: int
    office: str
    year: int | None
    title: str
    section: str
    report: str  # file name


@dataclass(frozen=True)
class ExportItem:
    """An item with its markers renumbered to the briefing's source list."""

    kind: ItemKind
    question: str
    text: str
    quotes: tuple[tuple[int, str], ...]  # (source number, verbatim quote)
    table: tuple[tuple[str, ...], ...] = ()  # rows of TABLE_HEADER, sources renumbered


@dataclass(frozen=True)
class Briefing:
    items: tuple[BriefingItem, ...] = ()
    title: str = DEFAULT_TITLE

    def __len__(self) -> int:
        return len(self.items)

    def add(self, item: BriefingItem) -> "Briefing":
        return replace(self, items=self.items + (item,))

    def add_answer(self, answer: Answer) -> "Briefing":
        return self.add(item_from_answer(answer))

    def add_passage(self, citation: Citation, question: str = "") -> "Briefing":
        return self.add(item_from_citation(citation, question))

    def remove(self, index: int) -> "Briefing":
        self._check(index)
        return replace(self, items=self.items[:index] + self.items[index + 1:])

    def move(self, index: int, offset: int) -> "Briefing":
        """Move an item up (offset < 0) or down; moving past either end stops there."""
        self._check(index)
        target = max(0, min(len(self.items) - 1, index + offset))
        items = list(self.items)
        items.insert(target, items.pop(index))
        return replace(self, items=tuple(items))

    def _check(self, index: int) -> None:
        if not 0 <= index < len(self.items):
            raise BriefingError(f"简报中没有第 {index + 1} 项（共 {len(self.items)} 项）")


def item_from_answer(answer: Answer) -> BriefingItem:
    return BriefingItem("answer", answer.question, answer.text, tuple(answer.citations),
                        tuple(answer.table))


def item_from_citation(citation: Citation, question: str = "") -> BriefingItem:
    return BriefingItem("passage", question, citation.quote, (replace(citation, n=1),))


def briefing_to_plain(briefing: Briefing) -> dict[str, Any]:
    """The briefing as JSON-ready data, for keeping it in the user's browser."""
    return asdict(briefing)


def briefing_from_plain(data: Any) -> Briefing:
    """A briefing from data a browser kept. The browser's copy is not trusted: items
    that are not well formed are dropped (a tampered copy cannot inject anything, since
    everything is escaped when shown, but it must not break the page either)."""
    if not isinstance(data, dict) or not isinstance(data.get("items"), list):
        return Briefing()
    items = []
    for raw in data["items"]:
        item = _item_from_plain(raw)
        if item is not None:
            items.append(item)
    title = data.get("title")
    return Briefing(tuple(items), title if isinstance(title, str) and title else DEFAULT_TITLE)


_CITATION_TEXT_FIELDS = ("report", "office", "section", "paragraph", "quote",
                         "paragraph_text", "title")


def _item_from_plain(raw: Any) -> BriefingItem | None:
    if not isinstance(raw, dict) or raw.get("kind") not in ("answer", "passage"):
        return None
    if not all(isinstance(raw.get(key), str) for key in ("question", "text")):
        return None
    citations = []
    for cited in raw.get("citations") or []:
        if not isinstance(cited, dict):
            return None
        n, year = cited.get("n"), cited.get("year")
        if type(n) is not int or not (year is None or type(year) is int):
            return None
        if not all(isinstance(cited.get(key, ""), str) for key in _CITATION_TEXT_FIELDS):
            return None
        citations.append(Citation(n=n, year=year, **{key: cited.get(key, "")
                                                     for key in _CITATION_TEXT_FIELDS}))
    table = _table_from_plain(raw.get("table"))
    if table is None:
        return None
    return BriefingItem(raw["kind"], raw["question"], raw["text"], tuple(citations), table)


def _table_from_plain(rows: Any) -> tuple[TableRow, ...] | None:
    if rows is None:
        return ()
    if not isinstance(rows, (list, tuple)):  # a list from the browser's JSON
        return None
    table = []
    for row in rows:
        if not isinstance(row, dict):
            return None
        value, year, cited = row.get("value"), row.get("year"), row.get("citation")
        texts = [row.get(key, "") for key in ("office", "qualifier", "scope", "display")]
        if not (all(isinstance(t, str) for t in texts)
                and (value is None or (isinstance(value, (int, float)) and not isinstance(value, bool)))
                and (year is None or type(year) is int) and (cited is None or type(cited) is int)):
            return None
        table.append(TableRow(office=texts[0], year=year, value=value, qualifier=texts[1],
                              scope=texts[2], citation=cited, display=texts[3]))
    return tuple(table)


def _table_rows(rows: tuple[TableRow, ...], local: dict[int, int]) -> tuple[tuple[str, ...], ...]:
    """A comparison's rows as text (未报告 where the report states nothing), each
    pointing at the briefing's source number of its cell."""
    out = []
    for row in rows:
        value = row.display or ("未报告" if row.value is None else f"{row.value:g}")
        source = f"[{local[row.citation]}]" if row.citation in local else ""
        out.append((row.office, f"{row.year}年" if row.year else "",
                    value, _QUALIFIERS.get(row.qualifier, row.qualifier) if row.value is not None else "",
                    _SCOPES.get(row.scope, row.scope) if row.value is not None else "", source))
    return tuple(out)


def _source_key(citation: Citation) -> tuple[str, str]:
    return (citation.report, citation.paragraph)


def numbered(briefing: Briefing) -> tuple[list[ExportItem], list[Source]]:
    """The items with markers renumbered, and the one source list they point into."""
    numbers: dict[tuple[str, str], int] = {}
    sources: list[Source] = []
    items: list[ExportItem] = []
    for item in briefing.items:
        local: dict[int, int] = {}
        for citation in item.citations:
            key = _source_key(citation)
            if key not in numbers:
                numbers[key] = len(sources) + 1
                sources.append(Source(numbers[key], citation.office, citation.year,
                                      citation.title, citation.section, citation.report))
            local[citation.n] = numbers[key]
        if item.kind == "answer":
            # Markers the item does not cite are left as written, never pointed elsewhere.
            text = MARKER.sub(lambda m: f"[{local[int(m.group(1))]}]"
                              if int(m.group(1)) in local else m.group(0), item.text)
        else:
            text = item.text
        quotes = tuple(dict.fromkeys((local[c.n], c.quote) for c in item.citations))
        items.append(ExportItem(item.kind, item.question, text, quotes,
                                _table_rows(item.table, local)))
    return items, sources


def source_line(source: Source) -> str:
    year = f"{source.year}年" if source.year else "年份不详"
    title = f"《{source.title}》" if source.title else source.report
    parts = [source.office or "机关不详", year, title]
    if source.section:
        parts.append(source.section)
    return "，".join(parts)


def _heading(index: int, item: ExportItem) -> str:
    if item.kind == "answer":
        return f"{index}. 问：{item.question}" if item.question else f"{index}. 回答"
    return f"{index}. 摘录" + (f"（{item.question}）" if item.question else "")


def to_markdown(briefing: Briefing, on: date | None = None) -> str:
    """The briefing as Markdown: items, their verbatim quotes, the source list, the date."""
    on = on or date.today()
    items, sources = numbered(briefing)
    lines = [f"# {briefing.title}", "", f"日期：{on.isoformat()}", ""]
    for index, item in enumerate(items, start=1):
        lines += [f"## {_heading(index, item)}", ""]
        if item.kind == "answer":
            lines += [item.text, ""]
        if item.table:
            cell = lambda text: text.replace("|", "\\|").replace("\n", " ")  # noqa: E731
            lines += ["| " + " | ".join(TABLE_HEADER) + " |",
                      "|" + " --- |" * len(TABLE_HEADER)]
            lines += ["| " + " | ".join(cell(c) for c in row) + " |" for row in item.table]
            lines += [""]
        for n, quote in item.quotes:
            quoted = quote.splitlines() or [""]
            lines += [f"> {quoted[0]}"] + [f"> {line}" for line in quoted[1:]]
            lines += [f"> —— 来源 [{n}]", ""]
    lines += ["## 来源", ""]
    lines += [f"{s.n}. {source_line(s)}" for s in sources]
    return "\n".join(lines).rstrip() + "\n"


def _use_chinese_font(document: Document) -> None:
    """Word picks the East Asian font from its own attribute; without it Chinese text may
    fall back to a font without the glyphs on some machines."""
    style = document.styles["Normal"]
    style.font.name = "SimSun"
    style.font.size = Pt(11)
    style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "宋体")


def to_docx(briefing: Briefing, on: date | None = None) -> bytes:
    """The briefing as a .docx file (bytes): the same content as the Markdown export."""
    on = on or date.today()
    items, sources = numbered(briefing)
    document = Document()
    _use_chinese_font(document)
    document.core_properties.title = briefing.title
    document.add_heading(briefing.title, level=0)
    document.add_paragraph(f"日期：{on.isoformat()}")
    for index, item in enumerate(items, start=1):
        document.add_heading(_heading(index, item), level=1)
        if item.kind == "answer":
            document.add_paragraph(item.text)
        if item.table:
            table = document.add_table(rows=1, cols=len(TABLE_HEADER))
            table.style = "Table Grid"
            for cell, text in zip(table.rows[0].cells, TABLE_HEADER):
                cell.text = text
            for row in item.table:
                for cell, text in zip(table.add_row().cells, row):
                    cell.text = text
        for n, quote in item.quotes:
            paragraph = document.add_paragraph(quote, style="Quote")
            paragraph.add_run(f"  —— 来源 [{n}]").italic = True
    document.add_heading("来源", level=1)
    for source in sources:
        document.add_paragraph(f"[{source.n}] {source_line(source)}")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
