"""`python -m assistant ask "问题"` and `ask --batch FILE.jsonl`: cited answers."""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from core.errors import AssistantError
from core.settings import Settings

if TYPE_CHECKING:
    from core.models import Answer


EXAMPLES = """
  python -m assistant ask "北沟街道2017年主动公开了多少条政府信息？"
  python -m assistant ask "比较各街道2017年依申请公开的数量" --json
  python -m assistant ask --batch questions.jsonl > answers.jsonl
exit code 1: a question of the batch failed (its line carries "error")"""


def add_parser(sub: argparse._SubParsersAction) -> None:
    from assistant.cli import add_index_dir, subparser

    parser = subparser(
        sub, "ask", EXAMPLES, help="answer a question (or a batch of questions) with citations",
        description="回答关于已索引年报的问题：数字题给出报告原文中的数字并引用原句，"
                    "其他问题给出最相关的段落；找不到依据时如实说明（not_found）。")
    parser.add_argument("question", nargs="?", help="the question, e.g. 北沟街道2017年主动公开了多少条政府信息？")
    parser.add_argument("--batch", type=Path, metavar="FILE.jsonl",
                        help='answer every line {"id": ..., "question": ...}; prints one JSON answer per line')
    parser.add_argument("--json", action="store_true", help="print the answer as JSON")
    add_index_dir(parser)
    parser.set_defaults(func=run)


def format_answer(answer: Answer) -> str:
    lines = [answer.text]
    notes = [note for note in answer.notes if note not in answer.text]
    if notes:
        lines.append("")
        lines += [f"注：{note}" for note in notes]
    if answer.citations:
        lines.append("")
        lines.append("引用：")
        for c in answer.citations:
            year = f"{c.year}年" if c.year else ""
            section = f" · {c.section}" if c.section else ""
            lines.append(f"[{c.n}] {c.office}{year}（{c.report}{section}）：“{c.quote}”")
    if answer.status == "not_found":
        lines.append("")
        lines.append("（状态：not_found）")
    return "\n".join(lines)


def run(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.answering.serialise import answer_to_json
    from assistant.chain import build_parts, single_thread_torch
    from assistant.evaluate import load_items
    from core.store import Store

    if bool(args.question) == bool(args.batch):
        raise AssistantError("give either a question or --batch FILE.jsonl")
    items = load_items(args.batch) if args.batch else None  # fail before loading anything
    single_thread_torch()
    parts = build_parts(settings, Store.open(settings))
    chain = parts.chain
    if items is None:
        answer = chain.invoke(args.question)
        if args.json:
            print(json.dumps(answer_to_json(answer), ensure_ascii=False, indent=2))
        else:
            print(format_answer(answer))
        return 0
    parts.warm_up()  # timings below are per question, with the model and index loaded
    failures = 0
    times = []
    for item in items:
        start = time.perf_counter()
        try:
            data = answer_to_json(chain.invoke(item["question"]), item.get("id"))
        except AssistantError as exc:  # one bad question must not stop the batch
            failures += 1
            data = {"id": item.get("id"), "question": item["question"], "error": str(exc)}
        times.append((time.perf_counter() - start) * 1000)
        print(json.dumps(data, ensure_ascii=False), flush=True)
    times.sort()
    p95 = times[max(0, int(round(0.95 * len(times))) - 1)] if times else 0.0
    print(f"answered {len(items) - failures}/{len(items)}; per question p50 "
          f"{times[len(times) // 2] if times else 0:.0f} ms, p95 {p95:.0f} ms", file=sys.stderr)
    return 1 if failures else 0
