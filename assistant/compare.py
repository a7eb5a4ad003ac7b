"""Comparison answers: A versus B, rankings, one office over the years, which offices had
any 行政复议 / 行政诉讼, each office's figure, totals and shares.

Every stated value in the table cites the sentence it came from; an office whose report
does not state the figure is listed as 未报告, never as zero. Mismatches are said in the
answer, not hidden: annual versus cumulative figures are not ranked together, differing
years are named, and an approximate value (超3000) is ranked at its stated number with
that said, and any order it makes uncertain is said too.
"""

from __future__ import annotations

from assistant.compare_pick import (Pick, lower_bound_note, number_text,
                                    order_uncertain, ranked, short_label, unit_of,
                                    value_text)
from assistant.compare_select import (Picker, by_office, common_year, latest_pick,
                                      load_figures, select_reports)
from assistant.compare_table import TableBuilder, office_labels
from assistant.compare_text import (describe, differing_years, not_stated_sentence,
                                    bound_word, same_year, scope_sentence, year_prefix)
from assistant.models import Answer, IndexedReport, Question
from assistant.store import Store
from index.figures.vocabulary import METRICS

DEFAULT_METRIC = "active.total"
ANY_METRICS = ("review.total", "litigation.total")
_FEWEST = ("最少", "最低", "倒数", "最差")


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
    if question.mode:
        return question.mode
    return "versus" if len(question.offices) >= 2 else "trend" if offices == 1 else "ranking"


def answer_comparison(question: Question, store: Store) -> Answer:
    reports = select_reports(question, store.reports())
    metrics = _metrics(question)
    groups = by_office(reports)
    notes = _question_notes(question)
    if not reports:
        return Answer(question.text, "not_found", _nothing_selected(question), kind="comparison",
                      notes=notes)
    choose = Picker.for_question(question, load_figures(store, reports))
    mode = _mode(question, len(groups))
    builder = TableBuilder(store, office_labels(reports), show_metric=len(metrics) > 1)
    if mode == "any":
        text = _any(builder, groups, choose, metrics)
    elif mode == "trend":
        text = _trend(builder, groups, choose, metrics[0])
    else:
        picks = _one_per_office(groups, choose, metrics[0], question, mode)
        if mode == "versus" and len(picks) == 2:
            text = _versus(builder, picks, metrics[0])
        elif mode in ("each", "total"):
            text = _each(builder, picks, metrics[0], with_total=mode == "total")
        else:
            fewest = any(w in question.normalised or w in question.text for w in _FEWEST)
            text = _ranking(builder, picks, metrics[0], ascending=fewest)
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


# ---- the modes ----------------------------------------------------------------------------


def _ranking(builder: TableBuilder, picks: list[Pick], metric: str, ascending: bool) -> str:
    label = short_label(metric)
    annual = ranked([p for p in picks if p.annual], ascending)
    cumulative = ranked([p for p in picks if p.stated and not p.annual], ascending)
    missing = [p for p in picks if not p.stated]
    order = annual or cumulative  # only cumulative figures stated: rank those, say so
    for p in [*order, *(cumulative if annual else []), *missing]:
        builder.add(p)
    parts = []
    if order:
        top = order[0]
        word = "最少" if ascending else "最多"
        parts.append(f"{year_prefix(order)}{label}{word}的是{builder.label(top.report)}"
                     f"（{describe(builder, top)}）")
        if len(order) > 1 and order_uncertain(*(order[:2] if not ascending
                                                  else order[1::-1])):
            parts[-1] += (f"，但与{builder.label(order[1].report)}"
                          f"（{describe(builder, order[1])}）的先后不能确定")
        parts[-1] += "。"
        if len(order) > 1:
            sep = " < " if ascending else " > "
            parts.append("排序：" + sep.join(
                f"{builder.label(p.report)} {describe(builder, p, not same_year(order), conflicts=False)}"
                for p in order) + "。")
        parts.extend(_approximation_notes(builder, order, ascending))
        parts.append(differing_years(builder, order))
        if not annual:
            parts.append("以上均为累计数，统计期间各不相同，排序仅供参考。")
    if annual and cumulative:
        parts.append(scope_sentence(builder, cumulative, "未参与排序"))
    parts.append(not_stated_sentence(builder, missing, label))
    return "".join(parts)


def _approximation_notes(builder: TableBuilder, order: list[Pick], ascending: bool) -> list[str]:
    notes = [f"{builder.label(p.report)}的{lower_bound_note(p)}" for p in order if p.approximate]
    uncertain = [(a, b) for a, b in zip(order, order[1:])
                 if order_uncertain(*((a, b) if not ascending else (b, a)))]
    out = []
    if notes:
        out.append("注意：" + "；".join(notes) + "。")
    if uncertain:
        out.append("因此" + "、".join(f"{builder.label(a.report)}与{builder.label(b.report)}"
                                     for a, b in uncertain) + "的先后不能确定。")
    return out


def _versus(builder: TableBuilder, picks: list[Pick], metric: str) -> str:
    a, b = picks
    for p in picks:
        builder.add(p)
    label = short_label(metric)
    stated = [p for p in picks if p.stated]
    parts = ["；".join(f"{builder.label(p.report)}{describe(builder, p)}" for p in stated)]
    parts[0] = f"{label}：{parts[0]}。" if stated else ""
    missing = [p for p in picks if not p.stated]
    if missing:
        parts.append(not_stated_sentence(builder, missing, label) + "无法比较。")
    elif a.annual != b.annual:
        cumulative = a if not a.annual else b
        parts.append(f"口径不同：{builder.label(cumulative.report)}只报告了累计数，"
                     f"另一方是年度数，两者不能直接比较谁多。")
    else:
        hi, lo = (a, b) if a.value >= b.value else (b, a)
        if order_uncertain(hi, lo):
            parts.append(f"{lower_bound_note(hi) or lower_bound_note(lo)}，"
                         f"两者谁多不能确定。")
        elif hi.value == lo.value:
            parts.append("两者相同。")
        else:
            diff = ""
            if not hi.approximate and not lo.approximate:
                diff = f"，多{number_text(hi.value - lo.value)}{unit_of(hi.figure, metric)}"
            parts.append(f"{builder.label(hi.report)}较多{diff}。")
            approx = [lower_bound_note(p) for p in picks if p.approximate]
            if approx:
                parts.append("注意：" + "；".join(approx) + "。")
        if not a.annual and not b.annual:
            parts.append("两者都是累计数，统计期间可能不同。")
        parts.append(differing_years(builder, picks))
    return "".join(parts)


