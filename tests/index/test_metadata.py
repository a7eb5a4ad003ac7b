from __future__ import annotations

import pytest

from core.models import Block, LoadedDocument, Office, Table
from index.metadata import describe
from index.paragraphs import split_paragraphs
from tests.index.test_paragraphs import corpus_document


def _describe(number: str):
    doc = corpus_document(number)
    return describe(doc, split_paragraphs(number, doc.blocks))


def _describe_lines(lines: list[str], title_hint: str = "", tables=()):
    blocks = tuple(Block(line) for line in lines) + tuple(
        Block(t.to_markdown(), table=t) for t in tables)
    doc = LoadedDocument(source="x.txt", blocks=blocks, content_hash="0", title_hint=title_hint)
    return describe(doc, split_paragraphs("x", blocks))


EXPECTED = {
    "000": ("四平市铁西区北沟街道办事处2017年政府信息公开工作年度报告",
            Office("四平市铁西区北沟街道办事处", "北沟街道", ("吉林省", "四平市", "铁西区", "北沟街道"),
                   "街道办事处", "乡镇街道"), 2017, None, "pre2019"),
    "001": ("新碶街道2013年度政府信息公开工作年度报告",
            Office("新碶街道办事处", "新碶街道", ("浙江省", "宁波市", "北仑区", "新碶街道"),
                   "街道办事处", "乡镇街道"), 2013, "2013-12-28", "pre2019"),
    # A report on 2019 is of the 2019 trial-form period, though written as free text.
    "002": ("臨湘市人民政府長安街道辦事處2019年度政府信息公開工作年度報(bào)告",
            Office("臨湘市人民政府長安街道辦事處", "长安街道", ("湖南省", "岳阳市", "临湘市", "长安街道"),
                   "街道办事处", "乡镇街道"), 2019, None, "2019"),
    "003": ("银州区政府信息公开工作报告",
            Office("银州区", "银州区", ("辽宁省", "铁岭市", "银州区"), "人民政府", "区县"),
            2018, "2019-01-24", "pre2019"),
    "004": ("果园街道2017年政府信息公开工作年度报告",
            Office("果园街道办事处", "果园街道", ("北京市", "密云区", "果园街道"), "街道办事处", "乡镇街道"),
            2017, "2018-03", "pre2019"),
}


@pytest.mark.parametrize("number", sorted(EXPECTED))
def test_bundled_reports(number):
    title, office, year, published, form = EXPECTED[number]
    meta = _describe(number)
    assert (meta.title, meta.office, meta.year, meta.published, meta.format) == \
        (title, office, year, published, form)


def test_only_the_year_conflict_is_warned():
    assert {n: _describe(n).warnings for n in ("000", "001", "003", "004")} == \
        {"000": (), "001": (), "003": (), "004": ()}
    (warning,) = _describe("002").warnings
    assert warning.startswith("年份冲突：标题为2019年")
    assert "2018年1次" in warning and "采用标题年份" in warning


def test_no_year_anywhere():
    meta = _describe_lines(["某某镇政府信息公开工作报告", "一、概述", "本镇主动公开政府信息12条。"])
    assert meta.year is None
    assert meta.warnings == ("标题和正文均未写明报告年份",)
    assert meta.office == Office("某某镇", "某某镇", ("某某镇",), "乡镇", "乡镇街道")


def test_body_year_outvoting_the_title_warns():
    meta = _describe_lines(["某某乡2020年政府信息公开工作年度报告", "一、总体情况",
                            "2019年，本乡公开信息5条。2019年全年无申请。2019年无复议。2020年将改进。"])
    assert meta.year == 2020
    assert len(meta.warnings) == 1 and "更多提及2019年" in meta.warnings[0]


def test_title_hint_when_no_title_line():
    meta = _describe_lines(["2019年，本局主动公开信息8条，占全部信息的20%，较上年有所增加。"],
                           title_hint="某市统计局2019年政府信息公开工作年度报告")
    assert meta.title == "某市统计局2019年政府信息公开工作年度报告"
    assert meta.year == 2019


