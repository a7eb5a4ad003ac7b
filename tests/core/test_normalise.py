from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.normalise import LOST_CHAR, normalise
from tests.conftest import CORPUS


def _line(prefix: str) -> str:
    text = (CORPUS / "002_7fa8235522526066.txt").read_text(encoding="utf-8")
    return next(line for line in text.splitlines() if line.startswith(prefix))


def test_pinyin_annotation_removed_and_simplified():
    n = normalise("本報(bào)告和行政復(fù)議")
    assert n.text == "本报告和行政复议"


def test_removed_annotation_belongs_to_the_character_before_it():
    n = normalise("報(bào)告")
    assert n.text == "报告"
    assert n.origin == (0, 6, 7)
    assert n.original_text(0, 2) == "報(bào)告"
    assert n.original_text(0, 1) == "報(bào)"
    assert n.original_text(1, 2) == "告"


def test_latin_in_parentheses_after_non_cjk_is_kept():
    assert normalise("使用QQ(qq)群").text == "使用QQ(qq)群"  # no tone mark, after latin
    assert normalise("见附件(a)").text == "见附件"  # after a CJK character: an annotation
    assert normalise("(试行)").text == "(试行)"


def test_fullwidth_to_halfwidth():
    assert normalise("主动公开１４条，占２０％，共３．５万元ＡＢ").text == "主动公开14条，占20%，共3.5万元AB"


def test_spaces_inside_numbers_dropped():
    n = normalise("占總體百分比為1. 8 %;")
    assert n.text == "占总体百分比为1.8%;"
    i = n.text.index("1.8%")
    assert n.original_text(i, i + 4) == "1. 8 %"


def test_spaces_between_digit_and_cjk_dropped_latin_words_kept():
    assert normalise("“人事信息”信息 1 條，").text == "“人事信息”信息1条，"
    assert normalise("2013 2014 new  media\tplatform").text == "2013 2014 new media platform"


def test_ideographic_space_and_edges():
    n = normalise("\u3000\u3000信息公开未收取任何费用。  ")
    assert n.text == "信息公开未收取任何费用。"
    assert n.original_text(0, len(n.text)) == "信息公开未收取任何费用。"
    assert n.origin[0] == 2


def test_newlines_kept_line_edges_trimmed():
    assert normalise("一、概述  \n   正文 1 条").text == "一、概述\n正文1条"


@pytest.mark.parametrize("prefix, expected", [
    ("。ㄒ唬┌盐", "（一）把握重点,巩固成果"),  # fully recoverable: re-read one byte earlier
    ("。ㄒ唬┐嬖", "（一）存在问题"),
    ("。ǘ⿵", "（二）化学习,提高认识"),  # bytes lost in the garbling: marker only
    ("。ㄈ┩", "（三）,加强宣传"),
    ("。ǘ┱", "（二）"),
])
def test_gbk_shifted_list_markers_repaired(prefix, expected):
    assert normalise(_line(prefix)).text == expected


def test_marker_repair_maps_back_to_the_garbled_original():
    line = _line("。ㄒ唬┌盐")
    n = normalise(line)
    assert n.text.startswith("（一）把握重点")
    whole = n.text.index("重点")
    assert n.original_span(0, whole + 2) == (0, line.index("(diǎn)") + len("(diǎn)"))
    assert n.original_text(0, len(n.text)) == line


def test_lost_digit_becomes_neutral_marker():
    assert normalise(_line("。、加大")).text.startswith(LOST_CHAR + "、加大信息采集和发布力度")
    assert normalise(_line("。、強")).text.startswith(LOST_CHAR + "、强化办公室职能")


def test_full_stop_inside_a_line_untouched():
    assert normalise("工作。ㄒ唬").text == "工作。ㄒ唬"
    assert normalise("说明。、").text == "说明。、"


def test_original_never_changed_and_simplified_text_stable():
    text = (CORPUS / "000_16c7a534f4d23119.txt").read_text(encoding="utf-8")
    n = normalise(text)
    assert n.original == text
    assert "2017年，我街主动公开政府信息14条。" in n.text
    assert normalise(n.text).text == n.text


def test_span_out_of_range_rejected():
    with pytest.raises(ValueError):
        normalise("abc").original_span(2, 5)


@given(st.text(alphabet="報告(bàoù) １２．％　\t\n信息條一。ㄒ唬、0123456789abc", max_size=40))
def test_origin_map_invariants(text):
    n = normalise(text)
    assert len(n.origin) == len(n.text) + 1
    assert n.origin[-1] == len(text)
    assert list(n.origin) == sorted(n.origin)
    for i in range(len(n.text)):
        start, end = n.original_span(i, i + 1)
        assert 0 <= start <= end <= len(text)
        assert text[start:end] == n.original_text(i, i + 1)
