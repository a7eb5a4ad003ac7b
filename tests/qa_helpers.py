"""The bundled corpus indexed once per test session for the question-answering tests
(retriever, answerer, LLM, CLI), with the real embedding model, shared across modules."""

from __future__ import annotations

from typing import Any

from core.settings import Settings
from core.store import Store
from tests.helpers_index import index_corpus

_SHARED: dict[str, Any] = {}


def bundled_index(tmp_path_factory, embedder) -> tuple[Settings, Store]:
    """(settings, store) of the five bundled reports, indexed on the first call."""
    if "index" not in _SHARED:
        index_dir = tmp_path_factory.mktemp("bundled-qa-index")
        store = index_corpus(index_dir, embedder)
        _SHARED["index"] = (Settings(index_dir=index_dir, _env_file=None), store)
    return _SHARED["index"]


def bundled_parts(tmp_path_factory, embedder):
    """The deterministic chain's parts over the bundled index (built once)."""
    from assistant.chain import build_parts

    if "parts" not in _SHARED:
        settings, store = bundled_index(tmp_path_factory, embedder)
        _SHARED["parts"] = build_parts(settings, store)
    return _SHARED["parts"]
