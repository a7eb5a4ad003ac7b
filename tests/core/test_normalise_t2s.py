"""The t2s fast path of core.normalise gives exactly what opencc gives.

`_convert` skips the converter for text with no trigger character and converts only
the runs between opencc's separators that hold one; both must be invisible in the
result, on real report text (Simplified, Traditional, mixed) and on Traditional
samples.
"""

from __future__ import annotations

from pathlib import Path

import opencc
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.normalise import _convert, _traditional_triggers, normalise
from core.text import t2s_converter
from tests.conftest import CORPUS

REALDEV = Path(__file__).resolve().parents[3] / "shared" / "realdev" / "reports"
_DICTIONARY = Path(opencc.__file__).resolve().parent / "dictionary"


def _texts() -> list[str]:
    paths = sorted(REALDEV.glob("*.txt")) + sorted(CORPUS.glob("*.txt"))
    return [p.read_text(encoding="utf-8", errors="replace") for p in paths]


def _entries() -> list[tuple[str, str]]:
    """(key, first candidate) of the dictionaries opencc's t2s config names."""
    entries = []
    for name in ("TSCharacters.txt", "TSPhrases.txt"):
        for line in (_DICTIONARY / name).read_text(encoding="utf-8").splitlines():
            key, _, values = line.strip().partition("\t")
            entries.append((key, values.split(" ")[0]))
    return entries


TRADITIONAL = [
    "本機關2019年主動公開政府信息1,234條，其中規範性文件12件。",
    "（一）推進決策公開。嚴格落實重大行政決策預公開制度，關於《條例》的實施…",
    "行政復議 行政訴訟\n結果維持 結果糾正 其他結果 尚未審結 總計",
    "乾隆年間的鐘錶、頭髮與後來的發展：臺灣、香港、澳門",
    "開關 開發 髮型 乾淨 鬱鬱蔥蔥 著作 瞭解 甚麼 一隻 兩個",
]


def test_t2s_dictionaries_read_from_the_installed_package():
    config = (Path(opencc.__file__).resolve().parent / "config" / "t2s.json").read_text()
    assert "TSPhrases.txt" in config and "TSCharacters.txt" in config
    assert config.count(".txt") == 3  # the segmentation's TSPhrases and the group's two
    triggers = _traditional_triggers()
    # every character conversion that changes something has its key as a trigger
    changing = [key for key, value in _entries() if key != value]
    assert changing and all(not triggers.isdisjoint(key) for key in changing)
    # and no Simplified character of the reports' everyday text is one
    assert triggers.isdisjoint("政府信息公开年度报告主动公开依申请公开行政复议诉讼")


def test_a_key_without_triggers_converts_to_itself():
    free = [key for key, _ in _entries() if _traditional_triggers().isdisjoint(key)]
    assert all(t2s_converter().convert(key) == key for key in free)


@pytest.mark.skipif(not REALDEV.exists(), reason="../shared/realdev absent")
def test_fast_path_is_opencc_on_real_reports_and_their_lines():
    converter = t2s_converter()
    texts = _texts()
    assert len(texts) > 60
    lines = [line for text in texts for line in text.splitlines()]
    for text in texts + lines:
        assert _convert(text) == converter.convert(text)


def test_fast_path_is_opencc_on_traditional_text():
    converter = t2s_converter()
    s2t = opencc.OpenCC("s2t")
    samples = TRADITIONAL + [s2t.convert(text) for text in _texts()[:12]]
    changed = 0
    for text in samples:
        assert _convert(text) == converter.convert(text)
        changed += converter.convert(text) != text
    assert changed == len(samples)  # every sample had something to convert


def test_normalise_converts_traditional_runs_only():
    n = normalise("本機關主动公开 1 條，报告。開關")
    assert n.text == "本机关主动公开1条，报告。开关"


@settings(max_examples=300)
@given(st.text(alphabet="開關鐘乾後髮發臺台裏里条條一二。，、 \n()（）《》—…ab12", max_size=30))
def test_fast_path_is_opencc_on_mixed_text(text):
    assert _convert(text) == t2s_converter().convert(text)
