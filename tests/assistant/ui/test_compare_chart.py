"""The compare tab's chart cannot mislead (issue 15, item 5): every bar named by its
office (never two summed into one), 累计 and 约数 values marked as the table marks them,
未报告 left out (it is not zero), and a trend over years drawn as a line in year order."""

from __future__ import annotations

from core.models import Answer, TableRow
from assistant.ui.compare_tab import CHART_MARK, CHART_X, CHART_Y, chart_frame, chart_updates, is_trend


def row(office, year, value, qualifier="exact", scope="annual"):
    return TableRow(office=office, year=year, value=value, qualifier=qualifier, scope=scope,
                    citation=1)


def answer(*rows):
    return Answer(question="比较", status="answered", text="", table=tuple(rows),
                  kind="comparison")


def test_every_bar_is_named_by_its_office_and_none_are_merged():
    frame = chart_frame(answer(row("甲街道", 2017, 14), row("乙街道", 2017, 589),
                               row("甲街道", 2017, 20), row("丙街道", 2017, None)))
    assert list(frame[CHART_X]) == ["甲街道", "乙街道", "甲街道（2）"]
    assert list(frame[CHART_Y]) == [14.0, 589.0, 20.0]  # 丙街道 未报告: no bar


def test_cumulative_and_approximate_values_are_marked():
    frame = chart_frame(answer(row("甲街道", 2017, 110, scope="cumulative"),
                               row("乙街道", 2017, 3000, qualifier="more_than"),
                               row("丙街道", 2017, 7)))
    assert list(frame[CHART_MARK]) == ["累计", "超过", "确数"]
    assert list(frame[CHART_X]) == ["甲街道（累计）", "乙街道（超过）", "丙街道"]


def test_a_trend_is_a_line_in_year_order():
    trend = answer(row("甲街道", 2019, 30), row("甲街道", 2017, 14), row("甲街道", 2018, None))
    assert is_trend(trend)
    frame = chart_frame(trend)
    assert list(frame[CHART_X]) == ["2017年", "2019年"]
    bar, line = chart_updates(trend)
    assert bar["visible"] is False and line["visible"] is True
    assert list(line["value"][CHART_X]) == ["2017年", "2019年"]


def test_offices_compared_are_bars():
    versus = answer(row("甲街道", 2017, 14), row("乙街道", 2017, 589))
    assert not is_trend(versus)
    bar, line = chart_updates(versus)
    assert bar["visible"] is True and line["visible"] is False
