"""The figure a comparison shows for one office's report: the one a figure question
about that office alone would answer with.

A comparison question ("泰安商务局和贵州机关事务局，谁的微信公众号发得多？") asks, for every
office it lists, the same thing a figure question asks of one office ("泰安商务局2020年微信
公众号发了多少条？"). So each report's figure is chosen the way the figure answerer chooses
it — the vocabulary figures by `answering.figures.pick_figures`, the open figures (any
number a report states) by `answering.open_match.match_open`, the open ones only when the
vocabulary says nothing or clearly less of what is asked — with one rule for every office.

Before matching, the question is made a figure question about that office: the words
that only make it a comparison (谁, 哪个, 最多, 排序, 一样) and the places that named the
offices (四川 of 四川商务厅) are taken out of its words, so they do not dilute the match.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace

from assistant.answering.answerer import naming_the_metric
from assistant.answering.figures import FigurePick, pick_figures
from assistant.answering.open_match import covers_better, is_open, match_open
from assistant.comparison.pick import Pick, names_metric
from assistant.question.cues import question_core
from assistant.question.metrics import UNIT_CLASSES
from core.models import Figure, IndexedReport, Office, Passage, Question
from core.text import content_tokens, simplified

CANDIDATES = 10  # passages whose rank tells the open match where the question is answered

# Words that make a question a comparison and say nothing of what is counted.
_COMPARING = re.compile(
    r"谁的?|哪(?:一|个|家|年|些)?(?:镇|乡|街道|区|县|市|单位|部门|地)?的?|"
    r"最多|最少|更多|更少|较多|较少|最高|最低|排(?:个|一下)?序|排一下|排名|排|按多少|"
    r"从多到少|从少到多|由多到少|一样|相同|相等|持平|比较|对比|相比|比起|分别|各自|"
    r"这(?:[一二三四五六七八九十两几\d]+)?(?:个|家|地)?|[一二三四五六七八九十两几\d]+(?:个|家|地)(?=[^\u4e00-\u9fff]|$|街道|镇|乡|单位|部门)|"
    r"多少|(?<=[得的谁])[多少]|[多少](?=[吗呢？?。，,]|$)|吗|呢|[，,、。？?！!：:；;]|和|与|跟|同")

Ranker = Callable[[Question, Office], Sequence[Passage]]
# The figure answerer's own way to find one office's figure (the chain passes it): a
# comparison that asks it for every office finds each figure as a figure question does.
OfficeFigures = Callable[[Question, Office], FigurePick]


def figure_question(question: Question, report: IndexedReport) -> Question:
    """The comparison question as a figure question about one report's office and year."""
    # every listed office's names and places (贵州 of 贵州机关事务局 says nothing of 泰安's posts)
    places = set().union(_office_words(report.office),
                         *(_office_words(o) for o in question.offices))
    asked = question.focus or question.normalised  # a Question built from lists has no focus
    focus = _COMPARING.sub(" ", asked)
    terms = tuple(t for t in (question.terms or content_tokens(asked))
                  if t not in places and _COMPARING.sub("", t)
                  and not any(t in p for p in places if len(t) >= 2))
    terms = tuple(t for t in terms if _COMPARING.fullmatch(t) is None)
    for place in sorted(places, key=len, reverse=True):
        focus = focus.replace(place, " ")
    core = _COMPARING.sub("", question_core(focus))
    # `normalised` without the office names: a name is never the category counted
    # (贵州机关事务 is 贵州省机关事务管理局, not its microblog of that name)
    return replace(question, kind="figure", mode="", order="", offices=(report.office,),
                   years=(report.year,) if report.year else (), ambiguous=False,
                   office_phrases=(), normalised=asked, focus=focus, terms=terms,
                   core=core)


def _office_words(office: Office) -> set[str]:
    """The office's names and places (and their two-character cores), simplified."""
    words = {simplified(w) for w in (office.name, office.short, *office.region) if w}
    for word in list(words):
        if len(word) > 2 and word[-1] in "省市区县镇乡":
            words.add(word[:-1])
    return {w for w in words if len(w) >= 2}


