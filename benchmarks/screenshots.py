"""Screenshots of each tab of the web app, for the README (docs/screenshots/*.png).

    .venv/bin/python benchmarks/screenshots.py [--out docs/screenshots] [--index-dir DIR]

Starts the app on a free 127.0.0.1 port over the bundled corpus (indexed into a
temporary folder unless --index-dir holds an index), drives Debian's headless Chromium
through each tab, and saves one PNG per tab. Needs a CJK font in the system
(fonts-wqy-microhei) for the Chinese to show.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # a script run from anywhere: the project and its tests

from core.offline import offline_environment  # noqa: E402

QUESTION = "北沟街道2017年主动公开了多少条政府信息？"
COMPARISON = "比较新碶街道和北沟街道主动公开的数量"


def shoot(url: str, out: Path) -> list[Path]:
    from playwright.sync_api import sync_playwright

    from tests.e2e.pages import CHROMIUM, CHROMIUM_ARGS, ask, choose, open_tab

    out.mkdir(parents=True, exist_ok=True)
    saved = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 960}, locale="zh-CN")
        page.set_default_timeout(120_000)
        page.goto(url, wait_until="domcontentloaded")
        page.wait_for_selector("#govqa-chat")

        ask(page, QUESTION)
        page.click("#govqa-add-answer")
        page.click("#govqa-add-citation")
        page.wait_for_selector("#govqa-chat-status :text('共 2 项')")
        saved.append(out / "chat.png")
        page.screenshot(path=saved[-1])

        open_tab(page, "报告库")
        choose(page, "govqa-report", "000_")
        page.wait_for_selector("#govqa-figures [role=row][aria-rowindex='2']")
        page.click("#govqa-remove")  # show the question asked before a removal
        page.wait_for_selector("#govqa-remove-yes", state="visible")
        saved.append(out / "library.png")
        page.screenshot(path=saved[-1], full_page=True)
        page.click("#govqa-remove-no")

        open_tab(page, "比较")
        page.fill("#govqa-cmp-question textarea", COMPARISON)
        page.click("#govqa-cmp-ask")
        page.wait_for_selector("#govqa-cmp-chart canvas, #govqa-cmp-chart svg.marks")
        page.wait_for_timeout(1000)  # the chart animates in
        saved.append(out / "compare.png")
        page.screenshot(path=saved[-1], full_page=True)

        open_tab(page, "简报")
        page.wait_for_selector("#govqa-briefing .brief-item")
        saved.append(out / "briefing.png")
        page.screenshot(path=saved[-1])

        # the dark theme: highlighted quotes must stay readable there too
        dark = browser.new_page(viewport={"width": 1400, "height": 960}, locale="zh-CN")
        dark.set_default_timeout(120_000)
        dark.goto(url + "?__theme=dark", wait_until="domcontentloaded")
        dark.wait_for_selector("#govqa-chat")
        ask(dark, QUESTION)
        saved.append(out / "chat-dark.png")
        dark.screenshot(path=saved[-1])
        browser.close()
    return saved


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--index-dir", type=Path, default=None,
                        help="an index to use (default: the bundled corpus, indexed afresh)")
    args = parser.parse_args()
    offline_environment()

    from assistant.chain import build_parts
    from core.settings import Settings
    from core.store import Store
    from assistant.ui.server import build_ui, launch
    from index.pipeline import index_paths
    from tests.e2e.pages import free_port

    with tempfile.TemporaryDirectory(prefix="govqa-shots-") as scratch:
        settings = Settings(index_dir=args.index_dir or Path(scratch) / "index", _env_file=None)
        store = Store.open(settings)
        if not store.reports():
            index_paths([settings.corpus_dir], store, settings)
        demo = build_ui(settings, store, build_parts(settings, store),
                        export_dir=Path(scratch) / "exports")
        port = free_port()
        launch(demo, settings, port=port, block=False)
        try:
            for path in shoot(f"http://127.0.0.1:{port}/", args.out):
                print(path)
        finally:
            demo.close()


if __name__ == "__main__":
    main()
