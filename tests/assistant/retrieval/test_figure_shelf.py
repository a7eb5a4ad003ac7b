"""The figures kept beside the BM25 cache (figure_shelf.py): the stored figures, read
without Chroma, kept current when reports are added or removed, and a damaged file is
never trusted."""

from __future__ import annotations

import pytest

from assistant.retrieval.bm25_cache import BM25Cache, figures_path
from assistant.retrieval.corpus import Corpus
from assistant.retrieval.figure_shelf import FigureShelf
from core.models import Figure
from core.settings import Settings
from core.store import Store
from index.pipeline import index_paths
from tests.conftest import CORPUS
from tests.qa_helpers import bundled_index


def _figure(report: str, value: float, paragraph: str = "p1") -> Figure:
    return Figure(metric="active.total", value=value, unit="条", qualifier="exact",
                  period="2019", scope="annual", paragraph_id=paragraph, span=(0, 3),
                  quote=f"{value:g}条", report_id=report, office=f"{report}街道", year=2019)


def test_a_saved_shelf_reads_back_what_was_put_on_it(tmp_path):
    shelf = FigureShelf().changed({"a": [_figure("a", 2, "p2"), _figure("a", 1, "p1")],
                                   "b": [_figure("b", 7)], "c": []}, ())
    assert [f.value for f in shelf.figures("a")] == [1, 2]  # in reading order
    saved = shelf.save(tmp_path / "x.figures")
    loaded = FigureShelf.load(tmp_path / "x.figures")
    for got in (saved, loaded):
        assert got.figures("a") == shelf.figures("a") and got.figures("b") == [_figure("b", 7)]
        assert got.figures("c") == [] and got.figures("missing") is None
        assert not got.added  # read from the file, not held in memory
    after = loaded.changed({"d": [_figure("d", 4)]}, ["b"])
    assert "b" not in after and after.figures("d") == [_figure("d", 4)]
    assert after.figures("a") == shelf.figures("a") and len(after) == 3
    again = after.save(tmp_path / "y.figures")
    assert sorted(again.offsets) == ["a", "c", "d"] and again.figures("d") == [_figure("d", 4)]


@pytest.mark.parametrize("damage", [b"", b"short", b"\xff" * 64])
def test_a_damaged_shelf_file_is_not_trusted(tmp_path, damage):
    path = tmp_path / "x.figures"
    path.write_bytes(damage)
    assert FigureShelf.load(path) is None
    assert FigureShelf.load(tmp_path / "missing.figures") is None


def test_a_truncated_shelf_file_is_not_trusted(tmp_path):
    path = tmp_path / "x.figures"
    FigureShelf().changed({"a": [_figure("a", 1)] * 50}, ()).save(path)
    data = path.read_bytes()
    path.write_bytes(data[40:])  # the head lost: offsets point past what is left
    assert FigureShelf.load(path) is None


@pytest.mark.slow
def test_figures_come_from_the_shelf_not_chroma(tmp_path_factory, embedder, tmp_path,
                                                monkeypatch):
    _, store = bundled_index(tmp_path_factory, embedder)
    Corpus(store, BM25Cache(store, tmp_path / "bm25")).snapshot()  # builds and saves
    saved = list((tmp_path / "bm25").glob("*.figures"))
    assert len(saved) == 1

    # A fresh process: the saved shelf answers, Chroma is not asked for figures.
    def no_chroma(ids):
        raise AssertionError("figures read from Chroma")

    monkeypatch.setattr(store, "figures_by_id", no_chroma)
    snapshot = Corpus(store, BM25Cache(store, tmp_path / "bm25")).snapshot()
    for report in snapshot.reports:
        got = snapshot.figures_of_reports([report.id])
        assert len(got) == report.figure_count > 0
        assert got == store.figures(report_id=report.id)


@pytest.mark.slow
def test_a_snapshot_keeps_only_the_last_reports_decoded(tmp_path_factory, embedder, tmp_path,
                                                        monkeypatch):
    """Decoded shelf figures are kept for the last SHELVED_REPORTS reports asked about,
    not for every report ever asked (a process grew ~1 MB per report at 10,000)."""
    from assistant.retrieval import corpus

    monkeypatch.setattr(corpus, "SHELVED_REPORTS", 2)
    _, store = bundled_index(tmp_path_factory, embedder)
    snapshot = Corpus(store, BM25Cache(store, tmp_path / "bm25")).snapshot()
    reports = list(snapshot.reports)
    assert len(reports) >= 3
    first = snapshot.figures_of_reports([reports[0].id])
    for report in reports[1:]:
        assert len(snapshot.figures_of_reports([report.id])) == report.figure_count
    assert list(snapshot._shelved) == [r.id for r in reports[-2:]]
    assert reports[0].id not in snapshot._figures  # dropped, not moved elsewhere
    assert snapshot.figures_of_reports([reports[0].id]) == first  # decoded again
    both = snapshot.figures_of_reports([reports[0].id, reports[1].id])
    assert len(both) == reports[0].figure_count + reports[1].figure_count


@pytest.mark.slow
def test_the_shelf_follows_added_and_removed_reports(tmp_path, embedder):
    settings = Settings(index_dir=tmp_path / "index", _env_file=None)
    store = Store.open(settings, embedder)
    files = sorted(CORPUS.glob("*.txt"))
    index_paths(files[:2], store, settings)
    cache = BM25Cache(store, tmp_path / "bm25", recheck_s=0, save_after=1)
    first = cache.index().catalogue.figure_shelf
    assert first is not None and len(first) == 2

    index_paths(files[2:3], store, settings)  # as another process would
    added = cache.index().catalogue.figure_shelf
    new = next(r for r in store.reports() if r.source == files[2].name)
    assert added is not None and len(added) == 3
    assert added.figures(new.id) == store.figures(report_id=new.id)

    store.remove_reports([new.id])
    removed = cache.index().catalogue.figure_shelf
    assert removed is not None and new.id not in removed and len(removed) == 2
    # saved after each change (save_after=1): a fresh process reads the same
    path = figures_path(cache.path_for(cache.index()))
    assert sorted(FigureShelf.load(path).offsets) == sorted(removed.offsets)
