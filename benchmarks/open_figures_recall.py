"""Recall of the figures stored at indexing time on realdev's narrative figure questions,
and the extractor's cost per paragraph.

    python benchmarks/open_figures_recall.py [--questions FILE --reports DIR] [--open-only] [-v]

For every `figure` item of realdev's qa.jsonl whose answer is a narrative number (not a
table cell: its note starts with "table" or its evidence is a `|` row), is there a
figure — open (metric `open`) or vocabulary — in the right report with the expected
value and unit, and the expected hedge (an `approx` item needs a hedged qualifier, any
other an exact one)? Two counts:

- found: such a figure exists in the report;
- at the evidence: such a figure's quote lies in the item's evidence, or its paragraph
  holds the evidence (whitespace ignored): the number the question means, not another
  equal one.

Misses are grouped by cause: the value is stored with another unit, or with another
qualifier, or not at all. Nothing here is tuned per item; the extractor never sees the
questions.
"""

from __future__ import annotations

if __package__ in (None, ""):  # run as a script: make the project importable
    import sys
    from pathlib import Path as _Path

    sys.path.insert(0, str(_Path(__file__).resolve().parent.parent))

import argparse
import json
import re
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.figures_eval import load_report
from core.models import Figure, Paragraph
from core.normalise import normalise
from index.figures import extract_figures
from index.figures.open_figures import OPEN_METRIC, open_figures

REALDEV = Path(__file__).resolve().parents[2] / "shared" / "realdev"
_SPACE = re.compile(r"\s+")


def is_narrative(item: dict) -> bool:
    return item["kind"] == "figure" and not item.get("note", "").startswith("table") \
        and "|" not in item.get("evidence", "|")


def report_files(item: dict) -> list[str]:
    """realdev names `report_files` (reports/NNN_….txt), the older sets `reports`."""
    return item.get("report_files") or [f"reports/{name}" for name in item["reports"]]


def _flat(text: str) -> str:
    return _SPACE.sub("", text)


def _value_ok(figure: Figure, expected: dict) -> bool:
    return abs(figure.value - float(expected["value"])) < 1e-9


def _qualifier_ok(figure: Figure, expected: dict) -> bool:
    if expected.get("approx"):
        return figure.qualifier not in ("exact", "zero_in_words")
    return figure.qualifier in ("exact", "zero_in_words")


def at_evidence(figure: Figure, paragraph: Paragraph, evidence: str) -> bool:
    """Compared normalised: the older sets write their evidence in Simplified."""
    flat = _flat(normalise(evidence).text)
    return _flat(normalise(figure.quote).text) in flat or flat in _flat(paragraph.normalised)


@dataclass
class Outcome:
    item: dict
    found: bool = False
    at_evidence: bool = False
    cause: str = ""
    near: list[Figure] = field(default_factory=list)


def judge(item: dict, figures: list[Figure], paragraphs: dict[str, Paragraph]) -> Outcome:
    expected = dict(item["expected"])
    if expected.get("qualifier") in ("about", "more than", "more_than", "at least"):
        expected["approx"] = expected["qualifier"]  # the older sets name the qualifier
    outcome = Outcome(item)
    same_value = [f for f in figures if _value_ok(f, expected)]
    right = [f for f in same_value if f.unit == expected["unit"] and _qualifier_ok(f, expected)]
    outcome.found = bool(right)
    outcome.at_evidence = any(at_evidence(f, paragraphs[f.paragraph_id], item["evidence"])
                              for f in right)
    if not outcome.at_evidence:
        here = [f for f in same_value
                if at_evidence(f, paragraphs[f.paragraph_id], item["evidence"])]
        outcome.near = here or same_value[:3]
        if any(f.unit != expected["unit"] for f in here):
            outcome.cause = "stored with another unit"
        elif here:
            outcome.cause = "stored with another qualifier"
        elif right:
            outcome.cause = "an equal number elsewhere, none at the evidence"
        else:
            outcome.cause = "not stored"
    return outcome


def evaluate(questions: Path, reports: Path, open_only: bool = False
             ) -> tuple[list[Outcome], float, float, int]:
    """Outcomes per item; ms per paragraph of extract_figures and of open figures alone."""
    items = [json.loads(line) for line in questions.read_text("utf-8").splitlines()
             if line.strip()]
    items = [item for item in items if is_narrative(item) and len(report_files(item)) == 1
             and not isinstance(item["expected"]["value"], list)]  # one number per item
    loaded = {}
    for path in sorted(reports.glob("*.txt")):
        loaded[f"reports/{path.name}"] = load_report(path, "", None)
    outcomes = []
    for item in items:
        (name,) = report_files(item)
        report, paragraphs = loaded[name]
        figures = extract_figures(report, paragraphs).figures
        if open_only:
            figures = [f for f in figures if f.metric == OPEN_METRIC]
        outcomes.append(judge(item, figures, {p.id: p for p in paragraphs}))
    count = sum(len(ps) for _, ps in loaded.values())
    return outcomes, _best(lambda: [extract_figures(r, ps) for r, ps in loaded.values()], count), \
        _best(lambda: [open_figures(r, p) for r, ps in loaded.values() for p in ps], count), count


def _best(run, count: int, rounds: int = 5) -> float:
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - start)
    return best / max(count, 1) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--questions", type=Path, default=REALDEV / "qa.jsonl",
                        help="a question set (realdev's qa.jsonl, or eval/*.jsonl)")
    parser.add_argument("--reports", type=Path, default=REALDEV / "reports",
                        help="its reports (realdev/reports, or corpus/ for eval/*.jsonl)")
    parser.add_argument("--open-only", action="store_true",
                        help="count open figures only, not the vocabulary's")
    parser.add_argument("-v", "--verbose", action="store_true", help="list every miss")
    args = parser.parse_args()
    outcomes, all_ms, open_ms, paragraphs = evaluate(args.questions, args.reports,
                                                     args.open_only)
    total = len(outcomes)
    found = sum(o.found for o in outcomes)
    exact = sum(o.at_evidence for o in outcomes)
    print(f"narrative figure items: {total}")
    print(f"found in the right report (value, unit, hedge): {found}/{total} = {found / total:.3f}")
    print(f"at the evidence: {exact}/{total} = {exact / total:.3f}")
    causes: dict[str, list[Outcome]] = defaultdict(list)
    for outcome in outcomes:
        if outcome.cause:
            causes[outcome.cause].append(outcome)
    for cause, missed in sorted(causes.items(), key=lambda kv: -len(kv[1])):
        print(f"- {cause}: {len(missed)}")
        for outcome in missed:
            item = outcome.item
            expected = item["expected"]
            print(f"    {item['id']} {expected['value']}{expected['unit']}"
                  f"{' ' + expected['approx'] if expected.get('approx') else ''}"
                  f" | {item['evidence'][:50]!r}")
            if args.verbose:
                for f in outcome.near:
                    print(f"        stored: {f.metric} {f.value:g}{f.unit} {f.qualifier} "
                          f"{f.kind} [{f.label}] | {f.quote[:50]}")
    print(f"cost over {paragraphs} paragraphs: extract_figures {all_ms:.3f} ms "
          f"per paragraph, of which open figures {open_ms:.3f} ms")


if __name__ == "__main__":
    main()
