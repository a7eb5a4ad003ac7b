"""The compare tab in a real browser: a typed comparison question and a comparison
chosen from lists each give cited text, a table and a bar chart."""

from __future__ import annotations

from tests.e2e.pages import choose, open_tab, table_rows


def _table_rows(page) -> list[str]:
    return table_rows(page, "govqa-cmp-table")


def _wait_for_result(page) -> None:
    page.wait_for_selector("#govqa-cmp-answer .govqa-answer-panel", timeout=120_000)
    page.wait_for_selector("#govqa-cmp-chart canvas, #govqa-cmp-chart svg.marks",
                           timeout=30_000)


def test_typed_comparison_question(page):
    open_tab(page, "比较")
    page.fill("#govqa-cmp-question textarea", "比较新碶街道和北沟街道主动公开的数量")
    page.click("#govqa-cmp-ask")
    _wait_for_result(page)
    rows = _table_rows(page)
    assert len(rows) == 2
    assert any("新碶" in r and "589" in r for r in rows)
    assert any("北沟" in r and "14" in r for r in rows)
    answer = page.locator("#govqa-cmp-answer")
    assert answer.locator("sup.cite").count() >= 2
    assert answer.locator(".src-card mark").count() >= 2


def test_comparison_chosen_from_lists(page):
    open_tab(page, "比较")
    choose(page, "govqa-cmp-metric", "主动公开政府信息总数")
    choose(page, "govqa-cmp-offices", "新碶街道")
    choose(page, "govqa-cmp-offices", "北沟街道")
    page.keyboard.press("Escape")
    page.click("#govqa-cmp-run")
    _wait_for_result(page)
    rows = _table_rows(page)
    assert len(rows) == 2
    assert any("589" in r for r in rows) and any("14" in r for r in rows)
    page.click("#govqa-cmp-add")
    page.wait_for_selector("#govqa-cmp-status :text('共 1 项')")
    open_tab(page, "简报")
    assert page.locator("#govqa-briefing .brief-item").count() == 1
