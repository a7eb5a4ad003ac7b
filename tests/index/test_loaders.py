"""index.loaders on real files built from the bundled reports: every format, every
encoding, every way a file can be unreadable."""

from __future__ import annotations

import hashlib
import io
import random
import re
import zipfile
from pathlib import Path

import pdfplumber
import pytest

from core.errors import LoadError
from index.loaders import load_document
from index.loaders.encoding import decode_bytes
from tests.fixtures_build import (
    NAV_TEXTS,
    TABLE3_2021,
    TABLE3_2021_MERGES,
    build_docx,
    build_html,
    build_pdf,
    build_scanned_pdf,
    corpus_path,
    report_lines,
    report_text,
    table3_2021_long,
    write_encoded_text,
)

MAX = 20 * 1024 * 1024
REPORTS = ["000", "001", "002", "003", "004"]
# Pinyin annotations such as 報(bào): Big5 has no letters with tone marks.
PINYIN = re.compile(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)")


def texts(doc) -> list[str]:
    return [block.text for block in doc.blocks if block.table is None]


def tables(doc):
    return [block.table for block in doc.blocks if block.table is not None]


def as_lists(table) -> list[list[str]]:
    return [list(row) for row in table.rows]


# ------------------------------------------------------------------ text and encodings


@pytest.mark.parametrize("number", REPORTS)
def test_bundled_reports_load_as_one_block_per_line(number):
    path = corpus_path(number)
    doc = load_document(path, MAX)
    assert doc.source == path.name
    assert doc.encoding == "utf-8"
    assert doc.content_hash == hashlib.sha256(path.read_bytes()).hexdigest()
    assert texts(doc) == report_lines(number)
    assert tables(doc) == []


def test_text_blocks_are_stripped_but_verbatim():
    doc = load_document(corpus_path("000"), MAX)
    assert doc.blocks[0].text == "四平市铁西区北沟街道办事处2017年政府信息公开工作年度报告"
    # " 2017年，我街..." (a leading space) and "    信息公开未收取任何费用。" in the file
    assert "2017年，我街主动公开政府信息14条。" in texts(doc)
    assert "信息公开未收取任何费用。" in texts(doc)
    # the nbsp-only line after the title is not a block
    assert doc.blocks[1].text.startswith("本年度报告依据《中华人民共和国政府信息公开条例》")
    traditional = load_document(corpus_path("002"), MAX)
    # not normalised: Traditional script, pinyin and garbled markers stay as written
    assert traditional.blocks[0].text == "臨湘市人民政府長安街道辦事處2019年度政府信息公開工作年度報(bào)告"
    assert "。ㄒ唬┐嬖趩栴}" in texts(traditional)


def test_utf8_with_bom(tmp_path):
    path = write_encoded_text(tmp_path / "bom.txt", report_text("004"), "utf-8", bom=True)
    doc = load_document(path, MAX)
    assert doc.encoding == "utf-8-sig"
    assert texts(doc) == report_lines("004")
    assert doc.blocks[0].text == "果园街道"


def test_utf16_with_bom(tmp_path):
    path = write_encoded_text(tmp_path / "notepad.txt", report_text("001"), "utf-16-le", bom=True)
    doc = load_document(path, MAX)
    assert doc.encoding == "utf-16"
    assert texts(doc) == report_lines("001")


def test_gbk_report(tmp_path):
    # GBK lacks the no-break space of the blank line after the title; a GBK editor
    # would have saved a plain space there.
    text = report_text("000").replace("\u00a0", " ")
    path = write_encoded_text(tmp_path / "北沟街道2017.txt", text, "gbk")
    doc = load_document(path, MAX)
    assert doc.encoding == "gb18030"
    assert doc.source == "北沟街道2017.txt"
    assert doc.content_hash == hashlib.sha256(path.read_bytes()).hexdigest()
    assert texts(doc) == report_lines("000")


def test_gbk_report_cut_mid_character_is_read_with_a_replacement_mark(tmp_path):
    text = report_text("000").replace("\u00a0", " ").rstrip()
    data = text.encode("gbk")
    path = tmp_path / "cut.txt"
    path.write_bytes(data[:-1])  # the last character loses its second byte
    doc = load_document(path, MAX)
    assert doc.encoding == "gb18030"
    assert texts(doc)[:-1] == report_lines("000")[:-1]
    assert texts(doc)[-1] == report_lines("000")[-1][:-1] + "\ufffd"


def test_gb18030_traditional_report_keeps_pinyin_and_garbled_markers(tmp_path):
    path = write_encoded_text(tmp_path / "長安街道.txt", report_text("002"), "gb18030")
    doc = load_document(path, MAX)
    assert doc.encoding == "gb18030"
    assert texts(doc) == report_lines("002")


