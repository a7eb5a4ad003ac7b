"""A report (and a question) carrying markup is shown as text: nothing it holds runs."""

from __future__ import annotations

from tests.e2e.pages import ask, choose, open_tab, upload

SCRIPT = "<script>window.__govqa_pwned = 1</script>"
IMG = '<img src="x" onerror="window.__govqa_pwned = 2">'
LINK = "[点我](javascript:window.__govqa_pwned=4)"
REPORT = (
    f"测试市注入区注入街道办事处2019年政府信息公开工作年度报告{IMG}\n"
    "一、总体情况\n"
    f"2019年，注入街道主动公开政府信息77条{SCRIPT}{IMG}，详见{LINK}。\n"
    "二、其他需要报告的事项\n"
    f"本街道网站栏目说明：{IMG}\n"
)


def test_markup_in_a_report_and_a_question_is_shown_as_text(page, tmp_path):
    evil = tmp_path / "injection-2019.txt"
    evil.write_text(REPORT, encoding="utf-8")
    result = upload(page, [evil])
    assert "新增 1 份" in result, result

    page.get_by_role("tab", name="问答").click()
    question = f"{IMG}注入街道2019年主动公开了多少条政府信息？"
    message = ask(page, question)
    assert "77条" in message.inner_text()
    # the question is shown as typed
    assert IMG in page.locator("#govqa-chat [data-testid='user']").last.inner_text()

    panel = page.locator("#govqa-sources-panel")
    shown = panel.inner_text()
    assert SCRIPT in shown and IMG in shown and LINK in shown
    assert panel.locator("script, img, a").count() == 0
    assert page.locator("#govqa-chat script, #govqa-chat img[onerror]").count() == 0

    open_tab(page, "报告库")
    # The table is drawn again when its tab opens: wait for its rows (reading at once
    # found the headers only, once, in a CI run), then check what they show.
    page.wait_for_function(
        "(name) => document.querySelector('#govqa-reports').innerText.includes(name)",
        arg="injection-2019.txt")
    reports = page.locator("#govqa-reports")
    assert "injection-2019.txt" in reports.inner_text() and IMG in reports.inner_text()
    assert reports.locator("img").count() == 0
    choose(page, "govqa-report", "injection-2019.txt")  # its figures, quotes as text
    page.wait_for_function(
        "() => document.querySelector('#govqa-figures').innerText.includes('77')")
    assert page.locator("#govqa-figures img, #govqa-figures script").count() == 0
    page.wait_for_timeout(500)  # give any injected handler the chance to run
    assert page.evaluate("window.__govqa_pwned") is None
