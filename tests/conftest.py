"""Shared fixtures. Every test runs with the outside network blocked: a connection to
anything but loopback raises, so a hub lookup, Chroma's default-model download or
analytics ping fails the test that caused it."""

from __future__ import annotations

import ipaddress
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from core.embedding import SentenceTransformerEmbedder, offline_environment
from core.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
SHARED = ROOT.parent / "shared"

offline_environment()

_real_connect = socket.socket.connect
_real_connect_ex = socket.socket.connect_ex
_real_getaddrinfo = socket.getaddrinfo


class OutsideNetworkError(RuntimeError):
    pass


def _is_local(address) -> bool:
    if isinstance(address, (str, bytes)):  # AF_UNIX path
        return True
    host = address[0]
    if host in ("localhost", "", None):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _guarded_connect(self, address):
    if not _is_local(address):
        raise OutsideNetworkError(f"test tried to reach the outside network: {address!r}")
    return _real_connect(self, address)


def _guarded_connect_ex(self, address):
    if not _is_local(address):
        raise OutsideNetworkError(f"test tried to reach the outside network: {address!r}")
    return _real_connect_ex(self, address)


def _guarded_getaddrinfo(host, *args, **kwargs):
    if host not in (None, "localhost", "") and not _is_local((host,)):
        raise OutsideNetworkError(f"test tried to resolve an outside host: {host!r}")
    return _real_getaddrinfo(host, *args, **kwargs)


@pytest.fixture(autouse=True)
def no_outside_network(monkeypatch):
    monkeypatch.setattr(socket.socket, "connect", _guarded_connect)
    monkeypatch.setattr(socket.socket, "connect_ex", _guarded_connect_ex)
    monkeypatch.setattr(socket, "getaddrinfo", _guarded_getaddrinfo)
    yield


CHROMA_DEFAULT_MODEL_DIR = Path.home() / ".cache" / "chroma" / "onnx_models"


@pytest.fixture(autouse=True, scope="session")
def chroma_default_model_never_used():
    """Chroma's default embedding function keeps its model here; if the folder appears
    during the run, something used the default instead of our embedder."""
    existed = CHROMA_DEFAULT_MODEL_DIR.exists()
    yield
    if not existed and CHROMA_DEFAULT_MODEL_DIR.exists():
        pytest.fail(f"Chroma's default embedding model was fetched into {CHROMA_DEFAULT_MODEL_DIR}")


@pytest.fixture(scope="session")
def embedder() -> SentenceTransformerEmbedder:
    """The real m3e-small model, loaded once per session."""
    return SentenceTransformerEmbedder()


@pytest.fixture
def settings(tmp_path) -> Settings:
    return Settings(index_dir=tmp_path / "index", _env_file=None)


@pytest.fixture
def corpus_files() -> list[Path]:
    return sorted(CORPUS.glob("*.txt"))


def pytest_configure(config):
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")


# ---- a real `chroma run` server, for the tests of server mode ---------------------------

def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def chroma_server(tmp_path):
    """The port of a `chroma run` server on loopback, with its data under tmp_path."""
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
