"""The plain data that flows between the stages (see DESIGN.md, "The data model").

Everything here is a frozen dataclass: a stage makes new values with
`dataclasses.replace`, never mutates. Ids are content hashes, so re-indexing the same
text gives the same ids.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Literal

ReportFormat = Literal["pre2019", "2019", "2021"]
Qualifier = Literal["exact", "more_than", "about", "at_least", "less_than", "zero_in_words"]
Scope = Literal["annual", "cumulative"]
AnswerStatus = Literal["answered", "not_found"]


def content_id(*parts: str, length: int = 16) -> str:
    """A short, stable id: the sha256 of the parts joined by a separator no text holds."""
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()
    return digest[:length]


@dataclass(frozen=True)
class Table:
    """A table as rows of cell strings, whatever shape it arrived in (markdown, HTML,
    docx, PDF, one cell per line). Merged cells are repeated into every cell they span."""

    rows: tuple[tuple[str, ...], ...]

    def to_markdown(self) -> str:
        if not self.rows:
            return ""
        width = max(len(row) for row in self.rows)
        padded = [tuple(row) + ("",) * (width - len(row)) for row in self.rows]
        lines = ["| " + " | ".join(cell.replace("|", "｜") for cell in padded[0]) + " |"]
        lines.append("|" + " --- |" * width)
        for row in padded[1:]:
            lines.append("| " + " | ".join(cell.replace("|", "｜") for cell in row) + " |")
        return "\n".join(lines)


@dataclass(frozen=True)
class Block:
    """One unit a loader read: a paragraph of text, or a table (then `text` is the
    table as markdown, the form it is cited and embedded in)."""

    text: str
    table: Table | None = None


@dataclass(frozen=True)
class LoadedDocument:
    """What a loader returns: the blocks in reading order, nothing interpreted yet."""

    source: str  # the file name, as the user knows it
    blocks: tuple[Block, ...]
    content_hash: str  # sha256 of the file's bytes: the idempotence key
    encoding: str = "utf-8"
    title_hint: str = ""  # e.g. the <title> of an HTML page or the docx core title


@dataclass(frozen=True)
class Office:
    name: str  # full name as written: 四平市铁西区北沟街道办事处
    short: str  # 北沟街道
    region: tuple[str, ...] = ()  # ("四平市", "铁西区", "北沟街道")
    kind: str = ""  # 人民政府 / 办公厅(室) / 部门 / 街道办事处 / 乡镇 / 园区 / 部委 (core/office_names.py)
    level: str = ""  # 部委 / 省级 / 地市级 / 区县 / 乡镇街道; "" when the text does not tell


@dataclass(frozen=True)
class Correction:
    """What the user said a report is, over what was read from its text (`index
    --office/--year`, a manifest, the web library). Kept apart from the values read so
    `reports` can say which fields are the user's word; empty fields were not corrected."""

    office: str = ""  # full name
    year: int | None = None
    level: str = ""  # 部委 / 省级 / 地市级 / 区县 / 乡镇街道, as the user wrote it
    region: tuple[str, ...] = ()  # ("安徽省", "蚌埠市")

    @property
    def fields(self) -> tuple[str, ...]:
        """The corrected fields, in a fixed order: ("office", "year")."""
        return tuple(name for name, value in (("office", self.office), ("year", self.year),
                                              ("level", self.level), ("region", self.region))
                     if value)

    def over(self, earlier: "Correction | None") -> "Correction":
        """This correction with the fields it leaves empty taken from an earlier one: a
        new --year does not drop an earlier --office."""
        if earlier is None:
            return self
        return Correction(self.office or earlier.office, self.year or earlier.year,
                          self.level or earlier.level, self.region or earlier.region)


@dataclass(frozen=True)
class Report:
    id: str  # content_id of the original text
    source: str
    title: str
    office: Office
    year: int | None  # the year reported on
    published: str | None  # ISO date (YYYY-MM-DD or YYYY-MM) where stated
    format: ReportFormat
    text: str  # original
    normalised: str
    content_hash: str
    warnings: tuple[str, ...] = ()  # year conflicts, table identity violations, ...
    correction: Correction | None = None  # the user's word on office / year, applied


@dataclass(frozen=True)
class Paragraph:
    id: str  # f"{report_id}-{ordinal:04d}"
    report_id: str
    ordinal: int
    section: str  # "二、主动公开政府信息情况 > （一）…", "" before the first heading
    text: str  # original, verbatim: what citations quote
    normalised: str  # what search runs over
    is_heading: bool = False
    table: Table | None = None


@dataclass(frozen=True)
class Chunk:
    """What is embedded. Points back to one paragraph; a citation names the paragraph."""

    id: str  # f"{paragraph_id}-{index}"
    paragraph_id: str
    index: int
    text: str  # normalised text of this piece (the section path is prefixed for context)


