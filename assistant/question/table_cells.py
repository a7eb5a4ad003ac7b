"""Which cell of the official tables 二/三/四 a question asks: the row it names, the
column it names (or the table's default column), in the schema's keys.

The words are the schema's own labels (core/vocabulary.py T2_*/T3_*/T4_*) and the
forms people use for them: 规范性文件 for 行政规范性文件, 企业 for 商业企业, 个人 for
自然人, 转到下一年 for 结转下年度, 被告上法院 for 行政诉讼, 作出几个处罚决定 for 处理决定数量.
Both forms' columns are known (2019 trial form 本年新制作/本年新公开/对外公开总数量, 2021
form 本年制发/本年废止/现行有效); which one a report has is the figure chooser's business.

An ask names either one cell, or — when the question names a row but no column — the
cells that answer for the row (`keys`, in schema order): 行政许可有几件 is its
处理决定数量, 行政事业性收费 its 收费金额 (or, in the trial form that has no amount,
its item counts), 规范性文件有多少 every column the report has. 表三 without an applicant
named is its 总计 column; 表四 without a result named is its 总计.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from core.vocabulary import T2_CELLS, T3_ROWS, T4_CASES

TABLE_PREFIXES = ("t2.", "t3.", "t4.")


@dataclass(frozen=True)
class CellAsk:
    table: str  # "t2" / "t3" / "t4"
    rows: tuple[str, ...]  # row keys (表四: cases); 行政诉讼 names both kinds of lawsuit
    column: str  # the column named, "" when none was
    keys: tuple[str, ...]  # the cells that answer it (all those the report has)
    words: tuple[tuple[int, int], ...] = ()  # where its row and column words are


@dataclass(frozen=True)
class _Word:
    table: str
    target: tuple[str, ...]  # row keys, or column keys
    start: int
    end: int


def _w(pattern: str, *target: str) -> tuple[re.Pattern[str], tuple[str, ...]]:
    return re.compile(pattern), target


# Rows, by table. Longer and more specific patterns win where two overlap (复议后起诉 is
# not 行政复议; 比上一年增加 is not 上一年项目数量): matches are taken longest first.
_ROWS: dict[str, tuple[tuple[re.Pattern[str], tuple[str, ...]], ...]] = {
    "t2": (
        _w(r"规章(?!制度)", "rules"),
        _w(r"(?:行政)?规范性文件", "normative"),
        _w(r"行政许可", "licensing"),
        _w(r"其他对外管理服务事项|对外管理服务", "other_services"),
        _w(r"行政处罚", "penalty"),
        _w(r"行政强制", "enforcement"),
        _w(r"行政事业[性型]收费", "fees"),
        _w(r"(?:政府)?集中采购", "procurement"),
    ),
    "t3": (
        _w(r"本年新收|新收(?:到)?|(?<![收到])提(?:了|的|出|交)(?:的)?(?:多少|几)?件?(?:政府信息公开)?申请",
           "new"),
        _w(r"(?:上一?年|去年|从\d{4}年)结转|结转(?:过来|来)|上年度?结转", "carried_in"),
        _w(r"予以公开|全部公开|同意公开", "disclosed"),
        _w(r"部分公开", "partial"),
        _w(r"国家秘密", "refused.state_secret"),
        _w(r"法律行政法规禁止|法律法规禁止", "refused.prohibited"),
        _w(r"三安全一稳定|危及", "refused.security"),
        _w(r"第三方(?:合法权益)?", "refused.third_party"),
        _w(r"内部事务", "refused.internal"),
        _w(r"过程性", "refused.process"),
        _w(r"(?:行政)?执法案卷", "refused.enforcement_file"),
        _w(r"(?:行政)?查询事项", "refused.inquiry"),
        _w(r"不掌握", "unable.not_held"),
        _w(r"没有现成信息|另行制作", "unable.needs_creation"),
        _w(r"补正后.{0,6}不明确|仍不明确", "unable.unclear"),
        _w(r"信访举报投诉|信访", "not_handled.petition"),
        _w(r"重复申请", "not_handled.duplicate"),
        _w(r"(?:公开)?出版物", "not_handled.publication"),
        _w(r"大量反复|反复申请", "not_handled.excessive"),
        _w(r"确认或重新出具|重新出具", "not_handled.confirm"),
        # 2019: one row; 2021: three numbered items. The report's form decides which.
        _w(r"其他处理", "other", "other.no_correction", "other.no_fee", "other.other"),
        _w(r"逾期不补正|不补正", "other.no_correction"),
        _w(r"逾期未按收费通知|未(?:按时)?缴纳费用|逾期未缴费", "other.no_fee"),
        _w(r"办理结果(?:的)?总计|（七）总计|\(七\)总计|办结", "total"),
        _w(r"结转下年度?|结转(?:到|至)下一?年度?|转(?:到|至|入)下一?年度?|下年度继续办理|继续办理",
           "carried_out"),
    ),
    "t4": (
        _w(r"未经复议直接起诉|直接(?:提起)?(?:行政)?(?:起诉|诉讼)", "litigation_direct"),
        _w(r"复议后(?:提起)?(?:行政)?(?:起诉|诉讼)", "litigation_after_review"),
        _w(r"(?:行政)?复议", "review"),
        _w(r"行政诉讼|诉讼|起诉|上法院|告上法庭|官司", "litigation_direct",
           "litigation_after_review"),
    ),
}

_COLUMNS: dict[str, tuple[tuple[re.Pattern[str], tuple[str, ...]], ...]] = {
    "t2": (
        _w(r"本年制发(?:件数)?|制发|印发|出台", "issued"),
        _w(r"本年废止(?:件数)?|废止|废除", "repealed"),
        _w(r"现行有效(?:件数)?|有效", "in_force"),
        _w(r"本年新制作(?:数量)?|新制作|制作", "made"),
        _w(r"本年新公开(?:数量)?|新公开", "published"),
        _w(r"对外公开(?:的)?总数(?:量)?|对外公开", "public_total"),
        _w(r"上一年(?:的)?项目(?:数量|数)?|上年项目(?:数量|数)?", "prev_items"),
        _w(r"本年增/?减|增/减|增减|(?:比上一?年|较上年)?(?:增加|减少|新增)", "change"),
        _w(r"(?:本年)?处理决定(?:数量|数)?|决定|处理了|处理", "decisions"),
        _w(r"(?:本年)?收费金额|金额|万元|多少钱", "amount", "proc_amount"),
        _w(r"采购项目(?:数量|数)?|项目数量|项目", "proc_items"),
        _w(r"采购总金额|总金额", "proc_amount"),
    ),
    "t3": (
        _w(r"自然人|个人|公民|群众", "natural"),
        _w(r"商业企业|企业|公司", "business"),
        _w(r"科研机构", "research"),
        _w(r"社会公益组织|公益组织", "nonprofit"),
        _w(r"法律服务机构|律师(?:事务所)?|律所", "legal"),
        _w(r"其他(?:法人|组织)|其他法人或其他组织", "other_org"),
        _w(r"总计|总共|一共|合计|总数", "total"),
    ),
    "t4": (
        _w(r"结果维持|维持", "upheld"),
        _w(r"结果纠正|纠正", "corrected"),  # not 撤销: 撤销复议申请 is a withdrawal
        _w(r"其他结果", "other"),
        _w(r"尚未审结|未审结|审理中|还没(?:有)?审结|正在审理", "pending"),
        _w(r"总计|总共|一共|合计|总数", "total"),
    ),
}

# The cells that answer a 表二 row when no column is named, in order of the schema.
_T2_ROW_DEFAULT: dict[str, tuple[str, ...]] = {
    "licensing": ("decisions",), "other_services": ("decisions",),
    "penalty": ("decisions",), "enforcement": ("decisions",),
    # 2021: the amount; the trial form has no amount, only its item counts
    "fees": ("amount", "prev_items", "change"),
}


def _longest_first(found: list[_Word]) -> list[_Word]:
    """Overlapping matches resolved longest first, then in reading order."""
    kept: list[_Word] = []
    for word in sorted(found, key=lambda w: (-(w.end - w.start), w.start)):
        if all(word.end <= k.start or word.start >= k.end for k in kept):
            kept.append(word)
    return sorted(kept, key=lambda w: w.start)


def _rows_with_tables(text: str) -> list[_Word]:
    """Every table row the text names, in reading order, across the three tables."""
    return _longest_first([_Word(table, target, m.start(), m.end())
                           for table, patterns in _ROWS.items() for pattern, target in patterns
                           for m in pattern.finditer(text) if m.end() > m.start()])


def _column_words(text: str, table: str, rows: list[_Word]) -> list[_Word]:
    """The column words of `table` in the text, outside the words naming rows (集中采购
    takes 采购 from 采购总金额, which leaves 总金额)."""
    for row in rows:  # blanked, so that a column is looked for in what is left
        text = text[:row.start] + " " * (row.end - row.start) + text[row.end:]
    return _longest_first([_Word(table, target, m.start(), m.end())
                           for pattern, target in _COLUMNS[table]
                           for m in pattern.finditer(text) if m.end() > m.start()])


def _cells(table: str, row: str, column: str) -> tuple[str, ...]:
    if table == "t2":
        if column:
            return (f"t2.{row}.{column}",) if column in T2_CELLS[row] else ()
        return tuple(f"t2.{row}.{c}" for c in _T2_ROW_DEFAULT.get(row, T2_CELLS[row]))
    if table == "t3":
        return (f"t3.{row}.{column or 'total'}",) if row in T3_ROWS else ()
    return (f"t4.{row}.{column or 'total'}",) if row in T4_CASES else ()


def _column(text: str, table: str, rows: tuple[str, ...],
            outside: list[_Word]) -> tuple[str, _Word | None]:
    """The column the text names for this table and row (words not taken by a row)."""
    for word in _column_words(text, table, outside):
        for column in word.target:
            if table != "t2" or any(column in T2_CELLS[row] for row in rows):
                return column, word
    return "", None


def cell_ask(text: str, previous: CellAsk | None = None,
             whole: str = "") -> CellAsk | None:
    """The cell one part of a question asks. A part naming only a column (自然人和企业
    各几件: 企业) takes the row of the part before it; a 表三 applicant column with no
    row at all is a count of requests received (企业提的申请有几件) when the question
    speaks of 申请 (`whole`: the full question)."""
    rows = _rows_with_tables(text)
    if rows:
        table, targets = rows[0].table, rows[0].target
        column, word = _column(text, table, targets, rows)
    else:
        ask = previous
        if ask is None and re.search(r"申请", whole or text):
            ask = CellAsk("t3", ("new",), "", ())
        if ask is None:
            return None
        table, targets = ask.table, ask.rows
        column, word = _column(text, table, targets, rows)
        if not column or (ask is not previous and column == "total"):
            return None  # a part that names no cell of its own
    # 其他处理 (the 2019 row or the three 2021 items) and 行政诉讼 (both kinds): the cells
    # of every row meant, whichever the report has
    keys = tuple(k for row in targets for k in _cells(table, row, column))
    if not keys:
        return None
    words = tuple((w.start, w.end) for w in (*rows[:1], word) if w is not None)
    return CellAsk(table, targets, column, keys, words)


def is_table_key(key: str) -> bool:
    return key.startswith(TABLE_PREFIXES)
