"""The briefing in a real browser: add an answer and a cited passage from the chat,
reorder and remove items, export Markdown and .docx and check the files' content."""

from __future__ import annotations

from datetime import date

from docx import Document

from assistant.ui.layout import BRIEFING_STORAGE_KEY
from tests.e2e.pages import ask, choose, download, open_tab

QUESTION = "北沟街道2017年主动公开了多少条政府信息？"


def test_collect_reorder_and_export(page, tmp_path):
    message = ask(page, QUESTION)
    answer_text = message.inner_text().strip()
    cards = page.locator("#govqa-sources-panel .src-card")
    quotes = [cards.nth(i).locator("mark").inner_text() for i in range(cards.count())]
    assert quotes, "the answer has no citation"
    office = page.locator("#src-0-1 .src-office").inner_text()
    page.click("#govqa-add-answer")
    page.wait_for_selector("#govqa-chat-status :text('共 1 项')")
    page.click("#govqa-add-citation")  # the first citation is chosen by default
    page.wait_for_selector("#govqa-chat-status :text('共 2 项')")

    open_tab(page, "简报")
    heads = page.locator("#govqa-briefing .brief-head")
    assert heads.count() == 2
    assert heads.nth(0).inner_text().startswith("1. 回答")
    assert heads.nth(1).inner_text().startswith("2. 引文")

    choose(page, "govqa-brief-item", "2.")
    page.click("#govqa-brief-up")
    page.wait_for_function(
        "() => document.querySelector('#brief-item-1 .brief-head').innerText.includes('引文')")

    saved = download(page, "#govqa-export-docx", tmp_path / "briefing.docx")
    document = Document(str(saved))
    paragraphs = [p.text for p in document.paragraphs]
    assert f"日期：{date.today().isoformat()}" in paragraphs
    # the passage (now first) quotes [1]; the answer's citations keep their numbers, as
    # its first one is the passage's paragraph: every quote verbatim, with its source
    assert [p.text for p in document.paragraphs if p.style.name == "Quote"] == (
        [f"{quotes[0]}  —— 来源 [1]"] + [f"{q}  —— 来源 [{n}]" for n, q in enumerate(quotes, 1)])
    assert paragraphs.index("2. 问：" + QUESTION) > paragraphs.index("1. 摘录（" + QUESTION + "）")
    assert any("14条" in p and "[1]" in p for p in paragraphs)  # the answer's text
    sources = paragraphs[paragraphs.index("来源") + 1:]
    assert len(sources) == len(quotes)
    assert sources[0].startswith(f"[1] {office}，2017年，")

    markdown = download(page, "#govqa-export-md", tmp_path / "briefing.md").read_text("utf-8")
    assert all(f"> {q}" in markdown for q in quotes)
    assert f"日期：{date.today().isoformat()}" in markdown
    assert f"1. {office}，2017年，" in markdown

    choose(page, "govqa-brief-item", "1.")
    page.click("#govqa-brief-remove")
    page.wait_for_function(
        "() => document.querySelectorAll('#govqa-briefing .brief-item').length === 1")
    assert "回答" in page.locator("#brief-item-1 .brief-head").inner_text()
    assert answer_text.split("[")[0][:10] in page.inner_text("#brief-item-1")


def test_quick_clicks_all_land_in_the_briefing(page):
    ask(page, QUESTION)
    for button in ("#govqa-add-answer", "#govqa-add-citation", "#govqa-add-answer"):
        page.click(button)  # no waiting in between
    page.wait_for_selector("#govqa-chat-status :text('共 3 项')")
    open_tab(page, "简报")
    page.wait_for_function(
        "() => document.querySelectorAll('#govqa-briefing .brief-item').length === 3")


def _saved_copy(page) -> str | None:
    return page.evaluate(f"() => localStorage.getItem('{BRIEFING_STORAGE_KEY}')")


def _wait_until_saved(page, before: str | None) -> None:
    """The browser's copy is written with the edit's other outputs: wait until it has."""
    page.wait_for_function(
        "([key, before]) => localStorage.getItem(key) !== before",
        arg=[BRIEFING_STORAGE_KEY, before])


def test_the_briefing_survives_a_reload_of_the_page(page):
    ask(page, QUESTION)
    page.click("#govqa-add-answer")
    page.wait_for_selector("#govqa-chat-status :text('共 1 项')")
    before = _saved_copy(page)
    page.click("#govqa-add-citation")
    page.wait_for_selector("#govqa-chat-status :text('共 2 项')")
    _wait_until_saved(page, before)

    page.reload()
    open_tab(page, "简报")
    page.wait_for_function(
        "() => document.querySelectorAll('#govqa-briefing .brief-item').length === 2")
    assert page.locator("#govqa-briefing .brief-head").nth(0).inner_text().startswith("1. 回答")
    page.wait_for_function("() => !document.querySelector('#govqa-export-docx').disabled")

    before = _saved_copy(page)
    choose(page, "govqa-brief-item", "1.")
    page.click("#govqa-brief-remove")
    page.wait_for_function(
        "() => document.querySelectorAll('#govqa-briefing .brief-item').length === 1")
    _wait_until_saved(page, before)
    page.reload()
    open_tab(page, "简报")
    page.wait_for_function(
        "() => document.querySelectorAll('#govqa-briefing .brief-item').length === 1")
    assert page.locator("#brief-item-1 .brief-head").inner_text().startswith("1. 引文")
