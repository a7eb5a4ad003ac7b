"""Numbers in every form the reports write them (index/figures/numbers.py)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from index.figures.numbers import chinese_to_number, find_numbers, parse_cell

_DIGITS = "零一二三四五六七八九"
_FULL = str.maketrans("0123456789.%", "０１２３４５６７８９．％")


def _below_10k(n: int, leading: bool) -> str:
    out, zero = "", False
    for unit, size in (("千", 1000), ("百", 100), ("十", 10), ("", 1)):
        d = n // size % 10
        if d == 0:
            zero = zero or bool(out)
            continue
        if zero:
            out, zero = out + "零", False
        if not (unit == "十" and d == 1 and not out and leading):  # 十五, but 一百一十五
            out += _DIGITS[d]
        out += unit
    return out


def to_chinese(n: int) -> str:
    """A test-side writer of Chinese numerals (1 <= n < 10**8), independent of the parser."""
    high, low = divmod(n, 10_000)
    text = _below_10k(high, True) + "万" if high else ""
    if low:
        if high and low < 1000:
            text += "零"
        text += _below_10k(low, not high)
    return text


# (prefix, suffix, qualifier) as reports write them.
QUALIFIERS = [("", "", "exact"), ("超", "", "more_than"), ("超过", "", "more_than"),
              ("逾", "", "more_than"), ("突破", "", "more_than"), ("约", "", "about"),
              ("近", "", "about"), ("", "余", "about"), ("", "多", "about"),
              ("", "以上", "at_least"), ("不足", "", "less_than")]
UNITS = ["条", "件", "个", "起", "次", "万元"]


@st.composite
def written_counts(draw):
    n = draw(st.integers(min_value=1, max_value=99_999_999))
    forms = ["arabic", "fullwidth", "chinese"]
    if n >= 1000:
        forms.append("grouped")
    if n % 10_000 == 0:
        forms.append("wan")
    if str(n).startswith("2") and n >= 100 and n % 10 ** (len(str(n)) - 1) == 0:
        forms.append("liang")  # 两千, 两百
    form = draw(st.sampled_from(forms))
    text = {"arabic": str(n), "fullwidth": str(n).translate(_FULL), "chinese": to_chinese(n),
            "grouped": f"{n:,}", "wan": f"{n // 10_000}万",
            "liang": "两" + to_chinese(n)[1:]}[form]
    prefix, suffix, qualifier = draw(st.sampled_from(QUALIFIERS))
    unit = draw(st.sampled_from(UNITS))
    if suffix in ("余", "多"):
        expression = f"{prefix}{text}{suffix}{unit}"
    else:
        expression = f"{prefix}{text}{unit}{suffix}"
    return expression, float(n), qualifier, unit


@given(written_counts())
@settings(max_examples=400, deadline=None)
def test_counts_read_back_in_any_form(case):
    expression, value, qualifier, unit = case
    text = f"全年共{expression}，较上年有所增加"
    numbers = find_numbers(text)
    assert len(numbers) == 1, (text, numbers)
    number = numbers[0]
    assert (number.value, number.qualifier, number.unit) == (value, qualifier, unit), text
    assert text[number.start:number.end] == expression


@given(st.integers(min_value=1, max_value=1000), st.sampled_from(["", " "]),
       st.booleans(), st.sampled_from(QUALIFIERS[:7]))
@settings(max_examples=200, deadline=None)
def test_percentages_read_back(tenths, space, fullwidth, qualifier):
    prefix, _, expected = qualifier
    written = f"{tenths / 10:g}"
    if space and "." in written:
        written = written.replace(".", ". ")  # 1. 8 %: a space after the point, as in 002
    expression = f"{prefix}{written}{space}%"
    if fullwidth:
        expression = expression.translate(_FULL)
    text = f"占总体百分比为{expression}；"
    numbers = find_numbers(text)
    assert len(numbers) == 1, (text, numbers)
    assert (numbers[0].value, numbers[0].qualifier, numbers[0].unit) == (tenths / 10, expected, "%")


@pytest.mark.parametrize("text, value, qualifier, unit", [
    ("五起", 5, "exact", "起"),
    ("十一个", 11, "exact", "个"),
    ("两千条", 2000, "exact", "条"),
    ("21万余", 210_000, "about", ""),
    ("超3000条", 3000, "more_than", "条"),
    ("400余条", 400, "about", "条"),
    ("十条以上", 10, "at_least", "条"),
    ("零件", 0, "zero_in_words", "件"),
    ("1. 8 %", 1.8, "exact", "%"),
    ("百分之二十", 20, "exact", "%"),
    ("1.5万元", 1.5, "exact", "万元"),
    ("五万元", 5, "exact", "万元"),
    ("不少于一次", 1, "at_least", "次"),
    ("一万零五条", 10_005, "exact", "条"),
])
def test_report_forms(text, value, qualifier, unit):
    (number,) = find_numbers(text)
    assert (number.value, number.qualifier, number.unit) == (value, qualifier, unit)


def test_year_written_digit_by_digit():
    assert chinese_to_number("二〇一九") == 2019
    assert chinese_to_number("二零一九") == 2019
    assert [n.value for n in find_numbers("二〇一九年")] == [2019]


def test_words_that_are_not_numbers():
    assert find_numbers("占总体百分比") == []  # 百 alone is not a hundred
    assert find_numbers("千方百计做好万元户工作") == []
    assert chinese_to_number("十百") is None


def test_upper_bounds_are_marked_so_no_figure_takes_them():
    assert find_numbers("不超过5件")[0].qualifier == "at_most"
    assert find_numbers("10条以下")[0].qualifier == "at_most"


def test_thousands_separator_is_not_a_clause_comma():
    assert [n.value for n in find_numbers("超过3,000条")] == [3000]
    assert [n.value for n in find_numbers("其中4件,1件撤回")] == [4, 1]


@pytest.mark.parametrize("cell, expected", [
    ("", None), ("  ", None), ("-", None), ("—", None), ("/", None),
    ("0", (0, "exact")), ("12", (12, "exact")), ("１２", (12, "exact")),
    ("-3", (-3, "exact")), ("1,234", (1234, "exact")), ("35.5", (35.5, "exact")),
    ("无", (0, "zero_in_words")), ("约5件", (5, "about")),
    ("1.属于国家秘密", None), ("第二十条第（一）项", None),
])
def test_table_cells(cell, expected):
    number = parse_cell(cell)
    if expected is None:
        assert number is None  # a blank cell is not zero
    else:
        assert (number.value, number.qualifier) == expected
