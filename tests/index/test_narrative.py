"""Narrative figures in wordings beyond the bundled corpus (index/figures/narrative.py):
what is a figure, with which metric, scope and period, and what is not a figure."""

from __future__ import annotations

import pytest

from core.models import Office, Paragraph, Report
from index.figures import extract_figures
from index.figures.narrative import extract_narrative
from core.normalise import normalise


def _read(text: str, section: str = "", year: int = 2021) -> list[tuple]:
    normalised = normalise(text).text
    return [(f.metric, f.value, f.qualifier, f.period, f.scope, f.label)
            for f in extract_narrative(normalised, section, year)]


@pytest.mark.parametrize("text, expected", [
    ("2020年，本机关共收到政府信息公开申请15件，其中予以公开8件，部分公开2件，不予公开1件，"
     "无法提供3件，尚在办理1件。",
     [("application.received", 15, "exact", "2020", "annual", ""),
      ("application.outcome.disclosed", 8, "exact", "2020", "annual", ""),
      ("application.outcome.partial", 2, "exact", "2020", "annual", ""),
      ("application.outcome.refused", 1, "exact", "2020", "annual", ""),
      ("application.outcome.unable", 3, "exact", "2020", "annual", ""),
      ("application.outcome.pending", 1, "exact", "2020", "annual", "")]),
    ("全年共召开新闻发布会3场，举办政务公开培训2次，培训人员120人次。",
     [("press.conferences", 3, "exact", "2021", "annual", ""),
      ("training.sessions", 2, "exact", "2021", "annual", ""),
      ("training.participants", 120, "exact", "2021", "annual", "")]),
    ("全年主动公开政府信息1,234条，其中政策法规类120条，占9.7%。",
     [("active.total", 1234, "exact", "2021", "annual", ""),
      ("active.category", 120, "exact", "2021", "annual", "政策法规类"),
      ("active.category_share", 9.7, "exact", "2021", "annual", "政策法规类")]),
    ("本年度因政府信息公开申请行政复议3件，其中1件被纠正，1件尚未审结，1件维持。",
     [("review.total", 3, "exact", "2021", "annual", ""),
      ("review.corrected", 1, "exact", "2021", "annual", ""),
      ("review.pending", 1, "exact", "2021", "annual", ""),
      ("review.upheld", 1, "exact", "2021", "annual", "")]),
    ("提起行政诉讼2件，1件败诉，1件胜诉。",
     [("litigation.total", 2, "exact", "2021", "annual", ""),
      ("litigation.lost", 1, "exact", "2021", "annual", ""),
      ("litigation.won", 1, "exact", "2021", "annual", "")]),
    ("2016年主动公开信息200条，2017年主动公开信息260条，同比增长30%。",
     [("active.total", 200, "exact", "2016", "annual", ""),
      ("active.total", 260, "exact", "2017", "annual", "")]),
    ("截至2017年底，累计公开信息1200条。",
     [("active.total", 1200, "exact", "..2017", "cumulative", "")]),
    ("全年累计主动公开政府信息55条。",  # 全年累计: the year's sum
     [("active.total", 55, "exact", "2021", "annual", "")]),
    ("全年主动公开信息约2.1万条，收取复制费用共计150元。",
     [("active.total", 21000, "about", "2021", "annual", ""),
      ("fee.amount", 150, "exact", "2021", "annual", "")]),
    ("行政复议、行政诉讼均为零。",
     [("review.total", 0, "zero_in_words", "2021", "annual", ""),
      ("litigation.total", 0, "zero_in_words", "2021", "annual", "")]),
    ("全年无一例行政复议。", [("review.total", 0, "zero_in_words", "2021", "annual", "")]),
    ("本年度没有发生因政府信息公开申请行政复议和行政诉讼的情况。",  # not an application
     [("review.total", 0, "zero_in_words", "2021", "annual", ""),
      ("litigation.total", 0, "zero_in_words", "2021", "annual", "")]),
    ("年度内新增信息条目89条、子条目400余条。",
     [("active.category", 89, "exact", "2021", "annual", "新增信息条目"),
      ("active.category", 400, "about", "2021", "annual", "子条目")]),
])
def test_typical_wordings(text, expected):
    assert _read(text) == expected


@pytest.mark.parametrize("text", [
    "无法提供的原因是信息不存在。",
    "严格执行最迟5小时内发布权威信息、24小时内举行新闻发布会的时限要求。",
    "按照《四平市人民政府办公室关于2017年政务公开重点工作任务分工的通知》（四政办函〔2017〕29号）要求。",
    "本报告由概述、主动公开政府信息情况等七个部分组成。",
    "信息公开申请答复时限不超过15个工作日，收费不超过10元。",
    "业务类信息（包括监督投诉3件等）。",
    "我街道共有10个社区，建立一网三平台。",
])
def test_not_figures(text):
    assert _read(text) == []


def test_a_subheading_names_the_category():
    figures = _read("年度内新增和补充相关信息条目89条。", section="三、重点工作 > (一)财政资金信息公开")
    assert figures == [("active.category", 89, "exact", "2021", "annual",
                        "财政资金信息：新增和补充相关信息条目")]


def test_spans_map_back_to_traditional_text_with_pinyin():
    text = "全年累計(jì)主動公開政府信息55條，“通知公告”信息 11 條,占總體百分比為20 %。"
    report = Report(id="r", source="s", title="", office=Office("長安街道辦事處", "长安街道"),
                    year=2019, published=None, format="pre2019", text=text,
                    normalised=normalise(text).text, content_hash="h")
    paragraph = Paragraph(id="r-0000", report_id="r", ordinal=0, section="", text=text,
                          normalised=normalise(text).text)
    figures = extract_figures(report, [paragraph]).figures
    quotes = {f.metric: f.quote for f in figures if f.metric != "open"}  # vocabulary only
    assert quotes == {"active.total": "全年累計(jì)主動公開政府信息55條",
                      "active.category": "“通知公告”信息 11 條",
                      "active.category_share": "“通知公告”信息 11 條,占總體百分比為20 %"}
    assert all(text[f.span[0]:f.span[1]] == f.quote for f in figures)
