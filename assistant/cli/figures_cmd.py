"""`python -m assistant figures`: the extracted figures, filtered, as text, JSON or CSV.
Each row carries its report's id and source file name, to join with `reports --json`."""

from __future__ import annotations

import argparse
import csv
import json
import sys

from core.settings import Settings

FIELDS = ("office", "year", "metric", "label", "row", "column", "value", "unit", "qualifier",
          "scope", "period", "quote", "paragraph_id", "span_start", "span_end", "report_id",
          "source")


EXAMPLES = """
  python -m assistant figures --office 北沟街道 --year 2017
  python -m assistant figures --metric t3 --csv > 申请情况.csv
  python -m assistant figures --json | head -40"""


def add_parser(sub: argparse._SubParsersAction) -> None:
    from assistant.cli import add_index_dir, subparser

    parser = subparser(sub, "figures", EXAMPLES,
                       help="list extracted figures (exact numbers with quotes)",
                       description="列出抽取的数字，每个都带原文引用。")
    parser.add_argument("--office", help="office, full or short name (北沟街道)")
    parser.add_argument("--year", type=int, help="the year reported on")
    parser.add_argument("--metric", help="metric key or key prefix (active.total, t3)")
    fmt = parser.add_mutually_exclusive_group()
    fmt.add_argument("--json", action="store_true", help="JSON array")
    fmt.add_argument("--csv", action="store_true", help="CSV with a header row")
    add_index_dir(parser)
    parser.set_defaults(func=run)


def _row(figure, sources: dict[str, str]) -> dict:
    return {"office": figure.office, "year": figure.year, "metric": figure.metric,
            "label": figure.label, "row": figure.row, "column": figure.column,
            "value": figure.value, "unit": figure.unit, "qualifier": figure.qualifier,
            "scope": figure.scope, "period": figure.period, "quote": figure.quote,
            "paragraph_id": figure.paragraph_id, "span_start": figure.span[0],
            "span_end": figure.span[1], "report_id": figure.report_id,
            "source": sources.get(figure.report_id, "")}


def run(args: argparse.Namespace, settings: Settings) -> int:
    from core.store import Store

    store = Store.open(settings)
    figures = store.figures(office=args.office, year=args.year, metric=args.metric)
    sources = {r.id: r.source for r in store.reports()}
    rows = [_row(f, sources) for f in figures]
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
    elif args.csv:
        writer = csv.DictWriter(sys.stdout, fieldnames=FIELDS)
        writer.writeheader()
        writer.writerows(rows)
    else:
        for row in rows:
            value = int(row["value"]) if float(row["value"]).is_integer() else row["value"]
            what = " / ".join(filter(None, (row["label"], row["row"], row["column"])))
            print(f"{row['office']}\t{row['year']}\t{row['metric']}\t{what}\t{value}{row['unit']}"
                  f"\t{row['qualifier']}\t{row['scope']}\t「{row['quote']}」")
        if not rows:
            print("没有符合条件的数字。")
    return 0
