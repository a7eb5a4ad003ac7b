"""Sentence vectors from sentence-transformers on torch: the reference encoder, the
fallback when a model does not export to ONNX, and the only one for a GPU device."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from core.errors import ModelNotFoundError


class TorchEncoder:
    """Encodes texts with a local sentence-transformers model, L2-normalised."""

    def __init__(self, name: str, path: str, device: str = "cpu", batch_size: int = 32):
        from sentence_transformers import SentenceTransformer

        self.batch_size = batch_size
        try:
            self.model: Any = SentenceTransformer(path, device=device, local_files_only=True)
        except OSError as exc:  # not on disk and no hub to ask
            raise ModelNotFoundError(f"embedding model {name!r}: {exc}") from exc

    @property
    def dimension(self) -> int:
        return int(self.model.get_embedding_dimension())

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        return self.model.encode(list(texts), batch_size=self.batch_size,
                                 normalize_embeddings=True, show_progress_bar=False,
                                 convert_to_numpy=True)
