"""The export cache, the encoder setting and its fallbacks, and the index's record of the
encoder variant, without loading a real model (the exporter and torch are faked)."""

from __future__ import annotations

import logging

import pytest

import core.encoders.loading as loading
from core.embedding import SentenceTransformerEmbedder
from core.encoders import export
from core.encoders.export import EXPORT_VERSION, ExportUnsupported, Manifest, ensure_export
from core.errors import ConfigError, EmbeddingMismatchError, ModelNotFoundError
from core.settings import Settings
from core.store import Store


def _manifest(digest: str, version: int = EXPORT_VERSION) -> Manifest:
    return Manifest(model="toy", weights_sha256=digest, export_version=version,
                    pooling="mean", normalize=False, max_seq_length=8, dimension=3,
                    inputs=("input_ids", "attention_mask"), pad_token_id=0, pad_token="[PAD]")


@pytest.fixture
def toy_model(tmp_path):
    folder = tmp_path / "toy-model"
    folder.mkdir()
    (folder / "config.json").write_text('{"hidden_size": 3}')
    (folder / "pytorch_model.bin").write_bytes(b"weights-1")
    (folder / "README.md").write_text("not a weight file")
    return folder


@pytest.fixture
def exports(monkeypatch):
    """Replaces the real exporter: writes a folder as it would and counts the calls."""
    calls: list[str] = []

    def fake_export(name, path, digest, folder):
        calls.append(digest)
        folder.mkdir(parents=True)
        (folder / export.MODEL_FILE).write_bytes(b"onnx")
        manifest = _manifest(digest)
        manifest.write(folder)
        return manifest

    monkeypatch.setattr(export, "_export", fake_export)
    return calls


def test_an_export_is_made_once_then_reused(tmp_path, toy_model, exports):
    first, manifest = ensure_export("toy", str(toy_model), tmp_path / "cache", int8=False)
    again, _ = ensure_export("toy", str(toy_model), tmp_path / "cache", int8=False)
    assert first == again and len(exports) == 1
    assert manifest.weights_sha256 == export.weights_hash(toy_model)


def test_changed_weights_mean_a_new_export(tmp_path, toy_model, exports):
    first, _ = ensure_export("toy", str(toy_model), tmp_path / "cache", int8=False)
    (toy_model / "pytorch_model.bin").write_bytes(b"weights-2")
    second, _ = ensure_export("toy", str(toy_model), tmp_path / "cache", int8=False)
    assert first != second and len(exports) == 2 and exports[0] != exports[1]


def test_a_readme_is_not_part_of_the_weights(toy_model):
    before = export.weights_hash(toy_model)
    (toy_model / "README.md").write_text("edited")
    assert export.weights_hash(toy_model) == before


@pytest.mark.parametrize("tamper", ["digest", "version", "model file"])
def test_a_cached_export_that_does_not_match_is_made_again(tmp_path, toy_model, exports, tamper):
    folder, _ = ensure_export("toy", str(toy_model), tmp_path / "cache", int8=False)
    digest = export.weights_hash(toy_model)
    if tamper == "digest":
        _manifest("0" * 64).write(folder)
    elif tamper == "version":
        _manifest(digest, EXPORT_VERSION - 1).write(folder)
    else:
        (folder / export.MODEL_FILE).unlink()
    again, manifest = ensure_export("toy", str(toy_model), tmp_path / "cache", int8=False)
    assert again == folder and len(exports) == 2 and manifest.weights_sha256 == digest


