"""The CLI parses, dispatches and speaks the user's language; every command has help."""

from __future__ import annotations

import json

import pytest

from assistant.cli import COMMANDS, build_parser, main


def test_every_command_has_help_text():
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    for name in COMMANDS:
        assert name in sub.choices
        assert sub.choices[name].description or sub.choices[name].format_help().strip()
        assert any(ca.dest == name and ca.help for ca in sub._choices_actions), name


@pytest.mark.slow
def test_index_reports_and_figures_commands(tmp_path, capsys, corpus_files):
    index_dir = str(tmp_path / "idx")
    assert main(["index", str(corpus_files[0]), "--index-dir", index_dir]) == 0
    out = capsys.readouterr().out
    assert "新增 1 份" in out
    assert main(["index", str(corpus_files[0]), "--index-dir", index_dir]) == 0
    assert "跳过 1 份" in capsys.readouterr().out

    assert main(["reports", "--index-dir", index_dir, "--json"]) == 0
    [row] = json.loads(capsys.readouterr().out)
    assert (row["office_short"], row["year"], row["source"]) == (
        "北沟街道", 2017, corpus_files[0].name)

    assert main(["figures", "--index-dir", index_dir, "--office", "北沟街道",
                 "--metric", "active.total", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert {(r["value"], r["scope"]) for r in rows} >= {(14.0, "annual"), (58.0, "cumulative")}
    assert all(str(int(r["value"])) in r["quote"] for r in rows)


def test_bad_file_gives_a_clean_message_and_exit_code(tmp_path, capsys):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    code = main(["index", str(empty), "--index-dir", str(tmp_path / "idx")])
    err = capsys.readouterr().err
    assert code == 1
    assert "empty.txt" in err and "Traceback" not in err