def test_big5_report(tmp_path):
    # A Big5 edition of the Traditional report: pinyin annotations dropped, and the
    # lines whose GBK-garbled characters Big5 cannot hold left out.
    lines = []
    for line in report_lines("002"):
        line = PINYIN.sub("", line)
        try:
            line.encode("big5")
        except UnicodeEncodeError:
            continue
        lines.append(line)
    assert len(lines) >= 20
    path = write_encoded_text(tmp_path / "長安街道.txt", "\r\n".join(lines) + "\r\n", "big5")
    doc = load_document(path, MAX)
    assert doc.encoding == "big5"
    assert texts(doc) == lines
    assert doc.blocks[0].text == "臨湘市人民政府長安街道辦事處2019年度政府信息公開工作年度報告"


def test_big5_report_saved_with_replacement_characters(tmp_path):
    text = report_text("002")
    path = write_encoded_text(tmp_path / "big5.txt", text, "big5", errors="replace")
    doc = load_document(path, MAX)
    assert doc.encoding == "big5"
    expected = text.encode("big5", errors="replace").decode("big5")
    assert texts(doc) == [line.strip() for line in expected.splitlines() if line.strip()]
    assert doc.blocks[0].text == "臨湘市人民政府長安街道辦事處2019年度政府信息公開工作年度報(b?o)告"


@pytest.mark.parametrize("number,encoding,expected", [
    ("000", "gbk", "gb18030"), ("003", "gbk", "gb18030"), ("004", "gbk", "gb18030"),
    ("002", "big5", "big5"),
])
def test_title_line_alone_is_detected(tmp_path, number, encoding, expected):
    title = PINYIN.sub("", report_lines(number)[0])
    path = write_encoded_text(tmp_path / "title.txt", title, encoding)
    doc = load_document(path, MAX)
    assert (doc.encoding, texts(doc)) == (expected, [title])


def test_short_fragments_of_every_report_decode_exactly():
    """GBK and Big5 overlap: on short texts detectors confuse them. Every line of every
    report, cut to 6, 10, 20 characters and whole, in both encodings, must decode back
    to itself. (The GBK-garbled list markers of report 002 are left out: they are
    mojibake in the original and ambiguous by nature when that short.)"""
    wrong = []
    checked = 0
    for number in REPORTS:
        for line in report_lines(number):
            line = PINYIN.sub("", line)
            if line.startswith("。"):
                continue
            for cut in (6, 10, 20, None):
                fragment = line[:cut]
                for encoding in ("gbk", "big5"):
                    try:
                        data = fragment.encode(encoding)
                    except UnicodeEncodeError:
                        continue
                    if data.isascii():
                        continue
                    checked += 1
                    decoded = decode_bytes(data, "fragment.txt")
                    if decoded.text != fragment:
                        wrong.append((encoding, fragment, decoded.encoding, decoded.text))
    assert checked > 600
    assert wrong == []


def test_markdown_table_is_one_block(tmp_path):
    header = "| " + " | ".join(TABLE3_2021[0]) + " |"
    separator = "|" + " --- |" * len(TABLE3_2021[0])
    body = ["| " + " | ".join(row) + " |" for row in TABLE3_2021[1:]]
    markdown = "\n".join(["# 果园街道2021年政府信息公开工作年度报告", "",
                          "三、收到和处理政府信息公开申请情况", "", header, separator, *body, "",
                          "四、政府信息公开行政复议、行政诉讼情况",
                          "| 行政复议 | 结果维持 |", "|:---:|---:|", "| 本年 | 0 \\| 无 |"])
    path = tmp_path / "report.md"
    path.write_text(markdown, encoding="utf-8")
    doc = load_document(path, MAX)
    assert texts(doc) == ["# 果园街道2021年政府信息公开工作年度报告", "三、收到和处理政府信息公开申请情况",
                          "四、政府信息公开行政复议、行政诉讼情况"]
    first, second = tables(doc)
    assert as_lists(first) == TABLE3_2021
    assert doc.blocks[2].table == first and doc.blocks[2].text == first.to_markdown()
    assert as_lists(second) == [["行政复议", "结果维持"], ["本年", "0 | 无"]]


# ------------------------------------------------------------------------------ html


def test_furniture_texts_are_absent_from_the_reports():
    # otherwise the furniture assertions below could not tell body from navigation
    for number in REPORTS:
        assert not [text for text in NAV_TEXTS if text in report_text(number)]