def _each(builder: TableBuilder, picks: list[Pick], metric: str, with_total: bool) -> str:
    label = short_label(metric)
    stated = [p for p in picks if p.stated]
    annual = [p for p in stated if p.annual]
    cumulative = [p for p in stated if not p.annual]
    missing = [p for p in picks if not p.stated]
    total = sum(p.value for p in annual) if with_total else 0.0
    for p in [*annual, *cumulative, *missing]:
        share = ""
        if with_total and p.annual and total > 0:
            share = f"占{100 * p.value / total:.1f}%"
        builder.add(p, note=share)
    parts = []
    if annual:
        parts.append(f"{year_prefix(annual)}各单位{label}：" + "；".join(
            f"{builder.label(p.report)}{describe(builder, p)}" for p in annual) + "。")
    if with_total and annual:
        bound = bound_word(annual)
        unit = unit_of(annual[0].figure, metric)
        parts.append(f"{len(annual)}个单位合计{bound}{number_text(total)}{unit}"
                     + ("（含非精确数，合计与占比都是近似值）" if bound else "") + "。")
        notes = [f"{builder.label(p.report)}的{lower_bound_note(p)}" for p in annual
                 if p.approximate]
        if notes:
            parts.append("注意：" + "；".join(notes) + "。")
    if annual:
        parts.append(differing_years(builder, annual))
    if cumulative:
        parts.append(scope_sentence(builder, cumulative, "未计入合计" if with_total
                                    else "不能与年度数直接比较"))
    parts.append(not_stated_sentence(builder, missing, label))
    return "".join(parts)


def _trend(builder: TableBuilder, groups: dict[str, list[IndexedReport]],
           choose: Picker, metric: str) -> str:
    label = short_label(metric)
    texts = []
    for reports in groups.values():
        picks = [choose(r, metric) for r in reports]
        for p in picks:
            builder.add(p)
        office = builder.label(reports[0])
        items = [f"{p.report.year}年{describe(builder, p, with_year=False)}" if p.stated
                 else f"{p.report.year}年未报告" for p in picks]
        text = f"{office}各年{label}：" + "，".join(items) + "。"
        annual = [p for p in picks if p.annual]
        if len(annual) >= 2:
            first, last = annual[0], annual[-1]
            change = last.value - first.value
            word = "增加" if change > 0 else "减少" if change < 0 else "持平"
            amount = (f"{number_text(abs(change))}{unit_of(last.figure, metric)}"
                      if change else "")
            # 超 at the end of a rise makes the rise a lower bound; anything else inexact
            # makes it approximate
            bound = bound_word([first, last])
            if bound == "至少" and (first.approximate or change < 0):
                bound = "约"
            text += (f"从{first.report.year}年的{value_text(first.figure, metric)}到"
                     f"{last.report.year}年的{value_text(last.figure, metric)}，"
                     f"{bound if change else ''}{word}{amount}。")
        if any(p.stated and not p.annual for p in picks):
            text += "其中标为累计的是累计数，不是当年数，不能与年度数直接比较。"
        texts.append(text)
    return "".join(texts)


def _any(builder: TableBuilder, groups: dict[str, list[IndexedReport]],
         choose: Picker, metrics: list[str]) -> str:
    """Yes: some report states a positive count; no: only stated zeros; else 未报告."""
    labels = "或".join(short_label(m) for m in metrics)
    yes, no, unknown = [], [], []
    for reports in groups.values():
        decisive = []
        for metric in metrics:
            picks = [choose(r, metric) for r in reversed(reports)]  # latest first
            positive = [p for p in picks if p.stated and p.value > 0]
            zero = [p for p in picks if p.stated and p.value == 0]
            decisive.extend(positive or zero[:1] or picks[:1])
        if any(p.stated and p.value > 0 for p in decisive):
            yes.append(decisive)
        elif any(p.stated for p in decisive):
            no.append(decisive)
        else:
            unknown.append(decisive)
    for picks in [*yes, *no, *unknown]:  # table rows in the order the answer tells them
        for p in picks:
            builder.add(p)
    parts = []
    if yes:
        parts.append(f"发生过{labels}的：" + "；".join(
            f"{builder.label(picks[0].report)}（" + "，".join(
                f"{p.report.year}年{short_label(p.metric)}"
                f"{value_text(p.figure, p.metric)}{builder.marker(p)}"
                for p in picks if p.stated and p.value > 0) + "）"
            for picks in yes) + "。")
    else:
        parts.append(f"已收录的报告中没有单位报告发生过{labels}。")
    if no:
        parts.append("报告写明没有发生的：" + "、".join(
            builder.label(picks[0].report)
            + "".join(dict.fromkeys(builder.marker(p) for p in picks if p.stated))
            for picks in no) + "。")
    if unknown:
        parts.append("、".join(builder.label(picks[0].report) for picks in unknown)
                     + f"的报告未报告{labels}情况（没有说明，不能判断有无）。")
    return "".join(parts)
