"""`python -m assistant reports`: list what is indexed, with each report's id (the key
`figures --json` carries too) and the fields the user corrected."""

from __future__ import annotations

import argparse
import json

from core.settings import Settings


EXAMPLES = """
  python -m assistant reports
  python -m assistant reports --json | head -20
  python -m assistant reports --index-dir /tmp/my-index"""


def add_parser(sub: argparse._SubParsersAction) -> None:
    from assistant.cli import add_index_dir, subparser

    parser = subparser(sub, "reports", EXAMPLES, help="list the indexed reports",
                       description="列出已索引的年报：文件名、标题、单位、年份、格式、段落数。"
                                   "记录不完整的报告标出 ⚠（重新运行 index 会修复）。")
    parser.add_argument("--json", action="store_true", help="one JSON array instead of a table")
    add_index_dir(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace, settings: Settings) -> int:
    from core.store import Store

    store = Store.open(settings)
    reports = store.reports()
    broken = store.incomplete(reports)
    rows = [{
        "id": r.id, "source": r.source, "title": r.title, "office": r.office.name,
        "office_short": r.office.short, "region": list(r.office.region), "year": r.year,
        "published": r.published, "format": r.format, "paragraphs": r.paragraph_count,
        "figures": r.figure_count, "warnings": list(r.warnings),
        "corrected": list(r.correction.fields) if r.correction else [],
        "complete": r.id not in broken,
    } for r in reports]
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    if not rows:
        print("索引为空。用 `python -m assistant index corpus/` 添加年报。")
        return 0
    from assistant.cli.index_cmd import FIELD_NAMES

    for row in rows:
        print(f"{row['source']}\t{row['year'] or '年份不明'}\t{row['format']}\t"
              f"{row['paragraphs']}段\t{row['figures']}个数字\t{row['office']}\t{row['title']}")
        if row["corrected"]:
            print(f"\t✎ 用户更正：{'、'.join(FIELD_NAMES[f] for f in row['corrected'])}")
        if not row["complete"]:
            print("\t⚠ 记录不完整（部分段落或数字缺失）：重新运行 index 索引该文件即可修复")
        for warning in row["warnings"]:
            print(f"\t⚠ {warning}")
    return 0
