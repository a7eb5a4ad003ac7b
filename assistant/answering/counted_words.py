"""Telling apart running-text figures that the vocabulary reads as the same metric.

A report's sentence often states several numbers a vocabulary cue reads as one metric:
`新收到依申请公开政府信息42件,答复依申请公开政府信息39件` (both "received"),
`共受理依申请公开事项59件,结转上年后新收到依申请公开事项47件`, `信息公开行政复议案件3件,
…撤销复议申请1件` (both "reviews"). The words each clause counts tell them apart, and
the question says which it asks (新收, 信息公开行政复议). So where one metric has several
different values, each clause is scored by the words that only it has (what it shares
with the others says nothing about which is meant) found in the question, compared as
character pairs (新收 in 新收到, 新收了: jieba cuts a question and a report differently).
Only a clearly better clause wins; otherwise every value is kept and the answer shows
them all, never picking one silently.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from core.models import Figure
from core.text import simplified

# A number with its unit, and the digits of dates: counted words are the other words.
_NUMBER = re.compile(r"\d[\d.,%]*(?:万|亿)?[\u4e00-\u9fa5]?")
_HAN = re.compile(r"[\u4e00-\u9fa5]+")


def _pairs(text: str) -> set[str]:
    """The character pairs of the Chinese runs of `text` (numbers and units removed)."""
    runs = _HAN.findall(_NUMBER.sub(" ", simplified(text)))
    return {run[i:i + 2] for run in runs for i in range(len(run) - 1)}


def _key(figure: Figure) -> tuple:
    return (figure.metric, simplified(figure.label), figure.year, figure.scope)


def by_counted_words(candidates: Sequence[Figure], asked: str) -> list[Figure]:
    """The candidates without the running-text figures of a metric that the question's
    words (`asked`: the question with the office names blanked) clearly do not mean,
    where the same metric has several different values."""
    groups: dict[tuple, list[Figure]] = {}
    for figure in candidates:
        if not figure.row:  # table cells are told apart by row and column
            groups.setdefault(_key(figure), []).append(figure)
    question = _pairs(asked)
    dropped: set[int] = set()
    for group in groups.values():
        values = {f.value for f in group}
        if len(values) < 2:
            continue
        pairs = {id(f): _pairs(f.quote) for f in group}
        # pairs every clause of the group has (依申请公开) do not tell one from another
        shared = set.intersection(*pairs.values())
        score = {id(f): len((pairs[id(f)] - shared) & question) for f in group}
        best_value = {}
        for figure in group:
            best_value[figure.value] = max(best_value.get(figure.value, 0), score[id(figure)])
        ranked = sorted(best_value.values(), reverse=True)
        if ranked[0] == 0 or ranked[0] == ranked[1]:
            continue  # the question names none of them, or two equally: all are shown
        top = ranked[0]
        dropped |= {id(f) for f in group if best_value[f.value] < top}
    return [f for f in candidates if id(f) not in dropped]
