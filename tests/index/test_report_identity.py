"""Nothing lost (issue 15, items 1 and 2, and stale indexes): a report is its content,
not its file name; a report whose records are incomplete is built again, never skipped
as unchanged; a report built by older code is rebuilt, keeping the user's correction;
a second writer's sweep never takes a first writer's half-written report."""

from __future__ import annotations

import shutil
import threading

import pytest

from core.models import Correction
from core.settings import Settings
from core.store import Store
from index import pipeline
from index.pipeline import index_paths, name_conflicts
from tests.conftest import CORPUS

pytestmark = pytest.mark.slow

BEIGOU = CORPUS / "000_16c7a534f4d23119.txt"  # 北沟街道 2017
XINQI = CORPUS / "001_0e05eea927841684.txt"  # 新碶街道 2013


def _open(tmp_path, embedder):
    settings = Settings(index_dir=tmp_path / "index", _env_file=None)
    return settings, Store.open(settings, embedder)


def _same_name_in_two_folders(tmp_path):
    """Two different reports, both called 年度报告.txt (another office, another year)."""
    for folder, source in (("a", BEIGOU), ("b", XINQI)):
        (tmp_path / folder).mkdir()
        shutil.copy(source, tmp_path / folder / "年度报告.txt")
    return tmp_path / "a", tmp_path / "b"


def _complete(store):
    """Every listed report has all its chunks and figures."""
    reports = store.reports()
    return reports and not store.incomplete(reports)


def test_two_reports_with_one_file_name_are_both_kept(tmp_path, embedder):
    settings, store = _open(tmp_path, embedder)
    dir_a, dir_b = _same_name_in_two_folders(tmp_path)
    first = index_paths([dir_a, dir_b], store, settings)
    assert first.added == ["年度报告.txt", "年度报告（2）.txt"]
    assert first.renamed == [("年度报告.txt", "年度报告（2）.txt")]
    offices = {r.source: r.office.short for r in store.reports()}
    assert offices == {"年度报告.txt": "北沟街道", "年度报告（2）.txt": "新碶街道"}
    # The next run finds both by content: nothing deleted, nothing written.
    again = index_paths([dir_a, dir_b], store, settings)
    assert again.skipped == ["年度报告.txt", "年度报告.txt（即已索引的 年度报告（2）.txt）"]
    assert not again.added and not again.replaced
    assert len(store.reports()) == 2 and _complete(store)


def test_an_upload_of_another_report_under_a_taken_name_is_added_beside(tmp_path, embedder):
    settings, store = _open(tmp_path, embedder)
    dir_a, dir_b = _same_name_in_two_folders(tmp_path)
    index_paths([dir_a / "年度报告.txt"], store, settings)
    second = index_paths([dir_b / "年度报告.txt"], store, settings)
    assert second.added == ["年度报告（2）.txt"] and not second.replaced
    assert {r.office.short for r in store.reports()} == {"北沟街道", "新碶街道"}


def test_a_new_version_replaces_only_when_the_user_says_so(tmp_path, embedder):
    settings, store = _open(tmp_path, embedder)
    path = tmp_path / "report.txt"
    shutil.copy(BEIGOU, path)
    fix = Correction(office="四平市铁西区北沟街道办事处（更正）")
    index_paths([path], store, settings, corrections=lambda p: fix)
    assert name_conflicts([path], store) == []  # the same bytes: no question to ask
    path.write_text(path.read_text(encoding="utf-8").replace("14条", "41条"), encoding="utf-8")
    [(conflict, stored)] = name_conflicts([path], store)  # what the web library asks about
    assert conflict == path and stored.source == "report.txt" and stored.correction == fix
    beside = index_paths([path], store, settings)
    assert beside.added == ["report（2）.txt"] and len(store.reports()) == 2
    store.remove_report(store.report_by_source("report（2）.txt").id)
    replaced = index_paths([path], store, settings, replace_same_name=True)
    assert replaced.replaced == ["report.txt"]
    [report] = store.reports()
    assert report.correction == fix  # the same report to the user: the correction stays
    assert 41 in {f.value for f in store.figures(report_id=report.id)}


