"""Build real report files (.docx, .pdf, .html, legacy-encoded .txt) inside tests, from
the bundled reports' text. Nothing here is a mock: each file is written by the library
a real author would use (python-docx, reportlab) or is the page a government site
serves, and the loaders read it back with their real parsers.

    from tests.fixtures_build import build_docx, report_lines, TABLE3_2021
    path = build_docx(tmp_path / "果园街道.docx", title, report_lines("004")[1:], TABLE3_2021)

Table rows are given *expanded*: a merged cell's text is written into every position it
covers, which is exactly what the loaders return. `merges` lists the merged areas as
(row, col, rowspan, colspan); the builders check the rows agree with them.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from pathlib import Path

CORPUS = Path(__file__).resolve().parent.parent / "corpus"

Rows = Sequence[Sequence[str]]
Merge = tuple[int, int, int, int]  # row, col, rowspan, colspan

# A fragment of the 2021-format table 三 (收到和处理政府信息公开申请情况). The first two
# rows carry merged headers, repeated into each position they cover.
TABLE3_2021: list[list[str]] = [
    ["本年度情况", "本年度情况", "申请人情况", "申请人情况", "申请人情况", "申请人情况"],
    ["本年度情况", "本年度情况", "自然人", "法人或其他组织", "法人或其他组织", "总计"],
    ["本年度情况", "本年度情况", "自然人", "商业企业", "科研机构", "总计"],
    ["一、本年新收政府信息公开申请数量", "一、本年新收政府信息公开申请数量", "5", "1", "0", "6"],
    ["二、上年结转政府信息公开申请数量", "二、上年结转政府信息公开申请数量", "0", "0", "0", "0"],
    ["三、本年度办理结果", "（一）予以公开", "3", "1", "0", "4"],
    ["三、本年度办理结果", "（二）部分公开", "1", "0", "0", "1"],
    ["三、本年度办理结果", "（七）总计", "5", "1", "0", "6"],
]
TABLE3_2021_MERGES: list[Merge] = [
    (0, 0, 3, 2),  # 本年度情况
    (0, 2, 1, 4),  # 申请人情况
    (1, 2, 2, 1),  # 自然人
    (1, 3, 1, 2),  # 法人或其他组织
    (1, 5, 2, 1),  # 总计
    (3, 0, 1, 2),
    (4, 0, 1, 2),
    (5, 0, 3, 1),  # 三、本年度办理结果
]



def table3_2021_long() -> tuple[list[list[str]], list[Merge]]:
    """The full row structure of the 2021-format table 三 (three label columns), with
    three applicant columns: long enough to run over a page break. Counts are
    consistent: per column 一+二 = （七）总计 + 四."""
    sub = {
        "（三）不予公开": ["1.属于国家秘密", "2.其他法律行政法规禁止公开", "3.危及“三安全一稳定”",
                     "4.保护第三方合法权益", "5.属于三类内部事务信息", "6.属于四类过程性信息",
                     "7.属于行政执法案卷", "8.属于行政查询事项"],
        "（四）无法提供": ["1.本机关不掌握相关政府信息", "2.没有现成信息需要另行制作", "3.补正后申请内容仍不明确"],
        "（五）不予处理": ["1.信访举报投诉类申请", "2.重复申请", "3.要求提供公开出版物",
                     "4.无正当理由大量反复申请", "5.要求行政机关确认或重新出具已获取信息"],
        "（六）其他处理": ["1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
                     "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
                     "3.其他"],
    }
    head = "本年度情况"
    rows: list[list[str]] = [[head] * 3 + ["申请人情况"] * 3, [head] * 3 + ["自然人", "商业企业", "总计"]]
    merges: list[Merge] = [(0, 0, 2, 3), (0, 3, 1, 3)]

    def add(labels: list[str], counts: tuple[int, int]) -> None:
        rows.append(labels + [str(counts[0]), str(counts[1]), str(sum(counts))])

    add(["一、本年新收政府信息公开申请数量"] * 3, (7, 2))
    merges.append((len(rows) - 1, 0, 1, 3))
    add(["二、上年结转政府信息公开申请数量"] * 3, (1, 0))
    merges.append((len(rows) - 1, 0, 1, 3))
    result_start = len(rows)
    for label, counts in (("（一）予以公开", (4, 1)), ("（二）部分公开", (1, 0))):
        add(["三、本年度办理结果", label, label], counts)
        merges.append((len(rows) - 1, 1, 1, 2))
    for label, reasons in sub.items():
        first = len(rows)
        for k, reason in enumerate(reasons):
            counts = (1, 0) if (label, k) in {("（三）不予公开", 0), ("（四）无法提供", 0)} else (0, 0)
            add(["三、本年度办理结果", label, reason], counts)
        merges.append((first, 1, len(reasons), 1))
    add(["三、本年度办理结果", "（七）总计", "（七）总计"], (7, 1))
    merges.append((len(rows) - 1, 1, 1, 2))
    merges.append((result_start, 0, len(rows) - result_start, 1))
    add(["四、结转下年度继续办理"] * 3, (1, 1))
    merges.append((len(rows) - 1, 0, 1, 3))
    return rows, merges


# Text that only the site's furniture holds: none of it may reach a block.
# (Chosen so that no bundled report contains them.)
NAV_TEXTS = ("返回首页", "便民大厅", "走进铁西", "当前位置", "年报专栏", "网站地图", "无障碍浏览",
             "部门网站", "区教育局", "发布时间", "分享到", "主办单位", "版权所有", "辽ICP备",
             "统计代码", "访问量", "document.write", ".nav li")


def corpus_path(number: str) -> Path:
    """The bundled report whose file name starts with `number` ("000" ... "004")."""
    (path,) = CORPUS.glob(f"{number}_*.txt")
    return path


def report_text(number: str) -> str:
    return corpus_path(number).read_text(encoding="utf-8")


def report_lines(number: str) -> list[str]:
    """The report's non-empty lines, stripped: what a text loader returns as blocks."""
    return [line.strip() for line in report_text(number).splitlines() if line.strip()]


