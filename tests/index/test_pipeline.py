"""Indexing the bundled corpus for real: idempotence, replacement, bad files, interruption."""

from __future__ import annotations

import shutil
import time

import pytest

from core.settings import Settings
from core.store import Store
from index import pipeline
from index.progress import DONE, ENCODING, READING, WRITING, Step
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
    summary = index_paths([target], store, settings, replace_same_name=True)
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

    def interrupt_at_third(done, total, step):
        if step.stage == READING and step.files == (sorted(EXPECTED)[2],):  # the third file
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        index_paths([workdir], store, settings, progress=interrupt_at_third)
    complete = {r.id for r in store.reports()}
    stored = {m["report_id"] for m in store.chunks.get(include=["metadatas"])["metadatas"]}
    assert stored <= complete  # nothing half-written is visible
    summary = index_paths([workdir], store, settings)
    assert not summary.refused
    assert {r.source for r in store.reports()} == set(EXPECTED)


def test_interrupt_between_pools_keeps_the_written_pool(tmp_path, workdir, embedder,
                                                        monkeypatch):
    monkeypatch.setattr(pipeline, "ENCODE_BATCH_CHUNKS", 40)  # a pool every report or two
    settings, store = _open(tmp_path, embedder)
    writes = []

    def interrupt_at_second_write(done, total, step):
        if step.stage == WRITING:
            writes.append(done)
            if len(writes) == 2:
                raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        index_paths([workdir], store, settings, progress=interrupt_at_second_write)
    complete = {r.source for r in store.reports()}
    assert 0 < len(complete) < len(EXPECTED)
    stored = {m["report_id"] for m in store.chunks.get(include=["metadatas"])["metadatas"]}
    assert stored == {r.id for r in store.reports()}
    summary = index_paths([workdir], store, settings)
    assert sorted(summary.skipped) == sorted(complete)
    assert {r.source for r in store.reports()} == set(EXPECTED)


def test_progress_counts_files_and_moves_while_encoding(tmp_path, workdir, embedder,
                                                        monkeypatch):
    monkeypatch.setattr(pipeline, "ENCODE_SLICE_CHUNKS", 32)
    settings, store = _open(tmp_path, embedder)
    calls = []
    index_paths([workdir], store, settings, progress=lambda *call: calls.append(call))
    done = [d for d, _, _ in calls]
    assert done == sorted(done) and all(total == 5 for _, total, _ in calls)
    assert calls[-1] == (5, 5, Step(DONE, total=5))
    encoding = [(d, s) for d, _, s in calls if s.stage == ENCODING]
    assert len(encoding) >= 3  # the bundled corpus has more than 64 chunks
    assert encoding[0][0] < encoding[-1][0] == 5
    assert encoding[-1][1].chunks == (store.chunks.count(), store.chunks.count())


def test_every_progress_step_names_the_files_it_works_on(tmp_path, workdir, embedder,
                                                         monkeypatch):
    """Reading names one file and its place; an encoding slice names the files whose
    chunks it holds; writing names the whole pool (issue 15: the progress bar named
    no file while encoding and writing)."""
    monkeypatch.setattr(pipeline, "ENCODE_SLICE_CHUNKS", 32)
    monkeypatch.setattr(pipeline, "ENCODE_BATCH_CHUNKS", 40)  # a pool every report or two
    settings, store = _open(tmp_path, embedder)
    steps = []
    index_paths([workdir], store, settings, progress=lambda d, t, step: steps.append(step))
    names = sorted(EXPECTED)
    reading = [s for s in steps if s.stage == READING]
    assert [(s.files, s.positions) for s in reading] == [((n,), (i,)) for i, n in
                                                         enumerate(names, 1)]
    assert reading[1].text == f"正在读取 {names[1]}（第 2/5 份）"
    for s in steps:
        if s.stage in (ENCODING, WRITING):
            assert s.files and all(f in names for f in s.files)
            assert [names.index(f) + 1 for f in s.files] == list(s.positions)
            assert all(f in s.text for f in s.files[:3]) and "/5 份" in s.text
    writes = [s for s in steps if s.stage == WRITING]
    assert len(writes) >= 2  # several pools
    assert sorted(f for s in writes for f in s.files) == names  # each file written once
    assert writes[0].text.startswith(f"正在写入 {writes[0].files[0]}")
    encoded = [s for s in steps if s.stage == ENCODING]
    assert {f for s in encoded for f in s.files} == set(names)
    assert all("文本块" in s.text for s in encoded)


# ---- corrections (issue 10 item 4) ---------------------------------------------------

MINI = CORPUS.parent / "tests" / "realdev_mini" / "reports"
BENGBU = "033_bengbu_zhen_2016.txt"  # a real report that names its office nowhere


def test_a_correction_is_used_by_figures_and_survives_a_plain_reindex(tmp_path, embedder):
    from core.models import Correction

    settings, store = _open(tmp_path, embedder)
    path = tmp_path / BENGBU
    shutil.copy(MINI / BENGBU, path)
    fix = Correction(office="蚌埠市某镇（名称未载）", year=2016, level="乡镇街道",
                     region=("安徽省", "蚌埠市"))
    first = index_paths([path], store, settings, corrections=lambda p: fix)
    assert first.added == [BENGBU]
    [report] = store.reports()
    assert (report.office.name, report.year, report.office.level) == (fix.office, 2016, "乡镇街道")
    assert report.office.region == ("安徽省", "蚌埠市")
    assert report.correction == fix and report.correction.fields == (
        "office", "year", "level", "region")
    figures = store.figures(office=fix.office)
    assert figures and {f.year for f in figures} == {2016}
    assert any(f.value == 568 for f in figures)
    assert {p.office for p in store.report_paragraphs(report.id)} == {fix.office}

    # No flag: the stored correction is the user's word, applied again; nothing re-encoded.
    again = index_paths([path], store, settings)
    assert again.skipped == [BENGBU] and not again.corrected
    assert store.reports()[0].correction == fix

    # A new year only: the office stays corrected; the file is written again.
    later = index_paths([path], store, settings, corrections=lambda p: Correction(year=2017))
    assert later.corrected == [(BENGBU, ("office", "year", "level", "region"))]
    assert not later.added and not later.replaced
    [report] = store.reports()
    assert (report.office.name, report.year) == (fix.office, 2017)
    assert {f.year for f in store.figures(report_id=report.id)} == {2017}

    # A changed file keeps its correction too (it is the same file to the user).
    path.write_text(path.read_text(encoding="utf-8") + "\n联系电话：0552-0000000\n",
                    encoding="utf-8")
    changed = index_paths([path], store, settings, replace_same_name=True)
    assert changed.replaced == [BENGBU]
    assert store.reports()[0].correction == Correction(fix.office, 2017, fix.level, fix.region)