def test_html_page_gives_body_and_table_without_site_furniture(tmp_path):
    lines = report_lines("001")
    path = build_html(tmp_path / "新碶街道.html", lines[0], lines[1:], TABLE3_2021,
                      table_after=4, merges=TABLE3_2021_MERGES)
    doc = load_document(path, MAX)
    assert doc.title_hint == "新碶街道2013年度政府信息公开工作年度报告_四平市铁西区人民政府"
    assert texts(doc) == lines[1:]
    assert [block.table is not None for block in doc.blocks].index(True) == 4
    assert as_lists(tables(doc)[0]) == TABLE3_2021
    every_text = "\n".join(block.text for block in doc.blocks)
    for furniture in NAV_TEXTS:
        assert furniture not in every_text


def test_html_without_a_known_body_class_falls_back_to_text_density(tmp_path):
    lines = report_lines("003")
    path = build_html(tmp_path / "银州区.htm", lines[0], lines[1:], TABLE3_2021,
                      merges=TABLE3_2021_MERGES, body_class="xl-nr")
    doc = load_document(path, MAX)
    assert texts(doc) == lines[1:]
    assert as_lists(tables(doc)[0]) == TABLE3_2021
    every_text = "\n".join(block.text for block in doc.blocks)
    for furniture in NAV_TEXTS:
        assert furniture not in every_text


def test_html_gbk_page_declaring_gb2312(tmp_path):
    lines = report_lines("000")
    path = build_html(tmp_path / "北沟街道.html", lines[0], lines[1:], encoding="gbk",
                      charset_label="gb2312")
    doc = load_document(path, MAX)
    assert doc.encoding == "gb18030"
    assert texts(doc) == lines[1:]


def test_html_big5_page_without_charset_is_detected(tmp_path):
    lines = [PINYIN.sub("", line) for line in report_lines("002")]
    lines = [line for line in lines if not line.startswith("。")]
    path = build_html(tmp_path / "長安街道.html", lines[0], lines[1:], encoding="big5",
                      declare_charset=False)
    doc = load_document(path, MAX)
    assert doc.encoding == "big5"
    assert texts(doc) == lines[1:]


def test_html_page_declaring_utf8_but_saved_as_gbk(tmp_path):
    lines = report_lines("004")
    path = build_html(tmp_path / "果园街道.html", lines[1], lines[2:], encoding="gbk",
                      charset_label="utf-8")
    doc = load_document(path, MAX)
    assert doc.encoding == "gb18030"
    assert texts(doc) == lines[2:]


def test_html_line_breaks_layout_tables_and_hidden_text(tmp_path):
    page = """<html><head><meta charset="utf-8"><title>年报</title></head><body>
<table width="980"><tr><td class="left"><a href="/">首页</a> <a href="/x">政务公开</a></td>
<td><div id="zoom">
  <p>一、总体情况<br>2017年，我街主动公开
     政府信息14条。<br/><br/>&nbsp;&nbsp;二、主动公开政府信息情况</p>
  <!-- 编辑：张三 -->
  <div style="display: none">隐藏的统计代码</div>
  <p><span>三、</span><strong>依申请</strong>公开情况</p>
  <table border="1"><tr><th>项目</th><th colspan="2">数量</th></tr>
    <tr><td rowspan="2">行政复议</td><td>维持</td><td>0</td></tr>
    <tr><td>纠正</td><td>1<br>件</td></tr></table>
  <p>　　四、存在的主要问题</p>
</div></td></tr></table>
<div class="footer">版权所有</div></body></html>"""
    path = tmp_path / "page.html"
    path.write_text(page, encoding="utf-8")
    doc = load_document(path, MAX)
    assert texts(doc) == ["一、总体情况", "2017年，我街主动公开政府信息14条。", "二、主动公开政府信息情况",
                          "三、依申请公开情况", "四、存在的主要问题"]
    assert as_lists(tables(doc)[0]) == [["项目", "数量", "数量"], ["行政复议", "维持", "0"],
                                        ["行政复议", "纠正", "1件"]]
    assert doc.blocks[4].table is not None


