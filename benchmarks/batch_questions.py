"""Questions over a generated corpus (benchmarks/generate_corpus.py), for `ask --batch`,
and their scoring against the generator's ground truth.

    python benchmarks/batch_questions.py make CORPUS/truth.jsonl OUT.jsonl [--reports 200] [--seed 1]
    python -m assistant ask --batch OUT.jsonl --index-dir DIR > ANSWERS.jsonl   # prints p50 / p95
    python benchmarks/batch_questions.py score OUT.jsonl ANSWERS.jsonl

Per sampled report: the annual 主动公开 count, one more stated figure (fee, 行政复议,
行政诉讼, application count) and a passage question (problems / plans), with the office
named by its full name or its short name (a short name shared by several offices must
be answered for each). A figure question is right when the answer states the expected
value, cited from that very report file, with the expected qualifier.
"""

from __future__ import annotations

if __package__ in (None, ""):  # run as a script: make the project importable
    import sys
    from pathlib import Path as _Path

    sys.path.insert(0, str(_Path(__file__).resolve().parent.parent))

import argparse
import json
import random
from collections import Counter
from pathlib import Path

FIGURE_QUESTIONS = {
    "active.total": "{office}{year}年主动公开了多少条政府信息？",
    "fee.amount": "{office}{year}年政府信息公开收了多少费用？",
    "review.total": "{office}{year}年因政府信息公开被申请了几起行政复议？",
    "litigation.total": "{office}{year}年发生了几起行政诉讼？",
    "application.received": "{office}{year}年收到多少件政府信息公开申请？",
}
PASSAGE_QUESTIONS = ("{office}{year}年的信息公开工作存在哪些问题？",
                     "{office}下一步有什么打算？")


def make(truth_path: Path, out: Path, reports: int, seed: int) -> int:
    rows = [json.loads(line) for line in truth_path.read_text(encoding="utf-8").splitlines()
            if line.strip()]
    rng = random.Random(seed)
    sample = rng.sample(rows, min(reports, len(rows)))
    lines = []
    for row in sample:
        name = row["office"] if rng.random() < 0.5 else row["short"]
        figures = row["figures"]
        keys = ["active.total"] if "active.total" in figures else []
        others = [k for k in FIGURE_QUESTIONS if k in figures and k != "active.total"]
        if others:
            keys.append(rng.choice(others))
        for key in keys:
            expected = figures[key]
            lines.append({"id": f"{row['filename']}:{key}", "kind": "figure",
                          "question": FIGURE_QUESTIONS[key].format(office=name, year=row["year"]),
                          "office": row["office"], "year": row["year"],
                          "expected": {"value": expected["value"],
                                       "qualifier": expected["qualifier"]}})
        lines.append({"id": f"{row['filename']}:passage", "kind": "passage",
                      "question": rng.choice(PASSAGE_QUESTIONS).format(office=name, year=row["year"]),
                      "office": row["office"], "year": row["year"]})
    out.write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines),
                   encoding="utf-8")
    print(f"wrote {len(lines)} questions about {len(sample)} reports to {out}")
    return 0


def score(questions: Path, answers: Path) -> int:
    asked = {q["id"]: q for q in map(json.loads, questions.read_text(encoding="utf-8").splitlines())}
    counts: Counter[str] = Counter()
    wrong = []
    for answer in map(json.loads, answers.read_text(encoding="utf-8").splitlines()):
        question = asked.get(answer.get("id"))
        if question is None:
            continue
        kind = question["kind"]
        counts[f"{kind} total"] += 1
        if "error" in answer:
            wrong.append((answer["id"], answer["error"]))
            continue
        if kind == "passage":
            counts["passage answered"] += answer["status"] == "answered"
            continue
        expected = question["expected"]
        # The figure's citation names the report file it came from.
        source = question["id"].split(":")[0]
        reports = {c["n"]: c["report"] for c in answer["citations"]}
        mine = [f for f in answer["figures"] if reports.get(f["citation"]) == source]
        right = any(float(f["value"]) == float(expected["value"])
                    and (f["qualifier"] == expected["qualifier"]
                         or {f["qualifier"], expected["qualifier"]} <= {"exact", "zero_in_words"})
                    for f in mine)
        counts["figure right"] += right
        if not right:
            wrong.append((answer["id"], answer["answer"][:80]))
    print(f"figure questions right: {counts['figure right']}/{counts['figure total']}")
    print(f"passage questions answered: {counts['passage answered']}/{counts['passage total']}")
    for item in wrong[:20]:
        print("  wrong:", *item)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    make_p = sub.add_parser("make", help="write a batch of questions from truth.jsonl")
    make_p.add_argument("truth", type=Path, help="truth.jsonl of the generated corpus")
    make_p.add_argument("out", type=Path, help="the batch file to write")
    make_p.add_argument("--reports", type=int, default=200, help="reports to sample (200)")
    make_p.add_argument("--seed", type=int, default=1, help="random seed (1)")
    score_p = sub.add_parser("score", help="score ask --batch answers against the truth")
    score_p.add_argument("questions", type=Path, help="the batch file")
    score_p.add_argument("answers", type=Path, help="the answers ask --batch printed")
    args = parser.parse_args(argv)
    if args.command == "make":
        return make(args.truth, args.out, args.reports, args.seed)
    return score(args.questions, args.answers)


if __name__ == "__main__":
    raise SystemExit(main())
