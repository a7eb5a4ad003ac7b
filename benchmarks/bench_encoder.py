"""The encoders side by side on real report chunks: throughput and equality to torch.

    python benchmarks/bench_encoder.py [--texts 512] [--rounds 2] [--threads 1 2]

The texts are the chunks `index` would embed for the bundled corpus and the realdev
reports (longest first is not forced: they are encoded in corpus order, and every
encoder sorts by length itself). Each round encodes them once with every encoder, one
after another, so ratios within a round compare like with like on a shared machine.
Prints a markdown table: texts/s per round, ratio to torch in the same round, and the
cosine of each vector to torch's (min and mean).
"""

from __future__ import annotations

if __package__ in (None, ""):
    import sys
    from pathlib import Path as _Path

    sys.path.insert(0, str(_Path(__file__).resolve().parent.parent))

import argparse
import os
import tempfile
import time
from pathlib import Path

import numpy as np

from core.embedding import SentenceTransformerEmbedder
from core.offline import offline_environment
from core.settings import Settings
from index.loaders import load_document
from index.pipeline import build_report

ROOT = Path(__file__).resolve().parent.parent
REAL_FOLDERS = [ROOT / "corpus", ROOT.parent / "shared" / "realdev" / "reports"]


def real_chunk_texts(limit: int | None = None) -> list[str]:
    """The chunk texts of the bundled and realdev reports, as indexing makes them."""
    settings = Settings(_env_file=None)
    texts: list[str] = []
    for folder in REAL_FOLDERS:
        for path in sorted(folder.glob("*.txt")):
            built = build_report(load_document(path, settings.max_file_bytes),
                                 settings.chunk_chars, settings.chunk_overlap)
            texts.extend(chunk.text for chunk in built.chunks)
    return texts[:limit] if limit else texts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--texts", type=int, default=512)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--threads", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--cache", type=Path, default=None,
                        help="export cache (default: a temporary folder)")
    args = parser.parse_args()
    offline_environment()
    texts = real_chunk_texts(args.texts)
    cache = args.cache or Path(tempfile.mkdtemp(prefix="govqa-encoders-"))

    encoders = {"torch": SentenceTransformerEmbedder(encoder="torch", batch_size=args.batch)}
    for threads in args.threads:
        for kind in ("onnx", "onnx-int8"):
            encoders[f"{kind} t={threads}"] = SentenceTransformerEmbedder(
                encoder=kind, threads=threads, cache_dir=cache, batch_size=args.batch)
    for name, embedder in encoders.items():
        started = time.perf_counter()
        embedder(["预热"])  # load (and export) outside the timings
        print(f"{name}: ready in {time.perf_counter() - started:.1f} s ({embedder.running})")

    rates: dict[str, list[float]] = {name: [] for name in encoders}
    ratios: dict[str, list[float]] = {name: [] for name in encoders}
    cosines: dict[str, np.ndarray] = {}
    for _ in range(args.rounds):
        reference = None
        for name, embedder in encoders.items():
            started = time.perf_counter()
            vectors = np.asarray(embedder(texts))
            rates[name].append(len(texts) / (time.perf_counter() - started))
            ratios[name].append(rates[name][-1] / rates["torch"][-1])
            if reference is None:
                reference = vectors
            cosines[name] = (vectors * reference).sum(axis=1)

    print(f"\n{len(texts)} real chunks, {args.rounds} rounds, batch {args.batch}, "
          f"load before: {os.getloadavg()[0]:.2f}")
    print("| encoder | texts/s per round | × torch (same round) | cosine to torch min / mean |")
    print("|---|---|---|---|")
    for name in encoders:
        per_round = " / ".join(f"{r:.1f}" for r in rates[name])
        ratio = " / ".join(f"{r:.2f}" for r in ratios[name])
        cos = cosines[name]
        print(f"| {name} | {per_round} | {ratio} | {cos.min():.4f} / {cos.mean():.4f} |")


if __name__ == "__main__":
    main()
