"""A report's figures are read by their record ids, which the BM25 cache lists with
the chunks (a metadata filter over every figure costs ~10x more at 10,000 reports)."""

from __future__ import annotations

import pytest

from assistant.retrieval.bm25_cache import BM25Cache
from assistant.retrieval.corpus import Corpus
from tests.qa_helpers import bundled_index

pytestmark = pytest.mark.slow


def test_figures_read_by_id_are_the_stored_figures(tmp_path_factory, embedder, tmp_path):
    _, store = bundled_index(tmp_path_factory, embedder)
    corpus = Corpus(store, BM25Cache(store, tmp_path / "bm25"))
    snapshot = corpus.snapshot()
    known = snapshot.catalogue.figure_ids
    assert set(known) == {r.id for r in snapshot.reports}
    for report in snapshot.reports:
        assert len(known[report.id]) == report.figure_count > 0
        assert snapshot.figures_of_reports([report.id]) == store.figures(report_id=report.id)

    # A fresh process loads the saved index: the ids came with it.
    again = Corpus(store, BM25Cache(store, tmp_path / "bm25")).snapshot()
    assert again.catalogue.figure_ids == known