def test_signature_names_the_office_when_the_title_does_not():
    meta = _describe_lines(["2019年政府信息公开工作年度报告", "一、总体情况",
                            "2019年，我镇主动公开政府信息20条。", "大石桥镇人民政府", "2020年1月15日"])
    assert meta.office == Office("大石桥镇人民政府", "大石桥镇", ("大石桥镇",), "乡镇", "乡镇街道")
    assert meta.published == "2020-01-15"


def test_parent_named_once_is_not_added():
    meta = _describe_lines(["某某街道2019年政府信息公开工作年度报告", "一、总体情况",
                            "按照《宁波市北仑区关于政务公开的通知》要求，2019年街道公开信息3条。"])
    assert meta.office.region == ("某某街道",)


def test_two_candidate_parents_are_not_guessed():
    meta = _describe_lines(["某某街道2019年政府信息公开工作年度报告", "一、总体情况",
                            "按照《北仑区人民政府通知》和《镇海区人民政府通知》，2019年公开信息3条。",
                            "《北仑区人民政府公告》《镇海区人民政府公告》"])
    assert meta.office.region == ("某某街道",)


def test_format_2019_by_table_columns():
    table = Table(rows=(("信息内容", "本年新制作数量", "本年新公开数量", "对外公开总数量"),
                        ("规章", "0", "0", "0")))
    meta = _describe_lines(["某县2019年政府信息公开工作年度报告", "一、总体情况", "2019年工作如下。"],
                           tables=[table])
    assert meta.format == "2019"


def test_format_2021_by_table_columns():
    table = Table(rows=(("信息内容", "本年制发件数", "本年废止件数", "现行有效件数"), ("规章", "0", "0", "3")))
    meta = _describe_lines(["某县2021年政府信息公开工作年度报告", "一、总体情况", "2021年工作如下。"],
                           tables=[table])
    assert meta.format == "2021"


def test_format_2021_by_other_handling_rows_in_one_cell_per_line_text():
    lines = ["某县2022年政府信息公开工作年度报告", "三、收到和处理政府信息公开申请情况", "（六）其他处理",
             "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", "0"]
    assert _describe_lines(lines).format == "2021"


def test_format_2019_by_official_sections():
    lines = ["某县2019年政府信息公开工作年度报告", "一、总体情况", "2019年工作如下。",
             "三、收到和处理政府信息公开申请情况", "本年无申请。", "四、政府信息公开行政复议、行政诉讼情况", "无。"]
    assert _describe_lines(lines).format == "2019"


def test_department_keeps_its_own_name_as_short():
    meta = _describe_lines(["某某区发展和改革委员会2019年政府信息公开工作年度报告", "一、总体情况",
                            "2019年，本委主动公开政府信息20条。"])
    assert meta.office == Office("某某区发展和改革委员会", "某某区发展和改革委员会", ("某某区",), "部门")


def test_place_suffix_inside_a_department_name_is_not_a_unit():
    meta = _describe_lines(["沙县城乡建设局2019年政府信息公开工作年度报告", "一、总体情况", "2019年工作如下。"])
    assert meta.office == Office("沙县城乡建设局", "沙县城乡建设局", ("福建省", "三明市", "沙县"), "部门", "区县")


def test_district_the_tagger_reads_as_a_name_is_still_a_parent():
    # jieba tags 于洪区 as a personal name and splits 中山区 into 中|山区.
    for city, district in (("沈阳市", "于洪区"), ("大连市", "中山区")):
        meta = _describe_lines([
            "某某街道2019年政府信息公开工作年度报告", "一、总体情况",
            f"按照{city}{district}关于政务公开工作的要求，2019年街道公开信息3条。",
            f"{district}人民政府办公室印发了工作要点，{district}各街道贯彻落实。"])
        assert meta.office.region[-2:] == (district, "某某街道"), meta.office.region


def test_banner_suffix_inside_a_town_name_is_not_a_unit():
    meta = _describe_lines(["温州市龙湾区凤旗镇人民政府2019年政府信息公开工作年度报告",
                            "一、总体情况", "2019年公开信息3条。"])
    assert meta.office.region == ("浙江省", "温州市", "龙湾区", "凤旗镇")  # 浙江省 from the gazetteer
    assert meta.office.short == "凤旗镇"
