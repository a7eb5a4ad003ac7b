"""Marks users give answers (有用 / 有误), kept on this machine beside the index
(`<index_dir>/feedback.jsonl`, one JSON line per mark, appended), and their export as
eval-style JSON lines, so a wrong answer becomes a test case once someone writes down
what was expected.

No gradio here: the CLI (`python -m assistant feedback --export FILE`) reads the same file.
"""

from __future__ import annotations

import json
import logging
import os
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assistant.answering.serialise import answer_to_json
from core.models import Answer

log = logging.getLogger(__name__)

FEEDBACK_FILE = "feedback.jsonl"
MARKS = {"useful": "有用", "wrong": "有误"}
# One process writes its lines one at a time; each line is written by a single
# O_APPEND write, so lines of two app processes do not interleave either.
_WRITING = threading.Lock()


@dataclass(frozen=True)
class Mark:
    question: str
    answer: str  # the answer's text, with its [n] markers
    status: str
    kind: str
    citations: tuple[dict[str, Any], ...]  # as `ask --json` gives them
    mark: str  # a key of MARKS
    time: str  # ISO 8601, local time with offset


def feedback_path(index_dir: Path) -> Path:
    return Path(index_dir) / FEEDBACK_FILE


def mark_of(answer: Answer, mark: str, now: float | None = None) -> Mark:
    if mark not in MARKS:
        raise ValueError(f"unknown mark {mark!r}")
    plain = answer_to_json(answer)
    stamp = time.strftime("%Y-%m-%dT%H:%M:%S%z", time.localtime(now))
    return Mark(answer.question, answer.text, answer.status, answer.kind,
                tuple(plain["citations"]), mark, stamp)


def record(index_dir: Path, mark: Mark) -> None:
    """Append one mark to the feedback file (created on the first mark)."""
    path = feedback_path(index_dir)
    line = json.dumps({"time": mark.time, "mark": mark.mark, "question": mark.question,
                       "answer": mark.answer, "status": mark.status, "kind": mark.kind,
                       "citations": list(mark.citations)}, ensure_ascii=False) + "\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    with _WRITING:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        try:
            os.write(fd, line.encode("utf-8"))
        finally:
            os.close(fd)


def read_marks(index_dir: Path) -> list[Mark]:
    """Every mark in the file, in order; a line that is not a well-formed mark (a
    hand edit, a line cut by a crash) is skipped with a warning in the log."""
    path = feedback_path(index_dir)
    if not path.exists():
        return []
    marks = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        mark = _mark_from_line(line)
        if mark is None:
            log.warning("%s line %d is not a feedback mark: skipped", path, number)
        else:
            marks.append(mark)
    return marks


def _mark_from_line(line: str) -> Mark | None:
    try:
        raw = json.loads(line)
    except json.JSONDecodeError:
        return None
    if not isinstance(raw, dict) or raw.get("mark") not in MARKS:
        return None
    texts = ("question", "answer", "status", "kind", "time")
    if not all(isinstance(raw.get(key), str) for key in texts):
        return None
    citations = raw.get("citations")
    if not isinstance(citations, list) or not all(isinstance(c, dict) for c in citations):
        return None
    return Mark(raw["question"], raw["answer"], raw["status"], raw["kind"], tuple(citations),
                raw["mark"], raw["time"])


def eval_items(marks: Sequence[Mark], only: str | None = None) -> list[dict[str, Any]]:
    """The marks as items in the format of the eval question sets: `expected` is null
    (what the right answer is, a person writes in); the id is the mark's position in
    the file, so ids stay the same as more marks are appended."""
    return [{"id": f"fb{n:04d}", "question": m.question, "kind": m.kind or None,
             "expected": None, "answer": m.answer, "status": m.status,
             "citations": list(m.citations), "mark": m.mark, "time": m.time}
            for n, m in enumerate(marks, start=1) if only is None or m.mark == only]


def export_jsonl(marks: Sequence[Mark], target: Path, only: str | None = None) -> int:
    """Write the eval-style export (one JSON object a line) of every mark, or of those
    marked `only`; returns how many were written."""
    target.parent.mkdir(parents=True, exist_ok=True)
    lines = [json.dumps(item, ensure_ascii=False) for item in eval_items(marks, only)]
    target.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return len(lines)
