"""The writer lease (core/store_lease.py): one holder at a time, re-entrant, a dead
writer's ticket abandoned (its pid on this host, or its expiry from another host); the
same through a real `chroma run` server, as several app processes share it."""

from __future__ import annotations

import socket
import subprocess
import sys
import time

import chromadb
import pytest

from core.errors import StoreError
from core.store_lease import PLACEHOLDER_VECTOR, Lease


def _client(tmp_path):
    return chromadb.PersistentClient(path=str(tmp_path / "chroma"),
                                     settings=chromadb.config.Settings(anonymized_telemetry=False))


def _foreign_ticket(lease: Lease, owner: str, host: str, pid: int, expires: float) -> None:
    lease.collection.upsert(ids=[owner], embeddings=[PLACEHOLDER_VECTOR], documents=[""],
                            metadatas=[{"host": host, "pid": pid, "expires": expires}])


def _exclusion(first: Lease, second: Lease) -> None:
    second.wait_seconds = 1.5
    with first:
        with first:  # re-entrant: one ticket
            assert [t.owner for t in first.tickets()] == [first.owner]
        assert first.depth == 1
        with pytest.raises(StoreError, match="另一个写入者"):
            second.acquire()
        assert [t.owner for t in second.tickets()] == [first.owner]  # it withdrew
    with second:
        assert [t.owner for t in second.tickets()] == [second.owner]
    assert second.tickets() == []


def test_one_writer_at_a_time(tmp_path):
    client = _client(tmp_path)
    _exclusion(Lease(client, "govqa"), Lease(client, "govqa"))


def test_a_dead_process_ticket_is_abandoned_at_once(tmp_path):
    lease = Lease(_client(tmp_path), "govqa", wait_seconds=1.0)
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True).stdout.strip()
    _foreign_ticket(lease, "killed", socket.gethostname(), int(dead), time.time() + 600)
    with lease:
        assert [t.owner for t in lease.tickets()] == [lease.owner]


def test_another_hosts_ticket_holds_until_it_expires(tmp_path):
    lease = Lease(_client(tmp_path), "govqa", wait_seconds=1.0)
    _foreign_ticket(lease, "other-host", "elsewhere.example", 1, time.time() + 600)
    with pytest.raises(StoreError):
        lease.acquire()
    _foreign_ticket(lease, "other-host", "elsewhere.example", 1, time.time() - 1)
    with lease:
        assert [t.owner for t in lease.tickets()] == [lease.owner]


@pytest.mark.slow
def test_one_writer_at_a_time_through_a_chroma_server(chroma_server):
    def client():
        return chromadb.HttpClient(host="127.0.0.1", port=chroma_server,
                                   settings=chromadb.config.Settings(anonymized_telemetry=False))

    _exclusion(Lease(client(), "govqa"), Lease(client(), "govqa"))
