"""The paragraph splitter's work grows with the text, not faster (issue 15 item 3).

Normalising is most of the splitter's cost, so it is counted: each block and piece is
normalised once and carried along (it was 6.3 calls a block over realdev, 1.5 now:
the block, and its pieces where a block is cut), and the count per block does not
grow with the number of blocks. The carried text must be what normalise gives.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import index.paragraphs as paragraphs
from core.models import Block
from core.normalise import normalise
from index.loaders import load_document
from tests.conftest import CORPUS

REALDEV = Path(__file__).resolve().parents[3] / "shared" / "realdev" / "reports"


def _files() -> list[Path]:
    return sorted(REALDEV.glob("*.txt")) + sorted(CORPUS.glob("*.txt"))


@pytest.fixture(scope="module")
def blocks():
    out = []
    for path in _files():
        out.extend(load_document(path, 1 << 30).blocks)
    return out


def _normalise_calls(monkeypatch, report_blocks) -> tuple[int, int]:
    calls = 0

    def counting(text):
        nonlocal calls
        calls += 1
        return normalise(text)

    monkeypatch.setattr(paragraphs, "normalise", counting)
    found = paragraphs.split_paragraphs("r", report_blocks)
    return calls, len(found)


def test_normalise_calls_per_block_bounded_and_flat(monkeypatch, blocks):
    once, found = _normalise_calls(monkeypatch, blocks)
    four_times, found4 = _normalise_calls(monkeypatch, blocks * 4)
    assert found > 500 and found4 == 4 * found
    assert once <= 2 * len(blocks)  # 1.5 a block at the time of writing; 6.3 before
    assert four_times == 4 * once  # no work that grows with what came before


def test_carried_normalised_text_is_normalise_of_the_paragraph(blocks):
    for paragraph in paragraphs.split_paragraphs("r", blocks):
        assert paragraph.normalised == normalise(paragraph.text).text


def test_run_in_headings_of_a_long_crawled_line():
    # a page saved on one line (2,700 markers, each after a sentence and a space run):
    # the text before a marker is scanned back over its spaces, not sliced per marker
    unit = "（{}）公开工作情况 本机关主动公开信息12条，较上年增长5%。 "
    numerals = "一二三四五六七八九"
    text = "一、总体情况 " + "".join(unit.format(n) for n in numerals) * 300
    found = paragraphs.split_paragraphs("r", [Block(text=text)])
    sections = {p.section for p in found}
    # the first nine go up and are headings; repeats do not go up and stay text
    assert {f"一、总体情况 > （{n}）公开工作情况" for n in numerals} <= sections
    assert sum(p.is_heading for p in found) == 1 + len(numerals)
