"""Feedback marks: appended to <index_dir>/feedback.jsonl, read back, exported as
eval-style items; a broken line is skipped, not fatal."""

from __future__ import annotations

import json

from assistant.ui import feedback
from tests.assistant.ui.test_chat_saved import ANSWER


def test_marks_are_appended_and_exported_as_eval_items(tmp_path):
    feedback.record(tmp_path, feedback.mark_of(ANSWER, "wrong", now=0))
    feedback.record(tmp_path, feedback.mark_of(ANSWER, "useful"))
    lines = (tmp_path / "feedback.jsonl").read_text("utf-8").splitlines()
    assert [json.loads(line)["mark"] for line in lines] == ["wrong", "useful"]

    target = tmp_path / "out" / "fb.jsonl"
    assert feedback.export_jsonl(feedback.read_marks(tmp_path), target) == 2
    items = [json.loads(line) for line in target.read_text("utf-8").splitlines()]
    assert [i["id"] for i in items] == ["fb0001", "fb0002"]
    first = items[0]
    assert first["question"] == ANSWER.question and first["kind"] == "figure"
    assert first["expected"] is None and first["answer"] == ANSWER.text
    assert first["mark"] == "wrong" and first["status"] == "answered"
    assert first["citations"][0]["quote"] == "主动公开政府信息14条"
    assert first["time"].startswith("1970-01-01") or first["time"].startswith("1969-12-31")


def test_a_broken_line_is_skipped(tmp_path):
    feedback.record(tmp_path, feedback.mark_of(ANSWER, "useful"))
    with (tmp_path / "feedback.jsonl").open("a", encoding="utf-8") as handle:
        handle.write('{"mark": "useful", "question": \n{"mark": "bogus"}\n')
    feedback.record(tmp_path, feedback.mark_of(ANSWER, "wrong"))
    assert [m.mark for m in feedback.read_marks(tmp_path)] == ["useful", "wrong"]


def test_no_file_no_marks(tmp_path):
    assert feedback.read_marks(tmp_path) == []


def test_the_cli_exports_the_marks(tmp_path, capsys):
    from assistant.cli import main

    feedback.record(tmp_path, feedback.mark_of(ANSWER, "useful"))
    feedback.record(tmp_path, feedback.mark_of(ANSWER, "wrong"))
    target = tmp_path / "wrong.jsonl"
    code = main(["feedback", "--export", str(target), "--only", "wrong",
                 "--index-dir", str(tmp_path)])
    assert code == 0
    [item] = [json.loads(line) for line in target.read_text("utf-8").splitlines()]
    assert item["mark"] == "wrong" and item["id"] == "fb0002" and item["expected"] is None
    assert "有误 1 条" in capsys.readouterr().err
