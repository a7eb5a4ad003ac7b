"""Opening the Chroma client the settings name: embedded (a folder) or a server."""

from __future__ import annotations

import time
from typing import Any

import chromadb
from chromadb.config import Settings as ChromaSettings

from core.errors import StoreError
from core.settings import Settings


def _chroma_settings() -> ChromaSettings:
    return ChromaSettings(anonymized_telemetry=False, allow_reset=False)


def open_client(settings: Settings, attempts: int = 20) -> Any:
    """An embedded PersistentClient by default; an HttpClient when a server is set.

    Two processes opening one embedded store at the same moment: the second can find
    SQLite busy ("database is locked") while the first sets it up; that passes within
    a second or two, so it is tried again rather than reported."""
    for attempt in range(attempts):
        try:
            if settings.uses_server:
                return chromadb.HttpClient(host=settings.chroma_host,
                                           port=settings.chroma_port,
                                           settings=_chroma_settings())
            settings.index_dir.mkdir(parents=True, exist_ok=True)
            return chromadb.PersistentClient(path=str(settings.index_dir / "chroma"),
                                             settings=_chroma_settings())
        except Exception as exc:  # noqa: BLE001 - Chroma raises its own types per backend
            busy = "database is locked" in str(exc)
            if busy and attempt + 1 < attempts:
                time.sleep(0.25 + 0.1 * attempt)
                continue
            if not busy and not isinstance(exc, (ValueError, OSError, RuntimeError)):
                raise
            where = (f"{settings.chroma_host}:{settings.chroma_port}" if settings.uses_server
                     else str(settings.index_dir))
            raise StoreError(f"cannot open the Chroma store at {where}: {exc}") from exc
    raise AssertionError("unreachable")
