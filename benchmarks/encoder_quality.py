"""Retrieval quality of each encoder variant: ONNX fp32 against ONNX int8.

    python benchmarks/encoder_quality.py [--out bench-out/encoder-quality] [--encoders onnx onnx-int8]

For each encoder it indexes the bundled corpus and the realdev reports into fresh
indexes of its own (fp32 and int8 vectors are never mixed), then measures, with the
measures of benchmarks/retrieval_quality.py: the seeds and dev sets (BM25, dense and
hybrid, with the assistant's filters) and realdev (plain dense retrieval over the whole
index). Prints one markdown table; int8 may become the default only if its recall@5
and MRR stay within 0.01 of fp32 on both (docs/BENCHMARKS.md).
"""

from __future__ import annotations

if __package__ in (None, ""):
    import sys
    from pathlib import Path as _Path

    sys.path.insert(0, str(_Path(__file__).resolve().parent.parent))

import argparse
import shutil
import time
from pathlib import Path

from assistant.retrieval.hybrid import HybridRetriever
from benchmarks.retrieval_quality import DEFAULT_SETS, measure, measure_plain_dense
from core.offline import offline_environment
from core.settings import Settings
from core.store import Store
from index.pipeline import index_paths

ROOT = Path(__file__).resolve().parent.parent
REALDEV = ROOT.parent / "shared" / "realdev"


def _indexed(folder: Path, index_dir: Path, encoder: str, cache: Path) -> tuple[Settings, Store]:
    settings = Settings(index_dir=index_dir, encoder=encoder, encoder_cache_dir=cache,
                        _env_file=None)
    store = Store.open(settings)
    started = time.perf_counter()
    summary = index_paths([folder], store, settings)
    print(f"{encoder}: indexed {len(summary.added)} reports of {folder} "
          f"in {time.perf_counter() - started:.0f} s")
    return settings, store


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("bench-out/encoder-quality"))
    parser.add_argument("--encoders", nargs="+", default=["onnx", "onnx-int8"])
    args = parser.parse_args()
    offline_environment()
    rows: list[str] = []
    for encoder in args.encoders:
        base = args.out / encoder
        shutil.rmtree(base, ignore_errors=True)
        settings, store = _indexed(ROOT / "corpus", base / "seeds", encoder, args.out / "cache")
        retriever = HybridRetriever.from_settings(settings, store)
        for path in DEFAULT_SETS:
            scores = measure(retriever, store, path)
            rows.append(f"| {path.name} | {encoder} | {scores['dense'].count} "
                        f"| {scores['dense'].row()} | {scores['hybrid'].row()} |")
        _, real_store = _indexed(REALDEV / "reports", base / "realdev", encoder,
                                 args.out / "cache")
        score, skipped = measure_plain_dense(real_store, REALDEV / "qa.jsonl")
        rows.append(f"| realdev qa.jsonl (plain dense, {skipped} without evidence paragraph) "
                    f"| {encoder} | {score.count} | {score.row()} | – |")
    print("\n| question set | encoder | questions | dense recall@5 | dense MRR "
          "| hybrid recall@5 | hybrid MRR |")
    print("|---|---|---|---|---|---|---|")
    print("\n".join(sorted(rows)))


if __name__ == "__main__":
    main()
