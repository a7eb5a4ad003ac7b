"""Paragraphs of the realdev reports (issue 10, item 5): per report, how many paragraphs
the real loader and splitter make, the longest one (characters), how many carry a
section path; and whether every single-paragraph evidence string of qa.jsonl is still
quoted whole by one paragraph.

    python benchmarks/realdev_paragraphs.py [--realdev ../shared/realdev] [--per-report]

An evidence string is "single-paragraph" when it holds no line break (table rows quoted
with their line breaks are tables, not prose). It is kept when some paragraph's text
contains it verbatim, which is what a citation needs.

The crawled form of a report is what a page that lost its line breaks gives: each run
of non-table lines joined into one line with spaces. Its level-1/2 section paths are
compared with those of the line-per-paragraph reading.
"""

from __future__ import annotations

if __package__ in (None, ""):  # run as a script: make the project importable
    import sys
    from pathlib import Path as _Path

    sys.path.insert(0, str(_Path(__file__).resolve().parent.parent))

import argparse
import json
import re
from dataclasses import dataclass
from pathlib import Path

from core.models import Paragraph
from index.loaders import load_document
from index.loaders.text import text_blocks
from index.paragraphs import split_paragraphs

DEFAULT_REALDEV = Path(__file__).resolve().parents[2] / "shared" / "realdev"


@dataclass(frozen=True)
class ReportStats:
    file: str
    paragraphs: int
    longest: int
    with_section: int
    nested: int  # paragraphs with a section path of two or more headings


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
        nested=sum(1 for p in paragraphs if " > " in p.section),
    )


def crawled_paragraphs(path: Path) -> list[Paragraph]:
    """The report as a crawled page holding it on one line: each run of non-table
    blocks joined with a space (table rows stay rows)."""
    lines: list[str] = []
    run: list[str] = []
    for block in load_document(path, 10 ** 8).blocks:
        if block.table is not None or "|" in block.text:
            lines += [" ".join(run)] if run else []
            run = []
            lines.append(block.text)
        else:
            run.append(block.text)
    lines += [" ".join(run)] if run else []
    return split_paragraphs(path.stem, text_blocks("\n".join(lines)))


_LEVEL3 = re.compile(r"(?:^| > )(?:\d|[（(]\d|[一二三四五六七八九十]+是)")


def level12_paths(paragraphs: list[Paragraph]) -> set[str]:
    """The section paths made of level-1/2 headings only."""
    return {p.section for p in paragraphs if p.section and not _LEVEL3.search(p.section)}


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
        print("| file | paragraphs | longest (chars) | with section | nested section |")
        print("|---|---|---|---|---|")
        for row in rows:
            print(f"| {row.file} | {row.paragraphs} | {row.longest} | {row.with_section} | {row.nested} |")
    total = sum(r.paragraphs for r in rows)
    sectioned = sum(r.with_section for r in rows)
    longest = sorted(r.longest for r in rows)
    nested = sum(r.nested for r in rows)
    print(f"reports {len(rows)}  paragraphs {total}  with section {sectioned} ({sectioned / total:.0%})"
          f"  nested section {nested}")
    print(f"longest paragraph per report: median {longest[len(longest) // 2]}  max {longest[-1]}"
          f"  reports whose longest > 600 chars: {sum(1 for n in longest if n > 600)}")
    evidence = single_paragraph_evidence(args.realdev)
    broken = broken_evidence(args.realdev, by_file)
    print(f"single-paragraph evidence strings {len(evidence)}  inside one paragraph {len(evidence) - len(broken)}")
    for e in broken:
        print(f"  broken: {e.question} {e.file}: {e.text[:60]}")
    crawled = {path.name: crawled_paragraphs(path) for path in paths}
    lines_paths = sum(len(level12_paths(by_file[name])) for name in by_file)
    found = sum(len(level12_paths(by_file[name]) & level12_paths(crawled[name])) for name in by_file)
    crawled_stats = [stats(path, crawled[path.name]) for path in paths]
    print(f"crawled form (one line per run of text): paragraphs {sum(r.paragraphs for r in crawled_stats)}"
          f"  longest median {sorted(r.longest for r in crawled_stats)[len(paths) // 2]}"
          f"  max {max(r.longest for r in crawled_stats)}")
    print(f"  level-1/2 section paths of the line reading found again: {found}/{lines_paths}")
    crawled_broken = broken_evidence(args.realdev, crawled)
    print(f"  single-paragraph evidence strings inside one paragraph: "
          f"{len(evidence) - len(crawled_broken)}/{len(evidence)}")


if __name__ == "__main__":
    main()
