"""Reliability numbers for docs/BENCHMARKS.md, "reliability (issue 15)".

    python benchmarks/bench_reliability.py sizes [--mb 1 5 20] [--full-mb 1]
    python benchmarks/bench_reliability.py concurrency [--reports ../shared/realdev/reports]

sizes: a text file of N MB made of the realdev reports repeated (real lines, real
tables, real numbers), in a fresh process each: `build` = load + normalise + paragraphs
+ metadata + figures + chunks (everything but the encoder), `index` = the whole
`python -m assistant index FILE` into a fresh index. Wall time, CPU time and the peak
resident memory of that process (wait4's ru_maxrss), and the 1-minute load average
before and after it (the machine is shared).

concurrency: the realdev reports in two halves, indexed (a) one process after the other,
(b) two processes at once into one index, (c) a process killed with SIGKILL once it has
written chunks, then the whole folder indexed again. After each: reports listed, reports
whose records are incomplete (must be 0), chunks in the store.
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
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REALDEV = ROOT.parent / "shared" / "realdev" / "reports"


def make_text(mb: float, out: Path, reports: Path = REALDEV) -> int:
    text = "\n".join(p.read_text(encoding="utf-8", errors="replace")
                     for p in sorted(reports.glob("*.txt")))
    target = int(mb * 1024 * 1024)
    body = "\n".join([text] * (target // len(text.encode("utf-8")) + 1)).encode("utf-8")
    out.write_bytes(body[:target].decode("utf-8", "ignore").encode("utf-8"))
    return out.stat().st_size


def _run(cmd: list[str], env: dict | None = None) -> dict:
    """Wall time and peak RSS of one child process."""
    load_before = os.getloadavg()[0]  # the machine is shared: say how busy it was
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    out, err = proc.stdout.read().decode(), proc.stderr.read().decode()
    return {"seconds": round(time.perf_counter() - started, 1),
            "cpu_s": round(usage.ru_utime + usage.ru_stime, 1),
            "peak_mb": round(usage.ru_maxrss / 1024), "status": status,
            "load_1min": [round(load_before, 2), round(os.getloadavg()[0], 2)],
            "stdout": out[-400:], "stderr": err[-400:]}


def child_build(path: Path) -> None:
    from index.loaders import load_document
    from index.pipeline import build_report

    started, cpu = time.perf_counter(), time.process_time()
    built = build_report(load_document(path, 1 << 30))
    print(json.dumps({"paragraphs": len(built.paragraphs), "chunks": len(built.chunks),
                      "figures": len(built.figures),
                      "build_s": round(time.perf_counter() - started, 1),
                      # CPU of the build alone: what a shared machine's load disturbs least
                      "build_cpu_s": round(time.process_time() - cpu, 1)}))


def sizes(args: argparse.Namespace) -> None:
    work = Path(tempfile.mkdtemp(prefix="govqa-sizes-"))
    env = {**os.environ, "GOVQA_MAX_FILE_BYTES": str(64 << 20)}
    rows = []
    for mb in args.mb:
        path = work / f"report_{mb}mb.txt"
        size = make_text(mb, path)
        build = _run([sys.executable, __file__, "child-build", str(path)], env)
        row = {"mb": mb, "bytes": size, "build": build, **json.loads(build["stdout"])}
        if mb <= args.full_mb:
            row["index"] = _run([sys.executable, "-m", "assistant", "index", str(path),
                                 "--index-dir", str(work / f"idx{mb}")], env)
        rows.append(row)
        print(json.dumps(row, ensure_ascii=False), flush=True)
    shutil.rmtree(work, ignore_errors=True)


def _state(index_dir: Path) -> dict:
    from core.settings import Settings
    from core.store import Store

    store = Store.open(Settings(index_dir=index_dir, _env_file=None))
    reports = store.reports()
    return {"reports": len(reports), "incomplete": len(store.incomplete(reports)),
            "chunks": store.chunks.count()}


def _index_cmd(folder: Path, index_dir: Path) -> list[str]:
    return [sys.executable, "-m", "assistant", "index", str(folder), "--index-dir",
            str(index_dir)]


def concurrency(args: argparse.Namespace) -> None:
    work = Path(tempfile.mkdtemp(prefix="govqa-conc-"))
    files = sorted(args.reports.glob("*.txt"))
    halves = [work / "half0", work / "half1"]
    for n, folder in enumerate(halves):
        folder.mkdir()
        for path in files[n::2]:
            shutil.copy(path, folder / path.name)
    result = {"reports": len(files)}

    started = time.perf_counter()
    for folder in halves:
        _run(_index_cmd(folder, work / "serial"))
    result["one_after_the_other_s"] = round(time.perf_counter() - started, 1)
    result["one_after_the_other"] = _state(work / "serial")

    started = time.perf_counter()
    procs = [subprocess.Popen(_index_cmd(f, work / "both"), cwd=ROOT,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE)
             for f in halves]
    outs = [p.communicate()[0].decode() for p in procs]
    result["two_at_once_s"] = round(time.perf_counter() - started, 1)
    result["two_at_once"] = _state(work / "both")
    result["two_at_once_summaries"] = [o.splitlines()[0] for o in outs]

    everything = work / "all"
    everything.mkdir()
    for path in files:
        shutil.copy(path, everything / path.name)
    victim = subprocess.Popen(_index_cmd(everything, work / "killed"), cwd=ROOT,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    from core.settings import Settings
    from core.store import Store

    watcher = Store.open(Settings(index_dir=work / "killed", _env_file=None))
    while watcher.chunks.count() == 0 and victim.poll() is None:
        time.sleep(0.2)
    os.kill(victim.pid, signal.SIGKILL)
    victim.wait()
    result["after_kill"] = _state(work / "killed")
    rerun = _run(_index_cmd(everything, work / "killed"))
    result["rerun_after_kill_s"] = rerun["seconds"]
    result["rerun_after_kill"] = _state(work / "killed")
    result["rerun_summary"] = rerun["stdout"].splitlines()[0] if rerun["stdout"] else ""
    print(json.dumps(result, ensure_ascii=False, indent=2))
    shutil.rmtree(work, ignore_errors=True)


def main() -> None:
    if len(sys.argv) == 3 and sys.argv[1] == "child-build":
        child_build(Path(sys.argv[2]))
        return
    from core.offline import offline_environment

    offline_environment()
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="what", required=True)
    s = sub.add_parser("sizes")
    s.add_argument("--mb", type=float, nargs="+", default=[1, 5, 20])
    s.add_argument("--full-mb", type=float, default=1,
                   help="run the whole index command for sizes up to this")
    c = sub.add_parser("concurrency")
    c.add_argument("--reports", type=Path, default=REALDEV)
    args = parser.parse_args()
    sizes(args) if args.what == "sizes" else concurrency(args)


if __name__ == "__main__":
    main()
