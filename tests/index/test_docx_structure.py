"""Structure of .docx reports that plain text extraction loses: Word's automatic
numbering (a heading numbered by Word has no number in its text; the loader puts it
back, 一、 / （一） / 1., so the sections survive) and tables nested in table cells."""

from __future__ import annotations

import pytest

from index.loaders import load_document
from index.loaders.docx_numbering import chinese_count, format_number
from index.paragraphs import split_paragraphs
from tests.fixtures_build import build_numbered_docx

TITLE = "示范市光明区朝阳街道办事处2020年政府信息公开工作年度报告"
ITEMS = [
    (None, "本报告依据《中华人民共和国政府信息公开条例》编制。"),
    (0, "总体情况"),
    (1, "主动公开情况"),
    (None, "2020年，朝阳街道主动公开政府信息236条。"),
    (1, "依申请公开情况"),
    (2, "收到申请7件"),
    (2, "均已按期答复"),
    (0, "存在的主要问题及改进情况"),
    (1, "存在的问题"),
    (None, "公开内容不够全面。"),
]


def _texts(path):
    return [block.text for block in load_document(path, 10_000_000).blocks]


def test_numbers_word_shows_are_put_back(tmp_path):
    path = build_numbered_docx(tmp_path / "numbered.docx", TITLE, ITEMS)
    assert _texts(path) == [
        TITLE,
        "本报告依据《中华人民共和国政府信息公开条例》编制。",
        "一、总体情况",
        "（一）主动公开情况",
        "2020年，朝阳街道主动公开政府信息236条。",
        "（二）依申请公开情况",
        "1.收到申请7件",
        "2.均已按期答复",
        "二、存在的主要问题及改进情况",
        "（一）存在的问题",  # a deeper level restarts when a higher one advances
        "公开内容不够全面。",
    ]


def test_numbered_headings_give_section_paths(tmp_path):
    path = build_numbered_docx(tmp_path / "numbered.docx", TITLE, ITEMS)
    paragraphs = split_paragraphs("r", load_document(path, 10_000_000).blocks)
    by_text = {p.text: p for p in paragraphs}
    assert by_text["2020年，朝阳街道主动公开政府信息236条。"].section == (
        "一、总体情况 > （一）主动公开情况")
    assert by_text["公开内容不够全面。"].section == (
        "二、存在的主要问题及改进情况 > （一）存在的问题")


def test_numbering_from_the_heading_style(tmp_path):
    items = [(0, "总体情况"), (1, "主动公开情况"), (0, "收到和处理政府信息公开申请情况")]
    path = build_numbered_docx(tmp_path / "styled.docx", TITLE, items, by_style=True)
    assert _texts(path)[1:] == ["一、总体情况", "（一）主动公开情况", "二、收到和处理政府信息公开申请情况"]


def test_a_second_list_instance_counts_on_its_own(tmp_path):
    items = [(0, "甲"), (0, "乙"), (0, "丙"), (0, "丁")]
    path = build_numbered_docx(tmp_path / "two.docx", TITLE, items, restart_at=2)
    assert _texts(path)[1:] == ["一、甲", "二、乙", "一、丙", "二、丁"]


def test_a_number_already_typed_is_not_doubled(tmp_path):
    path = build_numbered_docx(tmp_path / "typed.docx", TITLE, [(0, "一、总体情况")])
    assert _texts(path)[1:] == ["一、总体情况"]


@pytest.mark.parametrize(("n", "expected"), [
    (1, "一"), (9, "九"), (10, "十"), (11, "十一"), (20, "二十"), (21, "二十一"),
    (99, "九十九"), (105, "一〇五")])
def test_chinese_counting(n, expected):
    assert chinese_count(n) == expected


@pytest.mark.parametrize(("n", "fmt", "expected"), [
    (3, "decimal", "3"), (3, "decimalFullWidth", "３"), (12, "decimalZero", "12"),
    (3, "decimalEnclosedCircle", "③"), (3, "ideographTraditional", "丙"),
    (3, "lowerLetter", "c"), (28, "lowerLetter", "bb"), (4, "upperRoman", "IV"),
    (14, "lowerRoman", "xiv"), (12, "chineseCountingThousand", "十二"),
    (1, "bullet", None), (1, "somethingNew", None)])
def test_formats(n, fmt, expected):
    assert format_number(n, fmt) == expected


def test_a_table_nested_in_a_cell_keeps_its_text(tmp_path):
    import docx

    document = docx.Document()
    document.add_paragraph(TITLE)
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "项目", "数量"
    table.cell(1, 0).text = "行政复议"
    inner = table.cell(1, 1).add_table(rows=2, cols=2)
    inner.cell(0, 0).text, inner.cell(0, 1).text = "维持", "3"
    inner.cell(1, 0).text, inner.cell(1, 1).text = "纠错", "1"
    document.save(str(tmp_path / "nested.docx"))
    [block] = [b for b in load_document(tmp_path / "nested.docx", 10_000_000).blocks
               if b.table is not None]
    assert block.table.rows[1][0] == "行政复议"
    assert "维持 3" in block.table.rows[1][1] and "纠错 1" in block.table.rows[1][1]
