"""What users build in the chat, in a real browser: the conversation survives a reload
(the browser keeps an encrypted copy) and can be cleared; an answer marked 有误 is
kept beside the index and exported as an eval-style test case."""

from __future__ import annotations

import json

from assistant.ui.feedback import feedback_path
from assistant.ui.layout import CHAT_STORAGE_KEY
from tests.e2e.pages import BOTS, ask, download

QUESTION = "北沟街道2017年主动公开了多少条政府信息？"


def _saved_copy(page) -> str | None:
    return page.evaluate(f"() => localStorage.getItem('{CHAT_STORAGE_KEY}')")


def _wait_until_saved(page, before: str | None) -> None:
    page.wait_for_function(
        "([key, before]) => { const now = localStorage.getItem(key);"
        " return now !== null && now !== before; }", arg=[CHAT_STORAGE_KEY, before])


def test_the_chat_survives_a_reload_and_can_be_cleared(page):
    before = _saved_copy(page)
    answer = ask(page, QUESTION).inner_text()
    assert "14条" in answer
    _wait_until_saved(page, before)
    assert QUESTION not in (_saved_copy(page) or "")  # encrypted, not plain text

    page.reload()
    page.wait_for_function(
        "(selector) => document.querySelectorAll(selector).length === 1", arg=BOTS)
    assert page.locator(BOTS).last.inner_text() == answer
    assert "14条" in page.locator("#src-0-1 mark").inner_text()  # its sources too

    before = _saved_copy(page)
    page.click("#govqa-clear-chat")
    page.wait_for_function(
        "(selector) => document.querySelectorAll(selector).length === 0", arg=BOTS)
    _wait_until_saved(page, before)
    page.reload()
    page.wait_for_selector("#govqa-sources-panel")
    page.wait_for_timeout(1500)  # the restore has run by now: nothing came back
    assert page.locator(BOTS).count() == 0


def test_a_tampered_copy_is_dropped(page):
    page.evaluate(f"() => localStorage.setItem('{CHAT_STORAGE_KEY}', '\"<img src=x onerror=alert(1)>\"')")
    page.reload()
    page.wait_for_selector("#govqa-sources-panel")
    page.wait_for_timeout(1500)
    assert page.locator(BOTS).count() == 0
    assert "14条" in ask(page, QUESTION).inner_text()  # the page still works


def test_mark_an_answer_wrong_and_export_it(page, app, tmp_path):
    question = "北沟街道2017年收到了多少件政府信息公开申请？"
    answer = ask(page, question).inner_text()
    page.click("#govqa-mark-wrong")
    page.wait_for_selector("#govqa-chat-status :text('有误')")
    lines = feedback_path(app.settings.index_dir).read_text("utf-8").splitlines()
    kept = json.loads(lines[-1])
    assert kept["question"] == question and kept["mark"] == "wrong"
    assert kept["time"] and isinstance(kept["citations"], list)

    page.wait_for_function("() => !document.querySelector('#govqa-feedback-export').disabled")
    saved = download(page, "#govqa-feedback-export", tmp_path / "feedback.jsonl")
    items = [json.loads(line) for line in saved.read_text("utf-8").splitlines()]
    mine = [i for i in items if i["question"] == question]
    assert mine and mine[-1]["mark"] == "wrong" and mine[-1]["expected"] is None
    assert set(mine[-1]) >= {"id", "question", "kind", "expected", "answer", "mark"}
    # the exported answer is the one shown (its text, [n] markers kept)
    assert mine[-1]["answer"].split("[")[0][:8] in answer
