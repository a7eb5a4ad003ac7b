"""Table 三 in a real PDF, running over a page break with the page footer and the header
rows repeated on the next page (issue 11, Deliver 2: PDF tables, ruled and unruled,
across page breaks). The cells must read into the schema exactly as the same table on
one page (the HTML table of tests/table_shapes.py), and no page number becomes a cell.

Before: in the unruled PDF the last row of the first page was joined to the next page's
repeated header (`…查询事项 6 4 2 0 5 3 20申请人情况`, the loader took it for a
wrapped line), a group printed on its first item's line (`（四）无法提供 1.本机关不掌握…`)
gave its item's words to every item below it, and the long 2021 label of （六）1. with
its numbers was too long to be a table line: 84 of 175 cells read, 14 of them wrong.
"""

from __future__ import annotations

import pdfplumber
import pytest

from core.models import content_id
from index.figures import extract_figures
from index.loaders import load_document
from index.paragraphs import split_paragraphs
from tests.index.pdf_table_pages import HEADER_ROWS, ruled_pdf, unruled_pdf
from tests.index.test_table_text_shapes import REPORT
from tests.table_shapes import paragraphs, t3_layout, t3_values

HEADER_LINES = ("申请人情况", "自然人 法人或其他组织 总计",
                "商业企业 科研机构 社会公益组织 法律服务机构 其他")


def _cells(paras):
    result = extract_figures(REPORT, paras)
    cells = {f.metric: f.value for f in result.figures if f.metric[:3] in ("t2.", "t3.", "t4.")}
    return cells, result


def _from_pdf(path):
    doc = load_document(path, 10_000_000)
    paras = split_paragraphs(content_id(*(b.text for b in doc.blocks)), doc.blocks)
    return _cells(paras)


def _one_page(fmt: str) -> dict[str, float]:
    cells, _ = _cells(paragraphs("html", t3_layout(fmt, t3_values(fmt))))
    assert len(cells) == 7 * (25 if fmt == "2021" else 23)  # every cell of the form
    return cells


def _text_rows(fmt: str) -> list[tuple[str, list[str]]]:
    """The layout's data rows as a PDF prints them without borders: the labels that
    start on the row, then the seven numbers."""
    layout = t3_layout(fmt, t3_values(fmt))
    return [(" ".join(c.text for c in row[:-7]), [c.text for c in row[-7:]])
            for row in layout[HEADER_ROWS:]]


@pytest.mark.parametrize("fmt", ["2021", "2019"])
@pytest.mark.parametrize("break_before", [8, 14, 20])
def test_ruled_table_over_a_page_break_reads_as_on_one_page(tmp_path, fmt, break_before):
    path = ruled_pdf(tmp_path / "t3.pdf", t3_layout(fmt, t3_values(fmt)), break_before)
    with pdfplumber.open(path) as pdf:  # the fixture really breaks the table
        assert [len(page.find_tables()) for page in pdf.pages] == [1, 1]
        assert all("申请人情况" in page.extract_text() for page in pdf.pages)
        assert "- 1 -" in pdf.pages[0].extract_text()
    cells, result = _from_pdf(path)
    assert cells == _one_page(fmt)
    assert result.warnings == []


@pytest.mark.parametrize("footer", ["- {n} -", "第 {n} 页 共 2 页", "{n}"])
@pytest.mark.parametrize("fmt,break_before", [("2021", 12), ("2021", 5), ("2019", 16)])
def test_unruled_table_over_a_page_break_reads_as_on_one_page(tmp_path, fmt, break_before,
                                                              footer):
    path = unruled_pdf(tmp_path / "t3.pdf", _text_rows(fmt), break_before, HEADER_LINES,
                       footer=footer)
    with pdfplumber.open(path) as pdf:
        first, second = (page.extract_text() for page in pdf.pages)
    assert footer.format(n=1) in first and HEADER_LINES[0] in second
    cells, result = _from_pdf(path)
    assert cells == _one_page(fmt)
    assert result.warnings == []
    # every figure quotes its own row as printed, label and numbers, never the footer
    printed = {f"{label} {' '.join(values)}" for label, values in _text_rows(fmt)}
    for figure in result.figures:
        if figure.metric.startswith("t3."):
            # (`三、本年度办理结果 （一）予以公开 …` is cut into a heading and its row)
            assert any(row.endswith(figure.quote) and len(figure.quote.split()) > 7
                       for row in printed), figure.quote

def test_the_last_row_of_a_page_is_not_joined_to_the_next_pages_header(tmp_path):
    path = unruled_pdf(tmp_path / "t3.pdf", _text_rows("2021"), 12, HEADER_LINES)
    texts = [b.text for b in load_document(path, 10_000_000).blocks]
    assert not any("20申请人情况" in t or t.endswith("申请人情况") and t != "申请人情况"
                   for t in texts)
