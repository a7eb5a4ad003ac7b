"""The browser's copy of a chat session: a round trip keeps every finished turn as it
was; a tampered copy loses only the turns that are not well formed."""

from __future__ import annotations

import json

from assistant.ui.chat import ChatSession, Turn
from assistant.ui.chat_saved import MAX_SAVED_TURNS, session_from_plain, session_to_plain
from core.models import Answer, Citation, Figure, TableRow

CITATION = Citation(n=1, report="a.txt", office="北沟街道办事处", year=2017, section="一、总体情况",
                    paragraph="p1", quote="主动公开政府信息14条", paragraph_text="全年主动公开政府信息14条。",
                    title="北沟街道2017年报告")
FIGURE = Figure(metric="proactive_total", value=14.0, unit="条", qualifier="exact", period="2017",
                scope="annual", paragraph_id="p1", span=(2, 12), quote="主动公开政府信息14条",
                report_id="r1", office="北沟街道办事处", year=2017)
ROW = TableRow(office="北沟街道办事处", year=2017, value=14.0, qualifier="exact", scope="annual",
               citation=1, display="14条")
ANSWER = Answer(question="北沟街道2017年主动公开了多少条？", status="answered",
                text="北沟街道2017年主动公开政府信息14条[1]。", citations=(CITATION,),
                figures=(FIGURE,), table=(ROW,), kind="figure", notes=("一条注释",))


def _through_browser(data):
    return json.loads(json.dumps(data, ensure_ascii=False))  # what localStorage gives back


def test_a_round_trip_keeps_answers_errors_and_the_selected_turn():
    session = ChatSession((Turn("q1", ANSWER), Turn("q2", error="无法回答：……"),
                           Turn("q3", ANSWER)), selected=0)
    restored = session_from_plain(_through_browser(session_to_plain(session)))
    assert restored == session


def test_a_turn_still_streaming_is_not_kept():
    session = ChatSession((Turn("q1", ANSWER), Turn("q2", partial="北沟")), selected=0)
    restored = session_from_plain(_through_browser(session_to_plain(session)))
    assert restored == ChatSession((Turn("q1", ANSWER),), selected=0)


def test_tampered_turns_are_dropped_one_by_one():
    plain = _through_browser(session_to_plain(ChatSession(
        tuple(Turn(f"q{i}", ANSWER) for i in range(6)), selected=5)))
    turns = plain["turns"]
    turns[0]["answer"]["citations"][0]["n"] = "1"  # a number as text
    turns[1]["answer"]["figures"][0]["span"] = [1]
    turns[2]["answer"]["status"] = "<script>"
    turns[3]["question"] = {"evil": True}
    turns[4] = "not a turn"
    restored = session_from_plain(plain)
    assert [t.question for t in restored.turns] == ["q5"]
    assert restored.turns[0].answer == ANSWER and restored.selected == 0


def test_garbage_gives_an_empty_session():
    for garbage in (None, "", [], {"turns": "x"}, {"turns": [None, 3]}, 42):
        assert session_from_plain(garbage) == ChatSession()


def test_a_bad_selected_index_shows_the_latest_answer():
    plain = _through_browser(session_to_plain(ChatSession((Turn("q1", ANSWER),
                                                           Turn("q2", ANSWER)), selected=0)))
    for bad in (99, -3, "0", None, True):
        plain["selected"] = bad
        assert session_from_plain(plain).selected == 1


def test_only_the_latest_turns_are_kept():
    session = ChatSession(tuple(Turn(f"q{i}", ANSWER) for i in range(MAX_SAVED_TURNS + 5)),
                          selected=MAX_SAVED_TURNS + 4)
    restored = session_from_plain(_through_browser(session_to_plain(session)))
    assert len(restored.turns) == MAX_SAVED_TURNS
    assert restored.turns[0].question == "q5" and restored.selected == MAX_SAVED_TURNS - 1
