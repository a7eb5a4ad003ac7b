"""Golden tests on real tables (issue 11): the 16 realdev files whose saved text holds
rows of the official tables, in every shape that corpus has (`|` rows, one cell a line
with and without `|`, cells in blank-line paragraphs, shredded rows, labels without
values, PDF text with one-character-a-line headers). Every cell is listed by hand in
tests/fixtures/realdev_tables/golden.json; the extractor must give exactly those."""

from __future__ import annotations

import re

import pytest

from benchmarks.realdev_tables import FIXTURES, expected_cells, golden, read
from benchmarks.figures_eval import load_report
from core.vocabulary import T2_ROWS, T3_ROWS, T4_CASES
from index.figures import extract_figures

GOLDEN = golden()


@pytest.mark.parametrize("name", sorted(GOLDEN))
def test_every_cell_exactly(name):
    figures, _ = read(name)
    got = {f.metric: (f.value, f.unit) for f in figures}
    assert got == expected_cells(GOLDEN[name])
    assert len(figures) == len(got)  # no cell read twice


@pytest.mark.parametrize("name", sorted(n for n in GOLDEN if GOLDEN[n].get("warnings")))
def test_warnings_say_what_was_not_read_or_does_not_add_up(name):
    _, warnings = read(name)
    for wanted in GOLDEN[name]["warnings"]:
        assert any(wanted in w for w in warnings), (wanted, warnings)


@pytest.mark.parametrize("name", sorted(GOLDEN))
def test_quotes_are_verbatim_and_labels_come_from_the_schema(name):
    report, paragraphs = load_report(FIXTURES / name)
    by_id = {p.id: p for p in paragraphs}
    for figure in extract_figures(report, paragraphs).figures:
        if not figure.metric.startswith(("t2.", "t3.", "t4.")):
            continue
        paragraph = by_id[figure.paragraph_id]
        assert paragraph.text[figure.span[0]:figure.span[1]] == figure.quote
        assert figure.label in {**T2_ROWS, **T3_ROWS, **T4_CASES}.values()
        assert (figure.row, figure.column) == tuple(figure.metric[3:].rsplit(".", 1))
        # the quote is the row as it stands: whole lines (one for a `|` row or PDF text,
        # several for a table saved one cell a line), label and numbers together
        start, end = figure.span
        before, after = paragraph.text[:start], paragraph.text[end:]
        assert before.rsplit("\n", 1)[-1].strip() == "" and after.split("\n", 1)[0].strip() == ""
        if len(re.findall(r"[^|\s]+", paragraph.text)) > 1 and "\n" not in paragraph.text:
            assert figure.quote == paragraph.text.strip()


def test_a_blank_table_gives_no_figures():
    """040 saved all three tables as labels only: nothing is invented, and the one 0
    that cannot be placed is reported."""
    figures, warnings = read("040_xiongxian_xiang_2019.txt")
    assert figures == []
    assert any("无法对齐" in w for w in warnings)


def test_the_qa_evidence_of_one_line_rows_is_the_quote():
    """The realdev questions' evidence for a `|` row is the row as written."""
    figures, _ = read("027_longgang_qu_bumen_2024.txt")
    quote = next(f.quote for f in figures if f.metric == "t3.new.total")
    assert quote == "一、本年新收政府信息公开申请数量 | 58 | 7 | 0 | 0 | 1 | 0 | 66 |"
    figures, _ = read("064_shenjiju_2020_pdf_page9.txt")
    quote = next(f.quote for f in figures if f.metric == "t4.litigation_direct.total")
    assert quote == "0 0 0 0 0 0 0 0 0 0 0 0 0 0 0"
