"""Comparison answers: A versus B, rankings, one office over the years, which offices had
any 行政复议 / 行政诉讼, each office's figure, totals and shares.

Every stated value in the table cites the sentence it came from; an office whose report
does not state the figure is listed as 未报告, never as zero. Mismatches are said in the
answer, not hidden: annual versus cumulative figures are not ranked together, differing
years are named, and an approximate value (超3000) is ranked at its stated number with
that said, and any order it makes uncertain is said too.
"""

from __future__ import annotations

from assistant.comparison import modes
from assistant.comparison.pick import Pick
from assistant.comparison.select import (Picker, by_office, common_year, latest_pick,
                                         select_reports)
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
    return keys[:1] or [DEFAULT_METRIC]


def _mode(question: Question, offices: int) -> str:
    if question.mode == "each" and question.order:
        return "ranking"  # 沈阳市的各单位……排名: a ranking, though 各单位 was said
    if question.mode:
        return question.mode
    return "versus" if len(question.offices) >= 2 else "trend" if offices == 1 else "ranking"


def answer_comparison(question: Question, snapshot: CorpusSnapshot) -> Answer:
    reports = select_reports(question, snapshot.reports)
    metrics = _metrics(question)
    groups = by_office(reports)
    notes = _question_notes(question)
    if not reports:
        return Answer(question.text, "not_found", _nothing_selected(question), kind="comparison",
                      notes=notes)
    choose = Picker.for_question(question, snapshot.figures_of_reports(r.id for r in reports))
    mode = _mode(question, len(groups))
    builder = TableBuilder(snapshot, office_labels(reports), show_metric=len(metrics) > 1)
    if mode == "any":
        text = modes.any_of(builder, groups, choose, metrics)
    elif mode == "trend":
        text = modes.trend(builder, groups, choose, metrics[0])
    else:
        picks = _one_per_office(groups, choose, metrics[0], question, mode)
        if mode == "versus" and len(picks) == 2:
            text = modes.versus(builder, picks, metrics[0])
        elif mode in ("each", "total"):
            text = modes.each(builder, picks, metrics[0], with_total=mode == "total")
        else:
            fewest = question.order == "fewest"
            # several years asked: one ranking per year, never one across years
            years = sorted({p.report.year or 0 for p in picks}) if len(question.years) > 1 \
                else [None]
            text = "".join(modes.ranking(builder, [p for p in picks if year is None
                                                   or (p.report.year or 0) == year],
                                         metrics[0], ascending=fewest) for year in years)
    status = "answered" if builder.figures() else "not_found"
    if notes:
        text = text + "".join(notes)
    return Answer(question=question.text, status=status, text=text,
                  citations=builder.citations(), figures=builder.figures(),
                  table=builder.rows(), kind="comparison", notes=notes)


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
