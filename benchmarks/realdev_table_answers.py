"""realdev table questions answered right, per table (issue 11, "Must show").

    python -m assistant eval ../shared/realdev/qa.jsonl --index-dir DIR --json > verdicts.jsonl
    python benchmarks/realdev_table_answers.py verdicts.jsonl

A question is a table question when its note names a table (`table 二`, `table 三`,
`table 四`: the first named counts); the note of the question set, not our reading,
decides. Absent questions are left out (their table is not there to answer from).
"""

from __future__ import annotations

import argparse
import json
import re
from collections import defaultdict
from pathlib import Path

QA = Path(__file__).resolve().parents[2] / "shared" / "realdev" / "qa.jsonl"
TABLE = re.compile(r"table\s*([二三四])")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("verdicts", type=Path, help="`eval --json` output")
    parser.add_argument("--qa", type=Path, default=QA)
    args = parser.parse_args()
    verdicts = {}
    for line in args.verdicts.read_text(encoding="utf-8").splitlines():
        if line.startswith("{"):
            row = json.loads(line)
            verdicts[row["id"]] = row
    groups: dict[str, list[tuple[str, bool]]] = defaultdict(list)
    for line in args.qa.read_text(encoding="utf-8").splitlines():
        item = json.loads(line)
        found = TABLE.search(item.get("note", ""))
        if not found or item["kind"] == "absent" or item["id"] not in verdicts:
            continue
        key = f"table {found.group(1)} ({item['kind']})"
        groups[key].append((item["id"], verdicts[item["id"]]["right"]))
    print("| questions | right | wrong |")
    print("|---|---|---|")
    total = right = 0
    for key in sorted(groups):
        rows = groups[key]
        ok = sum(r for _, r in rows)
        total, right = total + len(rows), right + ok
        print(f"| {key} | {ok}/{len(rows)} | {', '.join(i for i, r in rows if not r) or '–'} |")
    print(f"| all | {right}/{total} | |")


if __name__ == "__main__":
    main()
