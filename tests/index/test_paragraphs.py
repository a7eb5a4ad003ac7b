from __future__ import annotations

import hashlib

import pytest

from core.models import Block, LoadedDocument, Table
from index.paragraphs import chinese_numeral, match_heading, split_paragraphs
from tests.conftest import CORPUS


def corpus_document(number: str) -> LoadedDocument:
    """A bundled .txt report as a loader would give it: one block per non-empty line."""
    path = next(CORPUS.glob(f"{number}_*.txt"))
    data = path.read_bytes()
    blocks = tuple(Block(line.strip()) for line in data.decode("utf-8").splitlines() if line.strip())
    return LoadedDocument(source=path.name, blocks=blocks, content_hash=hashlib.sha256(data).hexdigest())


def corpus_paragraphs(number: str):
    return split_paragraphs(number, corpus_document(number).blocks)


def _find(paragraphs, start: str):
    return next(p for p in paragraphs if p.normalised.startswith(start))


def test_one_paragraph_per_block_verbatim_with_ids():
    doc = corpus_document("002")
    paragraphs = split_paragraphs("abc", doc.blocks)
    assert [p.text for p in paragraphs] == [b.text for b in doc.blocks]
    assert [p.id for p in paragraphs[:3]] == ["abc-0000", "abc-0001", "abc-0002"]
    assert [p.ordinal for p in paragraphs] == list(range(len(paragraphs)))
    assert paragraphs[0].normalised.endswith("2019年度政府信息公开工作年度报告")


def test_section_of_a_body_sentence():
    p = _find(corpus_paragraphs("000"), "2017年，我街主动公开政府信息14条。")
    assert p.section == "二、主动公开政府信息情况"
    assert not p.is_heading


def test_title_line_has_empty_section_and_is_heading():
    paragraphs = corpus_paragraphs("000")
    assert paragraphs[0].is_heading and paragraphs[0].section == ""
    assert not paragraphs[1].is_heading and paragraphs[1].section == ""  # preamble


def test_two_line_title_and_header_block():
    p004 = corpus_paragraphs("004")
    assert [(p.text, p.is_heading, p.section) for p in p004[:2]] == [
        ("果园街道", True, ""), ("2017年政府信息公开工作年度报告", True, "")]
    p003 = corpus_paragraphs("003")
    assert [p.is_heading for p in p003[:4]] == [True, True, True, False]
    assert all(p.section == "" for p in p003[:4])


def test_level_two_path_with_trailing_stop_removed():
    p = _find(corpus_paragraphs("001"), "街道层面，建立政府信息公开领导小组")
    assert p.section == "一、加强组织领导，不断完善政府信息公开机制 > （一）健全组织机构，形成工作合力"


def test_ascii_parenthesised_level_two():
    p = _find(corpus_paragraphs("003"), "履行行政复议被申请人")
    assert p.section == "三、重点工作情况 > (七)举报、复议、诉讼情况"


def test_enumerations_in_sentences_are_items_not_headings():
    paragraphs = corpus_paragraphs("000")
    item = _find(paragraphs, "一是进一步规范政务公开")
    assert not item.is_heading
    assert item.section == "七、存在的主要问题和2018年重点工作安排"


def test_restarted_level_one_numbering_is_a_list_not_new_sections():
    paragraphs = corpus_paragraphs("001")
    item = _find(paragraphs, "一、进一步强化信息公开意识。")
    assert not item.is_heading
    assert item.section == "六、存在的主要问题及改进情况"
    last = _find(paragraphs, "五、进一步妥善处理申请公开。")
    assert last.section == "六、存在的主要问题及改进情况"
    assert paragraphs[-1].text == "2013.12.28" and not paragraphs[-1].is_heading