@dataclass(frozen=True)
class Figure:
    """One number a report states, exact and traceable.

    `quote` is verbatim original text of the paragraph, `span` its character offsets in
    `Paragraph.text`, and the quote contains the number as written in the report.
    """

    metric: str  # a key of the vocabulary (docs/FIGURES.md)
    value: float
    unit: str  # 条, 件, 起, 个, 元, 万元, %, ...
    qualifier: Qualifier
    period: str  # "2017", "2013-2017", "2017-01..2017-11"
    scope: Scope
    paragraph_id: str
    span: tuple[int, int]
    quote: str
    label: str = ""  # what was counted, as the report words it: 政策法规类信息
    row: str = ""  # table row key, for table cells
    column: str = ""  # table column key, for table cells
    report_id: str = ""
    office: str = ""
    year: int | None = None
    # Open figures (metric "open", index/figures/open_figures.py): count / share / change /
    # rate / amount / duration / rank / ordinal. "" for vocabulary figures.
    kind: str = ""

    @property
    def id(self) -> str:
        parts = [self.paragraph_id, self.metric, self.label, self.row, self.column,
                 f"{self.span[0]}:{self.span[1]}"]
        if self.kind:  # open figures share their clause's span: the value tells them apart
            parts += [self.kind, f"{self.value:g}", self.unit]
        return content_id(*parts)


@dataclass(frozen=True)
class IndexedReport:
    """A report as the store lists it (no full text)."""

    id: str
    source: str
    title: str
    office: Office
    year: int | None
    published: str | None
    format: ReportFormat
    content_hash: str
    paragraph_count: int
    figure_count: int
    warnings: tuple[str, ...] = ()
    indexed_at: float = 0.0
    correction: Correction | None = None
    # What the store needs to tell a complete, current record from a stale or broken one
    # (core/store.py): how many chunks were written, and the version of the code that
    # built the report (index/version.py). None / "" in indexes from before they existed.
    chunk_count: int | None = None
    index_version: str = ""


@dataclass(frozen=True)
class Passage:
    """A retrieved paragraph, with the scores that ranked it."""

    paragraph_id: str
    report_id: str
    source: str
    office: str
    office_short: str
    year: int | None
    section: str
    text: str  # original paragraph text
    score: float = 0.0
    ranks: dict[str, int] = field(default_factory=dict)  # {"dense": 1, "bm25": 3}


@dataclass(frozen=True)
class Citation:
    n: int
    report: str  # source file name
    office: str
    year: int | None
    section: str
    paragraph: str  # paragraph id
    quote: str  # verbatim original text, a substring of the paragraph
    paragraph_text: str = ""  # the whole paragraph, for showing the quote in context
    title: str = ""


@dataclass(frozen=True)
class TableRow:
    office: str
    year: int | None
    value: float | None  # None: 未报告
    qualifier: str
    scope: str
    citation: int | None  # the [n] of the cell's citation
    display: str = ""  # "超3000条", "110条（累计）", "未报告"


@dataclass(frozen=True)
class Answer:
    question: str
    status: AnswerStatus
    text: str  # with numbered markers [1], [2], ...
    citations: tuple[Citation, ...] = ()
    figures: tuple[Figure, ...] = ()
    table: tuple[TableRow, ...] = ()
    kind: str = ""  # figure / comparison / passage / listing / absent
    notes: tuple[str, ...] = ()  # e.g. "several offices matched 长安街道: ..."


QuestionKind = Literal["figure", "comparison", "passage", "listing", "absent"]


@dataclass(frozen=True)
class Question:
    """What a question asks, as understood before retrieval (assistant/question.py)."""

    text: str
    normalised: str
    kind: QuestionKind
    offices: tuple[Office, ...] = ()  # indexed offices the question means
    office_phrases: tuple[str, ...] = ()  # the phrases that named them
    unknown_office: str = ""  # an office named but not indexed: 上海市黄浦区
    ambiguous: bool = False  # a phrase matched several offices; answer for each
    years: tuple[int, ...] = ()
    metrics: tuple[str, ...] = ()  # vocabulary keys, best first
    label: str = ""  # a category asked about: 政策法规类, 通知公告
    section: str = ""  # a top-level section the question points at
    scope: str = ""  # "annual" / "cumulative" / "" when not said
    mode: str = ""  # comparison: versus / ranking / trend / any / each / total
    region: str = ""  # restrict a ranking to offices of this region: 铁岭市
    # What later stages read instead of the text (assistant/question/understand.py):
    focus: str = ""  # `normalised` with the office phrases blanked: what is asked of them
    tokens: tuple[str, ...] = ()  # search tokens of `normalised`
    terms: tuple[str, ...] = ()  # tokens of `focus` that say what is asked (no generic words)
    core: str = ""  # `focus` without question words: 开展政务公开业务培训
    unit: str = ""  # the unit it counts in: 几条 -> 条, 占比 -> %
    metric_segments: tuple[tuple[str, ...], ...] = ()  # per part of the question, metrics best first
    role: str = ""  # a who-question's role: 组长
    order: str = ""  # a ranking's direction: "most" / "fewest" / "both" / "" (not said)
    levels: tuple[str, ...] = ()  # office types a group question covers: 各街道 -> ("街道",)
    understood: str = ""  # a follow-up restated in full, shown as （理解为：…）
    contact: bool = False  # asks for a phone number, an address, an e-mail (咨询电话是多少)
