"""`python -m assistant feedback`: the marks users gave answers in the web app (有用 /
有误, kept in `<index_dir>/feedback.jsonl`), counted, or exported as eval-style JSON lines
(`expected` null: write in what the right answer is, and the item is a test case)."""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

from core.settings import Settings


EXAMPLES = """
  python -m assistant feedback
  python -m assistant feedback --export wrong.jsonl --only wrong
  python -m assistant feedback --export all.jsonl --index-dir /tmp/my-index"""


def add_parser(sub: argparse._SubParsersAction) -> None:
    from assistant.cli import add_index_dir, subparser

    parser = subparser(sub, "feedback", EXAMPLES, help="count or export the answers users marked",
                       description="统计网页中用户对回答的标记（有用 / 有误），或导出为评测格式的"
                                   " JSON 行（expected 为 null，补上正确答案即成为测试题）。")
    parser.add_argument("--export", type=Path, metavar="FILE",
                        help="write the marks as eval-style JSON lines to FILE")
    parser.add_argument("--only", choices=["useful", "wrong"],
                        help="export only the answers marked so")
    add_index_dir(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.ui.feedback import MARKS, export_jsonl, feedback_path, read_marks

    marks = read_marks(settings.index_dir)
    counts = Counter(m.mark for m in marks)
    print(f"{feedback_path(settings.index_dir)}：共 {len(marks)} 条标记，"
          + "，".join(f"{label} {counts[key]} 条" for key, label in MARKS.items()),
          file=sys.stderr if args.export else sys.stdout)
    if args.export:
        written = export_jsonl(marks, args.export, args.only)  # ids: position in the file
        print(f"已导出 {written} 条到 {args.export}", file=sys.stderr)
    return 0
