"""Concurrent writers for real (issue 15, item 2): an `index` process beside another
writer (this test process indexing as the web upload does), and `kill -9` of a writer
mid-write. Afterwards every report is listed once, with all its chunks and figures, and
the counts of the runs add up."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time

import pytest

from core.settings import Settings
from core.store import Store
from index.pipeline import index_paths
from tests.conftest import ROOT, SHARED

pytestmark = pytest.mark.slow

REALDEV = SHARED / "realdev" / "reports"


def _folders(tmp_path, sizes=(10, 10), shared=1):
    """Folders of real reports; the last `shared` files of the first are in every one."""
    files = sorted(REALDEV.glob("*.txt"))
    if len(files) < sum(sizes):
        pytest.skip("the realdev reports are not available")
    folders, start = [], 0
    for n, size in enumerate(sizes):
        folder = tmp_path / f"part{n}"
        folder.mkdir()
        for path in files[start:start + size]:
            shutil.copy(path, folder / path.name)
        start += size
        folders.append(folder)
    for folder in folders[1:]:
        for path in sorted(folders[0].iterdir())[-shared:]:
            shutil.copy(path, folder / path.name)
    return folders


def _cli_index(folder, index_dir) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "assistant", "index", str(folder), "--index-dir",
         str(index_dir)], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True)


def _added(cli_stdout: str) -> int:
    return int(re.search(r"新增 (\d+) 份", cli_stdout).group(1))


def _assert_whole(store, expected_sources):
    reports = store.reports()
    assert sorted(r.source for r in reports) == sorted(expected_sources)
    assert not store.incomplete(reports)
    chunk_ids = store.chunks.get(include=[])["ids"]
    for r in reports:
        assert sum(1 for c in chunk_ids if c.startswith(r.id + "-")) == r.chunk_count > 0


def test_an_index_process_beside_another_writer(tmp_path, embedder):
    part0, part1 = _folders(tmp_path)
    index_dir = tmp_path / "index"
    settings = Settings(index_dir=index_dir, _env_file=None)
    store = Store.open(settings, embedder)
    proc = _cli_index(part0, index_dir)
    time.sleep(3)  # the process is importing / opening the store when we start
    upload = index_paths([part1], store, settings)
    out, err = proc.communicate(timeout=600)
    assert proc.returncode == 0, err
    sources = {p.name for p in part0.iterdir()} | {p.name for p in part1.iterdir()}
    # One copy of the shared file was written; the other run skipped it.
    assert _added(out) + len(upload.added) == len(sources) == 20
    assert not upload.refused and not upload.renamed
    _assert_whole(Store.open(settings, embedder), sources)


def test_kill_minus_9_mid_write_then_the_other_writer_finishes(tmp_path, embedder):
    # enough reports that the victim is still encoding when its first chunks are written
    # (with 16, a quiet machine finished them all between two looks and nothing was killed)
    [part0] = _folders(tmp_path, sizes=(48,), shared=0)
    index_dir = tmp_path / "index"
    settings = Settings(index_dir=index_dir, _env_file=None)
    store = Store.open(settings, embedder)
    proc = _cli_index(part0, index_dir)
    deadline = time.time() + 300
    while store.chunks.count() == 0:  # the victim has written its first chunks
        assert proc.poll() is None and time.time() < deadline
        time.sleep(0.05)
    assert proc.poll() is None, "the victim finished before it could be killed mid-write"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert store.lease.tickets()  # it left its ticket behind
    started = time.time()
    summary = index_paths([part0], store, settings)  # a survivor, e.g. a web upload
    assert time.time() - started < 120  # the dead writer's lease did not hold it up
    assert not store.lease.tickets()
    assert len(summary.added) + len(summary.skipped) == 48 and not summary.refused
    _assert_whole(store, {p.name for p in part0.iterdir()})
