"""Table-figure precision and recall on the hand-checked realdev tables (issue 11), and
the number of table cells read per report.

    python benchmarks/realdev_tables.py [--json]

The golden cells are tests/fixtures/realdev_tables/golden.json (every cell of the 16
realdev files holding table rows, read by hand). Each file is read with the real loader,
paragraph splitter and figure extractor (benchmarks/figures_eval.load_report). A table
figure is correct when its metric is a golden cell and its value and unit are the
golden ones; precision = correct / table figures extracted, recall = golden cells
matched / golden cells.

Table questions: the realdev figure questions about these files whose evidence is a
table row (one cell a line or a `|` row). One is "row cited" when a table figure with
the expected value lies in a paragraph holding the whole evidence (compared as the
eval does, normalised, without whitespace and bars): what the eval needs of a citation.
"""

from __future__ import annotations

if __package__ in (None, ""):  # run as a script: make the project importable
    import sys
    from pathlib import Path as _Path

    sys.path.insert(0, str(_Path(__file__).resolve().parent.parent))

import argparse
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.figures_eval import load_report
from core.models import Figure
from core.normalise import normalise
from core.vocabulary import T2_COLUMNS
from index.figures import extract_figures

FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "realdev_tables"
QA = Path(__file__).resolve().parents[2] / "shared" / "realdev" / "qa.jsonl"
T3_ORDER = ("natural", "business", "research", "nonprofit", "legal", "other_org", "total")
T4_ORDER = tuple(f"{case}.{result}"
                 for case in ("review", "litigation_direct", "litigation_after_review")
                 for result in ("upheld", "corrected", "other", "pending", "total"))


def golden() -> dict[str, dict]:
    return json.loads((FIXTURES / "golden.json").read_text(encoding="utf-8"))["files"]


def expected_cells(entry: dict) -> dict[str, tuple[float, str]]:
    """metric -> (value, unit) of one file's golden entry."""
    cells: dict[str, tuple[float, str]] = {}
    for row, columns in entry.get("t2", {}).items():
        for column, value in columns.items():
            cells[f"t2.{row}.{column}"] = (float(value), T2_COLUMNS[column][1])
    for row, values in entry.get("t3", {}).items():
        for column, value in zip(T3_ORDER, values, strict=True):
            if value is not None:
                cells[f"t3.{row}.{column}"] = (float(value), "件")
    for key, value in zip(T4_ORDER, entry.get("t4", []), strict=False):
        if value is not None:
            cells[f"t4.{key}"] = (float(value), "件")
    return cells


def read(name: str) -> tuple[list[Figure], list[str]]:
    report, paragraphs = load_report(FIXTURES / name)
    result = extract_figures(report, paragraphs)
    tables = [f for f in result.figures if f.metric[:3] in ("t2.", "t3.", "t4.")]
    return tables, result.warnings


@dataclass
class Score:
    extracted: int = 0
    correct: int = 0
    golden: int = 0
    per_file: dict[str, dict] = field(default_factory=dict)

    @property
    def precision(self) -> float:
        return self.correct / self.extracted if self.extracted else 1.0

    @property
    def recall(self) -> float:
        return self.correct / self.golden if self.golden else 1.0


def score() -> Score:
    result = Score()
    for name, entry in golden().items():
        want = expected_cells(entry)
        figures, warnings = read(name)
        got = {f.metric: (f.value, f.unit) for f in figures}
        correct = sum(1 for metric, cell in got.items() if want.get(metric) == cell)
        wrong = sorted(m for m, cell in got.items() if want.get(m) != cell)
        missed = sorted(m for m in want if got.get(m) != want[m])
        result.extracted += len(figures)
        result.correct += correct
        result.golden += len(want)
        result.per_file[name] = {
            "t2": sum(m.startswith("t2.") for m in got), "t3": sum(m.startswith("t3.") for m in got),
            "t4": sum(m.startswith("t4.") for m in got), "golden": len(want),
            "wrong": wrong, "missed": missed, "warnings": warnings}
    return result


def _flat(text: str) -> str:
    return re.sub(r"[\s|｜]+", "", normalise(text).text)


def table_questions(qa: Path = QA) -> dict[str, bool]:
    """Question id -> whether a table figure of its value sits in a paragraph holding
    its whole evidence row (see the module docstring); {} without the question set."""
    if not qa.exists():
        return {}
    names = set(golden())
    items = [json.loads(line) for line in qa.read_text(encoding="utf-8").splitlines() if line]
    held: dict[str, bool] = {}
    cache: dict[str, tuple[list[Figure], dict[str, str]]] = {}
    for item in items:
        files = [Path(f).name for f in item.get("report_files") or []]
        evidence = item.get("evidence")
        if item["kind"] != "figure" or len(files) != 1 or files[0] not in names \
                or not isinstance(evidence, str) or not ("\n" in evidence or "|" in evidence):
            continue
        if files[0] not in cache:
            report, paragraphs = load_report(FIXTURES / files[0])
            figures = [f for f in extract_figures(report, paragraphs).figures
                       if f.metric[:3] in ("t2.", "t3.", "t4.")]
            cache[files[0]] = figures, {p.id: _flat(p.text) for p in paragraphs}
        figures, texts = cache[files[0]]
        value = float(item["expected"]["value"])
        held[item["id"]] = any(f.value == value and _flat(evidence) in texts[f.paragraph_id]
                               for f in figures)
    return held


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print the per-file counts as JSON")
    args = parser.parse_args()
    result = score()
    if args.json:
        print(json.dumps(result.per_file, ensure_ascii=False, indent=1))
    print("| file | 表二 cells | 表三 cells | 表四 cells | golden | wrong | missed |")
    print("|---|---|---|---|---|---|---|")
    for name, row in result.per_file.items():
        print(f"| {name} | {row['t2']} | {row['t3']} | {row['t4']} | {row['golden']} "
              f"| {len(row['wrong'])} | {len(row['missed'])} |")
    print(f"\ntable figures: {result.extracted} extracted, {result.correct} correct, "
          f"{result.golden} golden; precision {result.precision:.3f}, "
          f"recall {result.recall:.3f}")
    held = table_questions()
    if held:
        missing = sorted(q for q, ok in held.items() if not ok)
        print(f"table questions: {sum(held.values())}/{len(held)} with the row in a cited "
              f"paragraph; not: {', '.join(missing) or 'none'}")


if __name__ == "__main__":
    main()
