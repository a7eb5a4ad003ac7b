"""Official tables 二 / 三 / 四, 2019 and 2021 formats, in every shape (HTML and .docx
with merged cells, Markdown, one cell per line): each filled cell is a figure with its
row and column keys, a blank cell is no figure, and identity violations are warnings."""

from __future__ import annotations

import pytest

from core.models import Office, Report
from index.figures import extract_figures
from core.vocabulary import METRICS
from tests.table_shapes import (SHAPES, T3_COLUMN_KEYS, paragraphs, t2_layout, t3_layout,
                                t3_row_keys, t3_values, t4_layout)

REPORT = Report(id="r", source="t", title="", office=Office("某某街道办事处", "某某街道"),
                year=2021, published=None, format="2021", text="", normalised="",
                content_hash="")


def _extract(shape, layout):
    found = paragraphs(shape, layout)
    return found, extract_figures(REPORT, found)


def _cells(result) -> dict[str, float]:
    return {f.metric: f.value for f in result.figures}


def _assert_traceable(found, result):
    by_id = {p.id: p for p in found}
    for figure in result.figures:
        assert figure.metric in METRICS
        assert by_id[figure.paragraph_id].text[figure.span[0]:figure.span[1]] == figure.quote
        assert f"{figure.value:g}" in figure.quote.replace(" ", "")
        assert (figure.period, figure.scope, figure.year) == ("2021", "annual", 2021)


@pytest.mark.parametrize("fmt", ["2019", "2021"])
@pytest.mark.parametrize("shape", SHAPES)
def test_table_3_every_cell(shape, fmt):
    values = t3_values(fmt)
    found, result = _extract(shape, t3_layout(fmt, values))
    expected = {f"t3.{row}.{col}": float(v) for row in t3_row_keys(fmt)
                for col, v in zip(T3_COLUMN_KEYS, values[row])}
    assert _cells(result) == expected
    assert len(result.figures) == len(expected)
    assert result.warnings == []
    _assert_traceable(found, result)
    if shape != "lines":  # a cell of a Table quotes its row: label and number together
        secret = next(f for f in result.figures if f.metric == "t3.refused.state_secret.natural")
        assert "属于国家秘密" in secret.quote


@pytest.mark.parametrize("shape", SHAPES)
def test_table_3_other_rows_differ_by_format(shape):
    _, old = _extract(shape, t3_layout("2019", t3_values("2019")))
    _, new = _extract(shape, t3_layout("2021", t3_values("2021")))
    assert "t3.other.total" in _cells(old) and "t3.other.other.total" not in _cells(old)
    assert {"t3.other.no_correction.total", "t3.other.no_fee.total",
            "t3.other.other.total"} <= set(_cells(new)) and "t3.other.total" not in _cells(new)


@pytest.mark.parametrize("shape", SHAPES)
def test_table_3_violations_are_warned_never_corrected(shape):
    values = t3_values("2021")
    values["new"][0] = str(int(values["new"][0]) + 1)  # 一+二 ≠ 七+四, and the row sum
    values["disclosed"][1] = str(int(values["disclosed"][1]) + 2)  # 七 ≠ sum of outcomes
    _, result = _extract(shape, t3_layout("2021", values))
    warnings = "\n".join(result.warnings)
    assert "表三「自然人」列：本年新收+上年结转" in warnings
    assert "表三「商业企业」列：（七）总计" in warnings
    assert "表三「一、本年新收政府信息公开申请数量」行" in warnings
    assert "表三「（一）予以公开」行" in warnings
    assert len(result.warnings) == 4
    assert _cells(result)["t3.new.natural"] == float(values["new"][0])  # as written


@pytest.mark.parametrize("shape", SHAPES)
def test_a_blank_cell_is_no_figure(shape):
    values = t3_values("2021")
    values["partial"][2] = "-"  # left blank, written as a dash
    _, result = _extract(shape, t3_layout("2021", values))
    cells = _cells(result)
    assert "t3.partial.research" not in cells
    assert cells["t3.partial.natural"] == float(values["partial"][0])
    # the identities needing that cell cannot be checked, so none is reported
    assert result.warnings == []


