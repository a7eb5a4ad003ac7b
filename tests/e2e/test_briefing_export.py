"""The briefing in a real browser: add an answer and a cited passage from the chat,
reorder and remove items, export Markdown and .docx and check the files' content."""

from __future__ import annotations

from datetime import date

from docx import Document

from tests.e2e.pages import ask, choose, download, open_tab

QUESTION = "北沟街道2017年主动公开了多少条政府信息？"


def test_collect_reorder_and_export(page, tmp_path):
    message = ask(page, QUESTION)
    answer_text = message.inner_text().strip()
    quote = page.locator("#src-0-1 mark").inner_text()
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
    quotes = [p.text for p in document.paragraphs if p.style.name == "Quote"]
    assert quotes and all(q.startswith(quote) for q in quotes)  # verbatim, both items
    assert paragraphs.index("2. 问：" + QUESTION) > paragraphs.index("1. 摘录（" + QUESTION + "）")
    assert any("14条" in p and "[1]" in p for p in paragraphs)  # the answer, renumbered
    sources = paragraphs[paragraphs.index("来源") + 1:]
    assert len(sources) == 1  # the answer and the passage cite one paragraph
    assert sources[0].startswith(f"[1] {office}，2017年，")

    markdown = download(page, "#govqa-export-md", tmp_path / "briefing.md").read_text("utf-8")
    assert f"> {quote}" in markdown and f"日期：{date.today().isoformat()}" in markdown
    assert f"1. {office}，2017年，" in markdown

    choose(page, "govqa-brief-item", "1.")
    page.click("#govqa-brief-remove")
    page.wait_for_function(
        "() => document.querySelectorAll('#govqa-briefing .brief-item').length === 1")
    assert "回答" in page.locator("#brief-item-1 .brief-head").inner_text()
    assert answer_text.split("[")[0][:10] in page.inner_text("#brief-item-1")
