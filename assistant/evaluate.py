"""`python -m assistant eval QA.jsonl`: how many questions of each kind are right.

The question set has the format of shared/eval/seeds_qa.jsonl: one JSON object per
line with "id", "question", "kind" (figure / passage / absent / comparison),
"expected" and "evidence". Right means:

- figure: answered; the stated figures are exactly the expected values (and percent),
  with the expected qualifier; a cited paragraph holds the evidence;
- absent: status not_found;
- passage: answered; every key phrase is in a cited paragraph;
- comparison: answered; each expected office value is a table cell (超3000 = more than
  3000, "(累计)" = cumulative); `top`/`higher` is named first; yes / no / not_stated
  offices have a positive / zero / no value; every `must_mention` group has one of its
  words in the answer; every evidence string is in a cited paragraph.

Texts are compared normalised (Simplified, no pinyin, half-width), so evidence written
in a Traditional report matches either way.
"""

from __future__ import annotations

import json
import re
import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from core.errors import AssistantError
from core.models import Answer, TableRow
from assistant.question.offices import simplified
from core.normalise import normalise

QUALIFIERS = {"more than": "more_than", "at least": "at_least", "about": "about",
              "less than": "less_than"}


def _n(text: str) -> str:
    return re.sub(r"\s+", "", normalise(text or "").text)


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


@dataclass(frozen=True)
class Verdict:
    id: str
    kind: str
    right: bool
    reasons: tuple[str, ...]
    ms: float


@dataclass
class EvalReport:
    verdicts: list[Verdict] = field(default_factory=list)

    def by_kind(self) -> dict[str, tuple[int, int]]:
        out: dict[str, tuple[int, int]] = {}
        for v in self.verdicts:
            right, total = out.get(v.kind, (0, 0))
            out[v.kind] = (right + v.right, total + 1)
        return out

    def latency(self) -> tuple[float, float]:
        times = sorted(v.ms for v in self.verdicts)
        if not times:
            return 0.0, 0.0
        p95 = times[min(len(times) - 1, max(0, int(round(0.95 * len(times))) - 1))]
        return statistics.median(times), p95


def _cited_text(answer: Answer) -> list[str]:
    return [_n(c.paragraph_text or c.quote) for c in answer.citations]


def _holds(answer: Answer, evidence: str) -> bool:
    wanted = _n(evidence)
    return any(wanted in text for text in _cited_text(answer))


def _values(expected: Any) -> list[float]:
    return [float(v) for v in (expected if isinstance(expected, list) else [expected])]


def judge_figure(answer: Answer, item: dict[str, Any]) -> list[str]:
    expected = item.get("expected") or {}
    if answer.status != "answered":
        return ["not answered"]
    wanted = _values(expected.get("value"))
    if "percent" in expected:
        wanted.append(float(expected["percent"]))
    stated = {float(f.value) for f in answer.figures}
    reasons = [f"missing value {v:g}" for v in wanted if v not in stated]
    reasons += [f"extra value {v:g}" for v in sorted(stated - set(wanted))]
    qualifier = QUALIFIERS.get(expected.get("qualifier", ""))
    if qualifier and not any(f.qualifier == qualifier for f in answer.figures
                             if float(f.value) in wanted):
        reasons.append(f"qualifier is not {qualifier}")
    if item.get("evidence") and not _holds(answer, item["evidence"]):
        reasons.append("no cited paragraph holds the evidence")
    return reasons


def judge_passage(answer: Answer, item: dict[str, Any]) -> list[str]:
    if answer.status != "answered":
        return ["not answered"]
    texts = _cited_text(answer)
    phrases = (item.get("expected") or {}).get("phrases", [])
    return [f"phrase {p!r} in no cited paragraph" for p in phrases
            if not any(_n(p) in t for t in texts)]


def judge_absent(answer: Answer, item: dict[str, Any]) -> list[str]:
    return [] if answer.status == "not_found" else ["answered a question the reports cannot"]


def _rows_of(answer: Answer, office: str) -> list[TableRow]:
    key = simplified(office)
    return [r for r in answer.table if key in simplified(r.office) or simplified(r.office) in key]


