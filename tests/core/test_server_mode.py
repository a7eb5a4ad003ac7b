"""The same store through a real `chroma run` server, reached with chromadb.HttpClient."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from core.settings import Settings
from core.store import Store
from index.pipeline import index_paths
from tests.conftest import CORPUS

pytestmark = pytest.mark.slow


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def chroma_server(tmp_path):
    chroma = Path(sys.executable).parent / "chroma"
    if not chroma.exists():
        chroma = Path(shutil.which("chroma") or "chroma")
    port = _free_port()
    proc = subprocess.Popen([str(chroma), "run", "--path", str(tmp_path / "server-data"),
                             "--host", "127.0.0.1", "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            break
        except OSError:
            time.sleep(0.3)
    else:
        proc.kill()
        pytest.fail("chroma run did not start within 60 s")
    yield port
    proc.terminate()
    proc.wait(timeout=20)


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
