"""`python -m assistant eval QA.jsonl`: how many questions of each kind are right, and
how many answers cite a report of an office the question is not about.

Question sets are JSON lines with "id", "question", "kind" (figure / passage / absent /
comparison), "expected" and "evidence", in either of two formats: the seeds set's
(`../shared/eval/seeds_qa.jsonl`, files in `reports`) and realdev's
(`../shared/realdev/qa.jsonl`, files in `report_files`, relative to the question file).
What "right" means for each kind and format is in assistant/judges.py (and
assistant/judge_comparison.py).

The wrong-office count (issue 12) is kept apart from right / wrong: an answered
question whose citations or figures come from a report file the item does not name. It
must be zero; each such answer is also wrong (its verdict carries the reason).
"""

from __future__ import annotations

import json
import statistics
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assistant.judge_comparison import judge_realdev_comparison, judge_seeds_comparison
from assistant.judges import Judge, judge_absent, judge_figure, judge_passage, wrong_files
from core.errors import AssistantError
from core.models import Answer


def load_items(path: Path) -> list[dict[str, Any]]:
    """JSON lines each holding at least a non-empty "question" (question sets, and the
    input of `ask --batch`)."""
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise AssistantError(f"cannot read {path}: {exc}") from exc
    items = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            raise AssistantError(f"{path}:{number}: not JSON: {exc}") from exc
        if not isinstance(item, dict) or not str(item.get("question", "")).strip():
            raise AssistantError(f'{path}:{number}: each line needs {{"id": ..., "question": ...}}')
        items.append(item)
    return items


def report_folders(items: Sequence[dict[str, Any]], qa_file: Path) -> list[Path]:
    """The folders holding the items' `report_files` (relative to the question file's
    folder), in first-seen order; [] for a set that names no report paths."""
    base = Path(qa_file).resolve().parent
    folders = [(base / name).parent for item in items for name in item.get("report_files", [])]
    return list(dict.fromkeys(folders))


def judge_comparison(answer: Answer, item: dict[str, Any]) -> list[str]:
    values = (item.get("expected") or {}).get("values", {})
    if any(isinstance(v, dict) for v in values.values()):
        return judge_realdev_comparison(answer, item)
    return judge_seeds_comparison(answer, item)


JUDGES: dict[str, Judge] = {
    "figure": judge_figure, "passage": judge_passage, "absent": judge_absent,
    "comparison": judge_comparison,
}


@dataclass(frozen=True)
class Verdict:
    id: str
    kind: str
    right: bool
    reasons: tuple[str, ...]
    ms: float
    wrong_files: tuple[str, ...] = ()  # cited report files the question is not about

    @property
    def wrong_office(self) -> bool:
        return bool(self.wrong_files)

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "kind": self.kind, "right": self.right,
                "reasons": list(self.reasons), "ms": round(self.ms, 1),
                "wrong_office": self.wrong_office, "wrong_files": list(self.wrong_files)}


@dataclass
class EvalReport:
    verdicts: list[Verdict] = field(default_factory=list)

    def by_kind(self) -> dict[str, tuple[int, int]]:
        out: dict[str, tuple[int, int]] = {}
        for v in self.verdicts:
            right, total = out.get(v.kind, (0, 0))
            out[v.kind] = (right + v.right, total + 1)
        return out

    def wrong_office(self) -> dict[str, int]:
        """Answers citing a report the question is not about, per kind (every kind of
        the set listed, zeros included)."""
        out = {kind: 0 for kind in self.by_kind()}
        for v in self.verdicts:
            out[v.kind] += v.wrong_office
        return out

    def latency(self) -> tuple[float, float]:
        times = sorted(v.ms for v in self.verdicts)
        if not times:
            return 0.0, 0.0
        p95 = times[min(len(times) - 1, max(0, int(round(0.95 * len(times))) - 1))]
        return statistics.median(times), p95


def evaluate(items: Sequence[dict[str, Any]], answer: Callable[[str], Answer],
             progress: Callable[[Verdict], None] | None = None,
             sources: Mapping[str, str] | None = None) -> EvalReport:
    """Judge the answer to every item. `sources` maps report ids to file names, so
    figures count towards the wrong-office check as citations do."""
    report = EvalReport()
    for item in items:
        kind = item.get("kind", "")
        start = time.perf_counter()
        wrong: tuple[str, ...] = ()
        try:
            result = answer(item["question"])
            reasons = JUDGES[kind](result, item) if kind in JUDGES else [f"unknown kind {kind!r}"]
            wrong = wrong_files(result, item, sources or {})
            if wrong:
                reasons.append(f"cites a report the question is not about: {', '.join(wrong)}")
        except AssistantError as exc:
            reasons = [f"error: {exc}"]
        ms = (time.perf_counter() - start) * 1000
        verdict = Verdict(str(item.get("id", "")), kind, not reasons, tuple(reasons), ms, wrong)
        report.verdicts.append(verdict)
        if progress:
            progress(verdict)
    return report


def format_report(report: EvalReport, name: str = "") -> str:
    lines = [f"评测 {name}".rstrip()]
    total_right = total = 0
    wrong_office = report.wrong_office()
    for kind, (right, count) in sorted(report.by_kind().items()):
        lines.append(f"  {kind:<11} {right}/{count}  ({100 * right / count:.0f}%)"
                     f"  wrong office {wrong_office[kind]}")
        total_right += right
        total += count
    if total:
        lines.append(f"  {'all':<11} {total_right}/{total}  ({100 * total_right / total:.0f}%)"
                     f"  wrong office {sum(wrong_office.values())}")
        p50, p95 = report.latency()
        lines.append(f"  latency     p50 {p50:.0f} ms, p95 {p95:.0f} ms")
    wrong = [v for v in report.verdicts if not v.right]
    if wrong:
        lines.append("  wrong:")
        lines += [f"    {v.id} [{v.kind}] " + "; ".join(v.reasons) for v in wrong]
    return "\n".join(lines)
