"""Choosing the stored figures that answer a figure question, for one office.

Never invents a number: a figure is only ever a stored Figure (with its verbatim
quote). The choice is by metric (the vocabulary key the question asks, or a table key
said to be the same), then by the category label the question names, then by scope
(annual / cumulative, as asked; annual by default) and year. What does not match is
reported as missing, and mismatches (only a cumulative figure, another year) are
returned as notes to be said, never blended.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from assistant.bm25 import tokenize
from assistant.models import Figure, IndexedReport, Office, Question
from assistant.offices import simplified
from index.figures.vocabulary import METRICS

# Metrics whose figures are told apart by their label (the category counted).
LABELLED = {"active.category", "active.category_share", "channel.columns",
            "channel.reading_points"}
_GENERIC = {"信息", "公开", "政府", "政府信息", "条", "件", "个", "相关", "其他", "类"}


@dataclass(frozen=True)
class FigurePick:
    office: Office
    # One entry per statement, in the order the question asked; a statement is the
    # same figure as the report states it in one or more places (best quote first).
    statements: tuple[tuple[Figure, ...], ...]
    missing: tuple[str, ...] = ()  # metric keys asked and not stated
    notes: tuple[str, ...] = ()

    @property
    def figures(self) -> tuple[Figure, ...]:
        return tuple(f for statement in self.statements for f in statement)


def metric_matches(figure_metric: str, asked: str) -> bool:
    if figure_metric == asked or figure_metric.startswith(asked + "."):
        return True
    metric = METRICS.get(figure_metric)
    return bool(metric and metric.same_as == asked)


@dataclass(frozen=True, order=True)
class LabelMatch:
    """How much of a figure's label the question says: `weight` counts the characters
    of the label's words found in the question (generic words such as 信息 count a
    quarter), `complete` is True when every specific word of the label is there."""

    complete: bool
    weight: float


def label_match(label: str, question: str) -> LabelMatch:
    words = [w for w in tokenize(re.sub(r"[“”\"「」：:（）()、\s]", " ", simplified(label)))]
    if not words:
        return LabelMatch(False, 0.0)
    weight = 0.0
    complete = True
    for word in dict.fromkeys(words):
        generic = word in _GENERIC
        if word in question:
            weight += len(word) * (0.25 if generic else 1.0)
        elif not generic:
            complete = False
    return LabelMatch(complete and weight > 0, weight)


def _overlap(figure: Figure, tokens: set[str]) -> int:
    return len(tokens & set(tokenize(figure.quote)))


def _years_of(figures: Sequence[Figure]) -> list[int]:
    return sorted({f.year for f in figures if f.year}, reverse=True)


def pick_figures(question: Question, office: Office, figures: Sequence[Figure],
                 reports: Sequence[IndexedReport]) -> FigurePick:
    """The figures of `office` that answer `question` (figures: all of the office's)."""
    notes: list[str] = []
    years = set(question.years)
    office_years = sorted({r.year for r in reports if r.office == office and r.year})
    if years and office_years and not years & set(office_years):
        asked = "、".join(str(y) for y in sorted(years))
        have = "、".join(str(y) for y in office_years)
        return FigurePick(office, (), tuple(question.metrics) or ("",),
                          (f"{office.short or office.name}没有{asked}年的报告（已索引：{have}年）",))
    if years:
        figures = [f for f in figures if f.year in years]
    tokens = set(tokenize(question.normalised))
    chosen: list[tuple[Figure, ...]] = []
    missing: list[str] = []
    asked = list(question.metrics) or [""]
    for metric in asked:
        candidates = [f for f in figures if metric_matches(f.metric, metric)] if metric else \
            [f for f in figures if f.label and label_match(f.label, question.normalised).complete]
        candidates = _by_label(question, metric, candidates)
        candidates, note = _by_scope(question, candidates)
        if note:
            notes.append(note)
        if not years:
            latest = _years_of(candidates)
            if len(latest) > 1:
                notes.append(f"{office.short or office.name}有多年的报告，以下为{latest[0]}年的数字"
                             f"（另有{'、'.join(str(y) for y in latest[1:])}年）")
                candidates = [f for f in candidates if f.year == latest[0] or not f.year]
        picked = _distinct(candidates, tokens)
        if not picked:
            missing.append(metric)
        chosen += [statement for statement in picked if statement not in chosen]
    return FigurePick(office, tuple(chosen), tuple(missing), tuple(dict.fromkeys(notes)))


def _by_label(question: Question, metric: str, candidates: list[Figure]) -> list[Figure]:
    """Keep the figures whose label the question names best. A category question
    whose category matches no label gets nothing rather than another category."""
    if not candidates:
        return candidates
    scores = {id(f): label_match(f.label, question.normalised) for f in candidates}
    complete = [f for f in candidates if scores[id(f)].complete]
    if complete:  # every category the question names in full: 村 and 社区
        return complete
    best = max(scores.values()).weight
    if best >= 2:
        return [f for f in candidates if scores[id(f)].weight == best]
    if question.label and metric in LABELLED:
        return []
    unlabelled = [f for f in candidates if not f.label]
    return unlabelled or candidates


def _by_scope(question: Question, candidates: list[Figure]) -> tuple[list[Figure], str]:
    if not candidates:
        return candidates, ""
    wanted = question.scope or "annual"
    matching = [f for f in candidates if f.scope == wanted]
    if matching:
        return matching, ""
    if question.scope == "annual":
        return candidates, "报告没有给出全年数字，以下为累计数，不能当作全年数"
    if question.scope == "cumulative":
        return candidates, "报告没有给出累计数，以下为全年数"
    return candidates, "报告给出的是累计数，不是全年数"


def _distinct(candidates: list[Figure], tokens: set[str]) -> list[tuple[Figure, ...]]:
    """The distinct statements (metric, label, value, scope, period, year), each with
    every place the report states it, the quote sharing most words with the question
    first."""
    groups: dict[tuple, list[Figure]] = {}
    for figure in candidates:
        key = (figure.metric, simplified(figure.label), figure.value, figure.scope,
               figure.period, figure.year, figure.qualifier)
        groups.setdefault(key, []).append(figure)
    picked = [tuple(sorted(group, key=lambda f: (-_overlap(f, tokens), f.paragraph_id, f.span)))
              for group in groups.values()]
    return sorted(picked, key=lambda g: (g[0].year or 0, g[0].paragraph_id, g[0].span))
