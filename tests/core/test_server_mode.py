"""The same store through a real `chroma run` server, reached with chromadb.HttpClient."""

from __future__ import annotations

import pytest

from core.settings import Settings
from core.store import Store
from index.pipeline import index_paths
from tests.conftest import CORPUS

pytestmark = pytest.mark.slow


def test_index_and_read_through_a_chroma_server(tmp_path, chroma_server, embedder):
    settings = Settings(index_dir=tmp_path / "cache", chroma_host="127.0.0.1",
                        chroma_port=chroma_server, _env_file=None)
    store = Store.open(settings, embedder)
    files = [CORPUS / "000_16c7a534f4d23119.txt", CORPUS / "003_11e9ece77df83948.txt"]
    summary = index_paths(files, store, settings)
    assert sorted(summary.added) == [f.name for f in files]
    assert not (tmp_path / "cache" / "chroma").exists()  # nothing embedded on disk

    # A second client (as another app process would) sees the same reports and figures.
    other = Store.open(settings, embedder)
    assert {r.office.short for r in other.reports()} == {"北沟街道", "银州区"}
    assert any(f.value == 5 for f in other.figures(office="银州区", metric="review"))
    hits = other.dense_search("行政复议案件", k=5)
    assert hits and {h.source for h in hits} <= {f.name for f in files}
    assert "银州区" in {h.office_short for h in hits}
    assert index_paths(files, other, settings).skipped == [f.name for f in files]
