"""The official tables 二, 三 and 四 (2019 and 2021 formats) written out, for the table
tests, in every shape a report gives them: HTML with merged cells, Markdown, .docx with
merged cells, and one cell per line. Laid out from the templates of 国办公开办函〔2019〕60号
and 〔2021〕30号, independently of the extractor's vocabulary.

A layout is a list of rows of cells (text, rowspan, colspan), as HTML writes them.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import docx

from core.models import Block, Paragraph, content_id
from index.loaders.docx import load_docx
from index.loaders.html import load_html
from index.loaders.text import text_blocks
from index.paragraphs import split_paragraphs


@dataclass(frozen=True)
class C:
    text: str
    rowspan: int = 1
    colspan: int = 1


APPLICANTS = ("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计")
REFUSED = ("1.属于国家秘密", "2.其他法律行政法规禁止公开", "3.危及“三安全一稳定”",
           "4.保护第三方合法权益", "5.属于三类内部事务信息", "6.属于四类过程性信息",
           "7.属于行政执法案卷", "8.属于行政查询事项")
UNABLE = ("1.本机关不掌握相关政府信息", "2.没有现成信息需要另行制作", "3.补正后申请内容仍不明确")
NOT_HANDLED = ("1.信访举报投诉类申请", "2.重复申请", "3.要求提供公开出版物",
               "4.无正当理由大量反复申请", "5.要求行政机关确认或重新出具已获取信息")
OTHER_2021 = ("1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
              "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", "3.其他")


def t3_row_keys(fmt: str) -> list[str]:
    """The data rows of table 三, top to bottom, as the vocabulary's row keys (for
    building expected figures)."""
    keys = ["new", "carried_in", "disclosed", "partial"]
    keys += ["refused.state_secret", "refused.prohibited", "refused.security",
             "refused.third_party", "refused.internal", "refused.process",
             "refused.enforcement_file", "refused.inquiry"]
    keys += ["unable.not_held", "unable.needs_creation", "unable.unclear"]
    keys += ["not_handled.petition", "not_handled.duplicate", "not_handled.publication",
             "not_handled.excessive", "not_handled.confirm"]
    keys += ["other.no_correction", "other.no_fee", "other.other"] if fmt == "2021" else ["other"]
    return keys + ["total", "carried_out"]


T3_COLUMN_KEYS = ("natural", "business", "research", "nonprofit", "legal", "other_org", "total")


def t3_values(fmt: str) -> dict[str, list[str]]:
    """Consistent values (every identity holds): row key -> 7 cell texts."""
    keys = t3_row_keys(fmt)
    outcomes = keys[2:-2]
    rows: dict[str, list[int]] = {}
    for r, key in enumerate(outcomes):
        rows[key] = [(r * 3 + c * 5) % 7 for c in range(6)]
    rows["total"] = [sum(rows[k][c] for k in outcomes) for c in range(6)]
    rows["carried_in"] = [c % 3 for c in range(6)]
    rows["carried_out"] = [(c + 1) % 2 for c in range(6)]
    rows["new"] = [rows["total"][c] + rows["carried_out"][c] - rows["carried_in"][c]
                   for c in range(6)]
    return {k: [str(v) for v in rows[k]] + [str(sum(rows[k]))] for k in keys}


def t3_layout(fmt: str, values: dict[str, list[str]]) -> list[list[C]]:
    note = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
    rows = [[C(note, 3, 3), C("申请人情况", 1, 7)],
            [C("自然人", 2), C("法人或其他组织", 1, 5), C("总计", 2)],
            [C(t) for t in APPLICANTS[1:6]]]

    def data(key: str) -> list[C]:
        return [C(v) for v in values[key]]

    rows.append([C("一、本年新收政府信息公开申请数量", 1, 3), *data("new")])
    rows.append([C("二、上年结转政府信息公开申请数量", 1, 3), *data("carried_in")])
    other_items = OTHER_2021 if fmt == "2021" else ()
    span = 2 + len(REFUSED) + len(UNABLE) + len(NOT_HANDLED) + max(len(other_items), 1) + 1
    rows.append([C("三、本年度办理结果", span), C("（一）予以公开", 1, 2), *data("disclosed")])
    rows.append([C("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", 1, 2), *data("partial")])
    keys = iter(t3_row_keys(fmt)[4:])
    for group, items in (("（三）不予公开", REFUSED), ("（四）无法提供", UNABLE),
                         ("（五）不予处理", NOT_HANDLED), ("（六）其他处理", other_items)):
        if not items:
            rows.append([C(group, 1, 2), *data(next(keys))])
            continue
        for i, item in enumerate(items):
            head = [C(group, len(items))] if i == 0 else []
            rows.append([*head, C(item), *data(next(keys))])
    rows.append([C("（七）总计", 1, 2), *data("total")])
    rows.append([C("四、结转下年度继续办理", 1, 3), *data("carried_out")])
    return rows


RESULTS = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")


def t4_layout(values: list[str]) -> list[list[C]]:
    return [[C("行政复议", 1, 5), C("行政诉讼", 1, 10)],
            [*(C(r, 2) for r in RESULTS), C("未经复议直接起诉", 1, 5), C("复议后起诉", 1, 5)],
            [C(r) for r in RESULTS * 2],
            [C(v) for v in values]]


def t2_layout(fmt: str, v: dict[str, list[str]]) -> list[list[C]]:
    """Table 二; `v` maps a row name to its value texts, left to right."""
    def section(item: str, columns: tuple[str, ...], rows: tuple[str, ...]) -> list[list[C]]:
        width = 3 // len(columns)
        out = [[C(f"第二十条第（{item}）项", 1, 4)],
               [C("信息内容"), *(C(c, 1, width if len(columns) < 3 else 1) for c in columns)]]
        for row in rows:
            out.append([C(row), *(C(x, 1, width if len(columns) < 3 else 1) for x in v[row])])
        return out
    if fmt == "2021":
        return (section("一", ("本年制发件数", "本年废止件数", "现行有效件数"), ("规章", "行政规范性文件"))
                + section("五", ("本年处理决定数量",), ("行政许可",))
                + section("六", ("本年处理决定数量",), ("行政处罚", "行政强制"))
                + section("八", ("本年收费金额（单位：万元）",), ("行政事业性收费",)))
    return (section("一", ("本年新制作数量", "本年新公开数量", "对外公开总数量"), ("规章", "规范性文件"))
            + section("五", ("上一年项目数量", "本年增/减", "处理决定数量"), ("行政许可", "其他对外管理服务事项"))
            + section("六", ("上一年项目数量", "本年增/减", "处理决定数量"), ("行政处罚", "行政强制"))
            + [[C("第二十条第（八）项", 1, 4)], [C("信息内容"), C("上一年项目数量"), C("本年增/减", 1, 2)],
               [C("行政事业性收费"), C(v["行政事业性收费"][0]), C(v["行政事业性收费"][1], 1, 2)]]
            + [[C("第二十条第（九）项", 1, 4)], [C("信息内容"), C("采购项目数量"), C("采购总金额", 1, 2)],
               [C("政府集中采购"), C(v["政府集中采购"][0]), C(v["政府集中采购"][1], 1, 2)]])


# --- shapes -----------------------------------------------------------------------------
def _grid(layout: list[list[C]]) -> tuple[dict[tuple[int, int], C], int, int]:
    """Where each cell sits (its top-left position), as HTML lays it out."""
    taken: set[tuple[int, int]] = set()
    placed: dict[tuple[int, int], C] = {}
    for i, row in enumerate(layout):
        j = 0
        for cell in row:
            while (i, j) in taken:
                j += 1
            placed[(i, j)] = cell
            taken.update((i + a, j + b) for a in range(cell.rowspan) for b in range(cell.colspan))
            j += cell.colspan
    return placed, len(layout), max(j for _, j in taken) + 1


def to_html(layout: list[list[C]]) -> bytes:
    rows = "".join("<tr>" + "".join(
        f'<td rowspan="{c.rowspan}" colspan="{c.colspan}">{c.text}</td>' for c in row) + "</tr>"
        for row in layout)
    return (f'<html><body><div class="article-content"><p>表格如下。</p>'
            f"<table border=1>{rows}</table><p>以上为统计表。</p></div></body></html>").encode("utf-8")


def to_markdown(layout: list[list[C]]) -> str:
    """Markdown has no merged cells: the author repeats a merged cell's text."""
    placed, height, width = _grid(layout)
    grid = [[""] * width for _ in range(height)]
    for (i, j), cell in placed.items():
        for a in range(cell.rowspan):
            for b in range(cell.colspan):
                grid[i + a][j + b] = cell.text
    lines = ["| " + " | ".join(grid[0]) + " |", "|" + " --- |" * width]
    lines += ["| " + " | ".join(row) + " |" for row in grid[1:]]
    return "\n".join(lines)