def write_encoded_text(path: Path, text: str, encoding: str, errors: str = "strict",
                       bom: bool = False) -> Path:
    """Write `text` in a legacy or Unicode encoding. With errors="replace", characters
    the encoding lacks become "?", as an old editor would save them."""
    data = text.encode(encoding, errors=errors)
    if bom:
        data = "\ufeff".encode(encoding) + data
    path.write_bytes(data)
    return path


def _check_merges(rows: Rows, merges: Sequence[Merge]) -> dict[tuple[int, int], Merge]:
    """Map each covered position to its merge, checking the rows repeat the anchor text."""
    covered: dict[tuple[int, int], Merge] = {}
    for merge in merges:
        r, c, rs, cs = merge
        for i in range(r, r + rs):
            for j in range(c, c + cs):
                if rows[i][j] != rows[r][c]:
                    raise ValueError(f"cell ({i},{j}) is inside merge {merge} but differs from its anchor")
                covered[(i, j)] = merge
    return covered


def _split_at(paragraphs: Sequence[str], table_after: int | None) -> tuple[list[str], list[str]]:
    at = len(paragraphs) if table_after is None else table_after
    return list(paragraphs[:at]), list(paragraphs[at:])


# --------------------------------------------------------------------------- docx


# Word list levels as a Chinese report numbers its headings: 一、 / （一） / 1.
NUMBERED_LEVELS = (("chineseCounting", "%1、"), ("chineseCounting", "（%2）"), ("decimal", "%3."))