def test_run_in_level_two_heading_opens_its_section_without_being_a_heading():
    # `（一）关于…的情况。2012年12月31日～…`: the title runs into the body on one line
    paragraphs = corpus_paragraphs("001")
    p = _find(paragraphs, "（一）关于主动公开政府信息的情况。")
    assert not p.is_heading
    assert p.section == "五、2013年度政府信息公开基本情况 > （一）关于主动公开政府信息的情况"
    after = _find(paragraphs, "（二）关于依申请公开政府信息")
    assert after.section.startswith("五、2013年度政府信息公开基本情况 > （二）关于依申请公开")


def test_repaired_gbk_markers_make_headings():
    paragraphs = corpus_paragraphs("002")
    p = _find(paragraphs, "1、政府信息公开是一项全新工作")
    assert not p.is_heading
    assert p.section == "三、存在问题及整改措施 > （一）存在问题"
    first = _find(paragraphs, "根据《条例》及政府信息公开有关文件要求")
    assert first.section == "（一）把握重点,巩固成果"
    lost_digit = _find(paragraphs, "□、强化办公室职能")
    assert lost_digit.text.startswith("。、強(qiáng)化") and not lost_digit.is_heading


@pytest.mark.parametrize("line, level", [
    ("一、概述", 1), ("十二、其他需要报告的事项", 1), ("（三）加强理论学习，严格落实责任", 2),
    ("(一)财政资金信息公开", 2), ("（一）健全组织机构，形成工作合力。", 2), ("1、工作机制", 3),
    ("2.公开平台", 3), ("（1）网站", 3), ("一是强化组织保障", 3),
    ("一是强化政府信息公开组织机构。按照市、区相关部署", None), ("2013.12.28", None),
    ("1.8%的信息", None), ("一、进一步强化信息公开意识。加强信息公开队伍的培训教育", None),
    ("信息公开未收取任何费用。", None),
])
def test_heading_levels(line, level):
    heading = match_heading(line)
    assert (heading.level if heading else None) == level


def test_chinese_numerals():
    assert [chinese_numeral(s) for s in ("一", "九", "十", "十二", "二十", "二十三", "是", "")] == \
        [1, 9, 10, 12, 20, 23, None, None]


def test_table_block_kept_and_never_a_heading():
    table = Table(rows=(("一、本年新收", "3"), ("二、上年结转", "0")))
    blocks = [Block("一、总体情况"), Block(table.to_markdown(), table=table), Block(" ")]
    paragraphs = split_paragraphs("t", blocks)
    assert len(paragraphs) == 2  # the blank block gives no paragraph
    assert paragraphs[1].table == table and not paragraphs[1].is_heading
    assert paragraphs[1].section == "一、总体情况"


def test_short_restarted_level_one_items_stay_in_their_section():
    lines = ["一、概述", "正文。", "六、存在的主要问题及改进情况", "2020年将做好以下工作：",
             "一、强化公开意识", "二、拓宽公开途径", "七、其他需要报告的事项", "无。"]
    paragraphs = split_paragraphs("r", [Block(line) for line in lines])
    assert [(p.is_heading, p.section) for p in paragraphs[4:]] == [
        (False, "六、存在的主要问题及改进情况"), (False, "六、存在的主要问题及改进情况"),
        (True, "七、其他需要报告的事项"), (False, "七、其他需要报告的事项")]


# ------------------------------------------------------------ headings run into a line


def _split(*lines):
    return split_paragraphs("r", [Block(line) for line in lines])


