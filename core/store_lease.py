"""One writer at a time, in the store's own terms: a lease record in a Chroma collection.

Why in Chroma and not a lock file: several app processes may share one Chroma server
(core/store.py), on one machine or several, and a file lock next to the embedded store
would not cover them. Why at all: a writer's chunks and figures are stored before its
report records (a report is visible only when complete), so a second writer's sweep of
"records without a report" used to delete the first writer's half-written reports
(issue 15: 143 of 170 reports left with no chunks). Writes and sweeps now happen only
under the lease, so whatever a sweep finds without a report was left by a writer that
is gone.

The protocol, with no compare-and-swap in Chroma: a contender writes its own ticket
(`{prefix}_leases`, id = its owner id) and then reads every ticket. It holds the lease
only when it sees no other live ticket; otherwise it withdraws its ticket and tries
again after a random pause. Two contenders cannot both win: the later of the two writes
happened before its own read, so that read sees the earlier ticket. A ticket is live
until its expiry (renewed while writing) unless it is provably abandoned sooner: written
on this host by a process that no longer runs (kill -9 leaves its ticket behind).
"""

from __future__ import annotations

import os
import random
import socket
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from core.errors import StoreError

PLACEHOLDER_VECTOR = [1.0]
# A holder renews its ticket before every write call; a ticket not renewed for this long
# belongs to a writer that hung or died on another host.
LEASE_SECONDS = 120.0
# How long a writer waits for another one before giving up with a clear error.
WAIT_SECONDS = 900.0

Waiting = Callable[[str], None]  # told who holds the lease, while waiting


@dataclass(frozen=True)
class Ticket:
    owner: str
    host: str
    pid: int
    expires: float

    def abandoned(self, now: float) -> bool:
        if self.expires < now:
            return True
        if self.host != socket.gethostname():
            return False  # another machine: only its expiry tells
        try:
            os.kill(self.pid, 0)
        except ProcessLookupError:
            return True
        except PermissionError:
            return False
        return False

    def describe(self) -> str:
        return f"进程 {self.pid}（{self.host}）"


class Lease:
    """The writer lease of one Store. Re-entrant: nested `hold()` share one ticket."""

    def __init__(self, client: Any, prefix: str, seconds: float = LEASE_SECONDS,
                 wait_seconds: float = WAIT_SECONDS):
        self.collection = client.get_or_create_collection(
            f"{prefix}_leases", embedding_function=None)
        self.owner = uuid.uuid4().hex
        self.seconds = seconds
        self.wait_seconds = wait_seconds
        self.depth = 0
        self.waiting: Waiting | None = None

    def _write_ticket(self) -> None:
        self.collection.upsert(
            ids=[self.owner], embeddings=[PLACEHOLDER_VECTOR], documents=[""],
            metadatas=[{"host": socket.gethostname(), "pid": os.getpid(),
                        "expires": time.time() + self.seconds}])

    def tickets(self) -> list[Ticket]:
        got = self.collection.get(include=["metadatas"])
        return [Ticket(owner, m["host"], int(m["pid"]), float(m["expires"]))
                for owner, m in zip(got["ids"] or [], got["metadatas"] or [])]

    def _others_alive(self) -> list[Ticket]:
        now = time.time()
        others = [t for t in self.tickets() if t.owner != self.owner]
        dead = [t.owner for t in others if t.abandoned(now)]
        if dead:
            self.collection.delete(ids=dead)
        return [t for t in others if t.owner not in dead]

    def acquire(self) -> None:
        if self.depth:
            self.depth += 1
            self.renew()
            return
        deadline = time.monotonic() + self.wait_seconds
        while True:
            self._write_ticket()
            alive = self._others_alive()
            if not alive:
                self.depth = 1
                return
            self.collection.delete(ids=[self.owner])
            if time.monotonic() > deadline:
                raise StoreError(f"另一个写入者（{alive[0].describe()}）一直占用索引库，"
                                 f"等待 {self.wait_seconds:.0f} 秒后放弃；请稍后再试")
            if self.waiting:
                self.waiting(alive[0].describe())
            time.sleep(random.uniform(0.2, 1.0))

    def renew(self) -> None:
        """Push the expiry on; called before every write call, so a long run keeps its
        lease and a hung one loses it."""
        if self.depth:
            self._write_ticket()

    def release(self) -> None:
        if not self.depth:
            return
        self.depth -= 1
        if not self.depth:
            self.collection.delete(ids=[self.owner])

    def __enter__(self) -> "Lease":
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()
