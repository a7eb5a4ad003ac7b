"""`python -m assistant eval QA.jsonl`: per kind of question, how many are right."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from core.settings import Settings
from core.store import Store


def add_parser(sub: argparse._SubParsersAction) -> None:
    from assistant.cli import add_index_dir

    parser = sub.add_parser(
        "eval", help="score the assistant on a question set (format of seeds_qa.jsonl)",
        description="用问题集评测：按题型（figure / passage / absent / comparison）统计答对的题数，"
                    "并列出答错的题和原因。")
    parser.add_argument("questions", type=Path, help="question set, one JSON object per line")
    parser.add_argument("--json", action="store_true", help="print every verdict as JSON lines too")
    add_index_dir(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.chain import build_parts, single_thread_torch
    from assistant.evaluate import evaluate, format_report, load_items

    items = load_items(args.questions)
    single_thread_torch()
    parts = build_parts(settings, Store.open(settings))
    parts.warm_up()  # latencies are per question, with the model and index loaded
    report = evaluate(items, parts.chain.invoke)
    if args.json:
        for v in report.verdicts:
            print(json.dumps({"id": v.id, "kind": v.kind, "right": v.right,
                              "reasons": list(v.reasons), "ms": round(v.ms, 1)},
                             ensure_ascii=False))
    print(format_report(report, args.questions.name), file=sys.stderr if args.json else sys.stdout)
    return 0 if all(v.right for v in report.verdicts) else 1