def test_the_encoder_setting(monkeypatch, tmp_path):
    monkeypatch.setenv("GOVQA_ENCODER", "onnx-int8")
    monkeypatch.setenv("GOVQA_ENCODER_THREADS", "1")
    settings = Settings(index_dir=tmp_path / "index", _env_file=None)
    embedder = SentenceTransformerEmbedder.from_settings(settings)
    assert (embedder.encoder, embedder.threads, embedder.variant) == ("onnx-int8", 1, "int8-pc")
    assert embedder.cache_dir == tmp_path / "index" / "encoders"
    monkeypatch.setenv("GOVQA_ENCODER", "tensorrt")
    with pytest.raises(ValueError):
        Settings(_env_file=None)
    with pytest.raises(ConfigError):
        SentenceTransformerEmbedder(encoder="tensorrt")


class _FakeTorch:
    def __init__(self, name, path, device="cpu", batch_size=32):
        self.dimension = 3

    def encode(self, texts):
        return [[1.0, 0.0, 0.0] for _ in texts]


@pytest.fixture
def export_fails(monkeypatch):
    def refuse(*args, **kwargs):
        raise ExportUnsupported("modules ['Transformer', 'Pooling', 'Dense'] do not export")

    monkeypatch.setattr(loading, "ensure_export", refuse)
    import core.encoders.torch_encoder as torch_encoder

    monkeypatch.setattr(torch_encoder, "TorchEncoder", _FakeTorch)


def test_onnx_falls_back_to_torch_with_the_reason_logged(tmp_path, export_fails, caplog):
    embedder = SentenceTransformerEmbedder(encoder="onnx", cache_dir=tmp_path)
    with caplog.at_level(logging.WARNING, logger="core.encoders.loading"):
        assert len(embedder(["一段文字"])) == 1
    assert embedder.running == "torch" and embedder.variant == "fp32"
    assert "Dense" in caplog.text and "using torch" in caplog.text


def test_int8_never_falls_back_to_fp32_vectors(tmp_path, export_fails):
    embedder = SentenceTransformerEmbedder(encoder="onnx-int8", cache_dir=tmp_path)
    with pytest.raises(ModelNotFoundError, match="GOVQA_ENCODER"):
        embedder(["一段文字"])


def test_an_index_records_its_variant_and_refuses_the_other(settings):
    # Nothing is encoded: the store is only opened, and the embedders are lazy.
    store = Store.open(settings, SentenceTransformerEmbedder(encoder="torch"))
    assert store.chunks.metadata["embedding_variant"] == "fp32"
    # torch and ONNX fp32 make the same vectors: they share an index.
    Store.open(settings, SentenceTransformerEmbedder(encoder="onnx"))
    with pytest.raises(EmbeddingMismatchError, match="int8"):
        Store.open(settings, SentenceTransformerEmbedder(encoder="onnx-int8"))


def test_an_int8_index_refuses_fp32(settings):
    Store.open(settings, SentenceTransformerEmbedder(encoder="onnx-int8"))
    for encoder in ("torch", "onnx"):
        with pytest.raises(EmbeddingMismatchError, match="fp32"):
            Store.open(settings, SentenceTransformerEmbedder(encoder=encoder))


def test_an_index_from_before_the_variant_record_is_fp32(settings):
    store = Store.open(settings, SentenceTransformerEmbedder(encoder="torch"))
    store.chunks.modify(metadata={"embedding_model": "m3e-small"})
    assert "embedding_variant" not in (Store.open(settings, SentenceTransformerEmbedder(
        encoder="onnx")).chunks.metadata or {})
    with pytest.raises(EmbeddingMismatchError):
        Store.open(settings, SentenceTransformerEmbedder(encoder="onnx-int8"))


def test_a_graph_the_optimizer_cannot_fuse_is_kept_as_exported(tmp_path, caplog):
    raw, target = tmp_path / "model.raw.onnx", tmp_path / "model.onnx"
    raw.write_bytes(b"not an onnx graph")  # the optimizer fails on it

    class Config:
        num_attention_heads, hidden_size = 8, 512

    with caplog.at_level("WARNING"):
        export._fuse(raw, target, Config())
    assert target.read_bytes() == b"not an onnx graph" and not raw.exists()
    assert "not fused" in caplog.text
