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

from assistant.answering.counted_words import by_counted_words
from assistant.answering.excerpts import phrase_overlap
from assistant.answering.table_choice import cell_figures, no_cell_note
from assistant.answering.table_warnings import counterparts, warning_notes
from assistant.question.metrics import UNIT_CLASSES, metric_tier
from assistant.question.table_cells import is_table_key
from core.models import Figure, IndexedReport, Office, Question
from core.text import simplified, tokenize
from core.vocabulary import METRICS

# Metrics whose figures are told apart by their label (the category counted).
LABELLED = {"active.category", "active.category_share", "channel.columns",
            "channel.reading_points"}
_GENERIC = {"信息", "公开", "政府", "政府信息", "条", "件", "个", "相关", "其他", "类", "条目",
            "数量", "总数"}


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


@dataclass(frozen=True)
class LabelMatch:
    """How much of a figure's label the question says: `weight` counts the characters
    of the label's words found in the question (generic words such as 信息 count a
    quarter), `complete` is True when every specific word of the label is there, and
    `where` holds the question positions its specific words cover."""

    complete: bool
    weight: float
    where: frozenset[int] = frozenset()


def label_match(label: str, question: str) -> LabelMatch:
    words = [w for w in tokenize(re.sub(r"[“”\"「」：:（）()、\s]", " ", simplified(label)))]
    if not words:
        return LabelMatch(False, 0.0)
    weight = 0.0
    complete = True
    where: set[int] = set()
    for word in dict.fromkeys(words):
        generic = word in _GENERIC
        at = question.find(word)
        if at >= 0:
            weight += len(word) * (0.25 if generic else 1.0)
            if not generic:
                where.update(range(at, at + len(word)))
        elif not generic:
            complete = False
    return LabelMatch(complete and weight > 0, weight, frozenset(where))


def _named_in_full(candidates: list[Figure], scores: dict[int, LabelMatch]) -> list[Figure]:
    """Figures whose category the question names in full. Where two categories claim
    the same words of the question (工作动态 and 工作信息 both on 工作), the fuller
    one is meant; categories on different words (村 and 社区) are all meant."""
    complete = [f for f in candidates if scores[id(f)].complete]
    labels = sorted({simplified(f.label) for f in complete},
                    key=lambda label: -max(scores[id(f)].weight for f in complete
                                           if simplified(f.label) == label))
    covered: set[int] = set()
    kept: set[str] = set()
    for label in labels:
        where = next(scores[id(f)].where for f in complete if simplified(f.label) == label)
        if where and where <= covered:
            continue
        kept.add(label)
        covered |= where
    return [f for f in complete if simplified(f.label) in kept]


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
    name = office.short or office.name
    if years and office_years and not years & set(office_years):
        asked = "、".join(str(y) for y in sorted(years))
        have = "、".join(str(y) for y in office_years)
        return FigurePick(office, (), tuple(question.metrics) or ("",),
                          (f"{name}没有{asked}年的报告（已索引：{have}年）",))
    if years:
        figures = [f for f in figures if f.year in years]
    tokens = set(question.tokens)
    core = question.core
    unit = question.unit
    segments = [list(s) for s in question.metric_segments] or [[m] for m in question.metrics] \
        or [[""]]
    chosen: list[tuple[Figure, ...]] = []
    missing: list[str] = []
    for keys in segments:
        if is_table_key(keys[0]):
            warnings = [w for r in reports for w in r.warnings]
            candidates, note = _table_cells(question, keys, figures, unit, warnings)
            if note:
                notes.append(note)
        else:
            candidates = _best_metric(question, keys, figures, unit)
        candidates, note = _by_scope(question, candidates)
        if note:
            notes.append(note)
        if not years:
            latest = _years_of(candidates)
            if len(latest) > 1:
                notes.append(f"{name}有多年的报告，以下为{latest[0]}年的数字"
                             f"（另有{'、'.join(str(y) for y in latest[1:])}年）")
                candidates = [f for f in candidates if f.year == latest[0] or not f.year]
        candidates = by_counted_words(candidates, question.focus or question.normalised)
        picked = _distinct(candidates, tokens, core)
        if not picked:
            missing.append(keys[0])
        chosen += [statement for statement in picked if statement not in chosen]
    # a number the report's own warnings are about (text vs table, broken identity):
    # said, and the other side of a text-vs-table disagreement shown and cited too
    used = [f for statement in chosen for f in statement]
    chosen += [(f,) for f in counterparts(used, reports, figures)]
    notes += warning_notes(used, reports)
    return FigurePick(office, tuple(chosen), tuple(missing), tuple(dict.fromkeys(notes)))