def _cell_matches(row: TableRow, spec: Any) -> bool:
    if row.value is None:
        return False
    if isinstance(spec, (int, float)):
        return float(row.value) == float(spec) and row.qualifier != "more_than"
    text = str(spec)
    number = re.search(r"\d+(?:\.\d+)?", text)
    if not number or float(row.value) != float(number.group()):
        return False
    if re.search(r"超|逾|多于", text) and row.qualifier != "more_than":
        return False
    return not ("累计" in text and row.scope != "cumulative")


_MORE = r"(?:较多|更多|最多|最高|较高|更高|居首|排名第一|排第一)"


def _named_as_top(text: str, office: str) -> bool:
    """The answer says `office` has more / the most: 新碶街道较多, 最多的是银州区."""
    name = re.escape(office)
    return bool(re.search(rf"{name}[^。；，,]{{0,8}}{_MORE}", text)
                or re.search(rf"{_MORE}的?(?:是|为)[^。；，,]{{0,4}}{name}", text))


def judge_comparison(answer: Answer, item: dict[str, Any]) -> list[str]:
    expected = item.get("expected") or {}
    if answer.status != "answered":
        return ["not answered"]
    reasons = []
    values = expected.get("values", {})
    for office, spec in values.items():
        if not any(_cell_matches(r, spec) for r in _rows_of(answer, office)):
            reasons.append(f"no table cell {office}={spec}")
    text = simplified(answer.text)
    for key in ("top", "higher"):
        if key in expected and not _named_as_top(text, expected[key]):
            reasons.append(f"{key} is not {expected[key]}")
    for office in expected.get("yes", []):
        if not any(r.value for r in _rows_of(answer, office)):
            reasons.append(f"{office} should have cases")
    for office in expected.get("no", []):
        if not any(r.value == 0 for r in _rows_of(answer, office)):
            reasons.append(f"{office} should be stated as none")
    for office in expected.get("not_stated", []):
        if any(r.value is not None for r in _rows_of(answer, office)):
            reasons.append(f"{office} is not stated, yet has a value")
    for group in expected.get("must_mention", []):
        if not any(word in text for word in group):
            reasons.append(f"mentions none of {group}")
    for evidence in item.get("evidence") or []:
        if not _holds(answer, evidence):
            reasons.append(f"no cited paragraph holds {evidence[:20]!r}")
    return reasons


JUDGES: dict[str, Callable[[Answer, dict[str, Any]], list[str]]] = {
    "figure": judge_figure, "passage": judge_passage, "absent": judge_absent,
    "comparison": judge_comparison,
}


def evaluate(items: Sequence[dict[str, Any]], answer: Callable[[str], Answer],
             progress: Callable[[Verdict], None] | None = None) -> EvalReport:
    report = EvalReport()
    for item in items:
        kind = item.get("kind", "")
        start = time.perf_counter()
        try:
            result = answer(item["question"])
            reasons = JUDGES[kind](result, item) if kind in JUDGES else [f"unknown kind {kind!r}"]
        except AssistantError as exc:
            reasons = [f"error: {exc}"]
        ms = (time.perf_counter() - start) * 1000
        verdict = Verdict(str(item.get("id", "")), kind, not reasons, tuple(reasons), ms)
        report.verdicts.append(verdict)
        if progress:
            progress(verdict)
    return report


def format_report(report: EvalReport, name: str = "") -> str:
    lines = [f"评测 {name}".rstrip()]
    total_right = total = 0
    for kind, (right, count) in sorted(report.by_kind().items()):
        lines.append(f"  {kind:<11} {right}/{count}  ({100 * right / count:.0f}%)")
        total_right += right
        total += count
    if total:
        lines.append(f"  {'all':<11} {total_right}/{total}  ({100 * total_right / total:.0f}%)")
        p50, p95 = report.latency()
        lines.append(f"  latency     p50 {p50:.0f} ms, p95 {p95:.0f} ms")
    wrong = [v for v in report.verdicts if not v.right]
    if wrong:
        lines.append("  wrong:")
        lines += [f"    {v.id} [{v.kind}] " + "; ".join(v.reasons) for v in wrong]
    return "\n".join(lines)
