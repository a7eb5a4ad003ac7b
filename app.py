"""Start the web app: `python app.py` (settings from GOVQA_* variables or .env).

On first start, with an empty index, the bundled sample reports (settings.corpus_dir)
are indexed so there is something to ask about.
"""

from __future__ import annotations

import logging

from core.offline import offline_environment


def main() -> None:
    offline_environment()  # before gradio, chromadb and transformers are imported
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    logging.getLogger("httpx").setLevel(logging.WARNING)  # Gradio's start-up self-checks
    from assistant.chain import build_parts
    from core.settings import Settings
    from core.store import Store
    from assistant.ui.server import build_ui, launch
    from index.pipeline import index_paths

    settings = Settings()
    store = Store.open(settings)
    if not store.reports() and settings.corpus_dir.is_dir():
        summary = index_paths([settings.corpus_dir], store, settings)
        logging.info("indexed the bundled corpus: %d reports", len(summary.added))
    parts = build_parts(settings, store)
    parts.warm_up()  # the model, BM25 and jieba load now, not on the first question
    launch(build_ui(settings, store, parts), settings)


if __name__ == "__main__":
    main()