def _table_cells(question: Question, keys: Sequence[str], figures: Sequence[Figure],
                 unit: str, warnings: Sequence[str] = ()) -> tuple[list[Figure], str]:
    """A part of the question asking a table cell: the figures of the cells asked (every
    one the report has: the row's cells when no column was named), else the running
    text's figure of the same quantity, with a note on why the table gives none."""
    cells = [k for k in keys if is_table_key(k)]
    found = cell_figures(cells, figures)
    if found:
        return found, ""
    note = no_cell_note(cells, figures, warnings)
    fallback = [k for k in keys if not is_table_key(k)]
    prose = [f for f in figures if not f.row]
    return (_best_metric(question, fallback, prose, unit) if fallback else []), note


def _best_metric(question: Question, keys: Sequence[str], figures: Sequence[Figure],
                 unit: str) -> list[Figure]:
    """Of the metrics a part of the question may mean (best first by wording), the one
    whose stated figures fit best: a category the question names in full beats a
    partial one, which beats an unnamed category."""
    best: tuple[tuple[int, int], list[Figure]] | None = None
    # Last resort: a category named in full, whatever the metric words matched.
    keys = list(keys) + ([""] if "" not in keys else [])
    top_tier = metric_tier(keys[0]) if keys[0] else 0
    for rank, metric in enumerate(keys):
        if metric:
            candidates = [f for f in figures if metric_matches(f.metric, metric)]
        else:  # no metric words: a category named in full (「政策文件」信息有几条)
            candidates = [f for f in figures
                          if f.label and label_match(f.label, question.focus or question.normalised).complete]
        candidates, quality = _by_label(question, metric, candidates)
        if not candidates or quality < 0:
            continue
        if rank and top_tier >= 2 and quality < 2 and (not metric or metric_tier(metric) < top_tier):
            # 胜诉几件 is not answered by the number of lawsuits: a specific metric
            # falls back only to a reading as specific, or to a category named in full.
            continue
        if best is None or (quality, -rank) > best[0]:
            best = ((quality, -rank), candidates)
    return _by_unit(best[1], unit) if best else []


def _by_unit(candidates: list[Figure], unit: str) -> list[Figure]:
    """几条 asks for a count in 条, 占比 for a percentage: keep those when there are."""
    if not unit:
        return candidates
    same = next((c for c in UNIT_CLASSES if unit in c), {unit})
    kept = [f for f in candidates if f.unit in same]
    return kept or candidates


def _by_label(question: Question, metric: str,
              candidates: list[Figure]) -> tuple[list[Figure], int]:
    """The figures whose category the question names, and how well: 2 every word of
    the category, 1 part of it (or an unlabelled figure), 0 a category metric whose
    category the question does not name (all are kept), -1 unusable."""
    if not candidates:
        return candidates, -1
    scores = {id(f): label_match(f.label, question.focus or question.normalised) for f in candidates}
    complete = _named_in_full(candidates, scores)
    if complete:  # every category the question names in full: 村 and 社区
        return complete, 2
    best = max(s.weight for s in scores.values())
    if best >= 2:
        return [f for f in candidates if scores[id(f)].weight == best], 1
    if question.label and (metric in LABELLED or not metric):
        return [], -1  # 财政预算类 asked, no such category stated
    unlabelled = [f for f in candidates if not f.label]
    if unlabelled:
        return unlabelled, 1
    return candidates, 0 if metric in LABELLED else 1


def _by_scope(question: Question, candidates: list[Figure]) -> tuple[list[Figure], str]:
    if not candidates:
        return candidates, ""
    wanted = question.scope or "annual"
    matching = [f for f in candidates if f.scope == wanted]
    if matching:
        return matching, ""
    if question.scope == "annual":  # 当年新增 asked: a cumulative total does not answer it
        return [], "报告没有给出全年数字，只有累计数"
    if question.scope == "cumulative":
        return candidates, "报告没有给出累计数，以下为全年数"
    return candidates, "报告给出的是累计数，不是全年数"


def _distinct(candidates: list[Figure], tokens: set[str],
              core: str = "") -> list[tuple[Figure, ...]]:
    """The distinct statements (metric, label, value, scope, period, year), each with
    every place the report states it, the quote sharing most words with the question
    first."""
    groups: dict[tuple, list[Figure]] = {}
    for figure in candidates:
        key = (figure.metric, simplified(figure.label), figure.value, figure.scope,
               figure.period, figure.year, figure.qualifier)
        groups.setdefault(key, []).append(figure)
    picked = [tuple(sorted(group, key=lambda f: (-_overlap(f, tokens),
                                                 -phrase_overlap(core, simplified(f.quote)),
                                                 f.paragraph_id, f.span)))
              for group in groups.values()]
    return sorted(picked, key=lambda g: (g[0].year or 0, g[0].paragraph_id, g[0].span))
