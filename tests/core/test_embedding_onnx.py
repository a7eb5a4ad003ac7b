"""The ONNX encoder gives the torch model's vectors (slow: loads the real m3e-small and
exports it once per session), and int8 stays close to them."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from core.embedding import DEFAULT_CACHE_DIR, SentenceTransformerEmbedder
from core.encoders.loading import resolve_model_path
from core.encoders.export import ensure_export
from core.encoders.onnx_encoder import OnnxEncoder

ROOT = Path(__file__).resolve().parents[2]
REAL_REPORTS = [ROOT / "corpus", ROOT.parent / "shared" / "realdev" / "reports"]

pytestmark = pytest.mark.slow


def _real_paragraphs() -> list[str]:
    """Non-blank lines of the bundled and realdev reports: every 4th one, plus the 20
    longest (past 512 tokens, so truncation is compared too) and edge cases."""
    lines: list[str] = []
    for folder in REAL_REPORTS:
        for path in sorted(folder.glob("*.txt")):
            lines.extend(line for line in path.read_text(encoding="utf-8").splitlines()
                         if line.strip())
    longest = sorted(lines, key=len, reverse=True)[:20]
    picked = list(dict.fromkeys(lines[::4] + longest))
    return picked + ["  前后有空格的段落  ", "数字１２３和ABC混排", "報(bào)告"]


@pytest.fixture(scope="module")
def texts() -> list[str]:
    assert len(list(REAL_REPORTS[1].glob("*.txt"))) >= 60, "the realdev reports are missing"
    found = _real_paragraphs()
    assert len(found) > 250  # every 4th line of 69 real reports, and the longest ones
    return found


@pytest.fixture(scope="module")
def torch_embedder() -> SentenceTransformerEmbedder:
    return SentenceTransformerEmbedder(encoder="torch")


@pytest.fixture(scope="module")
def onnx_embedder() -> SentenceTransformerEmbedder:
    # The project's default cache: one export shared with every other test that
    # loads the model this session (and kept for the next session).
    return SentenceTransformerEmbedder(encoder="onnx", cache_dir=DEFAULT_CACHE_DIR)


def test_onnx_vectors_equal_the_torch_vectors(texts, torch_embedder, onnx_embedder):
    expected = np.asarray(torch_embedder(texts))
    got = np.asarray(onnx_embedder(texts))
    assert onnx_embedder.running == "onnx"
    assert got.shape == expected.shape == (len(texts), 512)
    cosine = (got * expected).sum(axis=1)
    assert cosine.min() >= 0.9999, texts[int(cosine.argmin())]
    assert np.allclose(np.linalg.norm(got, axis=1), 1.0, atol=1e-5)


def test_order_and_batching_do_not_change_a_vector(texts, onnx_embedder):
    """A text gets the same vector alone as in a padded batch of longer texts."""
    batch = np.asarray(onnx_embedder(texts[:64]))
    alone = np.asarray(onnx_embedder([texts[10]]))[0]
    assert float(alone @ batch[10]) >= 0.9999


def test_onnx_tokenizer_is_the_torch_tokenizer(texts, torch_embedder, onnx_embedder):
    onnx_embedder(["预热"])
    torch_embedder(["预热"])
    encoder = onnx_embedder._backend
    model = torch_embedder._backend.model
    for start in range(0, len(texts), 64):
        batch = texts[start:start + 64]
        features = model.preprocess(batch)
        mask = features["attention_mask"].numpy().astype(bool)
        expected = [row[keep].tolist() for row, keep in zip(features["input_ids"].numpy(), mask)]
        assert encoder.token_ids(batch) == expected


def test_int8_is_close_to_fp32_but_not_the_same(texts, torch_embedder):
    folder, manifest = ensure_export("m3e-small", resolve_model_path("m3e-small"),
                                     DEFAULT_CACHE_DIR, int8=True)
    int8 = OnnxEncoder(folder, manifest, int8=True)
    expected = np.asarray(torch_embedder(texts[:200]))
    cosine = (int8.encode(texts[:200]) * expected).sum(axis=1)
    # Quantised weights move every vector a little; retrieval quality is measured
    # separately (benchmarks/retrieval_quality.py, docs/BENCHMARKS.md).
    assert 0.95 <= cosine.min() and cosine.mean() < 0.9999


def test_the_exported_graph_is_fused(onnx_embedder):
    """The export runs ONNX Runtime's transformer optimizer: each layer's attention is
    one fused op (the SDPA export of newer transformers is a pattern it cannot fuse —
    that is why the model is exported with eager attention)."""
    import onnx

    from core.encoders.export import MODEL_FILE

    folder, _ = ensure_export("m3e-small", resolve_model_path("m3e-small"),
                              DEFAULT_CACHE_DIR, int8=False)
    ops = [node.op_type for node in onnx.load(str(folder / MODEL_FILE)).graph.node]
    assert ops.count("Attention") == 4  # m3e-small has 4 layers
    assert "EmbedLayerNormalization" in ops and "SkipLayerNormalization" in ops
    assert "Softmax" not in ops  # inside the fused attention


def test_runs_at_once_give_the_vectors_of_one_run_at_a_time(texts, onnx_embedder):
    """`threads` single-threaded runs go at once; each text's vector is the one it gets
    with a single run at a time, in whatever order the runs finish."""
    folder, manifest = ensure_export("m3e-small", resolve_model_path("m3e-small"),
                                     DEFAULT_CACHE_DIR, int8=False)
    one = OnnxEncoder(folder, manifest, threads=1)
    two = OnnxEncoder(folder, manifest, threads=2)
    picked = texts[:120]
    assert two.batch_size == 4 and two.session.get_session_options().intra_op_num_threads == 1
    assert np.array_equal(one.encode(picked), two.encode(picked))