def test_a_report_with_lost_chunks_is_repaired_not_skipped(tmp_path, embedder):
    settings, store = _open(tmp_path, embedder)
    index_paths([BEIGOU, XINQI], store, settings)
    broken = store.report_by_source(BEIGOU.name)
    store.chunks.delete(where={"report_id": broken.id})  # what the old sweep left
    assert store.incomplete() == {broken.id}
    summary = index_paths([BEIGOU, XINQI], store, settings)
    assert summary.repaired == [BEIGOU.name] and summary.skipped == [XINQI.name]
    assert _complete(store)
    assert len(store.report_paragraphs(broken.id)) == broken.paragraph_count


def test_a_report_built_by_older_code_is_rebuilt_keeping_its_correction(
        tmp_path, embedder, monkeypatch):
    settings, store = _open(tmp_path, embedder)
    fix = Correction(year=2016)
    index_paths([BEIGOU], store, settings, corrections=lambda p: fix)
    [before] = store.reports()
    assert before.index_version == pipeline.index_version()
    figures_before = store.figures_col.count()
    monkeypatch.setattr(pipeline, "index_version", lambda: "new-extractor")
    recording = _RecordingEmbedder(store.embedder)
    monkeypatch.setattr(store, "embedder", recording)
    summary = index_paths([BEIGOU], store, settings)
    assert recording.encoded == []  # the chunk texts are unchanged: their vectors are kept
    assert summary.rebuilt == [BEIGOU.name] and not summary.replaced and not summary.added
    [after] = store.reports()
    assert after.index_version == "new-extractor"
    assert after.correction == fix and after.year == 2016
    assert store.figures_col.count() == figures_before and _complete(store)
    assert index_paths([BEIGOU], store, settings).skipped == [BEIGOU.name]


class _RecordingEmbedder:
    """The store's embedder, with every text it is asked to encode recorded."""

    def __init__(self, inner):
        self.inner, self.encoded = inner, []

    def __call__(self, texts):
        self.encoded.extend(texts)
        return self.inner(texts)

    def load(self):
        self.inner.load()


class _GatedReports:
    """A reports collection whose upsert (a writer's last step) waits, up to a few
    seconds, for another writer's sweep: the moment issue 15's second run struck."""

    def __init__(self, inner, gate: threading.Event):
        self.inner, self.gate = inner, gate

    def upsert(self, **kwargs):
        self.gate.wait(timeout=5)
        return self.inner.upsert(**kwargs)

    def __getattr__(self, name):
        return getattr(self.inner, name)


def test_a_second_writer_never_sweeps_the_first_writers_half_written_report(
        tmp_path, embedder):
    settings, writer_a = _open(tmp_path, embedder)
    writer_b = Store.open(settings, embedder)
    gate = threading.Event()
    writer_a.reports_col = _GatedReports(writer_a.reports_col, gate)
    real_sweep = writer_b.sweep

    def sweep_then_open_gate():
        try:
            return real_sweep()
        finally:
            gate.set()

    writer_b.sweep = sweep_then_open_gate
    results = {}
    first = threading.Thread(
        target=lambda: results.update(a=index_paths([BEIGOU], writer_a, settings)))
    first.start()
    while writer_a.chunks.count() == 0 and first.is_alive():  # A is mid-write
        threading.Event().wait(0.05)
    results["b"] = index_paths([XINQI], writer_b, settings)
    first.join(timeout=120)
    assert results["a"].added == [BEIGOU.name] and results["b"].added == [XINQI.name]
    reader = Store.open(settings, embedder)
    assert {r.source for r in reader.reports()} == {BEIGOU.name, XINQI.name}
    assert _complete(reader)
