"""Build the web app (`build_ui`: layout first, events second) and serve it (`launch`:
the settings' host, port, login and thread limits)."""

from __future__ import annotations

import os
import secrets
import tempfile
from pathlib import Path
from typing import Any

import gradio as gr
from langchain_core.runnables import Runnable

from assistant.chain import ChainParts, example_questions
from core.settings import Settings
from core.store import Store
from assistant.ui import assets, events
from assistant.ui.context import AppContext
from assistant.ui.layout import build_layout
from assistant.ui.login import login_guard
from index.loaders import SUPPORTED_SUFFIXES

# Uploaded files and exports older than a day are removed by Gradio, checked hourly.
CACHE_CLEANUP = (3600, 86400)
BROWSER_SECRET_FILE = "browser-secret"


def build_ui(settings: Settings, store: Store, chain: ChainParts | Runnable,
             export_dir: Path | None = None) -> gr.Blocks:
    export_dir = export_dir or Path(tempfile.mkdtemp(prefix="govqa-export-"))
    ctx = AppContext(settings, store, chain, export_dir)
    # Examples about what is indexed now (none for a plain runnable: it has no corpus).
    examples = example_questions(chain.snapshot()) if isinstance(chain, ChainParts) else []
    layout = build_layout(examples, sorted(SUPPORTED_SUFFIXES),
                          browser_secret(settings.index_dir))
    layout.demo.delete_cache = CACHE_CLEANUP
    with layout.demo:
        events.wire(layout, ctx)
    return layout.demo


def browser_secret(folder: Path) -> str | None:
    """The key the browser's copy of a briefing is encrypted with. Kept beside the index,
    so briefings outlive a restart of the app; None (a new key per start) when the
    folder cannot be written."""
    path = folder / BROWSER_SECRET_FILE
    try:
        folder.mkdir(parents=True, exist_ok=True)
        try:  # created readable by the owner only; a concurrent start reads the winner's
            with os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600),
                           "w", encoding="ascii") as handle:
                handle.write(secrets.token_urlsafe(32))
        except FileExistsError:
            pass
        existing = path.read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return None
    return existing if len(existing) >= 32 else None


def launch(demo: gr.Blocks, settings: Settings, *, port: int | None = None,
           block: bool = True) -> tuple[Any, str, str]:
    """Serve the app. `block=False` returns at once (tests, scripts); close with
    `demo.close()`."""
    demo.queue(default_concurrency_limit=events.ANSWER_CONCURRENCY)
    return demo.launch(
        server_name=settings.host, server_port=port or settings.port,
        auth=login_guard(settings), auth_message="请登录政府信息公开年报问答助手（多次输错将暂时锁定）",
        max_threads=settings.max_threads, prevent_thread_lock=not block, quiet=not block,
        max_file_size=settings.max_file_bytes,  # the CLI's limit; the page checks first
        show_error=False, footer_links=[], mcp_server=False, ssr_mode=False,
        theme=assets.theme(), css=assets.CSS, js=assets.page_js(settings.max_file_bytes),
    )
