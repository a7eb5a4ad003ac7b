"""Comparison answers: A versus B, rankings, one office over the years, which offices had
any 行政复议 / 行政诉讼, each office's figure, totals and shares.

Every stated value in the table cites the sentence it came from; an office whose report
does not state the figure is listed as 未报告, never as zero. Mismatches are said in the
answer, not hidden: annual versus cumulative figures are not ranked together, differing
years are named, and an approximate value (超3000) is ranked at its stated number with
that said, and any order it makes uncertain is said too.
"""

from __future__ import annotations

from assistant.answering.open_match import is_open
from assistant.comparison import modes
from assistant.comparison.asked import (AskedPicker, OfficeFigures, Ranker, bm25_ranker,
                                        in_one_unit)
from assistant.comparison.pick import Pick, short_label
from assistant.comparison.select import (Picker, by_office, common_year, latest_pick,
                                         missing_years, select_reports)
from assistant.comparison.table import TableBuilder, office_labels
from assistant.retrieval.corpus import CorpusSnapshot
from core.models import Answer, IndexedReport, Question
from core.vocabulary import METRICS

DEFAULT_METRIC = "active.total"
ANY_METRICS = ("review.total", "litigation.total")


def _metrics(question: Question) -> list[str]:
    """Vocabulary keys asked, table keys turned into their everyday equivalents."""
    keys = []
    for key in question.metrics:
        entry = METRICS.get(key)
        if entry is not None:
            keys.append(entry.same_as or key)
    keys = list(dict.fromkeys(keys))
    if question.mode == "any":
        return keys or list(ANY_METRICS)
    if not question.metrics and question.terms:
        return ["open"]  # a number outside the vocabulary: what the question's words name
    return keys[:1] or [DEFAULT_METRIC]


def _mode(question: Question, offices: int) -> str:
    if question.mode == "each" and question.order:
        return "ranking"  # 沈阳市的各单位……排名: a ranking, though 各单位 was said
    if question.mode:
        return question.mode
    return "versus" if len(question.offices) >= 2 else "trend" if offices == 1 else "ranking"


def answer_comparison(question: Question, snapshot: CorpusSnapshot,
                      ranker: Ranker | None = None,
                      office_figures: OfficeFigures | None = None) -> Answer:
    """`ranker` gives the passages a figure question about one office retrieves (the
    chain passes its hybrid retriever); by default the snapshot's BM25 ranks them.
    `office_figures` is the figure answerer's way to find one office's figure (the
    chain passes it, so a comparison and a figure question find the same figure)."""
    reports = select_reports(question, snapshot.reports)
    metrics = _metrics(question)
    groups = by_office(reports)
    notes = _question_notes(question) + missing_years(question, snapshot.reports)
    if not reports:
        return Answer(question.text, "not_found", _nothing_selected(question), kind="comparison",
                      notes=notes)
    mode = _mode(question, len(groups))
    if mode == "any":  # several metrics, each told apart: the vocabulary's own picker
        choose = Picker.for_question(question, snapshot.figures_of_reports(r.id for r in reports))
    else:  # every office's figure as a figure question about it would find it
        prefer = "cumulative" if question.scope == "cumulative" else "annual"
        choose = AskedPicker(question, snapshot, ranker or bm25_ranker(snapshot), prefer,
                             office_figures)
    builder = TableBuilder(snapshot, office_labels(reports), show_metric=len(metrics) > 1)
    if mode == "any":
        text = modes.any_of(builder, groups, choose, metrics)
    elif mode == "trend":
        text = modes.trend(builder, groups, choose, metrics[0],
                           label=_label(metrics[0], [choose(r, metrics[0]) for r in reports]))
    else:
        picks = _one_per_office(groups, choose, metrics[0], question, mode)
        if isinstance(choose, AskedPicker):
            picks = in_one_unit(picks, choose)
        label = _label(metrics[0], picks)
        if mode in ("versus", "equal") and len(picks) == 2:
            text = modes.versus(builder, picks, metrics[0], label=label)
        elif mode in ("each", "total"):
            text = modes.each(builder, picks, metrics[0], with_total=mode == "total",
                              label=label)
        else:
            fewest = question.order == "fewest"
            # one office over several years: one ranking per year, never one across years;
            # offices each asked with their own year (渭南2019、会仪镇2021) rank together
            several = any(len({p.report.year for p in picks if p.report.office.name == name}) > 1
                          for name in groups)
            years = sorted({p.report.year or 0 for p in picks}) if several and len(groups) > 1 \
                else [None]
            text = "".join(modes.ranking(builder, [p for p in picks if year is None
                                                   or (p.report.year or 0) == year],
                                         metrics[0], ascending=fewest, label=label,
                                         both_ends=question.order == "both")
                           for year in years)
    status = "answered" if builder.figures() else "not_found"
    if notes:
        text = text + "".join(notes)
    return Answer(question=question.text, status=status, text=text,
                  citations=builder.citations(), figures=builder.figures(),
                  table=builder.rows(), kind="comparison", notes=notes)


def _label(metric: str, picks: list[Pick]) -> str:
    """What the answer calls the number: the vocabulary's name for it, or for a number
    outside the vocabulary the words the first stated figure counts (微信公众号发布信息)."""
    if metric in METRICS:
        return short_label(metric)
    stated = [p.figure for p in picks if p.figure is not None]
    if stated and not is_open(stated[0]):
        return short_label(stated[0].metric)
    return next((f.label for f in stated if f.label), "所问的数字")


def _question_notes(question: Question) -> tuple[str, ...]:
    notes = []
    if question.unknown_office:
        notes.append(f"（未收录“{question.unknown_office}”的报告，无法比较。）")
    if question.ambiguous and question.office_phrases:
        names = "、".join(o.name for o in question.offices)
        notes.append(f"（“{'、'.join(question.office_phrases)}”对应多个单位：{names}，已分别列出。）")
    return tuple(notes)


def _nothing_selected(question: Question) -> str:
    where = []
    if question.region:
        where.append(f"地区：{question.region}")
    if question.years:
        where.append("年份：" + "、".join(f"{y}年" for y in question.years))
    if question.offices:
        where.append("单位：" + "、".join(o.short or o.name for o in question.offices))
    return "已收录的报告中没有符合条件的报告" + (f"（{'；'.join(where)}）" if where else "") + "。"


def _one_per_office(groups: dict[str, list[IndexedReport]], choose: Picker,
                    metric: str, question: Question, mode: str) -> list[Pick]:
    """One pick per office (per office and year when several years are asked)."""
    if question.years:
        return [choose(r, metric) for reports in groups.values() for r in reports]
    if mode == "versus":
        year = common_year(groups, choose, metric)
        if year is not None:
            return [choose(next(r for r in reports if r.year == year), metric)
                    for reports in groups.values()]
    return [latest_pick(reports, choose, metric) for reports in groups.values()]
