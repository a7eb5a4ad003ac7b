"""Encoder batches by tokens (issue 15 item 3, issue 14): time and peak memory of the
ONNX encoder over a JSON list of texts with a given token budget per batch.

    python benchmarks/bench_encoder_batches.py 4096 texts.json      # the default budget
    python benchmarks/bench_encoder_batches.py 1000000 texts.json   # count-only batches (32)

Run each budget in its own process: peak memory is the process's (ru_maxrss).
"""

from __future__ import annotations

if __package__ in (None, ""):
    import sys
    from pathlib import Path as _Path

    sys.path.insert(0, str(_Path(__file__).resolve().parent.parent))

import json
import resource
import sys
import time
from pathlib import Path

from core.embedding import SentenceTransformerEmbedder
from core.settings import Settings


def main() -> int:
    budget, source = int(sys.argv[1]), Path(sys.argv[2])
    texts = json.loads(source.read_text(encoding="utf-8"))
    embedder = SentenceTransformerEmbedder.from_settings(Settings(_env_file=None))
    embedder(["预热"])  # load the model: not part of the measurement
    encoder = embedder._backend
    encoder.token_budget = budget
    t0 = time.perf_counter()
    encoder.encode(texts)
    seconds = time.perf_counter() - t0
    print(json.dumps({"budget": budget, "texts": len(texts), "s": round(seconds, 1),
                      "texts_per_s": round(len(texts) / seconds, 1),
                      "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
