"""The question's focus: the office reference blanked, once, with the rest of the
office's name written after it (realdev d017, d018, d057)."""

from __future__ import annotations

import pytest

from assistant.question.understand import _blank, normalise_question

CUSTOMS = "海关总署(本级机关)"


@pytest.mark.parametrize("text, phrase, name, focus", [
    # the second 海关总署 is what is counted (海关总署令), not the office
    ("2020年海关总署发布了几件海关总署令？", "海关总署", CUSTOMS, "发布了几件海关总署令"),
    # the rest of the office's name is no word of the question
    ("海关总署（本级机关）2020年发了多少件公告？", "海关总署", CUSTOMS, "2020年发了多少件公告"),
    ("海关总署本级2020年在政府信息公开目录里发了多少件文件？", "海关总署", CUSTOMS,
     "2020年在政府信息公开目录里发了多少件文件"),
    # one character that happens to be in the name (公 of 公报) is not its rest
    ("2020年孝感市政府公报编了几期？", "孝感市政府", "孝感市人民政府办公室", "公报编了几期"),
])
def test_the_office_reference_is_blanked_once_with_its_name(text, phrase, name, focus):
    blanked = _blank(normalise_question(text), [phrase], [name])
    assert focus in blanked
    assert phrase not in blanked.replace("海关总署令", "")
