"""The comparison modes: each writes the table (through the builder) and the sentence.

ranking: by value, annual figures only; cumulative-only offices and 未报告 listed after.
versus: two offices, the same year where both state it; scope and year mismatches said.
each / total: every office's figure; a total adds only annual figures, and says when it
is a lower bound or approximate. trend: one office across its years. any: which offices
state a positive count, which state none, which do not say.
"""

from __future__ import annotations

from assistant.comparison.pick import (Pick, lower_bound_note, number_text, order_uncertain,
                                    ranked, short_label, unit_of, value_text)
from assistant.comparison.select import Picker
from assistant.comparison.table import TableBuilder
from assistant.comparison.text import (bound_word, change_sentence, describe, differing_years,
                                    not_stated_sentence, same_year, scope_sentence, units_sentence,
                                    year_of, year_prefix)
from core.models import IndexedReport


def ranking(builder: TableBuilder, picks: list[Pick], metric: str, ascending: bool,
            label: str = "", both_ends: bool = False) -> str:
    label = label or short_label(metric)
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
        if both_ends and len(order) > 1:  # 谁最多谁最少: the other end named too
            last = order[-1]
            parts[-1] += (f"；{'最多' if ascending else '最少'}的是{builder.label(last.report)}"
                          f"（{describe(builder, last)}）")
        parts[-1] += "。"
        if len(order) > 1:
            sep = " < " if ascending else " > "
            parts.append("排序：" + sep.join(
                f"{builder.label(p.report)} {describe(builder, p, not same_year(order), conflicts=False)}"
                for p in order) + "。")
        parts.extend(_approximation_notes(builder, order, ascending))
        parts.append(units_sentence(order, metric))
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


def versus(builder: TableBuilder, picks: list[Pick], metric: str, label: str = "") -> str:
    a, b = picks
    for p in picks:
        builder.add(p)
    label = label or short_label(metric)
    stated = [p for p in picks if p.stated]
    parts = ["；".join(f"{builder.label(p.report)}{describe(builder, p)}" for p in stated)]
    parts[0] = f"{label}：{parts[0]}。" if stated else ""
    missing = [p for p in picks if not p.stated]
    if missing:
        parts.append(not_stated_sentence(builder, missing, label) + "无法比较。")
    elif a.annual != b.annual:
        cumulative, annual = (a, b) if not a.annual else (b, a)
        if annual.value > cumulative.value and not order_uncertain(annual, cumulative):
            # a running total holds at least one year's count: a year's count above it
            # is more than the other office published in any one year
            parts.append(f"{builder.label(annual.report)}较多：{builder.label(cumulative.report)}"
                         f"只报告了累计数，累计数也少于{builder.label(annual.report)}的全年数。")
        else:
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
            if not hi.approximate and not lo.approximate and \
                    unit_of(hi.figure, metric) == unit_of(lo.figure, metric):
                diff = f"，多{number_text(hi.value - lo.value)}{unit_of(hi.figure, metric)}"
            parts.append(f"{builder.label(hi.report)}较多{diff}。")
            approx = [lower_bound_note(p) for p in picks if p.approximate]
            if approx:
                parts.append("注意：" + "；".join(approx) + "。")
        if not a.annual and not b.annual:
            parts.append("两者都是累计数，统计期间可能不同。")
        parts.append(units_sentence(picks, metric))
        parts.append(differing_years(builder, picks))
    return "".join(parts)


def each(builder: TableBuilder, picks: list[Pick], metric: str, with_total: bool,
         label: str = "") -> str:
    label = label or short_label(metric)
    stated = [p for p in picks if p.stated]
    annual = [p for p in stated if p.annual]
    cumulative = [p for p in stated if not p.annual]
    missing = [p for p in picks if not p.stated]
    total = sum(p.value for p in annual) if with_total else 0.0
    # A total's table holds what was added up (and the 未报告 offices): cumulative
    # figures are told in the text with their citation, so every number of the table
    # adds up to the total the answer states.
    rows = [*annual, *missing] if with_total else [*annual, *cumulative, *missing]
    for p in rows:
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


def trend(builder: TableBuilder, groups: dict[str, list[IndexedReport]],
          choose: Picker, metric: str, label: str = "") -> str:
    label = label or short_label(metric)
    texts = []
    for reports in groups.values():
        picks = [choose(r, metric) for r in reports]
        for p in picks:
            builder.add(p)
        office = builder.label(reports[0])
        items = [f"{year_of(p)}{describe(builder, p, with_year=False)}" if p.stated
                 else f"{year_of(p)}未报告" for p in picks]
        text = f"{office}各年{label}：" + "，".join(items) + "。"
        annual = [p for p in picks if p.annual]
        if len(annual) >= 2:
            text += change_sentence(annual[0], annual[-1])
        if any(p.stated and not p.annual for p in picks):
            text += "其中标为累计的是累计数，不是当年数，不能与年度数直接比较。"
        texts.append(text)
    return "".join(texts)


def any_of(builder: TableBuilder, groups: dict[str, list[IndexedReport]],
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
            f"{builder.label(picks[0].report)}（{_latest_positives(builder, picks)}）"
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


def _latest_positives(builder: TableBuilder, picks: list[Pick]) -> str:
    """2021年行政复议8起[3]（另有2个年度也有），2021年行政诉讼3件[4]: the latest positive
    figure of each metric; the table lists every year."""
    parts = []
    for metric in dict.fromkeys(p.metric for p in picks):
        positive = [p for p in picks if p.metric == metric and p.stated and p.value > 0]
        if not positive:
            continue
        latest = positive[0]  # picks come latest first
        text = (f"{year_of(latest)}{short_label(metric)}"
                f"{value_text(latest.figure, metric)}{builder.marker(latest)}")
        if len(positive) > 1:
            text += f"（另有{len(positive) - 1}个年度也有）"
        parts.append(text)
    return "，".join(parts)
