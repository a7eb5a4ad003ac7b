"""Paragraphs of the realdev reports (issue 10, item 5): per report, how many paragraphs
the real loader and splitter make, the longest one (characters), how many carry a
section path; and whether every single-paragraph evidence string of qa.jsonl is still
quoted whole by one paragraph.

    python benchmarks/realdev_paragraphs.py [--realdev ../shared/realdev] [--per-report]

An evidence string is "single-paragraph" when it holds no line break (table rows quoted
with their line breaks are tables, not prose). It is kept when some paragraph's text
contains it verbatim, which is what a citation needs.
"""

from __future__ import annotations

if __package__ in (None, ""):  # run as a script: make the project importable
    import sys
    from pathlib import Path as _Path

    sys.path.insert(0, str(_Path(__file__).resolve().parent.parent))

import argparse
import json
from dataclasses import dataclass
from pathlib import Path

from core.models import Paragraph
from index.loaders import load_document
from index.paragraphs import split_paragraphs

DEFAULT_REALDEV = Path(__file__).resolve().parents[2] / "shared" / "realdev"


@dataclass(frozen=True)
class ReportStats:
    file: str
    paragraphs: int
    longest: int
    with_section: int


@dataclass(frozen=True)
class Evidence:
    question: str
    file: str
    text: str


def report_paragraphs(path: Path) -> list[Paragraph]:
    doc = load_document(path, 10 ** 8)
    return split_paragraphs(path.stem, doc.blocks)


def stats(path: Path, paragraphs: list[Paragraph]) -> ReportStats:
    return ReportStats(
        file=path.name,
        paragraphs=len(paragraphs),
        longest=max((len(p.text) for p in paragraphs if p.table is None), default=0),
        with_section=sum(1 for p in paragraphs if p.section),
    )


def single_paragraph_evidence(realdev: Path) -> list[Evidence]:
    """Every evidence string without a line break, with the file it quotes."""
    out: list[Evidence] = []
    for line in (realdev / "qa.jsonl").read_text(encoding="utf-8").splitlines():
        item = json.loads(line)
        evidence = item.get("evidence")
        if evidence is None:
            continue
        texts = evidence if isinstance(evidence, list) else [evidence]
        for file, text in zip(item["report_files"], texts):
            if text and "\n" not in text:
                out.append(Evidence(item["id"], Path(file).name, text))
    return out


def broken_evidence(realdev: Path, by_file: dict[str, list[Paragraph]]) -> list[Evidence]:
    """The single-paragraph evidence strings no paragraph quotes whole."""
    return [e for e in single_paragraph_evidence(realdev)
            if not any(e.text in p.text for p in by_file[e.file])]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--realdev", type=Path, default=DEFAULT_REALDEV)
    parser.add_argument("--per-report", action="store_true")
    args = parser.parse_args()
    paths = sorted((args.realdev / "reports").glob("*.txt"))
    by_file = {path.name: report_paragraphs(path) for path in paths}
    rows = [stats(path, by_file[path.name]) for path in paths]
    if args.per_report:
        print("| file | paragraphs | longest (chars) | with section |")
        print("|---|---|---|---|")
        for row in rows:
            print(f"| {row.file} | {row.paragraphs} | {row.longest} | {row.with_section} |")
    total = sum(r.paragraphs for r in rows)
    sectioned = sum(r.with_section for r in rows)
    longest = sorted(r.longest for r in rows)
    print(f"reports {len(rows)}  paragraphs {total}  with section {sectioned} ({sectioned / total:.0%})")
    print(f"longest paragraph per report: median {longest[len(longest) // 2]}  max {longest[-1]}"
          f"  reports whose longest > 600 chars: {sum(1 for n in longest if n > 600)}")
    evidence = single_paragraph_evidence(args.realdev)
    broken = broken_evidence(args.realdev, by_file)
    print(f"single-paragraph evidence strings {len(evidence)}  inside one paragraph {len(evidence) - len(broken)}")
    for e in broken:
        print(f"  broken: {e.question} {e.file}: {e.text[:60]}")


if __name__ == "__main__":
    main()