def test_old_style_page_laid_out_with_tables(tmp_path):
    """A page of the 2000s (ASP.NET: all in one <form>): the whole page is a layout
    table, the report a <td> of <br>-separated lines with a data table inside, no
    telling class names."""
    lines = report_lines("000")
    body = "<br>\n".join(lines[1:12])
    page = f"""<html><head><meta charset="gbk"><title>{lines[0]}</title></head><body>
<form id="form1" method="post"><input type="hidden" name="__VIEWSTATE" value="dDwtMTA4">
<table width="100%"><tr><td colspan="2"><b>北沟街道办事处欢迎您</b></td></tr>
<tr><td width="180"><a href="/1">街道概况</a><br><a href="/2">通知公告</a><br><a href="/3">办事指南</a></td>
<td><font size="3">{body}
<table border="1"><tr><td>主动公开</td><td>14条</td></tr><tr><td>累计公开</td><td>58条</td></tr></table>
{lines[12]}</font></td></tr>
<tr><td colspan="2">四平市铁西区北沟街道办事处 主办</td></tr></table></form></body></html>"""
    path = tmp_path / "old.htm"
    path.write_bytes(page.encode("gbk"))
    doc = load_document(path, MAX)
    assert doc.encoding == "gb18030"
    assert doc.title_hint == lines[0]
    assert texts(doc) == lines[1:13]
    assert as_lists(tables(doc)[0]) == [["主动公开", "14条"], ["累计公开", "58条"]]


# ------------------------------------------------------------------------------ docx


def test_docx_paragraphs_and_merged_table_in_document_order(tmp_path):
    lines = report_lines("004")
    title = lines[0] + lines[1]
    path = build_docx(tmp_path / "果园街道2017.docx", title, lines[2:], TABLE3_2021,
                      table_after=6, merges=TABLE3_2021_MERGES)
    doc = load_document(path, MAX)
    assert doc.source == "果园街道2017.docx"
    assert doc.title_hint == "果园街道2017年政府信息公开工作年度报告"
    assert doc.content_hash == hashlib.sha256(path.read_bytes()).hexdigest()
    assert texts(doc) == [title, *lines[2:]]
    assert doc.blocks[7].table is not None  # the title, six paragraphs, then the table
    assert as_lists(doc.blocks[7].table) == TABLE3_2021
    assert doc.blocks[7].text == doc.blocks[7].table.to_markdown()
    assert doc.blocks[8].text == lines[8]


def test_docx_without_core_title_and_with_soft_line_breaks(tmp_path):
    path = build_docx(tmp_path / "r.docx", "银州区政府信息公开工作报告",
                      ["银州区政务公开办公室\n(2019年1月24日)"], core_title="")
    doc = load_document(path, MAX)
    assert doc.title_hint == ""
    assert texts(doc) == ["银州区政府信息公开工作报告", "银州区政务公开办公室", "(2019年1月24日)"]


# ------------------------------------------------------------------------------- pdf


def test_pdf_paragraphs_rejoined_across_lines_and_pages_with_table(tmp_path):
    lines = report_lines("003")
    path = build_pdf(tmp_path / "银州区2018.pdf", lines[0], lines[1:], TABLE3_2021,
                     table_after=5, merges=TABLE3_2021_MERGES, running_head="银州区人民政府办公室印")
    assert len(pdfplumber.open(path).pages) >= 3
    doc = load_document(path, MAX)
    assert doc.title_hint == "银州区政府信息公开工作报告"
    # the title, then every paragraph whole: no page numbers, no running head
    assert texts(doc) == lines
    assert doc.blocks[6].table is not None
    assert as_lists(doc.blocks[6].table) == TABLE3_2021
    # the table's text is not repeated as lines
    for cell in ("申请人情况", "法人或其他组织", "（一）予以公开"):
        assert not any(cell in text for text in texts(doc))


def test_pdf_table_split_over_a_page_break_is_one_table(tmp_path):
    rows, merges = table3_2021_long()
    lines = report_lines("004")
    path = build_pdf(tmp_path / "long.pdf", lines[0] + lines[1], lines[2:], rows,
                     table_after=3, merges=merges)
    with pdfplumber.open(path) as pdf:  # the fixture really breaks the table
        assert sum(1 for page in pdf.pages if page.find_tables()) == 2
    doc = load_document(path, MAX)
    assert [as_lists(table) for table in tables(doc)] == [rows]
    assert texts(doc) == [lines[0] + lines[1], *lines[2:]]
    assert doc.blocks[4].table is not None


@pytest.mark.parametrize("build,suffix", [(build_docx, ".docx"), (build_html, ".html")])
def test_full_table_3_with_nested_merges(tmp_path, build, suffix):
    rows, merges = table3_2021_long()
    path = build(tmp_path / f"table{suffix}", "长安街道2021年政府信息公开工作年度报告",
                 ["三、收到和处理政府信息公开申请情况"], rows, merges=merges)
    doc = load_document(path, MAX)
    assert [as_lists(table) for table in tables(doc)] == [rows]


