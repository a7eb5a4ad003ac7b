"""The BM25 cache reads the report records only when some writer changed them: another
process's write is seen through the store's reports token (one small read), not by
listing all reports at every recheck (costly at thousands of reports), and then only
the records written lately are read."""

from __future__ import annotations

import pytest

from assistant.retrieval.bm25_cache import BM25Cache
from core.settings import Settings
from core.store import Store
from index.pipeline import index_paths
from tests.conftest import CORPUS

pytestmark = pytest.mark.slow


class CountingStore(Store):
    """The real store, counting its readings of the report records: full listings, and
    reads of the records written lately."""

    listings = 0
    changed_reads = 0

    def report_records(self, since=None):
        if since is None:
            CountingStore.listings += 1
        else:
            CountingStore.changed_reads += 1
        return super().report_records(since)


def test_reports_are_listed_again_only_after_a_write(tmp_path, embedder):
    settings = Settings(index_dir=tmp_path, _env_file=None)
    files = sorted(CORPUS.glob("*.txt"))
    writer = Store.open(settings, embedder)
    index_paths(files[:1], writer, settings)
    first_token = writer.reports_token()
    assert first_token

    reader = CountingStore(writer.client, embedder, settings.collection_prefix)
    cache = BM25Cache(reader, tmp_path / "bm25", recheck_s=0)
    assert len(cache.index().catalogue.report_slots) == 1
    listed, changed = CountingStore.listings, CountingStore.changed_reads
    for _ in range(5):  # nothing written: no listing
        cache.index()
    assert (CountingStore.listings, CountingStore.changed_reads) == (listed, changed)

    # Another writer (its own Store: the reader's write counter does not move).
    other = Store.open(settings, embedder)
    index_paths(files[1:2], other, settings)
    assert other.reports_token() != first_token
    assert len(cache.index().catalogue.report_slots) == 2
    # only the records written lately were read, not every one
    assert (CountingStore.listings, CountingStore.changed_reads) == (listed, changed + 1)
    other.remove_report(next(iter(r.id for r in other.reports() if r.source == files[0].name)))
    assert len(cache.index().catalogue.report_slots) == 1
