"""Shared fixtures. Every test runs with the outside network blocked: a connection to
anything but loopback raises, so a hub lookup, Chroma's default-model download or
analytics ping fails the test that caused it."""

from __future__ import annotations

import importlib.util
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from core.embedding import SentenceTransformerEmbedder
from core.offline import offline_environment
from core.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
SHARED = ROOT.parent / "shared"

offline_environment()

# The guard lives in netguard/sitecustomize.py: loading it installs it, here for this
# whole process (every test, session fixture and app start-up), and through PYTHONPATH
# in every Python subprocess of the tests, which imports it at start-up.
NETGUARD = Path(__file__).resolve().parent / "netguard"
os.environ["PYTHONPATH"] = os.pathsep.join(
    p for p in (str(NETGUARD), os.environ.get("PYTHONPATH", "")) if p)
_spec = importlib.util.spec_from_file_location("netguard", NETGUARD / "sitecustomize.py")
netguard = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(netguard)

OutsideNetworkError = netguard.OutsideNetworkError


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
