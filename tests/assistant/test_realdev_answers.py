"""Answers over real reports (tests/fixtures/realdev_open: eleven realdev reports and 35
of realdev's checked questions; sources in its SOURCES.md), with the real embedding
model and the whole chain: numbers outside the metric vocabulary, the office and the
year as hard filters, follow-up questions, and no answer citing another office's report.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.chain import build_parts
from assistant.evaluate import evaluate, load_items
from core.settings import Settings
from core.store import Store
from index.manifest import read_manifest
from index.pipeline import index_paths

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "realdev_open"

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def parts(tmp_path_factory, embedder):
    settings = Settings(index_dir=tmp_path_factory.mktemp("realdev-open"), _env_file=None)
    store = Store.open(settings, embedder)
    # 056's text never names its office: the manifest says it (from its page address)
    manifest = read_manifest(FIXTURES / "manifest.csv")
    summary = index_paths(sorted(FIXTURES.glob("*.txt")), store, settings,
                          corrections=manifest.get)
    assert not summary.refused
    return build_parts(settings, store)


def ask(parts, text: str, history: list[str] | None = None):
    return parts.chain.invoke({"question": text, "chat_history": history or []})


def values(answer) -> set[float]:
    return {float(f.value) for f in answer.figures}


# ---- open figures: any number a report states ----------------------------------------


@pytest.mark.parametrize("text, value, unit", [
    ("海关总署2012年在网站上发了多少条公告？", 64, "条"),  # not a vocabulary metric
    ("2012年海关总署通过门户网站公开了几条署令？", 2, "条"),
    ("城中区2024年受理的群众诉求大概有多少件？", 17250, "件"),  # 近17250件, about
])
def test_numbers_outside_the_vocabulary_are_answered_with_their_quote(parts, text, value, unit):
    answer = ask(parts, text)
    assert answer.status == "answered", answer.text
    assert values(answer) == {value}
    figure = answer.figures[0]
    assert figure.unit == unit
    assert any(str(value) in c.quote for c in answer.citations)


def test_an_approximate_figure_keeps_its_hedge(parts):
    answer = ask(parts, "城中区2024年受理的群众诉求大概有多少件？")
    assert answer.figures[0].qualifier == "about" and "约17250件" in answer.text


def test_a_share_is_not_answered_by_a_count(parts):
    answer = ask(parts, "清远环保局2014年信息公开量比上一年增加了百分之多少？")
    assert answer.status == "answered", answer.text
    assert values(answer) == {32.7} and answer.figures[0].unit == "%"


# ---- the office and the year are hard filters ----------------------------------------


def test_an_office_not_indexed_is_not_found_and_nothing_else_is_cited(parts):
    answer = ask(parts, "生态环境部2024年收到多少件政府信息公开申请？")
    assert answer.status == "not_found" and not answer.figures and not answer.citations


def test_a_year_with_no_report_of_that_office_says_which_years_are(parts):
    answer = ask(parts, "海关总署2016年在网站上发了多少条公告？")
    assert answer.status == "not_found" and not answer.figures
    assert "2016" in answer.text and "2010" in answer.text and "2012" in answer.text


def test_two_reports_of_one_office_answer_only_for_the_year_asked(parts):
    answer = ask(parts, "海关总署2010年年报的数据统计期限是怎么写的？")
    assert {c.report for c in answer.citations} <= {"003_haiguan_zongshu_2010.txt"}


def test_a_place_that_is_no_indexed_office_is_not_answered_from_others(parts):
    answer = ask(parts, "江苏省2009年谁是全省政府信息公开工作的主管部门？")
    assert answer.status == "not_found"


# ---- follow-ups ----------------------------------------------------------------------


def test_a_follow_up_takes_the_office_and_the_question_from_before(parts):
    first = "海关总署2012年在网站上发了多少条公告？"
    answer = ask(parts, "那2016年呢？", [first])
    assert "理解为" in answer.text and "2016" in answer.text and "海关总署" in answer.text
    assert answer.status == "not_found"  # no 2016 report: said, not another year's number


def test_a_follow_up_asking_another_metric_keeps_the_office_and_year(parts):
    answer = ask(parts, "它的办理时限呢？", ["定州市环保局规定信息形成后多少个工作日内报给信息中心？"])
    assert "理解为" in answer.text and "定州" in answer.text


def test_a_follow_up_through_langchain_message_history(parts):
    from langchain_core.chat_history import InMemoryChatMessageHistory

    from assistant.chain import with_message_history

    histories: dict[str, InMemoryChatMessageHistory] = {}
    chain = with_message_history(parts.chain,
                                 lambda sid: histories.setdefault(sid, InMemoryChatMessageHistory()))
    config = {"configurable": {"session_id": "s1"}}
    chain.invoke({"question": "海关总署2012年在网站上发了多少条公告？"}, config=config)
    second = chain.invoke({"question": "那2016年呢？"}, config=config)["answer"]
    assert "理解为" in second.text and "2016" in second.text
    assert [m.type for m in histories["s1"].messages] == ["human", "ai", "human", "ai"]


# ---- the question set of these reports: never another office's report ------------------


def test_no_answer_cites_a_report_of_an_office_the_question_is_not_about(parts):
    items = load_items(FIXTURES / "qa.jsonl")
    sources = {r.id: r.source for r in parts.snapshot().reports}
    report = evaluate(items, parts.chain.invoke, sources=sources)
    wrong = [v.id for v in report.verdicts if v.wrong_office]
    assert wrong == [], wrong
    right = sum(v.right for v in report.verdicts)
    print(f"{right}/{len(items)} right")
    assert right >= 30, [(v.id, v.reasons) for v in report.verdicts if not v.right]
