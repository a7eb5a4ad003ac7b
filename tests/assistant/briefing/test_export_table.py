"""A comparison added to a briefing keeps its table in the .md and .docx exports
(issue 15, item 5), with sources renumbered and 未报告 / 累计 kept as the table says."""

from __future__ import annotations

import io
import json
from datetime import date

from docx import Document

from assistant.briefing.export import Briefing, briefing_from_plain, briefing_to_plain, to_docx, to_markdown
from core.models import Answer, Citation, TableRow

DAY = date(2024, 5, 1)


def cite(n, report, office, year, quote):
    return Citation(n=n, report=report, office=office, year=year, section="一、概述",
                    paragraph=f"{report}-p1", quote=quote, paragraph_text=quote, title="")


def comparison() -> Answer:
    return Answer(
        question="比较新碶街道和北沟街道主动公开的数量", status="answered",
        text="新碶街道589条[1]，北沟街道14条[2]。",
        citations=(cite(1, "a.txt", "新碶街道", 2013, "主动公开政府信息589条"),
                   cite(2, "b.txt", "北沟街道", 2017, "累计公开14条")),
        table=(TableRow("新碶街道", 2013, 589, "exact", "annual", 1),
               TableRow("北沟街道", 2017, 14, "exact", "cumulative", 2, "14条（累计）"),
               TableRow("某镇", 2017, None, "", "", None)),
        kind="comparison")


def briefing() -> Briefing:
    # a passage first: the comparison's sources are renumbered after it
    other = cite(1, "c.txt", "某局", 2019, "收到申请3件")
    return Briefing().add_passage(other).add_answer(comparison())


def test_markdown_has_the_table_with_renumbered_sources():
    text = to_markdown(briefing(), DAY)
    assert "| 机关 | 年度 | 数值 | 限定 | 口径 | 来源 |" in text
    assert "| 新碶街道 | 2013年 | 589 | 确数 | 年度 | [2] |" in text
    assert "| 北沟街道 | 2017年 | 14条（累计） | 确数 | 累计 | [3] |" in text
    assert "| 某镇 | 2017年 | 未报告 |  |  |  |" in text


def test_docx_has_the_table():
    document = Document(io.BytesIO(to_docx(briefing(), DAY)))
    assert len(document.tables) == 1
    rows = [[c.text for c in row.cells] for row in document.tables[0].rows]
    assert rows[0] == ["机关", "年度", "数值", "限定", "口径", "来源"]
    assert rows[1] == ["新碶街道", "2013年", "589", "确数", "年度", "[2]"]
    assert rows[3][2] == "未报告"


def test_the_table_survives_the_browsers_copy_and_a_bad_one_is_dropped():
    # the browser keeps it as JSON
    plain = json.loads(json.dumps(briefing_to_plain(briefing()), ensure_ascii=False))
    kept = briefing_from_plain(plain)
    assert kept.items[1].table == comparison().table
    plain["items"][1]["table"][0]["value"] = "<script>"
    assert len(briefing_from_plain(plain)) == 1