@pytest.mark.parametrize("number", REPORTS)
def test_pdf_of_every_report_gives_its_paragraphs_back(tmp_path, number):
    # (A space where a line wraps is lost in any PDF; at this size no wrap of these
    # reports falls on one, so the round trip is exact.)
    lines = report_lines(number)
    path = build_pdf(tmp_path / f"{number}.pdf", lines[0], lines[1:], font_size=10)
    doc = load_document(path, MAX)
    assert texts(doc) == lines


def test_scanned_pdf_is_refused(tmp_path):
    path = build_scanned_pdf(tmp_path / "扫描件.pdf")
    with pytest.raises(LoadError) as caught:
        load_document(path, MAX)
    assert caught.value.source == "扫描件.pdf"
    assert "文本层" in caught.value.reason


def test_encrypted_pdf_is_refused(tmp_path):
    from reportlab.pdfgen import canvas

    path = tmp_path / "locked.pdf"
    pdf = canvas.Canvas(str(path), encrypt="secret")
    pdf.drawString(72, 700, "annual report")
    pdf.save()
    with pytest.raises(LoadError, match="加密"):
        load_document(path, MAX)


# ----------------------------------------------------------------------- bad inputs


def _docx_with(tmp_path: Path, name: str, replace: dict[str, bytes | None]) -> Path:
    good = build_docx(tmp_path / "good.docx", "标题", ["正文。"])
    out = io.BytesIO()
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            if item.filename in replace:
                if replace[item.filename] is not None:
                    target.writestr(item.filename, replace[item.filename])
            else:
                target.writestr(item, source.read(item.filename))
    path = tmp_path / name
    path.write_bytes(out.getvalue())
    return path


@pytest.fixture(scope="module")
def bad_files(tmp_path_factory) -> dict[str, tuple[Path, str]]:
    """name -> (file, a word the reason must contain)"""
    tmp_path = tmp_path_factory.mktemp("bad")
    rnd = random.Random(7)
    noise = bytes(rnd.randrange(1, 256) for _ in range(3000))  # no NUL, not text
    pdf = build_pdf(tmp_path / "full.pdf", "标题", ["正文。"] * 30)
    files = {
        "missing.txt": (None, "不存在"),
        "empty.txt": (b"", "为空"),
        "blank.txt": ("  \r\n\u3000\u3000\n\t\n".encode("utf-8"), "空白"),
        "blank.html": (b"<html><head><script>var a=1;</script></head><body> </body></html>", "空白"),
        "nul.txt": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + noise, "二进制"),
        "noise.md": (noise, "编码"),
        "japanese.txt": ("情報公開制度に関する年次報告書です。本年度の開示請求は十二件でした。".encode("shift_jis"), "编码"),
        "report.doc": (b"\xd0\xcf\x11\xe0 old word", ".docx"),
        "table.xlsx": (b"PK\x03\x04", "不支持"),
        "notzip.docx": ("这不是一个 Word 文件".encode("utf-8"), "docx"),
        "notpdf.pdf": (b"hello, not a pdf", "PDF"),
        "truncated.pdf": (pdf.read_bytes()[:1500], "PDF"),
    }
    paths = {}
    for name, (data, word) in files.items():
        path = tmp_path / name
        if data is not None:
            path.write_bytes(data)
        paths[name] = (path, word)
    paths["nodocument.docx"] = (_docx_with(tmp_path, "nodocument.docx", {"word/document.xml": None}), "docx")
    paths["badxml.docx"] = (_docx_with(tmp_path, "badxml.docx", {"word/document.xml": b"<w:document><w:body>"}), "docx")
    folder = tmp_path / "folder.txt"
    folder.mkdir()
    paths["folder.txt"] = (folder, "不是文件")
    return paths


BAD_NAMES = ["missing.txt", "empty.txt", "blank.txt", "blank.html", "nul.txt", "noise.md", "japanese.txt",
             "report.doc", "table.xlsx", "notzip.docx", "notpdf.pdf", "truncated.pdf",
             "nodocument.docx", "badxml.docx", "folder.txt"]


@pytest.mark.parametrize("name", BAD_NAMES)
def test_unreadable_files_raise_load_error_naming_the_file(bad_files, name):
    path, word = bad_files[name]
    with pytest.raises(LoadError) as caught:
        load_document(path, MAX)
    assert caught.value.source == name
    assert str(caught.value).startswith(f"{name}: ")
    assert word in caught.value.reason


def test_file_over_the_size_limit_is_refused(tmp_path):
    path = corpus_path("001")
    size = path.stat().st_size
    assert load_document(path, size).source == path.name  # exactly at the limit: fine
    with pytest.raises(LoadError) as caught:
        load_document(path, size - 1)
    assert caught.value.source == path.name
    assert "上限" in caught.value.reason
