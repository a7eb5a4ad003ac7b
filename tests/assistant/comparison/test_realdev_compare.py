"""Comparisons over real reports (issue 12): fifteen realdev reports indexed by the real
pipeline into a real Chroma, asked realdev's own comparison questions through the chain's
one path (understand -> draft -> check), judged by realdev's comparison judge.

Each office's figure is found as a figure question about it would find it: numbers
outside the vocabulary (公告 / 署令 counts, 政策解读 in 条 and 篇), Traditional texts,
the same office in two years, a zero in words against 0件, an approximate running total
against an annual count.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.chain import build_parts
from assistant.judge_comparison import judge_realdev_comparison
from core.settings import Settings
from core.store import Store
from index.manifest import read_manifest
from index.pipeline import index_paths

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "realdev_compare"
ITEMS = [json.loads(line) for line in (FIXTURES / "qa.jsonl").read_text("utf-8").splitlines()
         if line.strip()]


@pytest.fixture(scope="module")
def parts(tmp_path_factory, embedder):
    settings = Settings(index_dir=tmp_path_factory.mktemp("realdev_compare") / "index",
                        _env_file=None)
    store = Store.open(settings, embedder)
    manifest = read_manifest(FIXTURES / "manifest.csv")
    summary = index_paths(sorted(FIXTURES.glob("*.txt")), store, settings,
                          corrections=manifest.get)
    assert not summary.refused, summary.refused
    return build_parts(settings, store)


def _draft(parts, text: str):
    question = parts.question(text)
    assert question.kind == "comparison", (text, question.kind)
    return question, parts.draft(question)  # draft runs the citation and number check


@pytest.mark.parametrize("item", ITEMS, ids=[i["id"] for i in ITEMS])
def test_realdev_comparison_is_right(parts, item):
    _, answer = _draft(parts, item["question"])
    assert judge_realdev_comparison(answer, item) == [], answer.text


def test_every_listed_office_resolves_and_gets_a_row(parts):
    question, answer = _draft(parts, "政策解读发了多少：自然资源部2024、城中区2024、溧阳市府办2025，排个序。")
    assert len(question.offices) == 3 and not question.unknown_office
    assert [r.value for r in answer.table] == [26, 24, 10]  # ranked high -> low
    assert "单位不同" in answer.text and "条" in answer.text and "篇" in answer.text


def test_units_that_differ_get_no_difference(parts):
    _, answer = _draft(parts, "海关总署发公告，2012年和2020年哪年多？")
    assert {r.year for r in answer.table if r.value is not None} == {2012, 2020}
    assert "多74" not in answer.text  # 138件 and 64条 are not subtracted
    assert "单位不同" in answer.text


def test_a_zero_in_words_equals_a_stated_zero(parts):
    _, answer = _draft(parts, "2023年小板镇和西柳镇收到的依申请公开数量一样吗？")
    assert sorted(r.qualifier for r in answer.table) == ["exact", "zero_in_words"]
    assert "两者相同" in answer.text


def test_an_annual_count_above_a_running_total_is_more(parts):
    _, answer = _draft(parts, "2015年西牛镇和大峃镇主动公开的信息，哪个多？")
    rows = {r.office: r for r in answer.table}
    assert rows["大峃镇"].scope == "cumulative" and rows["大峃镇"].qualifier == "about"
    assert rows["西牛镇"].value == 506 and "西牛镇较多" in answer.text


def test_a_figure_the_report_does_not_state_is_not_zero(parts):
    # 城中区's excerpt states no 微信公众号 count: 未报告, never 0, and no winner named
    _, answer = _draft(parts, "2024年自然资源部和城中区，谁的微信公众号发得多？")
    missing = [r for r in answer.table if r.value is None]
    assert missing and all(r.display == "未报告" for r in missing)
    assert "较多" not in answer.text



def test_two_offices_in_different_units_are_compared_in_the_one_both_state(parts):
    # 西柳镇's best match alone is its 微信公众账号(1个); 沙湖镇 states only posts in 条: no
    # unit is most offices', so the first unit every office states a figure in is used
    _, answer = _draft(parts, "2023年西柳镇和沙湖镇，谁的微信公众号发得多？")
    assert sorted((r.value, r.display) for r in answer.table) == [(68, "68条"), (149, "149条")]
    assert "西柳镇较多" in answer.text
