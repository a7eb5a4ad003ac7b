"""End-to-end fixtures: the real app (real Chroma on tmp_path, real m3e-small, the real
chain) served on a free 127.0.0.1 port in this process, driven by Debian's headless
Chromium through Playwright. Every test here is marked `e2e`.

Each test gets its own browser context (its own Gradio session), and fails if the page
asked anything of a host other than the app: the app must work offline.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

import pytest

from assistant.chain import build_parts
from core.settings import Settings
from core.store import Store
from assistant.ui.server import build_ui, launch
from tests.e2e.pages import CHROMIUM, CHROMIUM_ARGS, free_port
from tests.helpers_index import index_corpus


def pytest_collection_modifyitems(items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.e2e)


@dataclass
class RunningApp:
    url: str
    settings: Settings
    store: Store


def start_app(settings: Settings, store: Store) -> tuple[RunningApp, object]:
    demo = build_ui(settings, store, build_parts(settings, store),
                    export_dir=settings.index_dir.parent / "exports")
    port = free_port()
    # Start-up runs outside any test, but under the network guard all the same (it is
    # installed for the whole test process, tests/conftest.py): Gradio must not phone
    # home for analytics, versions or fonts.
    launch(demo, settings, port=port, block=False)
    return RunningApp(f"http://127.0.0.1:{port}/", settings, store), demo


@pytest.fixture(scope="session")
def app(tmp_path_factory, embedder) -> Iterator[RunningApp]:
    root = tmp_path_factory.mktemp("e2e")
    store = index_corpus(root / "index", embedder)
    # no login here: uploading and deleting allowed as on a single-user machine
    settings = Settings(index_dir=root / "index", allow_anonymous_writes=True, _env_file=None)
    running, demo = start_app(settings, store)
    yield running
    demo.close()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not CHROMIUM.exists():
        pytest.fail("Debian's chromium is not installed: "
                    "apt-get install -y chromium chromium-driver")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def open_page(browser, url: str, outside: list[str]):
    context = browser.new_context(accept_downloads=True, viewport={"width": 1400, "height": 1000},
                                  locale="zh-CN")
    page = context.new_page()
    app_host = urlparse(url).netloc

    def record(request):
        parsed = urlparse(request.url)
        if parsed.scheme in ("http", "https", "ws", "wss") and parsed.netloc != app_host:
            outside.append(request.url)

    page.on("request", record)
    page.set_default_timeout(60_000)
    page.goto(url, wait_until="domcontentloaded")
    page.wait_for_selector("#govqa-chat", state="visible")
    return context, page


@pytest.fixture
def page(browser, app) -> Iterator[object]:
    outside: list[str] = []
    context, page = open_page(browser, app.url, outside)
    yield page
    context.close()
    assert outside == [], f"the page reached outside the app: {outside}"


@pytest.fixture
def second_page(browser, app) -> Iterator[object]:
    outside: list[str] = []
    context, page = open_page(browser, app.url, outside)
    yield page
    context.close()
    assert outside == [], f"the page reached outside the app: {outside}"
