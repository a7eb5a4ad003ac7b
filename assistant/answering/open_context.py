"""What tells apart numbers of one sentence that share most of their words.

- The noun a question counts (多少个县, 几场专场新闻发布会) against the words a figure
  counts: a sentence listing 11个市、119个县(市、区)人民政府、72个省直部门 shares its clause
  with all three numbers, but only one of them counts 县. Chinese puts the counted noun
  right after the number and unit (119个县…) or ends the phrase with it (新增主动公开
  政府信息130条), so the noun asked is matched against the start of a label that follows
  its number and against the end of one that precedes it.
- The words a share or a change is about (较2024年增加3722件,增长20.31%): its own clause
  names only the change; the counts stated before it in the same sentence say of what
  (受理承办12345…热线诉求共计22050件). Their labels are the change's context.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from functools import lru_cache

from core.models import Figure
from core.text import simplified

HEAD_BONUS = 0.2  # a figure counting exactly the noun asked
# The noun after the question's count word and unit (taken whole: 多少件？ counts no 件),
# up to a particle, bracket or punctuation.
_ASKED_NOUN = re.compile(r"(?:几|多少)(?:个|[条件起次份项名人场篇期台户所位类家批例处])?+"
                         r"([\u4e00-\u9fff]{1,10})")
_NOUN_STOP = re.compile(r"[的（(，,、。？?]|是|有|被|在|呢|吗")
_SENTENCE_END = re.compile(r"[。；;！!？?]")
_ABOUT = ("share", "change")  # kinds whose own clause names only the share or the change


@lru_cache(maxsize=256)
def asked_noun(focus: str) -> str:
    """多少个县（市、区）政府的… -> 县; 几场专场新闻发布会？ -> 专场新闻发布会; "" when the
    question word ends the question (办了多少件？)."""
    found = _ASKED_NOUN.search(simplified(focus))
    if not found:
        return ""
    noun = found.group(1)
    stop = _NOUN_STOP.search(noun)
    return noun[:stop.start()] if stop else noun


def _common_prefix(a: str, b: str) -> int:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return n


def head_fit(noun: str, figure: Figure) -> float:
    """HEAD_BONUS × the share of the asked noun the figure's label starts with (a label
    right after its number: 119个县…) or ends with (a label before it: …政府信息130条);
    at least two characters must agree, or the whole noun when it is one (县)."""
    label = simplified(figure.label)
    if not noun or not label:
        return 0.0
    follows = (figure.unit + figure.label[:1]) in figure.quote
    agreed = _common_prefix(noun, label) if follows else _common_prefix(noun[::-1], label[::-1])
    if agreed < min(2, len(noun)):
        return 0.0
    return HEAD_BONUS * agreed / len(noun)


def sentence_context(figures: Sequence[Figure], texts: Mapping[str, str]) -> dict[str, str]:
    """Figure id -> the labels of the counts stated before it in its sentence, for shares
    and changes (empty for the rest, and without the paragraph's text)."""
    by_paragraph: dict[str, list[Figure]] = {}
    for figure in figures:
        by_paragraph.setdefault(figure.paragraph_id, []).append(figure)
    context: dict[str, str] = {}
    for paragraph_id, items in by_paragraph.items():
        text = texts.get(paragraph_id)
        if text is None:
            continue
        items = sorted(items, key=lambda f: f.span)
        for figure in items:
            if figure.kind not in _ABOUT:
                continue
            before = [f.label for f in items
                      if f.kind not in _ABOUT and f.label and f.span[1] <= figure.span[0]
                      and not _SENTENCE_END.search(text, f.span[1], figure.span[0])]
            if before:
                context[figure.id] = " ".join(dict.fromkeys(before))
    return context
