"""Build the web app (`build_ui`: layout first, events second) and serve it (`launch`:
the settings' host, port, login and thread limits)."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import gradio as gr
from langchain_core.runnables import Runnable

from assistant.chain import ChainParts
from assistant.settings import Settings
from assistant.store import Store
from assistant.ui import assets, events
from assistant.ui.context import AppContext
from assistant.ui.layout import build_layout
from index.loaders import SUPPORTED_SUFFIXES

# Uploaded files and exports older than a day are removed by Gradio, checked hourly.
CACHE_CLEANUP = (3600, 86400)


def build_ui(settings: Settings, store: Store, chain: ChainParts | Runnable,
             export_dir: Path | None = None) -> gr.Blocks:
    export_dir = export_dir or Path(tempfile.mkdtemp(prefix="govqa-export-"))
    ctx = AppContext(settings, store, chain, export_dir)
    layout = build_layout(settings.examples, sorted(SUPPORTED_SUFFIXES))
    layout.demo.delete_cache = CACHE_CLEANUP
    with layout.demo:
        events.wire(layout, ctx)
    return layout.demo


def launch(demo: gr.Blocks, settings: Settings, *, port: int | None = None,
           block: bool = True) -> tuple[Any, str, str]:
    """Serve the app. `block=False` returns at once (tests, scripts); close with
    `demo.close()`."""
    demo.queue(default_concurrency_limit=events.ANSWER_CONCURRENCY)
    return demo.launch(
        server_name=settings.host, server_port=port or settings.port,
        auth=settings.auth_pairs() or None, auth_message="请登录政府信息公开年报问答助手",
        max_threads=settings.max_threads, prevent_thread_lock=not block, quiet=not block,
        show_error=False, footer_links=[], mcp_server=False, ssr_mode=False,
        theme=assets.theme(), css=assets.CSS, js=assets.JS,
    )