def bm25_ranker(snapshot) -> Ranker:
    """Paragraph ranks from the snapshot's BM25 alone (no embedder at hand)."""
    def rank(question: Question, office: Office) -> Sequence[Passage]:
        ids = snapshot.report_ids((office,), question.years)
        hits = snapshot.bm25.search(question.focus, CANDIDATES, ids)
        return snapshot.passages(h.paragraph_id for h in hits)
    return rank


@dataclass(frozen=True)
class AskedPicker:
    """`choose(report, metric) -> Pick` (the comparison modes' picker) that answers each
    report as its own figure question; `metric` only names the vocabulary key, if any."""

    question: Question
    snapshot: object  # assistant.retrieval.corpus.CorpusSnapshot
    ranker: Ranker
    prefer: str = "annual"
    office_figures: OfficeFigures | None = None

    def __call__(self, report: IndexedReport, metric: str = "") -> Pick:
        asked = figure_question(self.question, report)
        figures = self.snapshot.figures_of_reports([report.id])
        chosen = self._statements(asked, report, figures)
        if not chosen:
            return Pick(report, metric or "open", None)
        best = chosen[0]
        others = tuple(f for f in chosen[1:] if f.value != best.value)
        return Pick(report, best.metric if is_open(best) else (metric or best.metric),
                    best, others)

    def _statements(self, asked: Question, report: IndexedReport,
                    figures: Sequence[Figure]) -> list[Figure]:
        """The figures a figure question about this report would answer with, best first
        (several only when the report states different numbers equally well)."""
        office = report.office
        if self.office_figures is not None:
            found = self.office_figures(asked, office)
            return [min(statement, key=lambda f: not names_metric(f, f.metric))
                    for statement in found.statements
                    if any(f.report_id == report.id for f in statement)]
        vocabulary = [f for f in figures if not is_open(f)]
        pick = pick_figures(asked, office, vocabulary, [report])
        # one quote per statement: the sentence that names the metric (主动公开…14条
        # over 上传14条), as the comparison has always cited it
        stated = [min(statement, key=lambda f: not names_metric(f, f.metric))
                  for statement in pick.statements]
        opened = [f for f in figures if is_open(f)]
        if not stated:
            opened = naming_the_metric(asked, opened)
        if not opened:
            return stated
        ranks = {p.paragraph_id: i for i, p in enumerate(self.ranker(asked, office))}
        idf: Mapping[str, float] = self.snapshot.bm25.idf
        match = match_open(asked, opened, idf, ranks)
        if match.weak or (stated and not covers_better(asked, match, stated, idf, ranks)):
            return stated
        return [s.figure for s in match.best]


def _unit_class(unit: str) -> frozenset[str]:
    return frozenset(next((c for c in UNIT_CLASSES if unit in c), {unit}))


def in_one_unit(picks: Sequence[Pick], choose: AskedPicker) -> list[Pick]:
    """Offices compared in one unit: the unit most of them state the number in, else (no
    unit most share: two offices, 1个 against 68条) the first unit, by how many state it,
    in which every office has a figure. A report whose best match is in another unit (a
    微信公众账号(1个) beside the posts counted in 条) is asked again in that unit, and the
    new figure kept only when it is in that unit. Units that still differ (条 and 篇) are
    then shown and said, never converted."""
    if choose.question.unit:
        return list(picks)  # the question said its unit: every office was asked in it
    units = Counter(_unit_class(p.figure.unit) for p in picks if p.figure is not None)
    if len(units) < 2:
        return list(picks)
    ranked = units.most_common()
    if ranked[0][1] * 2 > sum(units.values()):
        return _asked_in(picks, choose, ranked[0][0])
    for common, _ in ranked:
        again = _asked_in(picks, choose, common)
        if all(_unit_class(p.figure.unit) == common for p in again if p.figure is not None):
            return again
    return list(picks)


def _asked_in(picks: Sequence[Pick], choose: AskedPicker, common: frozenset[str]) -> list[Pick]:
    """The picks, those in another unit than `common` asked again in it."""
    unit = next(iter(sorted(common)))
    again = replace(choose, question=replace(choose.question, unit=unit))
    out = []
    for p in picks:
        if p.figure is not None and _unit_class(p.figure.unit) != common:
            other = again(p.report, p.metric)
            if other.figure is not None and _unit_class(other.figure.unit) == common:
                p = other
        out.append(p)
    return out
