"""A stated total and its parts, in either order, over real report text (issue 12, read
side): `其中` after a total lists its parts; a total metric read on a part answers with
the total; an open part the question does not name ranks below its total; the question's
words spread over parts of one total ask that total; a figure is read with the heading
and the sentence it sits in.

The reports are realdev files in tests/fixtures/realdev_figures/, read by the real loader
and figure extractor; the questions are realdev qa.jsonl's comparisons (d248, d257, d259,
d269, d295) asked of one office, as the comparison asks each office.
"""

from __future__ import annotations

from assistant.answering.open_match import PARTS_NOTE, covers_better, match_open
from assistant.answering.open_parts import setting_context, totals_of_parts
from assistant.answering.stated_totals import listed_parts, totals_for
from core.models import Question
from tests.assistant.answering.real_reports import figure_question
from tests.assistant.answering.test_figure_choice import _paragraph_text, report

WEINAN = "018_weinan_shangwuju_2019.txt"
DONGCHENG = "039_yongjia_dongcheng_jiedao_2019.txt"
SHAHU = "049_xiantao_shahu_zhen_2023.txt"
QINDU = "025_qindu_qu_2024.txt"


def question(text: str) -> Question:
    # the question as the comparison asks it of one office: no office name in its words
    return figure_question(text)


def _opened(name: str, year: int):
    _, figures = report(name, year)
    return [f for f in figures if f.metric == "open"]


def _texts(name: str, year: int, figures) -> dict[str, str]:
    text_of = _paragraph_text(name, year)
    return {f.paragraph_id: text_of(f.paragraph_id) for f in figures}


def _open_answer(name: str, year: int, text: str):
    opened = _opened(name, year)
    return match_open(question(text), opened, {}, {}, _texts(name, year, opened))


def _total(name: str, year: int, value: float):
    return next(f for f in _opened(name, year) if f.value == value)


def test_parts_after_a_total_are_read_from_its_qizhong():
    text_of = _paragraph_text(SHAHU, 2023)
    total = _total(SHAHU, 2023, 75)  # 共主动公开各类信息75条,其中工作动态52条;其他…10条;…
    parts = listed_parts(total, _opened(SHAHU, 2023), text_of(total.paragraph_id))
    assert [p.value for p in parts] == [52, 10, 2, 2, 1, 1, 2, 5]
    # 收到“两案”共8个。其中,市人大代表建议2个,市政协提案6个,以上8个议案…: the restatement
    # of the total is no part
    total = _total(WEINAN, 2019, 8)
    text_of = _paragraph_text(WEINAN, 2019)
    assert [p.value for p in listed_parts(total, _opened(WEINAN, 2019),
                                          text_of(total.paragraph_id))] == [2, 6]
    # a part is no total: 52 has no 其中 after it
    part = next(f for f in _opened(SHAHU, 2023) if f.value == 52)
    assert listed_parts(part, _opened(SHAHU, 2023), text_of(part.paragraph_id)) == []


def test_a_total_metric_read_on_a_part_answers_with_the_total():
    # realdev d259: 其他主动公开文件10条 reads as 主动公开 (the cue); it is a part of 75
    _, figures = report(SHAHU, 2023)
    read = [f for f in figures if f.metric == "active.total"]
    assert [f.value for f in read] == [10]
    out, notes = totals_for(read, _opened(SHAHU, 2023), "2023年公开的信息有多少条？",
                            _paragraph_text(SHAHU, 2023))
    assert [f.value for f in out] == [75] and out[0].metric == "active.total" and notes
    assert out[0].quote == "2023年我镇通过门户网站共主动公开各类信息75条"
    # the part asked by its own words stays the part
    out, notes = totals_for(read, _opened(SHAHU, 2023), "2023年其他主动公开文件有多少条？",
                            _paragraph_text(SHAHU, 2023))
    assert [f.value for f in out] == [10] and not notes


def test_the_heading_a_total_sits_under_says_what_it_counts():
    # realdev d248: 1.主动公开政府信息情况。全年公开政务信息共306条。其中,商务动态类信息191条,…
    opened = _opened(WEINAN, 2019)
    setting = setting_context(opened, _texts(WEINAN, 2019, opened))
    total = _total(WEINAN, 2019, 306)
    assert setting[total.id].startswith("1.主动公开政府信息情况。")
    match = _open_answer(WEINAN, 2019, "2019年主动公开的信息有多少条？")
    assert not match.weak and [s.figure.value for s in match.best] == [306]


def test_the_sentence_before_a_total_says_what_it_counts():
    # realdev d257: 本单位对应主动公开的政府信息进行了梳理和编目,2019年度我街道共公开各类
    # 信息52条,其中机构信息6条,… (the parts add up to 52)
    match = _open_answer(DONGCHENG, 2019, "2019年主动公开的信息量是多少？")
    assert not match.weak and [s.figure.value for s in match.best] == [52]


def test_a_part_named_in_its_own_words_is_still_the_answer():
    match = _open_answer(DONGCHENG, 2019, "2019年民生事项公开了多少条？")
    assert [s.figure.value for s in match.best] == [32]


def test_words_spread_over_the_parts_of_one_total_ask_the_total():
    # realdev d295: 建议提案 names both 市人大代表建议2个 and 市政协提案6个, parts of 两案共8个
    match = _open_answer(WEINAN, 2019, "2019年建议提案办理了多少个？")
    assert [s.figure.value for s in match.best] == [8] and match.notes == (PARTS_NOTE,)
    assert match.best[0].figure.quote == "市商务局收到“两案”共8个"
    # one part asked: that part
    match = _open_answer(WEINAN, 2019, "2019年市政协提案有多少个？")
    assert [s.figure.value for s in match.best] == [6] and not match.notes


def test_parts_map_to_their_totals_in_both_orders():
    opened = _opened(QINDU, 2024)
    totals = totals_of_parts(opened, _texts(QINDU, 2024, opened))
    by_value = {f.value: totals[f.id].value for f in opened if f.id in totals}
    assert by_value[105] == 122 and by_value[17] == 122  # 网上申请105件,快递17件,合计122件
    assert by_value[352] == 3659  # 发布各类信息3659条,其中主动公开政策文件352条,…


def test_a_cause_word_is_not_a_word_the_report_counts():
    # realdev d269: 行政复议144件,120件做了复议决定 — the cue reads 120 as the reviews; the
    # question's 引起 is how it relates the reviews to disclosure, no word of the clause
    _, figures = report(QINDU, 2024)
    q = question("2024年信息公开引起的行政复议有多少件？")
    opened = _opened(QINDU, 2024)
    match = match_open(q, opened, {}, {}, _texts(QINDU, 2024, opened))
    assert [s.figure.value for s in match.best] == [144]
    stated = [f for f in figures if f.metric == "review.total" and f.value == 120]
    assert stated and covers_better(q, match, stated, {}, {})
