"""Which metrics of the figure vocabulary a question asks about, and in what unit.

Phrases come from `core.vocabulary.METRICS`; everyday words are first mapped
to the formal ones (收钱 -> 收费). A question is split into parts (at ，、和 或 ...); each
part keeps every metric its words match, best first, so that the figure answerer can
fall back to another reading when the first has no stated figure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from core.vocabulary import METRICS

_SEGMENT_BREAK = re.compile(r"[，,；;。？?！!]|以及|或者|或|和|及|与|并且|还有")


@dataclass(frozen=True)
class MetricHit:
    key: str
    start: int
    end: int
    exact: bool


@lru_cache(maxsize=1)
def _phrases() -> tuple[tuple[str, str, frozenset[str]], ...]:
    """(metric key, phrase, its characters), in vocabulary order."""
    return tuple((key, phrase, frozenset(phrase)) for key, metric in METRICS.items()
                 for phrase in dict.fromkeys((*metric.phrases, metric.label)) if phrase)


def _phrase_hits(text: str) -> list[MetricHit]:
    hits: list[MetricHit] = []
    chars = set(text)
    for key, phrase, needed in _phrases():
        if not needed <= chars:
            continue
        at = text.find(phrase)
        if at >= 0:
            hits.append(MetricHit(key, at, at + len(phrase), True))
        elif len(phrase) >= 4:
            span = _gapped(text, phrase)
            if span:
                hits.append(MetricHit(key, span[0], span[1], False))
    return hits


def _gapped(text: str, phrase: str, max_gap: int = 5, max_total: int = 6) -> tuple[int, int] | None:
    """`phrase` as a subsequence of `text` with few characters between its own
    (收到申请 in 收到了几份申请, 申请公开 in 申请政府信息公开): the words of a question
    are often split up."""
    start = text.find(phrase[0])
    while start >= 0:
        pos, gaps, ok = start, 0, True
        for char in phrase[1:]:
            nxt = text.find(char, pos + 1)
            if nxt < 0 or nxt - pos - 1 > max_gap:
                ok = False
                break
            gaps += nxt - pos - 1
            pos = nxt
        if ok and gaps <= max_total:
            return start, pos + 1
        start = text.find(phrase[0], start + 1)
    return None


# Everyday words for what the vocabulary names formally.
_COLLOQUIAL = (
    (re.compile(r"收钱|收了钱|要钱|花钱|交钱|收过钱"), "收费"),
    (re.compile(r"(?:行政)?官司|被起诉|告上法庭|被告"), "行政诉讼"),
    (re.compile(r"百分之几|百分之多少|几成"), "百分比"),
    (re.compile(r"(?:发|发布|公布|放|挂|上传)了(多少|几)条"), r"公开了\1条"),
    (re.compile(r"(?<!政府)信息公开申请"), "政府信息公开申请"),
)


def colloquial(text: str) -> str:
    for pattern, formal in _COLLOQUIAL:
        text = pattern.sub(formal, text)
    return text


def metric_tier(key: str) -> int:
    """How specific a metric is, so that the specific one wins where a question's
    words match several: 主动公开 (the reports' default topic) < a category < any
    other count < an outcome of a count (复议维持 over 复议)."""
    metric = METRICS.get(key)
    narrative = metric.same_as if metric and metric.same_as else key
    if narrative == "active.total":
        return 0
    if narrative == "active.category":
        return 1
    family, _, rest = narrative.partition(".")
    if family in ("review", "litigation") and rest != "total" or narrative.startswith(
            "application.outcome."):
        return 3
    return 2


def metric_segments(text: str) -> list[list[str]]:
    """For each part of the question (split at ，、和 或 ...), the metrics its words
    match, best first: the more specific metric, then an exact phrase over a gapped
    one, then the longer phrase, then vocabulary order (narrative keys first)."""
    text = colloquial(text)
    hits = _phrase_hits(text)
    if not hits:
        return []
    order = {key: i for i, key in enumerate(METRICS)}
    bounds = [0] + [m.end() for m in _SEGMENT_BREAK.finditer(text)] + [len(text) + 1]
    segments: list[list[str]] = []
    for lo, hi in zip(bounds, bounds[1:]):
        inside = [h for h in hits if lo <= h.start < hi]
        ranked = sorted(inside, key=lambda h: (-metric_tier(h.key), not h.exact,
                                               -(h.end - h.start), order[h.key]))
        keys = list(dict.fromkeys(h.key for h in ranked))
        if keys:
            segments.append(keys)
    return segments


def find_metrics(text: str) -> tuple[str, ...]:
    """The best metric of each part of the question, in the order asked."""
    return tuple(dict.fromkeys(segment[0] for segment in metric_segments(text)))


_UNIT_CUE = re.compile(r"(?:几|多少)(条|件|起|次|份|个|项|名|人次|人|元|万元|场|篇)")
UNIT_CLASSES = ({"件", "起", "次", "份"}, {"名", "人"})


def asked_unit(text: str) -> str:
    """The unit a question counts in: 几条 -> 条, 占比 -> %."""
    if re.search(r"占比|百分比|比例|比重|百分之|覆盖率", colloquial(text)):
        return "%"
    match = _UNIT_CUE.search(text)
    return match.group(1) if match else ""
