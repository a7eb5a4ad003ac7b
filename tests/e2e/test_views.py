"""Views that cannot mislead, in a real browser (issue 15, item 5): the compare chart's
value axis starts at 0 and names every bar; highlighted quotes are readable in the light
and the dark theme."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import open_page
from tests.e2e.pages import ask, open_tab

FIGURE_QUESTION = "北沟街道2017年主动公开了多少条政府信息？"

# WCAG contrast of the computed text colour on the computed background of an element.
CONTRAST = """(selector) => {
  const el = document.querySelector(selector);
  const style = getComputedStyle(el);
  const rgb = (c) => c.match(/[\\d.]+/g).slice(0, 3).map(Number);
  const lum = ([r, g, b]) => {
    const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const [a, b] = [lum(rgb(style.color)), lum(rgb(style.backgroundColor))];
  return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
}"""


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_highlighted_quotes_are_readable_in_both_themes(browser, app, theme):
    outside: list[str] = []
    context, page = open_page(browser, f"{app.url}?__theme={theme}", outside)
    try:
        ask(page, FIGURE_QUESTION)
        page.wait_for_selector("#src-0-1 .src-para mark")
        dark = page.evaluate("() => document.body.classList.contains('dark')"
                             " || document.documentElement.classList.contains('dark')"
                             " || !!document.querySelector('.gradio-container.dark, .dark')")
        assert dark == (theme == "dark")
        assert page.evaluate(CONTRAST, "#src-0-1 .src-para mark") >= 4.5
        page.screenshot(path=str(app.settings.index_dir.parent / f"quote-{theme}.png"))
    finally:
        context.close()
    assert outside == []


def test_compare_chart_starts_at_zero_and_names_every_bar(page):
    open_tab(page, "比较")
    page.fill("#govqa-cmp-question textarea", "比较新碶街道和北沟街道主动公开的数量")
    page.click("#govqa-cmp-ask")
    page.wait_for_selector("#govqa-cmp-answer .govqa-answer-panel", timeout=120_000)
    page.wait_for_selector("#govqa-cmp-chart canvas, #govqa-cmp-chart svg", timeout=30_000)
    chart = page.locator("#govqa-cmp-chart svg.marks")
    y_axis = chart.locator("[aria-roledescription=axis][aria-label^='Y-axis']")
    assert "from 0 " in y_axis.get_attribute("aria-label")
    x_texts = chart.locator("[aria-label^='X-axis'] .role-axis-label text")
    x_labels = [t.text_content() for t in x_texts.all()]
    assert sorted(x_labels) == ["北沟街道 2017年", "新碶街道 2013年"]
    # slanted, so that many offices' names stay readable side by side
    assert "rotate(" in x_texts.first.get_attribute("transform")
    bars = [b.get_attribute("aria-label") for b in chart.locator("path[aria-roledescription=bar]").all()]
    assert len(bars) == 2
    assert any("新碶街道" in b and "589" in b for b in bars)
    assert any("北沟街道" in b and "14" in b for b in bars)
