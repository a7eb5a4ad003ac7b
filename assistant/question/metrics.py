"""Which metrics of the figure vocabulary a question asks about, and in what unit.

Phrases come from `core.vocabulary.METRICS`; everyday words are first mapped
to the formal ones (收钱 -> 收费). A question is split into parts (at ，、和 或 ...); each
part keeps every metric its words match, best first, so that the figure answerer can
fall back to another reading when the first has no stated figure.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from assistant.question.table_cells import CellAsk, cell_ask, is_table_key
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


def narrative_fallback(cells: Sequence[str]) -> list[str]:
    """The narrative keys that state the same quantity as the cells asked (本年新收 总计 is
    the number of requests received; 行政诉讼 both kinds of lawsuit): what running text
    may answer instead. A narrative key that also stands for cells not asked (不予公开 is
    the eight reasons together) does not answer one of them."""
    asked = set(cells)
    keys = []
    for cell in cells:
        same = METRICS[cell].same_as if cell in METRICS else ""
        if same and {k for k, m in METRICS.items() if m.same_as == same} <= asked:
            keys.append(same)
    return list(dict.fromkeys(keys))


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
    one, then the longer phrase, then vocabulary order (narrative keys first).

    A part naming a cell of the official tables (table_cells.cell_ask: 规范性文件对外公开
    总数, 企业提的申请) starts with that cell's keys — the cells that answer it, all of
    them to be given — followed by the narrative keys stating exactly that quantity.
    Other keys its words happen to match are left out: no other cell of the row may
    answer it, nor another number (行政事业性收费 is not the disclosure fee 收费)."""
    text = colloquial(text)
    hits = _phrase_hits(text)
    order = {key: i for i, key in enumerate(METRICS)}
    bounds = [0] + [m.end() for m in _SEGMENT_BREAK.finditer(text)] + [len(text) + 1]
    segments: list[list[str]] = []
    previous: CellAsk | None = None
    for lo, hi in zip(bounds, bounds[1:]):
        inside = [h for h in hits if lo <= h.start < hi]
        ranked = sorted(inside, key=lambda h: (-metric_tier(h.key), not h.exact,
                                               -(h.end - h.start), order[h.key]))
        keys = list(dict.fromkeys(h.key for h in ranked))
        ask = cell_ask(text[lo:hi], previous, text)
        if ask is not None and not ask.column and _more_specific(ask, inside, lo):
            ask = None  # 行政诉讼胜诉几件: a narrative count more specific than the table's 总计
        if ask is not None:
            previous = ask
            keys = [*ask.keys, *narrative_fallback(ask.keys)]
        if keys:
            segments.append(keys)
    return segments


def _more_specific(ask: CellAsk, hits: Sequence[MetricHit], offset: int) -> bool:
    """Whether words of the part other than the cell's own name a narrative metric more
    specific than the cell (胜诉 beside 行政诉讼; not 结转 inside 上年结转)."""
    tier = max(metric_tier(k) for k in ask.keys)
    for hit in hits:
        inside = any(lo + offset <= hit.start and hit.end <= hi + offset for lo, hi in ask.words)
        if not inside and not is_table_key(hit.key) and metric_tier(hit.key) > tier:
            return True
    return False


def find_metrics(text: str) -> tuple[str, ...]:
    """The best metric of each part of the question, in the order asked. A part asking
    a table cell that running text states too (本年新收 总计 = 收到申请) is the narrative
    key, whose figures include the cell (`Metric.same_as`): the quantity asked, wherever
    a report states it; metric_segments keeps the cell first for choosing figures."""
    return tuple(dict.fromkeys(_quantity(segment) for segment in metric_segments(text)))


def _quantity(segment: Sequence[str]) -> str:
    if is_table_key(segment[0]):
        return next((k for k in segment if not is_table_key(k)), segment[0])
    return segment[0]


_UNIT_CUE = re.compile(r"(?:几|多少)(条|件|起|次|份|个|项|名|人次|人|元|万元|场|篇)")
UNIT_CLASSES = ({"件", "起", "次", "份"}, {"名", "人"})


def asked_unit(text: str) -> str:
    """The unit a question counts in: 几条 -> 条, 占比 -> %."""
    if re.search(r"占比|百分比|比例|比重|百分之|覆盖率", colloquial(text)):
        return "%"
    match = _UNIT_CUE.search(text)
    return match.group(1) if match else ""
