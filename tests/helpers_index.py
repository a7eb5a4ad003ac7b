"""Indexing helpers shared by tests: the bundled corpus indexed once per session."""

from __future__ import annotations

from pathlib import Path

from core.settings import Settings
from core.store import Store
from index.pipeline import index_paths

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


def index_corpus(index_dir: Path, embedder, files: list[Path] | None = None) -> Store:
    settings = Settings(index_dir=index_dir, _env_file=None)
    store = Store.open(settings, embedder)
    summary = index_paths(files or sorted(CORPUS.glob("*.txt")), store, settings)
    assert not summary.refused, summary.refused
    return store
