"""What a reader pays to see another writer's new report: every report record listed,
against only the records written lately (Store.report_records(since), what the BM25
cache reads when the reports token changed and the count agrees).

    python benchmarks/bench_report_listing.py [--n 500 2000 10000] [--out bench-out/listing]
        [--chroma-host 127.0.0.1 --chroma-port 8000]

The records are those of the bundled reports (built by the real pipeline), copied
under new ids and names up to N, written through the real write path
(Store.write_report_records) into a fresh embedded store, or a `chroma run` server when
given. Then one more report is written, and each listing is timed (best of 3): every
record; the records written after the newest one seen (what a reader reads when no
other record was written in the CHANGED_WINDOW_S before it); and the worst case of the
window, every record written within it (here all are).
Prints one JSON line per N; docs/BENCHMARKS.md records the results.
"""

from __future__ import annotations

if __package__ in (None, ""):
    import sys
    from pathlib import Path as _Path

    sys.path.insert(0, str(_Path(__file__).resolve().parent.parent))

import argparse
import json
import shutil
import time
from dataclasses import replace
from pathlib import Path

from assistant.retrieval.bm25_cache import CHANGED_WINDOW_S
from core.embedding import SentenceTransformerEmbedder
from core.models import content_id
from core.settings import Settings
from core.store import ReportRecords, Store
from index.loaders import load_document
from index.pipeline import build_report
from index.version import index_version

ROOT = Path(__file__).resolve().parent.parent


def _templates(settings: Settings) -> list[ReportRecords]:
    built = [build_report(load_document(f, settings.max_file_bytes), settings.chunk_chars,
                          settings.chunk_overlap) for f in sorted((ROOT / "corpus").glob("*.txt"))]
    return [ReportRecords(b.report, b.paragraphs, b.chunks, None, b.figures, index_version())
            for b in built]


def _copies(templates: list[ReportRecords], start: int, count: int) -> list[ReportRecords]:
    out = []
    for i in range(start, start + count):
        t = templates[i % len(templates)]
        report = replace(t.report, id=content_id("listing", str(i), length=16),
                         source=f"{i:06d}_{t.report.source}")
        out.append(replace(t, report=report))
    return out


def _best(fn, rounds: int = 3) -> tuple[float, object]:
    best, got = None, None
    for _ in range(rounds):
        started = time.perf_counter()
        got = fn()
        took = time.perf_counter() - started
        best = took if best is None else min(best, took)
    return best, got


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, nargs="+", default=[500, 2000, 10000])
    parser.add_argument("--out", type=Path, default=Path("bench-out/listing"))
    parser.add_argument("--chroma-host", default=None)
    parser.add_argument("--chroma-port", type=int, default=8000)
    args = parser.parse_args()
    for n in args.n:
        folder = args.out / str(n)  # one per N: an embedded client stays open per folder
        shutil.rmtree(folder, ignore_errors=True)
        settings = Settings(index_dir=folder, chroma_host=args.chroma_host,
                            chroma_port=args.chroma_port,
                            collection_prefix=f"listing{n}", _env_file=None)
        store = Store.open(settings, SentenceTransformerEmbedder.from_settings(settings))
        templates = _templates(settings)
        for start in range(0, n, 1000):
            store.write_report_records(_copies(templates, start, min(1000, n - start)))
        before = store.report_records()
        time.sleep(1.0)  # the new record comes a second after the others
        store.write_report_records(_copies(templates, n, 1))
        since = max(r.indexed_at for r in before)  # what a reader knew, less no window
        full_s, full = _best(store.report_records)
        changed_s, changed = _best(lambda: store.report_records(since + 0.5))
        window_s, window = _best(lambda: store.report_records(since - CHANGED_WINDOW_S))
        print(json.dumps({
            "reports": n + 1, "server": bool(args.chroma_host),
            "full_listing_s": round(full_s, 4), "full_records": len(full),
            "changed_read_s": round(changed_s, 4), "changed_records": len(changed),
            "window_read_s (every record within the window)": round(window_s, 4),
            "window_records": len(window)}, ensure_ascii=False))


if __name__ == "__main__":
    main()
