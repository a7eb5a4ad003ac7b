"""Indexing throughput beside the raw m3e-small encode throughput, in the same run.

    python benchmarks/bench_index.py [--n 500] [--seed 1] [--out bench-out/index]

1. generates N reports from the five bundled ones (benchmarks/generate_corpus.py);
2. raw encode: the chunk texts of the whole corpus encoded in one `encode` call
   (the physical limit of indexing);
3. indexing: `index_paths` on the folder into a fresh embedded Chroma (load, normalise,
   paragraphs, figures, encode, write);
4. re-indexing the unchanged folder (should do no encoding at all).

Prints a JSON summary; docs/BENCHMARKS.md records the results.
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
from pathlib import Path

from core.embedding import SentenceTransformerEmbedder, offline_environment
from core.settings import Settings
from core.store import Store
from benchmarks.generate_corpus import generate
from index.loaders import load_document
from index.pipeline import build_report, index_paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=500)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, default=Path("bench-out/index"))
    args = parser.parse_args()
    offline_environment()

    shutil.rmtree(args.out, ignore_errors=True)
    corpus = args.out / "corpus"
    corpus.mkdir(parents=True)
    for report in generate(args.n, args.seed):
        (corpus / report.filename).write_text(report.text, encoding="utf-8")
    files = sorted(corpus.glob("*.txt"))

    settings = Settings(index_dir=args.out / "index", _env_file=None)
    embedder = SentenceTransformerEmbedder(settings.embedding_model, settings.embedding_device,
                                           settings.embedding_batch_size)
    embedder(["预热"])  # load the model outside every timing

    started = time.perf_counter()
    built = [build_report(load_document(f, settings.max_file_bytes), settings.chunk_chars,
                          settings.chunk_overlap) for f in files]
    prepare_s = time.perf_counter() - started
    texts = [chunk.text for b in built for chunk in b.chunks]
    paragraphs = sum(len(b.paragraphs) for b in built)
    figures = sum(len(b.figures) for b in built)

    started = time.perf_counter()
    embedder(texts)
    raw_s = time.perf_counter() - started

    store = Store.open(settings, embedder)
    started = time.perf_counter()
    summary = index_paths(files, store, settings)
    index_s = time.perf_counter() - started
    assert len(summary.added) == len(files), summary.refused

    started = time.perf_counter()
    again = index_paths(files, store, settings)
    reindex_s = time.perf_counter() - started
    assert len(again.skipped) == len(files)

    result = {
        "reports": len(files), "paragraphs": paragraphs, "chunks": len(texts),
        "figures": figures,
        "load_parse_extract_s": round(prepare_s, 2),
        "raw_encode_s": round(raw_s, 2),
        "raw_encode_chunks_per_s": round(len(texts) / raw_s, 1),
        "index_s": round(index_s, 2),
        "index_chunks_per_s": round(len(texts) / index_s, 1),
        "index_paragraphs_per_s": round(paragraphs / index_s, 1),
        "index_vs_raw": round(raw_s / index_s, 3),
        "reindex_s": round(reindex_s, 2),
        "reindex_vs_first": round(reindex_s / index_s, 4),
    }
    print(json.dumps(result, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