def test_an_empty_cell_copied_one_per_line_cannot_be_aligned():
    values = t3_values("2021")
    values["partial"][2] = ""  # no line at all in the copy
    _, result = _extract("lines", t3_layout("2021", values))
    assert not any(f.row == "partial" for f in result.figures)
    assert any("无法对齐" in w and "部分公开" in w for w in result.warnings)
    assert _cells(result)["t3.disclosed.total"] == float(values["disclosed"][6])


T4 = ["1", "2", "0", "1", "4", "0", "1", "0", "0", "1", "2", "0", "0", "1", "3"]


@pytest.mark.parametrize("shape", SHAPES)
def test_table_4(shape):
    found, result = _extract(shape, t4_layout(T4))
    cases = ("review", "litigation_direct", "litigation_after_review")
    keys = [f"t4.{case}.{res}" for case in cases
            for res in ("upheld", "corrected", "other", "pending", "total")]
    assert _cells(result) == {k: float(v) for k, v in zip(keys, T4)}
    assert result.warnings == []
    _assert_traceable(found, result)


@pytest.mark.parametrize("shape", SHAPES)
def test_table_4_total_not_the_sum_is_warned(shape):
    values = list(T4)
    values[4] = "5"  # 行政复议 总计 5 but 1+2+0+1 = 4
    _, result = _extract(shape, t4_layout(values))
    assert result.warnings == ["表四「行政复议」：总计=5，维持+纠正+其他+尚未审结=4，两者不等"]
    assert _cells(result)["t4.review.total"] == 5


T2_2021 = {"规章": ["1", "0", "5"], "行政规范性文件": ["2", "1", "9"], "行政许可": ["120"],
           "行政处罚": ["30"], "行政强制": ["0"], "行政事业性收费": ["1.5"]}
T2_2019 = {"规章": ["1", "0", "5"], "规范性文件": ["2", "1", "9"],
           "行政许可": ["10", "-2", "120"], "其他对外管理服务事项": ["3", "0", "4"],
           "行政处罚": ["5", "1", "30"], "行政强制": ["1", "0", "0"],
           "行政事业性收费": ["4", "-1"], "政府集中采购": ["12", "350.5"]}


@pytest.mark.parametrize("shape", SHAPES)
def test_table_2_format_2021(shape):
    found, result = _extract(shape, t2_layout("2021", T2_2021))
    assert _cells(result) == {
        "t2.rules.issued": 1, "t2.rules.repealed": 0, "t2.rules.in_force": 5,
        "t2.normative.issued": 2, "t2.normative.repealed": 1, "t2.normative.in_force": 9,
        "t2.licensing.decisions": 120, "t2.penalty.decisions": 30,
        "t2.enforcement.decisions": 0, "t2.fees.amount": 1.5}
    fee = next(f for f in result.figures if f.metric == "t2.fees.amount")
    assert fee.unit == "万元"
    _assert_traceable(found, result)


@pytest.mark.parametrize("shape", SHAPES)
def test_table_2_format_2019(shape):
    found, result = _extract(shape, t2_layout("2019", T2_2019))
    assert _cells(result) == {
        "t2.rules.made": 1, "t2.rules.published": 0, "t2.rules.public_total": 5,
        "t2.normative.made": 2, "t2.normative.published": 1, "t2.normative.public_total": 9,
        "t2.licensing.prev_items": 10, "t2.licensing.change": -2, "t2.licensing.decisions": 120,
        "t2.other_services.prev_items": 3, "t2.other_services.change": 0,
        "t2.other_services.decisions": 4, "t2.penalty.prev_items": 5, "t2.penalty.change": 1,
        "t2.penalty.decisions": 30, "t2.enforcement.prev_items": 1, "t2.enforcement.change": 0,
        "t2.enforcement.decisions": 0, "t2.fees.prev_items": 4, "t2.fees.change": -1,
        "t2.procurement.proc_items": 12, "t2.procurement.proc_amount": 350.5}
    _assert_traceable(found, result)


def test_prose_around_a_table_is_not_read_as_cells():
    found, result = _extract("lines", t4_layout(T4))
    assert found[0].text == "表格如下。" and found[-1].text == "以上为统计表。"
    assert all(f.metric.startswith("t4.") for f in result.figures)
