"""The BM25 cache sees another writer's reports by reading only the records written
lately (Store.report_records(since)), and falls back to listing every record when
that cannot account for them all (a report removed). Real embedded stores: two Store
objects on one folder are two writers to each other."""

from __future__ import annotations

import pytest

from assistant.retrieval.bm25_cache import BM25Cache
from core.settings import Settings
from core.store import Store
from index.pipeline import index_paths
from tests.conftest import CORPUS

FILES = sorted(CORPUS.glob("*.txt"))


@pytest.fixture
def two_writers(tmp_path, embedder):
    settings = Settings(index_dir=tmp_path / "index", _env_file=None)
    mine, other = Store.open(settings, embedder), Store.open(settings, embedder)
    index_paths(FILES[:2], mine, settings)
    return settings, mine, other


def _listings(store: Store, monkeypatch) -> list:
    calls: list = []
    real = store.report_records
    monkeypatch.setattr(store, "report_records",
                        lambda since=None: calls.append(since) or real(since))
    return calls


def test_a_report_another_writer_adds_is_read_without_listing_every_record(
        tmp_path, two_writers, monkeypatch):
    settings, mine, other = two_writers
    cache = BM25Cache(mine, tmp_path / "bm25", recheck_s=0)
    cache.index()
    assert cache.last_listing == "full" and len(cache.reports) == 2
    before = {r.id for r in cache.reports}
    index_paths(FILES[2:3], other, settings)
    calls = _listings(mine, monkeypatch)
    index = cache.index()
    assert cache.last_listing == "changed"
    assert calls and all(since is not None for since in calls)
    assert [r.id for r in cache.reports] == [r.id for r in other.reports()]
    (new,) = {r.id for r in other.reports()} - before
    assert len(cache.reports) == 3 and new in index.catalogue.versions


def test_a_report_another_writer_removes_brings_a_full_listing(
        tmp_path, two_writers, monkeypatch):
    settings, mine, other = two_writers
    cache = BM25Cache(mine, tmp_path / "bm25", recheck_s=0)
    cache.index()
    gone = other.reports()[0]
    other.remove_reports([gone.id])
    index_paths(FILES[2:3], other, settings)  # one in, one out: the count alone is equal
    calls = _listings(mine, monkeypatch)
    index = cache.index()
    assert cache.last_listing == "full" and None in calls
    assert [r.id for r in cache.reports] == [r.id for r in other.reports()]
    assert gone.id not in index.catalogue.versions
