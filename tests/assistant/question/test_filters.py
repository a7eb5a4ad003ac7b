"""The web app's filters against the question's own words (issue 15, item 4): a filter
narrows a question that leaves office or year open; one the question contradicts is set
aside and said in `understood`, never silently applied."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from assistant.question.offices import OfficeDirectory
from assistant.question.request import question_for
from core.models import IndexedReport, Office

BEIGOU = Office("四平市铁西区北沟街道办事处", "北沟街道", ("四平市", "铁西区", "北沟街道"))
XINQI = Office("新碶街道办事处", "新碶街道", ())


def report(i: int, office: Office, year: int) -> IndexedReport:
    return IndexedReport(id=f"r{i}", source=f"{i:03d}.txt", title=f"{office.name}{year}年报告",
                         office=office, year=year, published=None, format="pre2019",
                         content_hash=f"h{i}", paragraph_count=10, figure_count=5)


@dataclass(frozen=True)
class Corpus:
    reports: tuple[IndexedReport, ...]
    directory: OfficeDirectory


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    reports = (report(0, BEIGOU, 2017), report(1, BEIGOU, 2018), report(2, XINQI, 2013))
    return Corpus(reports, OfficeDirectory.build(list(reports)))


def ask(corpus, text, office=None, year=None, history=()):
    return question_for({"question": text, "office": office, "year": year,
                         "chat_history": list(history)}, corpus)


def test_a_filter_narrows_a_question_that_names_no_office_or_year(corpus):
    question = ask(corpus, "主动公开了多少条政府信息？", office=XINQI.name, year=2013)
    assert question.offices == (XINQI,) and question.years == (2013,)
    assert question.understood == ""


def test_an_office_filter_the_question_contradicts_is_set_aside_and_said(corpus):
    question = ask(corpus, "北沟街道2017年主动公开了多少条政府信息？", office=XINQI.name)
    assert question.offices == (BEIGOU,)
    assert "北沟街道" in question.understood and "只看此机关" in question.understood
    assert "新碶街道" in question.understood


def test_a_year_filter_the_question_contradicts_is_set_aside_and_said(corpus):
    question = ask(corpus, "北沟街道2017年主动公开了多少条政府信息？", year=2018)
    assert question.years == (2017,)
    assert "2017年" in question.understood and "只看此年度" in question.understood


def test_filters_that_agree_with_the_question_say_nothing(corpus):
    question = ask(corpus, "北沟街道2017年主动公开了多少条政府信息？", office=BEIGOU.name,
                   year=2017)
    assert question.offices == (BEIGOU,) and question.years == (2017,)
    assert question.understood == ""


def test_a_follow_up_keeps_the_filter_and_is_restated(corpus):
    question = ask(corpus, "那2018年呢", office=BEIGOU.name,
                   history=["北沟街道2017年主动公开了多少条政府信息？"])
    assert question.offices == (BEIGOU,) and question.years == (2018,)
    assert "只看此" not in question.understood


def test_an_office_not_indexed_against_a_filter_is_said_too(corpus):
    question = ask(corpus, "北京市海淀区2017年主动公开了多少条？", office=BEIGOU.name)
    assert "只看此机关" in question.understood and BEIGOU not in question.offices
