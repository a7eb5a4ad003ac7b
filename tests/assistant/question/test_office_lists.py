"""A list of offices is resolved item by item (issue 12, "comparisons use the same rule
for every office they list"): an office named only through its place (秦都区, 万源),
loosely (蚌埠那个镇, 龙岗那个部门) or by year and type (2013年那个镇) is found inside a
list exactly as a question about it alone finds it. Over realdev's real reports."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from assistant.question.cues import ranking_order
from assistant.question.office_lists import list_items
from assistant.question.offices import OfficeDirectory
from assistant.question.understand import normalise_question
from index.manifest import apply_correction, read_manifest
from tests.assistant.question.test_realdev_offices import indexed

SHARED = Path(__file__).resolve().parents[4] / "shared" / "realdev" / "reports"
# the offices a report does not name (镇（名称未载）) as the eval indexes them
MANIFEST = Path(__file__).resolve().parents[3] / "eval" / "realdev_manifest.csv"
pytestmark = pytest.mark.skipif(not SHARED.is_dir(), reason="../shared/realdev not beside the clone")


@pytest.fixture(scope="module")
def directory() -> OfficeDirectory:
    manifest = read_manifest(MANIFEST)
    reports = []
    for path in sorted(SHARED.glob("*.txt")):
        report = indexed(path)
        office, year = apply_correction(report.office, report.year, manifest.get(path))
        reports.append(replace(report, office=office, year=year))
    return OfficeDirectory.build(reports)


def files(directory: OfficeDirectory, question: str) -> list[str]:
    resolution = directory.resolve(normalise_question(question))
    return [rid for o in resolution.offices for rid in directory.by_office(o).report_ids]


def test_items_are_cut_at_punctuation_and_conjunctions_never_inside_a_name():
    assert list_items("2013年那个镇和2014年亭子坝镇，主动公开的信息哪个多？") == [
        "2013年那个镇", "2014年亭子坝镇", "主动公开的信息哪个多"]
    assert list_items("和平区和沈河区比") == ["和平区", "沈河区"]
    assert list_items("北沟街道2017年主动公开了多少条？") == ["北沟街道2017年主动公开了多少条"]


@pytest.mark.parametrize("question, expected", [
    # 秦都区 is only in the region chain of 咸阳市秦都区人民政府: named directly beside
    # it, 东宝区 used to hide it
    ("2024年东宝区、硚口区府办、秦都区收到的依申请公开，按多少排序。", ["024", "023", "025"]),
    ("2025年白城市、溧阳市府办、万源市、抚宁区府办的依申请公开，谁最多谁最少？",
     ["053", "057", "056", "055"]),
    ("2025年万源、白城、溧阳三地主动公开政府信息的数量排个序。", ["056", "053", "057"]),
    # loose references inside a list
    ("2016年蚌埠那个镇和江坡镇，谁主动公开的信息多？", ["033", "034"]),
    ("现行有效的行政规范性文件：天门市府办2025、西柳镇2023、龙岗那个部门2024、万源市2025，排个序。",
     ["054", "048", "027", "056"]),
    # by year and type: the one 镇 with a 2013 report (太平畈乡 and 两家子满族乡 are 乡)
    ("2013年那个镇和2014年亭子坝镇，主动公开的信息哪个多？", ["032", "062"]),
    ("12345热线诉求量，万源市2025年和城中区2024年哪个多？", ["056", "026"]),
])
def test_every_listed_office_is_found_as_it_is_alone(directory, question, expected):
    assert files(directory, question) == expected


@pytest.mark.parametrize("alone, listed", [
    ("秦都区2024年收到多少依申请公开？", "2024年东宝区、秦都区在网上公开的信息量，谁最多？"),
    ("蚌埠那个镇2016年主动公开了多少条信息？", "2016年蚌埠那个镇和江坡镇，谁主动公开的信息多？"),
    ("龙岗那个部门2024年现行有效的行政规范性文件有多少件？",
     "现行有效的行政规范性文件：西柳镇2023、龙岗那个部门2024，排个序。"),
])
def test_one_rule_alone_and_in_a_list(directory, alone, listed):
    assert set(files(directory, alone)) <= set(files(directory, listed))


def test_one_office_with_two_metrics_is_no_list(directory):
    question = "东宝区2024年主动公开和依申请公开各多少？"
    assert files(directory, question) == ["024"]


def test_most_and_fewest_asked_together_rank_from_the_most():
    assert ranking_order("谁最多谁最少？") == "both"
    assert ranking_order("谁最少？") == "fewest"
    assert ranking_order("谁最多？") == "most"
