"""One app process of the scale benchmark (benchmarks/bench_scale.py starts two):
answers its first question, then obeys commands on stdin, one JSON line out each.

    ask [N]   4 concurrent users ask N questions each (`ask` without LLM: the chain's
              deterministic draft); p50/p95, questions/s, memory
    wait N    until this process sees N reports (another process added one): how long,
              and what the incremental update cost
    quit
"""

from __future__ import annotations

if __package__ in (None, ""):  # run as a script: make the project importable
    import sys
    from pathlib import Path as _Path

    sys.path.insert(0, str(_Path(__file__).resolve().parent.parent))

import argparse
import json
import statistics
import sys
import threading
import time
from pathlib import Path

USERS = 4  # concurrent users per app process
QUESTIONS_PER_USER = 15  # default; --per-user sets it (at most 200 / USERS: the questions made)


def load() -> str:
    return Path("/proc/loadavg").read_text().split()[0]


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def worker(args: argparse.Namespace) -> int:
    """A fresh app process: answers its first question, then obeys stdin commands."""
    started = time.perf_counter()
    from assistant.chain import build_parts
    from core.settings import Settings
    from core.store import Store

    settings = Settings(index_dir=args.index_dir, chroma_host="127.0.0.1",
                        chroma_port=args.port, _env_file=None)
    parts = build_parts(settings, Store.open(settings))
    cache = parts.retriever.corpus.bm25_cache
    cache.recheck_s = 1.0  # how soon another process's report is looked for
    questions = json.loads(Path(args.questions).read_text(encoding="utf-8"))
    parts.draft(parts.question(questions[0]))
    emit({"first_answer_s": time.perf_counter() - started, "answered_at": time.time(),
          "rss_mb": rss_mb(),
          "loaded": cache.last_update is None, "load": load()})
    for line in sys.stdin:
        command = line.split()
        if command[0] == "ask":
            emit(ask_load(parts, questions, int(command[1]) if len(command) > 1
                          else QUESTIONS_PER_USER))
        elif command[0] == "wait":
            emit(wait_for(parts, int(command[1])))
        elif command[0] == "quit":
            break
    return 0


def emit(value: dict) -> None:
    print(json.dumps(value), flush=True)


def ask_load(parts, questions: list[str], per_user: int = QUESTIONS_PER_USER) -> dict:
    latencies: list[float] = []
    lock = threading.Lock()

    def user(number: int) -> None:
        mine = questions[number::USERS][:per_user]
        for text in mine:
            t0 = time.perf_counter()
            parts.draft(parts.question(text))
            with lock:
                latencies.append((time.perf_counter() - t0) * 1000)

    before = load()
    threads = [threading.Thread(target=user, args=(i,)) for i in range(USERS)]
    t0 = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - t0
    latencies.sort()
    return {"n": len(latencies), "p50_ms": statistics.median(latencies),
            "p95_ms": latencies[int(0.95 * (len(latencies) - 1))], "qps": len(latencies) / wall,
            "rss_mb": rss_mb(), "load_before": before, "load_after": load()}


def wait_for(parts, reports: int) -> dict:
    t0 = time.perf_counter()
    while True:
        t1 = time.perf_counter()
        snapshot = parts.snapshot()
        if len(snapshot.reports) >= reports:
            update = parts.retriever.corpus.bm25_cache.last_update
            return {"seen_after_s": time.perf_counter() - t0,
                    "snapshot_call_s": time.perf_counter() - t1,
                    "update_kind": update.kind if update else "",
                    "update_s": update.seconds if update else 0.0,
                    "rss_mb": rss_mb(), "load": load()}
        time.sleep(0.1)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--index-dir", type=Path, required=True)
    parser.add_argument("--questions", type=Path, required=True)
    return worker(parser.parse_args(argv))


if __name__ == "__main__":
    raise SystemExit(main())
