"""The chunk vectors kept beside the catalogue (assistant/retrieval/vectors.py): the
table itself, and over a real store that exact dense search reads them instead of
asking Chroma, with the scores Chroma's own vectors give."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from assistant.retrieval.bm25_cache import BM25Cache, vectors_path
from assistant.retrieval.dense import DenseSearcher
from assistant.retrieval.vectors import ChunkVectors
from tests.qa_helpers import bundled_index


def table(*sizes: int, dimension: int = 4) -> tuple[ChunkVectors, np.ndarray]:
    rng = np.random.default_rng(sum(sizes))
    vectors, rows = ChunkVectors.empty(), []
    for size in sizes:
        block = rng.standard_normal((size, dimension)).astype(np.float32)
        vectors = vectors.extended(block)
        rows.append(block)
    return vectors, np.vstack(rows)


def test_rows_across_blocks_are_the_rows_appended():
    vectors, rows = table(3, 1, 5)
    assert vectors.size == 9 and len(vectors.blocks) == 3
    slots = [8, 0, 3, 4, 2, 3]
    assert np.array_equal(vectors.rows(slots), rows[slots])


def test_extending_shares_the_blocks_before():
    vectors, _ = table(3)
    longer = vectors.extended(np.ones((2, 4), np.float32))
    assert longer.blocks[0] is vectors.blocks[0] and vectors.size == 3


def test_a_block_of_another_dimension_is_refused():
    vectors, _ = table(2)
    with pytest.raises(ValueError, match="dimension"):
        vectors.extended(np.ones((1, 5), np.float32))


def test_compacted_keeps_the_live_slots_in_order():
    vectors, rows = table(2, 3)
    keep = np.array([0, 2, 4])
    assert np.array_equal(vectors.compacted(keep).rows([0, 1, 2]), rows[keep])


def test_saved_and_loaded_memory_mapped(tmp_path):
    vectors, rows = table(2, 3)
    path = tmp_path / "v.npy"
    vectors.save(path)
    loaded = ChunkVectors.load(path, 5)
    assert isinstance(loaded.blocks[0], np.memmap)
    assert np.array_equal(loaded.rows(range(5)), rows)
    assert ChunkVectors.load(path, 6) is None  # not this catalogue's: read from Chroma
    path.write_bytes(b"not an array")
    assert ChunkVectors.load(path, 5) is None
    assert ChunkVectors.load(tmp_path / "missing.npy", 5) is None


@pytest.mark.slow
def test_exact_search_reads_the_saved_vectors_with_chromas_scores(tmp_path_factory,
                                                                  embedder, tmp_path):
    _, store = bundled_index(tmp_path_factory, embedder)
    built = BM25Cache(store, tmp_path / "bm25").index()
    catalogue = built.catalogue
    assert catalogue.vectors is not None and catalogue.vectors.size == catalogue.size
    stored = store.chunks.get(ids=catalogue.chunk_ids[:50], include=["embeddings"])
    by_id = dict(zip(stored["ids"], stored["embeddings"]))
    assert np.array_equal(catalogue.vectors.rows(range(50)),
                          np.asarray([by_id[c] for c in catalogue.chunk_ids[:50]], np.float32))

    # A fresh process's cache: the saved index, its vectors memory-mapped.
    saved = sorted((tmp_path / "bm25").glob("*.pkl"))
    assert len(saved) == 1 and vectors_path(saved[0]).exists()
    loaded = BM25Cache(store, tmp_path / "bm25").index().catalogue
    assert isinstance(loaded.vectors.blocks[0], np.memmap)

    with_vectors, from_chroma = DenseSearcher(store), DenseSearcher(store)
    without = replace(loaded, vectors=None)
    for report_id in list(loaded.report_slots)[:3]:
        for query in ("主动公开政府信息多少条", "行政复议", "存在的不足"):
            got = with_vectors.search(loaded, query, 5, report_ids=[report_id])
            want = from_chroma.search(without, query, 5, report_ids=[report_id])
            assert [(p.paragraph_id, round(p.score, 5)) for p in got] == \
                   [(p.paragraph_id, round(p.score, 5)) for p in want]
            assert got
    assert not with_vectors._vectors  # nothing was read from Chroma
    assert from_chroma._vectors
