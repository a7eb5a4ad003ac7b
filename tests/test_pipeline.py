"""Indexing the bundled corpus for real: idempotence, replacement, bad files, interruption."""

from __future__ import annotations

import shutil
import time

import pytest

from assistant.settings import Settings
from assistant.store import Store
from index.pipeline import index_paths
from tests.conftest import CORPUS

pytestmark = pytest.mark.slow

EXPECTED = {  # source -> (short office name, year)
    "000_16c7a534f4d23119.txt": ("北沟街道", 2017),
    "001_0e05eea927841684.txt": ("新碶街道", 2013),
    "002_7fa8235522526066.txt": ("长安街道", 2019),
    "003_11e9ece77df83948.txt": ("银州区", 2018),
    "004_6634a1dfdcd49291.txt": ("果园街道", 2017),
}


@pytest.fixture
def workdir(tmp_path):
    folder = tmp_path / "reports"
    folder.mkdir()
    for path in sorted(CORPUS.glob("*.txt")):
        shutil.copy(path, folder / path.name)
    return folder


def _open(tmp_path, embedder):
    settings = Settings(index_dir=tmp_path / "index", _env_file=None)
    return settings, Store.open(settings, embedder)


def test_index_corpus_then_reindex_is_a_noop(tmp_path, workdir, embedder):
    settings, store = _open(tmp_path, embedder)
    first = index_paths([workdir], store, settings)
    assert sorted(first.added) == sorted(EXPECTED) and not first.refused
    listed = {r.source: (r.office.short, r.year) for r in store.reports()}
    assert listed == EXPECTED
    chunks_before = store.chunks.count()
    figures_before = store.figures_col.count()
    assert figures_before > 0

    started = time.perf_counter()
    again = index_paths([workdir], store, settings)
    assert sorted(again.skipped) == sorted(EXPECTED)
    assert not again.added and not again.replaced and not again.refused
    assert store.chunks.count() == chunks_before
    assert store.figures_col.count() == figures_before
    assert time.perf_counter() - started < 10  # nothing was encoded


def test_changed_file_replaces_its_old_paragraphs(tmp_path, workdir, embedder):
    settings, store = _open(tmp_path, embedder)
    target = workdir / "000_16c7a534f4d23119.txt"
    index_paths([target], store, settings)
    [old] = store.reports()
    target.write_text(target.read_text(encoding="utf-8").replace("14条", "41条"),
                      encoding="utf-8")
    summary = index_paths([target], store, settings)
    assert summary.replaced == [target.name]
    [new] = store.reports()
    assert new.id != old.id
    remaining = {m["report_id"] for m in store.chunks.get(include=["metadatas"])["metadatas"]}
    assert remaining == {new.id}
    values = {f.value for f in store.figures(metric="active.total") if f.scope == "annual"}
    assert 41 in values and 14 not in values


def test_bad_files_are_refused_with_reasons_and_nothing_is_lost(tmp_path, workdir, embedder):
    settings, store = _open(tmp_path, embedder)
    index_paths([workdir / "001_0e05eea927841684.txt"], store, settings)
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "empty.txt").write_bytes(b"")
    (bad / "binary.txt").write_bytes(bytes(range(256)) * 20)
    (bad / "broken.docx").write_bytes(b"PK\x03\x04 not really a zip")
    (bad / "broken.pdf").write_bytes(b"%PDF-1.4 garbage")
    shutil.copy(workdir / "004_6634a1dfdcd49291.txt", bad / "good.txt")
    summary = index_paths([bad], store, settings)
    refused = dict(summary.refused)
    assert set(refused) == {"empty.txt", "binary.txt", "broken.docx", "broken.pdf"}
    assert all(reason.strip() for reason in refused.values())
    assert summary.added == ["good.txt"]
    assert {r.source for r in store.reports()} == {"001_0e05eea927841684.txt", "good.txt"}


def test_report_without_a_year_is_indexed_with_a_warning(tmp_path, embedder):
    settings, store = _open(tmp_path, embedder)
    path = tmp_path / "noyear.txt"
    path.write_text("某某街道政府信息公开工作报告\n一、主动公开情况\n本街道主动公开政府信息20条。\n",
                    encoding="utf-8")
    summary = index_paths([path], store, settings)
    assert summary.added == ["noyear.txt"]
    [report] = store.reports()
    assert report.year is None
    assert report.warnings


def test_interrupted_run_leaves_store_consistent(tmp_path, workdir, embedder):
    settings, store = _open(tmp_path, embedder)

    def interrupt_at_third(done, total, current):
        if done == 3:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        index_paths([workdir], store, settings, progress=interrupt_at_third)
    complete = {r.id for r in store.reports()}
    stored = {m["report_id"] for m in store.chunks.get(include=["metadatas"])["metadatas"]}
    assert stored <= complete  # nothing half-written is visible
    summary = index_paths([workdir], store, settings)
    assert not summary.refused
    assert {r.source for r in store.reports()} == set(EXPECTED)
