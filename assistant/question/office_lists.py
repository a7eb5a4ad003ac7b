"""The items of a list of offices, so that each is resolved as a question about it
alone would be.

A comparison lists its offices (`东宝区、硚口区府办、秦都区…`, `2013年那个镇和2014年亭子坝镇`,
`天门市府办2025、西柳镇2023、龙岗那个部门2024`). Resolving the whole question at once lets
the first office named directly hide the others that are only named through a place or
loosely (秦都区 is in the region chain of 咸阳市秦都区人民政府; 蚌埠那个镇 names the one
indexed town of 蚌埠): the tiers of `OfficeDirectory.resolve` stop at the first that
matches. Cut into items, each office is found by the same tiers a figure question about
it finds it by — one rule for every office listed.
"""

from __future__ import annotations

import re

from core.text import tagged_words

# What separates the items of a list: punctuation, and the conjunctions as jieba's own
# words (和 inside 和平区 is part of a name, never cut there).
_PUNCTUATION = re.compile(r"[、，,；;：:。？?！!]")
_CONJUNCTIONS = frozenset({"和", "与", "跟", "同", "及", "以及", "还有", "对比", "相比", "比"})


def list_items(question: str) -> list[str]:
    """The question cut at list separators; items without a Chinese character dropped.
    One item when the question lists nothing."""
    items: list[str] = []
    for chunk in _PUNCTUATION.split(question):
        current = ""
        for word, _ in tagged_words(chunk, hmm=False):
            if word in _CONJUNCTIONS:
                items.append(current)
                current = ""
            else:
                current += word
        items.append(current)
    return [item for item in items if re.search(r"[\u4e00-\u9fff]", item)]
