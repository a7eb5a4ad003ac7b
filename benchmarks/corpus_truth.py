"""The ground truth of a generated corpus: what the generator wrote into each report,
and its `truth.jsonl` form (one JSON object per report file)."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path


@dataclass(frozen=True)
class TruthFigure:
    value: float
    qualifier: str  # exact / more_than / zero_in_words (the Figure qualifiers)
    scope: str  # annual / cumulative
    period: str  # "2017", "2013-2017", "..2017-11"


@dataclass(frozen=True)
class ReportTruth:
    office: str  # full name, as the report's title or signature writes it
    short: str
    region: tuple[str, ...]
    year: int  # the year reported on (the title's year where title and body differ)
    template: str
    # key: the metric; "@cumulative" appended for cumulative figures; "[label]" for a
    # per-category figure. Example: "active.total", "active.total@cumulative",
    # "active.category[政策法规类信息]".
    figures: dict[str, TruthFigure]

    def figure(self, metric: str, scope: str = "annual") -> TruthFigure | None:
        return self.figures.get(metric if scope == "annual" else f"{metric}@{scope}")

    def to_json(self) -> dict:
        data = asdict(self)
        data["region"] = list(self.region)
        return data


@dataclass(frozen=True)
class GeneratedReport:
    filename: str
    text: str
    truth: ReportTruth


def write_corpus(reports: list[GeneratedReport], out_dir: Path) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    with (out_dir / "truth.jsonl").open("w", encoding="utf-8") as truth_file:
        for report in reports:
            (out_dir / report.filename).write_text(report.text, encoding="utf-8")
            line = {"filename": report.filename, **report.truth.to_json()}
            truth_file.write(json.dumps(line, ensure_ascii=False) + "\n")


def read_truth(path: Path) -> dict[str, ReportTruth]:
    """truth.jsonl back into ReportTruth values, by file name."""
    truths = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        data = json.loads(line)
        figures = {k: TruthFigure(**v) for k, v in data["figures"].items()}
        truths[data["filename"]] = ReportTruth(
            office=data["office"], short=data["short"], region=tuple(data["region"]),
            year=data["year"], template=data["template"], figures=figures)
    return truths