def build_numbered_docx(path: Path, title: str, items: Sequence[tuple[int | None, str]],
                        *, by_style: bool = False, restart_at: int | None = None) -> Path:
    """A Word document whose headings are numbered by Word itself (the numbers are not in
    the text): `items` are (list level or None for a plain paragraph, text). With
    `by_style` the level-0 headings get their number from the paragraph style
    "Heading 1" (as Word's outline numbering does) rather than from the paragraph.
    `restart_at`: item index from which a second list instance restarts at 一."""
    import docx
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls, qn

    document = docx.Document()
    document.add_paragraph(title, style="Title")
    numbering = document.part.numbering_part.element
    levels = "".join(
        f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
        f'<w:lvlText w:val="{text}"/></w:lvl>' for i, (fmt, text) in enumerate(NUMBERED_LEVELS))
    numbering.insert(0, parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="90">{levels}</w:abstractNum>'))
    for num_id in ("91", "92"):
        numbering.append(parse_xml(
            f'<w:num {nsdecls("w")} w:numId="{num_id}"><w:abstractNumId w:val="90"/></w:num>'))
    heading = document.styles["Heading 1"]
    if by_style:
        heading.element.get_or_add_pPr().append(parse_xml(
            f'<w:numPr {nsdecls("w")}><w:ilvl w:val="0"/><w:numId w:val="91"/></w:numPr>'))
    for index, (level, text) in enumerate(items):
        if level is None:
            document.add_paragraph(text)
            continue
        if by_style and level == 0:
            document.add_paragraph(text, style=heading)
            continue
        paragraph = document.add_paragraph(text)
        num_id = "92" if restart_at is not None and index >= restart_at else "91"
        paragraph._p.get_or_add_pPr().append(parse_xml(
            f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/>'
            f'<w:numId w:val="{num_id}"/></w:numPr>'))
        assert paragraph._p.pPr.find(qn("w:numPr")) is not None
    document.save(str(path))
    return path


def build_docx(path: Path, title: str, paragraphs: Sequence[str], table_rows: Rows | None = None,
               *, table_after: int | None = None, merges: Sequence[Merge] = (),
               core_title: str | None = None) -> Path:
    """A Word document: `title` as its first paragraph, then the paragraphs, with the
    table after paragraph number `table_after` (default: at the end). The core
    property title is `core_title` (default: `title`; "" leaves it unset)."""
    import docx

    document = docx.Document()
    document.core_properties.title = title if core_title is None else core_title
    document.add_paragraph(title, style="Title")
    before, after = _split_at(paragraphs, table_after)
    for text in before:
        document.add_paragraph(text)
    if table_rows:
        covered = _check_merges(table_rows, merges)
        table = document.add_table(rows=len(table_rows), cols=len(table_rows[0]))
        table.style = "Table Grid"
        for r, c, rs, cs in merges:  # merge first: python-docx concatenates merged texts
            table.cell(r, c).merge(table.cell(r + rs - 1, c + cs - 1))
        for i, row in enumerate(table_rows):
            for j, text in enumerate(row):
                merge = covered.get((i, j))
                if merge is None or merge[:2] == (i, j):
                    table.cell(i, j).text = text
    for text in after:
        document.add_paragraph(text)
    document.save(str(path))
    return path


# ---------------------------------------------------------------------------- pdf

PAGE_MARGIN = 72.0
A4_HEIGHT = 841.8897637795277  # points, as reportlab.lib.pagesizes.A4


def build_pdf(path: Path, title: str, paragraphs: Sequence[str], table_rows: Rows | None = None,
              *, table_after: int | None = None, merges: Sequence[Merge] = (),
              font_size: float = 11.0, table_font_size: float = 9.0,
              page_numbers: bool = True, running_head: str = "") -> Path:
    """A PDF with a text layer, typeset as a Chinese report: a centred title, paragraphs
    opening with a two-character indent and wrapped at the margin (never inside a Latin
    word or number), a ruled table (cells wrapped to fit), page numbers "- n -", and
    `running_head` (if given) at the top of every page.
    Uses reportlab's built-in CID font STSong-Light, so no font file is needed."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    font = "STSong-Light"
    if font not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(font))
    width, height = A4
    usable = width - 2 * PAGE_MARGIN
    pdf = canvas.Canvas(str(path), pagesize=A4)
    pdf.setTitle(title)
    state = {"y": height - PAGE_MARGIN, "page": 1}

    def new_page() -> None:
        pdf.setFont(font, 9)
        if page_numbers:
            pdf.drawCentredString(width / 2, PAGE_MARGIN / 2, f"- {state['page']} -")
        if running_head:
            pdf.drawRightString(width - PAGE_MARGIN, height - PAGE_MARGIN / 2, running_head)
        pdf.showPage()
        state["page"] += 1
        state["y"] = height - PAGE_MARGIN

    def need(space: float) -> None:
        if state["y"] - space < PAGE_MARGIN:
            new_page()

    def measure(text: str, size: float) -> float:
        return pdfmetrics.stringWidth(text, font, size)

    title_size = font_size + 5
    need(title_size * 2)
    pdf.setFont(font, title_size)
    pdf.drawCentredString(width / 2, state["y"] - title_size, title)
    state["y"] -= title_size * 2.2

    def paragraph(text: str) -> None:
        leading = font_size * 1.6
        lines = _wrap(text, usable, lambda s: measure(s, font_size), first_indent=2 * font_size)
        for k, line in enumerate(lines):
            need(leading)
            pdf.setFont(font, font_size)
            x = PAGE_MARGIN + (2 * font_size if k == 0 else 0)
            pdf.drawString(x, state["y"] - font_size, line)
            state["y"] -= leading

    before, after = _split_at(paragraphs, table_after)
    for text in before:
        paragraph(text)
    if table_rows:
        state["y"] -= font_size * 0.5
        _draw_table(pdf, font, table_font_size, table_rows, merges, usable, state, need, measure)
        state["y"] -= font_size * 0.8
    for text in after:
        paragraph(text)
    new_page()
    pdf.save()
    return path


def _wrap(text: str, width: float, measure, first_indent: float = 0.0) -> list[str]:
    """Greedy line breaking by characters; a run of Latin letters (pinyin included) or
    digits is kept whole, as word processors do."""
    tokens: list[str] = []
    for ch in text:
        if tokens and _is_latin(ch) and _is_latin(tokens[-1][-1]):
            tokens[-1] += ch
        else:
            tokens.append(ch)
    lines, line, limit = [], "", width - first_indent
    for token in tokens:
        if line and measure(line + token) > limit:
            lines.append(line)
            line, limit = "", width
        line += token
    if line:
        lines.append(line)
    return lines


def _is_latin(ch: str) -> bool:
    return ch.isalnum() and ord(ch) < 0x2E80


def _draw_table(pdf, font, size, rows: Rows, merges, usable, state, need, measure) -> None:
    covered = _check_merges(rows, merges)
    ncols = len(rows[0])
    pad = size * 0.4
    natural = [max(measure(row[j], size) for row in rows) + 2 * pad for j in range(ncols)]
    scale = min(1.0, usable / sum(natural))
    widths = [max(w * scale, 2 * size + 2 * pad) for w in natural]
    if sum(widths) > usable + 1:
        raise ValueError("table too wide for the page: use shorter cells or a smaller font")
    xs = [PAGE_MARGIN + sum(widths[:j]) for j in range(ncols + 1)]
    leading = size * 1.3

    def cell_lines(i: int, j: int) -> list[str]:
        r, c, rs, cs = covered.get((i, j), (i, j, 1, 1))
        span_width = xs[c + cs] - xs[c] - 2 * pad
        return _wrap(rows[i][j], span_width, lambda s: measure(s, size))

    heights = []
    for i in range(len(rows)):
        tallest = 1
        for j in range(ncols):
            r, c, rs, cs = covered.get((i, j), (i, j, 1, 1))
            if rs == 1:
                tallest = max(tallest, len(cell_lines(i, j)))
        heights.append(tallest * leading + 2 * pad)
    # Rows are kept together where a merged cell spans them; between such groups the
    # table may break onto the next page, as word processors do.
    groups, start = [], 0
    while start < len(rows):
        end = start + 1
        k = start
        while k < end:
            end = max([end] + [r + rs for (r, c, rs, cs) in covered.values() if r == k])
            k += 1
        groups.append((start, end))
        start = end
    pdf.setLineWidth(0.6)
    for first, last in groups:
        height = sum(heights[first:last])
        if height > A4_HEIGHT - 2 * PAGE_MARGIN:
            raise ValueError("merged rows taller than a page")
        need(height)
        pdf.setFont(font, size)
        ys = {i: state["y"] - sum(heights[first:i]) for i in range(first, last + 1)}
        for i in range(first, last):
            for j in range(ncols):
                r, c, rs, cs = covered.get((i, j), (i, j, 1, 1))
                if (r, c) != (i, j):
                    continue  # drawn with its anchor
                x0, x1 = xs[c], xs[c + cs]
                y_top, y_bottom = ys[r], ys[r + rs]
                pdf.rect(x0, y_bottom, x1 - x0, y_top - y_bottom)
                lines = cell_lines(i, j)
                text_top = (y_top + y_bottom) / 2 + len(lines) * leading / 2
                for k, line in enumerate(lines):
                    pdf.drawString(x0 + pad, text_top - (k + 1) * leading + (leading - size) / 2 + size * 0.15,
                                   line)
        state["y"] = ys[last]


def build_scanned_pdf(path: Path, pages: int = 2) -> Path:
    """A PDF like a scan: each page holds only an image (grey stripes where the lines
    of text were), no text layer."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from PIL import Image, ImageDraw

    image = Image.new("L", (420, 600), 255)
    draw = ImageDraw.Draw(image)
    for k in range(20):
        draw.rectangle((30, 40 + k * 26, 390 - (k % 3) * 40, 52 + k * 26), fill=60)
    from reportlab.pdfgen import canvas

    pdf = canvas.Canvas(str(path), pagesize=A4)
    for _ in range(pages):
        pdf.drawImage(ImageReader(image), PAGE_MARGIN, PAGE_MARGIN, width=A4[0] - 2 * PAGE_MARGIN,
                      height=A4[1] - 2 * PAGE_MARGIN)
        pdf.showPage()
    pdf.save()
    return path


# --------------------------------------------------------------------------- html


def build_html(path: Path, title: str, paragraphs: Sequence[str], table_rows: Rows | None = None,
               *, table_after: int | None = None, merges: Sequence[Merge] = (),
               encoding: str = "utf-8", charset_label: str | None = None,
               declare_charset: bool = True, body_class: str = "TRS_Editor",
               site: str = "四平市铁西区人民政府") -> Path:
    """A report page as a government site serves it: header with the site name and
    navigation, breadcrumb, sidebar, the title and publication line, the report body in
    `<div class="{body_class}">` (paragraphs, then a table with rowspan/colspan), a share
    bar, a footer, scripts and styles. Every piece of furniture text is in NAV_TEXTS.

    The page is encoded with `encoding` (characters it lacks as &#...; references) and declares `charset_label` (default: the
    same) in a meta tag unless `declare_charset` is False. Long paragraphs are broken
    across source lines between two Chinese characters, as CMS editors do."""
    label = charset_label or encoding
    meta = f'<meta http-equiv="Content-Type" content="text/html; charset={label}">' if declare_charset else ""
    before, after = _split_at(paragraphs, table_after)
    body = [_html_paragraph(text) for text in before]
    if table_rows:
        body.append(_html_table(table_rows, merges))
    body.extend(_html_paragraph(text) for text in after)
    nav = "".join(f'<li><a href="/{k}/">{name}</a></li>' for k, name in
                  enumerate(["返回首页", "便民大厅", "走进铁西"]))
    page = f"""<!DOCTYPE html>
<html>
<head>
{meta}
<title>{html.escape(title)}_{site}</title>
<style>.nav li {{ float: left; }} .TRS_Editor p {{ text-indent: 2em; }}</style>
<script>var _hmt = _hmt || []; document.write("统计代码");</script>
</head>
<body>
<div class="header">
  <div class="logo">{site}</div>
  <div class="top-links"><a href="/map">网站地图</a> | <a href="/wza">无障碍浏览</a></div>
  <ul class="nav">{nav}</ul>
</div>
<div class="position">当前位置：<a href="/">返回首页</a> &gt; <a href="/zwgk/">年报专栏</a> &gt; 正文</div>
<div class="main-wrap">
  <div class="sidebar"><h3>部门网站</h3><ul><li><a href="/a">区教育局</a></li><li><a href="/b">区民政局</a></li></ul></div>
  <div class="detail-wrap">
    <h1 class="title">{html.escape(title)}</h1>
    <div class="info">发布时间：2018-01-20　来源：{site}办公室</div>
    <div class="{body_class}">
{chr(10).join(body)}
    </div>
    <div class="share">分享到：<a href="#">微信</a> <a href="#">微博</a></div>
  </div>
</div>
<div class="footer">
  <p>主办单位：{site}办公室　联系电话：0434-1234567</p>
  <p>版权所有：{site}　备案号：辽ICP备05000000号</p>
</div>
<script type="text/javascript">document.write('<span>访问量</span>');</script>
</body>
</html>
"""
    # Characters the encoding lacks become numeric references, as CMSs write them.
    path.write_bytes(page.encode(encoding, errors="xmlcharrefreplace"))
    return path


def _html_paragraph(text: str, width: int = 40) -> str:
    """<p> with the source broken every `width` characters where two Chinese characters
    meet (a browser shows no space there, and neither must the loader)."""
    pieces, start = [], 0
    for k in range(width, len(text), width):
        if _is_han(text[k - 1]) and _is_han(text[k]):
            pieces.append(text[start:k])
            start = k
    pieces.append(text[start:])
    return '<p style="text-indent:2em">' + "\n".join(html.escape(p) for p in pieces) + "</p>"


def _is_han(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


def _html_table(rows: Rows, merges: Sequence[Merge]) -> str:
    covered = _check_merges(rows, merges)
    out = ['<table border="1" cellspacing="0" cellpadding="0" width="100%"><tbody>']
    for i, row in enumerate(rows):
        cells = []
        for j, text in enumerate(row):
            r, c, rs, cs = covered.get((i, j), (i, j, 1, 1))
            if (r, c) != (i, j):
                continue
            spans = (f' rowspan="{rs}"' if rs > 1 else "") + (f' colspan="{cs}"' if cs > 1 else "")
            cells.append(f'<td{spans}><p align="center"><span>{html.escape(text)}</span></p></td>')
        out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</tbody></table>")
    return "\n".join(out)