def test_a_crawled_page_on_one_line_is_cut_at_its_headings_verbatim():
    line = ("某县人民政府2019年政府信息公开工作年度报告 一、总体情况 （一）主动公开 "
            "2019年，本机关主动公开政府信息120条，其中规范性文件3件。（二）依申请公开 "
            "全年收到申请5件，均已按时答复。 二、主动公开政府信息情况 本年度主动公开信息详见下表。")
    paragraphs = _split(line)
    assert [(p.text, p.is_heading, p.section) for p in paragraphs] == [
        ("某县人民政府2019年政府信息公开工作年度报告", True, ""),
        ("一、总体情况", True, "一、总体情况"),
        ("（一）主动公开", True, "一、总体情况 > （一）主动公开"),
        ("2019年，本机关主动公开政府信息120条，其中规范性文件3件。", False, "一、总体情况 > （一）主动公开"),
        ("（二）依申请公开", True, "一、总体情况 > （二）依申请公开"),
        ("全年收到申请5件，均已按时答复。", False, "一、总体情况 > （二）依申请公开"),
        ("二、主动公开政府信息情况", True, "二、主动公开政府信息情况"),
        ("本年度主动公开信息详见下表。", False, "二、主动公开政府信息情况"),
    ]
    assert all(p.text in line for p in paragraphs)  # pieces of the original, never rewritten


def test_a_heading_after_a_sentence_opens_a_paragraph_and_its_section():
    paragraphs = _split("一、概述", "我镇认真贯彻《条例》，工作取得成效。（二）全面公开，规范政府信息公开工作。按照要求公开。")
    assert [p.text for p in paragraphs[1:]] == ["我镇认真贯彻《条例》，工作取得成效。",
                                                "（二）全面公开，规范政府信息公开工作。按照要求公开。"]
    assert paragraphs[2].section == "一、概述 > （二）全面公开，规范政府信息公开工作"
    assert not paragraphs[2].is_heading


_BODY = "本机关坚持以公开为常态、不公开为例外，认真落实《条例》各项要求，全年工作有序开展。"


@pytest.mark.parametrize("sentence", [
    "全年主动公开信息，一、二、三季度分别公开20条、30条、40条。",  # enumeration
    "依据《条例》第二十条第(一)项规定公开，共公开规章2件。",  # cross reference
    "网站访问量同比增长1.5%。2019年12月31日前全部办结，办结率100%。",  # numbers, dates
])
def test_markers_inside_sentences_do_not_cut(sentence):
    line = "一、总体情况 " + _BODY + sentence  # a crawled line: longer than any title
    paragraphs = _split(line)
    assert [p.text for p in paragraphs] == ["一、总体情况", _BODY + sentence]


def test_a_lower_number_after_a_sentence_is_a_reference_or_a_list_not_a_heading():
    lines = ["一、总体情况", "二、主动公开政府信息情况",
             "本年度工作如下。一、强化公开意识，完善制度。（一）项所列事项均已公开。"]
    paragraphs = _split(*lines)
    assert [p.text for p in paragraphs] == lines
    assert paragraphs[-1].section == "二、主动公开政府信息情况"


def test_tables_and_table_rows_are_never_cut():
    table = Table(rows=(("三、本年度办理结果", "（一）予以公开", "3"), ("四、结转下年度继续办理", "", "0")))
    row = "三、本年度办理结果 | (一)予以公开 | 0 | 0 | 0"
    paragraphs = split_paragraphs("t", [Block(table.to_markdown(), table=table), Block(row)])
    assert [p.text for p in paragraphs] == [table.to_markdown(), row]


def test_letter_spacing_brackets_and_value_rows_stay_in_their_title():
    line = ("根据《条例》编制本报告，所列数据统计期限为2009年全年，全文如下。 一 、概 述 "
            "全年公开信息100条。 (二)制定了《信息公开管理办法(试 行)》 重新编制了公开目录。 "
            "三、结转下年度继续办理 0 0 0 0 0 0 0")
    paragraphs = _split(line)
    assert [p.text for p in paragraphs] == [
        "根据《条例》编制本报告，所列数据统计期限为2009年全年，全文如下。", "一 、概 述", "全年公开信息100条。",
        "(二)制定了《信息公开管理办法(试 行)》", "重新编制了公开目录。", "三、结转下年度继续办理 0 0 0 0 0 0 0"]
    assert paragraphs[1].section == "一、概述"
