"""The sources panel shows a table figure's row with its cell highlighted (issue 11,
item 5), on rows as realdev reports have them; everything stays escaped."""

from __future__ import annotations

import pytest

from assistant.ui.cell_span import cell_span
from assistant.ui.render import citation_card, highlight
from core.models import Citation, Figure


def cell(metric: str, value: float, quote: str, row: str, column: str) -> Figure:
    return Figure(metric=metric, value=value, unit="件", qualifier="exact", period="2024",
                  scope="annual", paragraph_id="r-0001", span=(0, len(quote)), quote=quote,
                  row=row, column=column, report_id="r")


@pytest.mark.parametrize("quote, metric, value, marked", [
    # 2021 form 表二: 本年制发 | 本年废止 | 现行有效 — the 1 is the second cell, not a 1 elsewhere
    ("行政规范性文件 | 5 | 1 | 25 |", "t2.normative.repealed", 1, "1"),
    ("行政规范性文件 | 5 | 1 | 25 |", "t2.normative.in_force", 25, "25"),
    # 2019 form, the same value in two cells: told apart by the column's place
    ("规范性文件 | 11 | 11 | 119 |", "t2.normative.published", 11, "11"),
    # 表三 row whose label holds a digit (1.属于国家秘密) and seven zero cells
    ("(三)不予公开 | 1.属于国家秘密 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |",
     "t3.refused.state_secret.total", 0, "0"),
    ("四、结转下年度继续办理 0 0 0 0 0 0 0", "t3.carried_out.total", 0, "0"),
    ("政府集中采购 | 67 | 1646.5万元 |", "t2.procurement.proc_amount", 1646.5, "1646.5"),
])
def test_the_cell_is_found_in_its_row(quote, metric, value, marked):
    table, rest = metric.split(".", 1)
    row, column = rest.rsplit(".", 1)
    span = cell_span(quote, cell(metric, value, quote, row, column))
    assert span is not None and quote[span[0]:span[1]] == marked
    if metric == "t2.normative.published":
        assert span[0] == quote.index("| 11 |", quote.index("11") + 2) + 2  # the second 11
    if metric.endswith("state_secret.total"):
        assert span[0] == quote.rindex("0")  # the 总计 column is the last


def test_an_unplaceable_value_is_not_guessed():
    quote = "行政规范性文件 | 5 | 5 |"  # a cell missing: 5 twice, which one is 制发?
    assert cell_span(quote, cell("t2.normative.issued", 5, quote, "normative", "issued")) is None
    narrative = Figure(metric="application.received", value=5, unit="件", qualifier="exact",
                       period="2024", scope="annual", paragraph_id="r-0001", span=(0, 4),
                       quote="收到5件")
    assert cell_span("收到5件", narrative) is None


def test_the_card_marks_the_row_and_the_cell_escaped():
    quote = "行政规范性文件<b> | 5 | 1 | 25 |"
    figure = cell("t2.normative.in_force", 25, quote, "normative", "in_force")
    citation = Citation(1, "r.txt", "某单位", 2024, "二", "r-0001", quote,
                        paragraph_text=f"表二 {quote} 附注")
    html = citation_card(citation, 0, figures=[figure])
    assert ('<mark>行政规范性文件&lt;b&gt; | 5 | 1 | <mark class="src-cell">25</mark> |</mark>'
            in html)
    assert "<b>" not in html.replace('<b class="src-office">', "")
    # without figures, the quote alone is marked, as before
    assert highlight("a 1 b", "1") == 'a <mark>1</mark> b'
