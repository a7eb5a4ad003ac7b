"""Scale (issue 14, item 3): generated corpora of growing size on a real `chroma run`
server, with two app processes sharing it.

    python benchmarks/bench_scale.py run --sizes 500 2000 10000 --work /tmp/scale \\
        --out docs/scale_results.json
    python benchmarks/bench_scale.py plot docs/scale_results.json docs/scale.png

One corpus (benchmarks/generate_corpus.py, seed 1) is indexed into one server in
growing prefixes. The writes go through the real write path (`index_paths`: loading,
paragraphs, chunks, figures, Chroma writes), but the chunk vectors are RANDOM UNIT
VECTORS of the model's dimension, not m3e-small's: encoding 10,000 reports would take
hours on this machine, and what is measured here is the store and the read side. The
app processes embed their questions with the real encoder, so a question's cost is
real, but its dense neighbours are meaningless (answers are not judged here).

At each size: the full BM25/catalogue build (what a process with no saved index pays),
its saved size; then two fresh app processes (`worker`) start at once: time to their
first answer, then 4 concurrent users each (8 on the server; benchmarks/scale_worker.py), `ask` without LLM (the
chain's deterministic `draft`), p50/p95 per process, memory (RSS); then this process
indexes one more report and both workers report how long until they see it and what
their incremental update cost. `uptime`'s load is recorded next to every number.
"""

from __future__ import annotations

if __package__ in (None, ""):  # run as a script: make `benchmarks` importable
    import sys
    from pathlib import Path as _Path

    sys.path.insert(0, str(_Path(__file__).resolve().parent.parent))

import argparse
import json
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

from benchmarks.batch_questions import FIGURE_QUESTIONS, PASSAGE_QUESTIONS
from benchmarks.generate_corpus import generate, write_corpus
from core.embedding import SentenceTransformerEmbedder

from benchmarks.scale_worker import QUESTIONS_PER_USER, emit, load

ROOT = Path(__file__).resolve().parent.parent
WORKER = Path(__file__).resolve().parent / "scale_worker.py"


class RandomEmbedder(SentenceTransformerEmbedder):
    """The configured model's name and variant (so the collection is the app's), but
    random unit vectors of its dimension instead of encoding: said in every result."""

    def __init__(self, dimension: int, seed: int = 1, **kwargs):
        super().__init__(**kwargs)
        self._dimension = dimension
        self._rng = np.random.default_rng(seed)

    @property
    def dimension(self) -> int:
        return self._dimension

    def load(self) -> None:
        """Nothing to load: no model runs here."""

    def __call__(self, input):  # noqa: A002 - Chroma's EmbeddingFunction signature
        vectors = self._rng.standard_normal((len(input), self._dimension)).astype(np.float32)
        vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
        return list(vectors)


