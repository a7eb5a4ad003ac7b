"""Indexing cost beside a plain sentence-transformers (torch) encode of the same text.

    python benchmarks/bench_index.py [--n 500] [--seed 1] [--out bench-out/index]
    python benchmarks/bench_index.py --folder ../shared/realdev/reports [--rounds 2]

The corpus is N reports generated from the five bundled ones
(benchmarks/generate_corpus.py), or the report files of `--folder`. Each round, back to
back on the same machine state:

1. torch: the chunk texts `index` would embed, encoded in one sentence-transformers
   `encode` call on torch (model loaded beforehand): the baseline of issue 14;
2. `index` as a user runs it: `python -m assistant index FOLDER` in a new process into a
   fresh index, whole process (start-up, imports, model load, everything), with the
   ONNX export already cached (`GOVQA_ENCODER_CACHE_DIR`) and, in the first round,
   once more with an empty cache (a first run also exports the model);
3. the breakdown, in this process: load (read + decode), build (normalise, paragraphs,
   metadata, chunks; figures timed apart), encode with the configured encoder, Chroma
   writes (`Store.write_reports` into a fresh index), the BM25 cache (built from the
   store, what the first question pays), and re-indexing the unchanged folder.

Prints a JSON summary with `index_vs_torch` = whole-process index time / torch encode
time (issue 14's target: <= 0.6); docs/BENCHMARKS.md records the results.
"""

from __future__ import annotations

if __package__ in (None, ""):
    import sys
    from pathlib import Path as _Path

    sys.path.insert(0, str(_Path(__file__).resolve().parent.parent))

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from assistant.retrieval.bm25_cache import BM25Cache
from benchmarks.generate_corpus import generate
from core.embedding import SentenceTransformerEmbedder
from core.offline import offline_environment
from core.settings import Settings
from core.store import ReportRecords, Store
from index.figures import extract_figures
from index.loaders import load_document
from index.pipeline import build_report, expand_paths, index_paths
from index.version import index_version

ROOT = Path(__file__).resolve().parent.parent


def _timed(fn):
    started = time.perf_counter()
    result = fn()
    return result, time.perf_counter() - started


def _index_process(folder: Path, index_dir: Path, cache: Path) -> float:
    """Seconds for `python -m assistant index FOLDER` into a fresh index, whole process."""
    shutil.rmtree(index_dir, ignore_errors=True)
    env = dict(os.environ, GOVQA_ENCODER_CACHE_DIR=str(cache))
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "assistant", "index", str(folder),
                    "--index-dir", str(index_dir)], cwd=ROOT, env=env, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def _breakdown(files: list[Path], settings: Settings, embedder: SentenceTransformerEmbedder,
               texts: list[str]) -> dict[str, float]:
    docs, load_s = _timed(lambda: [load_document(f, settings.max_file_bytes) for f in files])
    built, build_s = _timed(lambda: [build_report(d, settings.chunk_chars,
                                                  settings.chunk_overlap) for d in docs])
    _, figures_s = _timed(lambda: [extract_figures(b.report, b.paragraphs) for b in built])
    vectors, encode_s = _timed(lambda: embedder(texts))
    store = Store.open(settings, embedder)
    records, offset = [], 0
    for b in built:
        # stamped with the code version as index_paths stamps them, or the re-index
        # below would take every report for one built by older code and rebuild it
        records.append(ReportRecords(b.report, b.paragraphs, b.chunks,
                                     vectors[offset:offset + len(b.chunks)], b.figures,
                                     index_version()))
        offset += len(b.chunks)
    _, write_s = _timed(lambda: store.write_reports(records))
    shutil.rmtree(settings.index_dir / "bm25", ignore_errors=True)
    _, bm25_s = _timed(lambda: BM25Cache(store, settings.index_dir / "bm25").index())
    _, reindex_s = _timed(lambda: index_paths(files, store, settings))
    return {"load_s": load_s, "build_s (normalise, paragraphs, metadata, chunks, figures)":
            build_s, "of_which_figures_s": figures_s, f"encode_{embedder.running}_s": encode_s,
            "chroma_writes_s": write_s, "bm25_cache_s": bm25_s, "reindex_unchanged_s": reindex_s}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=500)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--folder", type=Path, default=None, help="index these reports instead")
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--no-first-run", action="store_true",
                        help="skip the first round's run with an empty export cache")
    parser.add_argument("--out", type=Path, default=Path("bench-out/index"))
    args = parser.parse_args()
    offline_environment()
    args.out = args.out.resolve()
    shutil.rmtree(args.out, ignore_errors=True)
    if args.folder:
        corpus = args.folder.resolve()
    else:
        corpus = args.out / "corpus"
        corpus.mkdir(parents=True)
        for report in generate(args.n, args.seed):
            (corpus / report.filename).write_text(report.text, encoding="utf-8")
    files = expand_paths([corpus])
    settings = Settings(index_dir=args.out / "breakdown-0", encoder_cache_dir=args.out / "cache",
                        _env_file=None)
    texts = [c.text for f in files for c in build_report(
        load_document(f, settings.max_file_bytes), settings.chunk_chars,
        settings.chunk_overlap).chunks]
    torch = SentenceTransformerEmbedder(encoder="torch", batch_size=settings.embedding_batch_size)
    embedder = SentenceTransformerEmbedder.from_settings(settings)
    _, export_s = _timed(lambda: embedder(["预热"]))  # exports into the cache once
    torch(["预热"])

    rounds = []
    for number in range(args.rounds):
        load_before = os.getloadavg()[0]
        _, torch_s = _timed(lambda: torch(texts))
        cold_s = (_index_process(corpus, args.out / "cold", args.out / f"cold-cache-{number}")
                  if number == 0 and not args.no_first_run else None)
        warm_s = _index_process(corpus, args.out / "warm", args.out / "cache")
        # A fresh folder per round: Chroma keeps a client per path open in the process,
        # and a deleted folder under it turns into a read-only database.
        settings = settings.model_copy(update={"index_dir": args.out / f"breakdown-{number}"})
        stages = _breakdown(files, settings, embedder, texts)
        rounds.append({
            "load_average_before": round(load_before, 2),
            "torch_encode_s": round(torch_s, 2),
            "index_process_s": round(warm_s, 2),
            "index_vs_torch": round(warm_s / torch_s, 3),
            **({"index_process_first_run_with_export_s": round(cold_s, 2),
                "first_run_vs_torch": round(cold_s / torch_s, 3)} if cold_s else {}),
            **{name: round(value, 2) for name, value in stages.items()},
        })
        print(json.dumps(rounds[-1], ensure_ascii=False), file=sys.stderr, flush=True)
    print(json.dumps({
        "corpus": str(args.folder or f"generated n={args.n} seed={args.seed}"),
        "reports": len(files), "chunks": len(texts),
        # `index` encodes a text repeated within a pool once (index/encoding.py)
        "distinct_chunk_texts": len(set(texts)), "encoder": embedder.running,
        "threads": settings.encoder_threads, "first_load_with_export_s": round(export_s, 2),
        "rounds": rounds,
    }, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