def to_docx(layout: list[list[C]]) -> bytes:
    placed, height, width = _grid(layout)
    document = docx.Document()
    document.add_paragraph("表格如下。")
    table = document.add_table(rows=height, cols=width)
    # table.cell() re-reads the whole grid on every call (seconds for table 三): take the
    # cells once, before merging; a merge keeps the top-left cell of each span valid.
    cells = table._cells
    for (i, j), cell in placed.items():
        target = cells[i * width + j]
        if cell.rowspan > 1 or cell.colspan > 1:
            corner = cells[(i + cell.rowspan - 1) * width + j + cell.colspan - 1]
            target = target.merge(corner)
        target.text = cell.text
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def to_lines(layout: list[list[C]]) -> str:
    """A copied web table: each cell on its own line, in reading order; an empty cell
    leaves no line."""
    return "\n".join(c.text for row in layout for c in row if c.text.strip())


def paragraphs(shape: str, layout: list[list[C]]) -> list[Paragraph]:
    if shape == "html":
        blocks = load_html(to_html(layout), "t.html").blocks
    elif shape == "docx":
        blocks = load_docx(to_docx(layout), "t.docx").blocks
    elif shape == "markdown":
        blocks = tuple(text_blocks("表格如下。\n" + to_markdown(layout) + "\n以上为统计表。"))
    else:
        blocks = tuple(text_blocks("表格如下。\n" + to_lines(layout) + "\n以上为统计表。"))
    blocks = tuple(blocks)
    return split_paragraphs(content_id(shape, *(b.text for b in blocks)), blocks)


SHAPES = ("html", "docx", "markdown", "lines")
__all__ = ["Block", "C", "SHAPES", "paragraphs", "t2_layout", "t3_layout", "t3_values",
           "t3_row_keys", "t4_layout", "T3_COLUMN_KEYS"]