def start_server(data: Path) -> tuple[subprocess.Popen, int]:
    chroma = Path(sys.executable).parent / "chroma"
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    proc = subprocess.Popen([str(chroma), "run", "--path", str(data), "--host", "127.0.0.1",
                             "--port", str(port)], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return proc, port
        except OSError:
            time.sleep(0.3)
    proc.kill()
    raise RuntimeError("chroma run did not start within 60 s")


def questions_for(truth_rows: list[dict], count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    out = []
    for row in rng.sample(truth_rows, min(count, len(truth_rows))):
        name = row["office"] if rng.random() < 0.5 else row["short"]
        keys = [k for k in FIGURE_QUESTIONS if k in row["figures"]]
        template = FIGURE_QUESTIONS[rng.choice(keys)] if keys and rng.random() < 0.7 \
            else rng.choice(PASSAGE_QUESTIONS)
        out.append(template.format(office=name, year=row["year"]))
    return out


# ---- the driver --------------------------------------------------------------------

def run(args: argparse.Namespace) -> int:
    from assistant.question.offices import places_in_text
    from assistant.retrieval.bm25_cache import BM25Cache
    from core.settings import Settings
    from core.store import Store
    from index.pipeline import index_paths

    work = Path(args.work)
    if not args.resume:
        shutil.rmtree(work, ignore_errors=True)
    sizes = sorted(args.sizes)
    extra = len(sizes)  # one more report per size, added while the workers run
    folder = work / "corpus"
    if not (folder / "truth.jsonl").exists() or len(list(folder.glob("*.txt"))) < \
            sizes[-1] + extra:
        write_corpus(generate(sizes[-1] + extra, seed=1), folder)
    files = sorted(folder.glob("*.txt"))[:sizes[-1] + extra]
    pool, spare = files[:sizes[-1]], files[sizes[-1]:]
    truth = {json.loads(x)["filename"]: json.loads(x)
             for x in (folder / "truth.jsonl").read_text(encoding="utf-8").splitlines()}
    server, port = start_server(work / "server")
    results = []
    try:
        settings = Settings(index_dir=work / "app", chroma_host="127.0.0.1", chroma_port=port,
                            _env_file=None)
        dimension = SentenceTransformerEmbedder.from_settings(settings).dimension
        store = Store.open(settings, RandomEmbedder(dimension, model=settings.embedding_model,
                                                    encoder=settings.encoder))
        indexed: list[Path] = []
        # --resume: a store a stopped run left keeps its reports (the write path skips
        # unchanged files); reports added by an earlier run's workers are not spares now.
        stored = {r.source for r in store.reports()} if args.resume else set()
        spare = [f for f in spare if f.name not in stored]
        for size in sizes:
            todo = [f for f in pool[:size] if f not in indexed]
            resumed = sum(f.name in stored for f in todo)
            written = [f for f in todo if f.name not in stored] if args.measure_only else todo
            t0 = time.perf_counter()  # --measure-only: stored as a stopped run left them
            index_paths(written, store, settings, progress=_every(200))
            index_s = time.perf_counter() - t0
            indexed += todo
            row = {"reports": len(store.reports()), "chunks": store.chunks.count(),
                   "index_new_s": index_s, "index_new_reports": len(written),
                   "resumed_reports": resumed, "load_index": load()}
            if args.build_only:
                print(json.dumps(row), flush=True)
                continue
            shutil.rmtree(work / "app" / "bm25", ignore_errors=True)
            full = BM25Cache(store, work / "app" / "bm25", place_finder=places_in_text)
            t0 = time.perf_counter()
            full.index()
            row.update(full_build_s=time.perf_counter() - t0, load_full=load(),
                       saved_mb=sum(p.stat().st_size for p in (work / "app" / "bm25").glob(
                           "*.pkl")) / 2**20)
            asked = questions_for([truth[f.name] for f in indexed], 200, seed=size)
            qfile = work / f"questions-{size}.json"
            qfile.write_text(json.dumps(asked, ensure_ascii=False), encoding="utf-8")
            row.update(workers(work, port, qfile, store, settings,
                               spare.pop(0) if spare else _new_spare(work, pool, stored),
                               args.per_user))
            print(json.dumps(row), flush=True)
            results.append(row)
            Path(args.out).write_text(json.dumps(results, indent=1), encoding="utf-8")
    finally:
        server.terminate()
        server.wait(timeout=30)
    return 0


def _new_spare(work: Path, pool: list[Path], stored: set[str]) -> Path:
    """A report the store does not hold yet, for a rerun whose spares earlier runs used:
    a generated report with one sentence added (other bytes, so a new report)."""
    folder = work / "spares"
    folder.mkdir(exist_ok=True)
    for number, source in enumerate(pool):
        target = folder / f"spare{number:04d}_{source.name}"
        if target.name not in stored and not target.exists():
            target.write_text(source.read_text(encoding="utf-8")
                              + f"\n（补充说明第{number + 1}条。）\n", encoding="utf-8")
            return target
    raise RuntimeError("no report left to add")


def _every(step: int):
    """A progress callback printing one line every `step` files (long builds)."""
    printed = [0]  # the last multiple of `step` told; the count moves a pool at a time

    def tell(done: int, total: int, current: str) -> None:
        if done // step > printed[0]:
            printed[0] = done // step
            print(f"  {done}/{total} files, load {load()}", file=sys.stderr, flush=True)
    return tell


def workers(work: Path, port: int, qfile: Path, store, settings, new_file: Path,
            per_user: int = QUESTIONS_PER_USER) -> dict:
    from index.pipeline import index_paths

    env = dict(os.environ, GOVQA_ENCODER_THREADS="1")
    spawned = time.time()
    procs = [subprocess.Popen([sys.executable, str(WORKER),
                               "--port", str(port), "--index-dir", str(work / "app"),
                               "--questions", str(qfile)], cwd=ROOT, env=env, text=True,
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE)
             for _ in range(2)]
    try:
        def each(command: str | None) -> list[dict]:
            if command:
                for proc in procs:
                    proc.stdin.write(command + "\n")
                    proc.stdin.flush()
            return [json.loads(proc.stdout.readline()) for proc in procs]

        first = each(None)
        for value in first:  # the whole process: interpreter, imports, store, model, index
            value["process_to_first_answer_s"] = value["answered_at"] - spawned
        asked = each(f"ask {per_user}")
        index_paths([new_file], store, settings)
        seen = each(f"wait {len(store.reports())}")
        for proc in procs:
            proc.stdin.write("quit\n")
            proc.stdin.flush()
        return {"first": first, "ask": asked, "seen": seen}
    finally:
        for proc in procs:
            try:
                proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                proc.kill()


def ranking(args: argparse.Namespace) -> int:
    """Incremental vs full rebuild at scale, on the store `run` left in --work: the
    first reports built at once, the last `--added` added in batches of `--batch`
    (weights kept at the first build's average length unless it drifts past
    AVGDL_DRIFT), against one build of all; top-10 over the benchmark's questions."""
    from assistant.retrieval.bm25 import BM25Index
    from assistant.retrieval.catalogue import group_by_report
    from core.settings import Settings
    from core.store import Store

    work = Path(args.work)
    server, port = start_server(work / "server")
    try:
        settings = Settings(index_dir=work / "app", chroma_host="127.0.0.1", chroma_port=port,
                            _env_file=None)
        store = Store.open(settings, RandomEmbedder(512, model=settings.embedding_model,
                                                    encoder=settings.encoder))
        grouped = group_by_report(store.iter_chunks())
    finally:
        server.terminate()
        server.wait(timeout=30)
    ids = list(grouped)
    random.Random(1).shuffle(ids)
    first, later = ids[:-args.added], ids[-args.added:]
    t0 = time.perf_counter()
    full = BM25Index.build([r for items in grouped.values() for r in items])
    full_s = time.perf_counter() - t0
    index = BM25Index.build([r for rid in first for r in grouped[rid]])
    steps = []
    for start in range(0, len(later), args.batch):
        batch = later[start:start + args.batch]
        t0 = time.perf_counter()
        index = index.changed({rid: grouped[rid] for rid in batch}, ())
        steps.append(time.perf_counter() - t0)
    queries = sorted({q for f in work.glob("questions-*.json")
                      for q in json.loads(f.read_text(encoding="utf-8"))})
    same = same_scores = worst = 0.0
    for query in queries:
        got = {h.paragraph_id: h.score for h in index.search(query, k=10)}
        want = {h.paragraph_id: h.score for h in full.search(query, k=10)}
        same += set(got) == set(want)
        # Generated reports repeat their templates' paragraphs: equal scores, whose
        # order is the slot order. The score at every rank is what ranking means.
        same_scores += len(got) == len(want) and all(
            abs(a - b) <= 1e-3 * b for a, b in zip(got.values(), want.values()))
        for pid in set(got) & set(want):
            worst = max(worst, abs(got[pid] - want[pid]) / want[pid])
    emit({"reports": len(ids), "added": len(later), "batch": args.batch,
          "queries": len(queries), "same_top10": same / max(len(queries), 1),
          "same_scores_top10": same_scores / max(len(queries), 1),
          "worst_score_rel_diff": worst, "avgdl_used": index.avgdl,
          "avgdl_live": index.live_avgdl, "full_build_s": full_s,
          "changed_p50_s": statistics.median(steps), "changed_max_s": max(steps),
          "load": load()})
    return 0


def plot(args: argparse.Namespace) -> int:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    rows = json.loads(Path(args.results).read_text(encoding="utf-8"))
    n = [r["reports"] for r in rows]
    series = {
        "full BM25/catalogue build (s)": [r["full_build_s"] for r in rows],
        "first answer, fresh process (s)": [max(w["process_to_first_answer_s"]
                                                for w in r["first"])
                                            for r in rows],
        "ask p95, worst process (s)": [max(w["p95_ms"] for w in r["ask"]) / 1000 for r in rows],
        "ask p50, worst process (s)": [max(w["p50_ms"] for w in r["ask"]) / 1000 for r in rows],
        "incremental update, one report (s)": [max(w["update_s"] for w in r["seen"])
                                               for r in rows],
    }
    figure, (left, right) = plt.subplots(1, 2, figsize=(11, 4.2))
    for label, values in series.items():
        left.plot(n, values, marker="o", label=label)
    left.set_xscale("log"), left.set_yscale("log")
    left.set_xlabel("reports"), left.set_ylabel("seconds"), left.legend(fontsize=7)
    left.set_title("time")
    right.plot(n, [max(w["rss_mb"] for w in r["ask"]) for r in rows], marker="o",
               label="RSS per app process (MB)")
    right.plot(n, [r["saved_mb"] for r in rows], marker="o", label="saved index (MB)")
    right.set_xscale("log"), right.set_xlabel("reports"), right.legend(fontsize=7)
    right.set_title("memory")
    figure.suptitle("bench_scale.py: generated reports, random vectors, chroma run, 2 app "
                    "processes x 4 users (2 shared cores)", fontsize=9)
    figure.tight_layout()
    figure.savefig(args.png, dpi=110)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    run_p = sub.add_parser("run")
    run_p.add_argument("--sizes", type=int, nargs="+", default=[500, 2000, 10000])
    run_p.add_argument("--work", type=Path, default=Path("/tmp/bench_scale"))
    run_p.add_argument("--out", type=Path, default=ROOT / "docs" / "scale_results.json")
    run_p.add_argument("--resume", action="store_true",
                       help="keep --work: continue a stopped run's store instead of starting anew")
    run_p.add_argument("--measure-only", action="store_true",
                       help="with --resume: measure the stored reports as they are, without "
                            "re-indexing those that older index code built")
    run_p.add_argument("--per-user", type=int, default=QUESTIONS_PER_USER,
                       help="questions each of the 4 users of a process asks (at most 50)")
    run_p.add_argument("--build-only", action="store_true",
                       help="index the sizes, measure nothing (then measure with --resume)")
    ranking_p = sub.add_parser("ranking")
    ranking_p.add_argument("--work", type=Path, default=Path("/tmp/bench_scale"))
    ranking_p.add_argument("--added", type=int, default=100)
    ranking_p.add_argument("--batch", type=int, default=5)
    plot_p = sub.add_parser("plot")
    plot_p.add_argument("results", type=Path)
    plot_p.add_argument("png", type=Path)
    args = parser.parse_args(argv)
    return {"run": run, "ranking": ranking, "plot": plot}[args.command](args)


if __name__ == "__main__":
    raise SystemExit(main())
