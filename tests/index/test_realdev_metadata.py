"""Report understanding over the real development corpus (issue 10): office and year right
for every report whose text names them, unknown (never guessed) where it does not, and the
office never a sentence fragment, a year or a page word.

The answer key (tests/fixtures/realdev/answer_key.csv) comes from ../shared/realdev/SOURCES.md.
The whole corpus is read from ../shared/realdev when present; six golden copies always run.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from core.normalise import normalise
from index.loaders import load_document
from index.metadata import UNKNOWN_OFFICE_WARNING, describe
from index.metadata.names import is_office_name
from index.paragraphs import split_paragraphs

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "realdev"
SHARED = Path(__file__).resolve().parents[3] / "shared" / "realdev" / "reports"
KEY = {row["file"]: row for row in csv.DictReader((FIXTURES / "answer_key.csv").open(encoding="utf-8"))}
PAGE_WORDS = ("正文", "首页", "当前位置", "来源", "发布", "名称", "标题", "Page")


def read(path: Path):
    doc = load_document(path, 10 ** 8)
    return describe(doc, split_paragraphs("x", doc.blocks))


def office_right(meta, expected: str) -> bool:
    if not expected:
        return meta.office.name == ""
    simple = re.sub(r"\s+", "", normalise(meta.office.name).text)
    return expected in (meta.office.short, simple)


def form_of(year: int) -> str:
    return "2021" if year >= 2021 else "2019" if year >= 2019 else "pre2019"


def check(path: Path) -> None:
    meta = read(path)
    key = KEY[path.name]
    assert office_right(meta, key["office"]), (meta.office, key["office"])
    assert meta.year == int(key["year"])
    assert meta.format == form_of(int(key["year"]))
    if meta.office.name:
        plain = normalise(meta.office.name).text
        assert is_office_name(re.sub(r"\s+", "", plain)) and not re.search(r"\d", plain)
        assert not any(word in plain for word in PAGE_WORDS)
        assert meta.office.level in ("", key["level"]), meta.office  # unknown, never wrong
    else:
        assert UNKNOWN_OFFICE_WARNING in meta.warnings


@pytest.mark.parametrize("name", sorted(p.name for p in FIXTURES.glob("*.txt")))
def test_golden_realdev_reports(name):
    check(FIXTURES / name)


@pytest.mark.skipif(not SHARED.is_dir(), reason="../shared/realdev not beside the clone")
@pytest.mark.parametrize("name", sorted(KEY))
def test_whole_realdev_corpus(name):
    check(SHARED / name)


def test_golden_placeless_office_is_completed_from_the_body():
    meta = read(FIXTURES / "023_qiaokou_qu_zhengfu_bangongshi_2024.txt")
    assert meta.office.name == "硚口区人民政府办公室"
    assert meta.office.region == ("湖北省", "武汉市", "硚口区")
    assert (meta.office.kind, meta.office.level) == ("办公厅(室)", "区县")
