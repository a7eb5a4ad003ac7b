"""Years and rows of carried-over requests (realdev d093, d097, and the 表三 rows 二 and
四): the year requests were carried to or from is not the year reported on, and the
running text's words for those rows name them."""

from __future__ import annotations

import pytest

from assistant.question.metrics import metric_segments
from assistant.question.understand import find_years, normalise_question
from core.vocabulary import METRICS


@pytest.mark.parametrize("text, years", [
    ("东宝区有多少件申请结转到2025年办理？", (2024,)),  # realdev d093: the 2024 report
    ("蒲纺工业园区2020年从2019年结转过来的申请有几件？", (2020,)),
    ("2024年结转至2025年继续办理的有几件？", (2024,)),
    ("2013到2017年一共公开了多少条？", (2013, 2017)),
    ("北沟街道2017年主动公开了多少条？", (2017,)),
])
def test_a_carried_to_or_from_year_is_not_the_year_asked(text, years):
    assert find_years(normalise_question(text)) == years


def test_the_running_text_words_name_the_carried_rows():
    assert "上年结转" in METRICS["t3.carried_in.total"].phrases
    assert "结转下年" in METRICS["t3.carried_out.total"].phrases
    # only the total column: 自然人上年结转 is another cell
    assert "上年结转" not in METRICS["t3.carried_in.natural"].phrases


def test_a_question_on_carried_in_requests_asks_the_row():
    segments = metric_segments(normalise_question("秦都区2024年从上年结转过来的申请有几件？"))
    assert segments[0][0] == "t3.carried_in.total"
