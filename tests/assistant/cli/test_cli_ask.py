"""`ask` and `eval` commands: argument parsing, help text, JSON answers, batch mode."""

from __future__ import annotations

import argparse
import json

import pytest

from assistant.cli import ask as ask_cmd
from assistant.cli import eval as eval_cmd
from core.errors import AssistantError
from tests.qa_helpers import bundled_index


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(prog="python -m assistant")
    sub = root.add_subparsers(dest="command", required=True)
    ask_cmd.add_parser(sub)
    eval_cmd.add_parser(sub)
    return root


def test_every_command_and_option_has_help():
    root = parser()
    sub = next(a for a in root._actions if isinstance(a, argparse._SubParsersAction))
    for name, command in sub.choices.items():
        assert command.description, name
        helps = {a.dest: a.help for a in command._actions if a.dest != "help"}
        assert all(helps.values()), (name, helps)
    assert {c.dest: c.help for c in sub._choices_actions}.keys() == {"ask", "eval"}
    assert all(c.help for c in sub._choices_actions)


def test_question_and_batch_exclude_each_other(tmp_path):
    args = parser().parse_args(["ask", "问题", "--batch", str(tmp_path / "q.jsonl")])
    with pytest.raises(AssistantError):
        args.func(args, None)
    args = parser().parse_args(["ask"])
    with pytest.raises(AssistantError):
        args.func(args, None)


def test_bad_batch_lines_are_refused_before_anything_loads(tmp_path):
    batch = tmp_path / "q.jsonl"
    batch.write_text('{"id": 1, "question": "北沟街道收费了吗"}\nnot json\n', encoding="utf-8")
    args = parser().parse_args(["ask", "--batch", str(batch)])
    with pytest.raises(AssistantError, match=":2:"):
        args.func(args, None)
    args = parser().parse_args(["ask", "--batch", str(tmp_path / "missing.jsonl")])
    with pytest.raises(AssistantError):
        args.func(args, None)


@pytest.fixture(scope="module")
def settings(tmp_path_factory, embedder):
    return bundled_index(tmp_path_factory, embedder)[0]


@pytest.mark.slow
def test_ask_json(settings, capsys):
    args = parser().parse_args(["ask", "北沟街道2017年主动公开了多少条政府信息？", "--json"])
    assert args.func(args, settings) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["status"] == "answered"
    assert set(data) >= {"id", "question", "status", "answer", "citations", "figures"}
    assert data["figures"][0]["value"] == 14
    assert data["figures"][0]["citation"] in {c["n"] for c in data["citations"]}
    citation = data["citations"][0]
    assert set(citation) == {"n", "report", "office", "year", "section", "paragraph", "quote"}
    assert citation["report"] == "000_16c7a534f4d23119.txt" and "14条" in citation["quote"]


@pytest.mark.slow
def test_ask_text(settings, capsys):
    args = parser().parse_args(["ask", "上海市黄浦区2020年主动公开了多少条信息？"])
    assert args.func(args, settings) == 0
    out = capsys.readouterr().out
    assert "上海市黄浦区" in out and "not_found" in out


@pytest.mark.slow
def test_batch_answers_every_line_with_its_id(settings, tmp_path, capsys):
    batch = tmp_path / "q.jsonl"
    lines = [{"id": "a", "question": "银州区2018年受理了多少起行政复议案件？"},
             {"id": 7, "question": "果园街道通过哪些渠道公开信息？"},
             {"id": "c", "question": "长安街道发生了几起行政诉讼？"}]
    batch.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in lines) + "\n",
                     encoding="utf-8")
    args = parser().parse_args(["ask", "--batch", str(batch)])
    assert args.func(args, settings) == 0
    captured = capsys.readouterr()
    answers = [json.loads(line) for line in captured.out.splitlines()]
    assert [a["id"] for a in answers] == ["a", 7, "c"]
    assert [a["status"] for a in answers] == ["answered", "answered", "not_found"]
    assert answers[0]["figures"][0]["value"] == 5
    assert "p95" in captured.err


@pytest.mark.slow
def test_eval_prints_per_kind_counts(settings, tmp_path, capsys):
    qa = tmp_path / "qa.jsonl"
    qa.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in [
        {"id": "f", "question": "银州区2018年受理了多少起行政复议案件？", "kind": "figure",
         "expected": {"value": 5}, "evidence": "全年全区共受理行政复议案件5起"},
        {"id": "w", "question": "银州区2018年受理了多少起行政复议案件？", "kind": "figure",
         "expected": {"value": 6}, "evidence": "全年全区共受理行政复议案件5起"},
        {"id": "a", "question": "果园街道开了几场新闻发布会？", "kind": "absent"},
    ]), encoding="utf-8")
    args = parser().parse_args(["eval", str(qa)])
    assert args.func(args, settings) == 1  # one is wrong on purpose
    out = capsys.readouterr().out
    assert "figure      1/2" in out and "absent      1/1" in out and "w [figure]" in out
