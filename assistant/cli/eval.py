"""`python -m assistant eval QA.jsonl`: per kind of question, how many are right, how many
answers cite a report of an office the question is not about, and the misses.

One command does it: when the question set names its report files (`report_files`,
relative to the question file, as in ../shared/realdev/qa.jsonl), or `--reports DIR` is
given, that folder is indexed first, into an index of its own next to the configured
one (`<index-dir>/../eval-<hash of the folder paths>`, e.g. data/eval-1a2b3c4d5e6f), so
the user's own index is left alone and the eval corpus holds nothing else. Indexing an
unchanged folder is a no-op (content hashes). `--index-dir` names the index explicitly:
with `--reports` the folder is indexed into it, without it is used as it is.

Corrections: `--manifest CSV` (index/manifest.py), by default
`eval/<name of the question file's folder>_manifest.csv` of the project when it exists
(eval/realdev_manifest.csv for realdev: the reports that name their office nowhere in
their text).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from core.models import content_id
from core.settings import PROJECT_ROOT, Settings

if TYPE_CHECKING:
    from core.store import Store


EXAMPLES = """
  python -m assistant eval ../shared/eval/seeds_qa.jsonl --reports corpus
  python -m assistant eval ../shared/realdev/qa.jsonl --index-dir /tmp/rd --json > verdicts.jsonl
exit code 1: at least one item was answered wrong (the misses are listed)"""


def add_parser(sub: argparse._SubParsersAction) -> None:
    from assistant.cli import add_index_dir, subparser

    parser = subparser(
        sub, "eval", EXAMPLES, help="score the assistant on a question set (seeds_qa.jsonl or realdev qa.jsonl)",
        description="用问题集评测：按题型（figure / passage / absent / comparison）统计答对的题数、"
                    "引用了非所问单位年报的回答数，并列出答错的题和原因。"
                    "问题集带 report_files 时先索引其所在文件夹（未改变的文件会跳过）。")
    parser.add_argument("questions", type=Path, help="question set, one JSON object per line")
    parser.add_argument("--json", action="store_true", help="print every verdict as JSON lines too")
    parser.add_argument("--reports", type=Path,
                        help="folder of the reports to index first (default: the folder of "
                             "the items' report_files)")
    parser.add_argument("--manifest", type=Path,
                        help="corrections CSV for those reports (default: "
                             "eval/<question folder>_manifest.csv when it exists)")
    add_index_dir(parser)
    parser.set_defaults(func=run)


def eval_index_dir(settings: Settings, folders: list[Path]) -> Path:
    key = content_id(*sorted(str(f.resolve()) for f in folders), length=12)
    return Path(settings.index_dir).parent / f"eval-{key}"


def default_manifest(questions: Path) -> Path | None:
    path = PROJECT_ROOT / "eval" / f"{questions.resolve().parent.name}_manifest.csv"
    return path if path.is_file() else None


def prepare_store(args: argparse.Namespace, settings: Settings,
                  items: list) -> tuple[Settings, Store]:
    """The settings and store to evaluate with, the question set's reports indexed."""
    from assistant.evaluate import report_folders
    from core.errors import AssistantError
    from core.store import Store
    from index.manifest import read_manifest
    from index.pipeline import index_paths

    folders = [args.reports] if args.reports else report_folders(items, args.questions)
    explicit = bool(getattr(args, "index_dir", None))
    if not folders or (explicit and not args.reports):
        return settings, Store.open(settings)
    missing = [str(f) for f in folders if not f.is_dir()]
    if missing:
        raise AssistantError(f"年报文件夹不存在：{', '.join(missing)}")
    if not explicit:
        settings = settings.model_copy(update={"index_dir": eval_index_dir(settings, folders)})
    manifest_path = args.manifest or default_manifest(args.questions)
    manifest = read_manifest(manifest_path) if manifest_path else None
    store = Store.open(settings)
    summary = index_paths(folders, store, settings,
                          corrections=manifest.get if manifest else None)
    print(f"索引 {', '.join(map(str, folders))} → {settings.index_dir}"
          + (f"（更正清单 {manifest_path}）" if manifest_path else "")
          + f"：新增 {len(summary.added)}，替换 {len(summary.replaced)}，"
            f"重建 {len(summary.rebuilt)}，修复 {len(summary.repaired)}，"
            f"更正 {len(summary.corrected)}，跳过 {len(summary.skipped)}，"
            f"拒绝 {len(summary.refused)}", file=sys.stderr)
    for name, reason in summary.refused:
        print(f"  ✗ {name}：{reason}", file=sys.stderr)
    return settings, store


def run(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.chain import build_parts, single_thread_torch
    from assistant.evaluate import evaluate, format_report, load_items

    items = load_items(args.questions)
    single_thread_torch()
    settings, store = prepare_store(args, settings, items)
    parts = build_parts(settings, store)
    parts.warm_up()  # latencies are per question, with the model and index loaded
    sources = {r.id: r.source for r in store.reports()}
    report = evaluate(items, parts.chain.invoke, sources=sources)
    if args.json:
        for v in report.verdicts:
            print(json.dumps(v.to_json(), ensure_ascii=False))
    print(format_report(report, args.questions.name), file=sys.stderr if args.json else sys.stdout)
    return 0 if all(v.right for v in report.verdicts) else 1
