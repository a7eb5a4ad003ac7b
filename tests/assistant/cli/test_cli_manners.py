"""CLI manners (issue 15, item 8): output cut short by the reader ends quietly, every
command's --help shows examples, the exit codes are documented."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from assistant.cli import COMMANDS, build_parser
from tests.conftest import ROOT


def test_every_command_help_ends_with_examples_of_that_command():
    parser = build_parser()
    assert "examples:" in parser.format_help() and "exit codes" in parser.format_help()
    sub = next(a for a in parser._actions if a.dest == "command")
    for name in COMMANDS:
        text = sub.choices[name].format_help()
        examples = text.split("examples:", 1)
        assert len(examples) == 2, f"{name} --help has no examples"
        assert f"python -m assistant {name}" in examples[1], name


def test_readme_documents_the_exit_codes():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Exit codes", 1)
    assert len(section) == 2
    text = section[1].split("\n## ", 1)[0]
    for code in ("`0`", "`1`", "`2`", "`130`"):
        assert code in text, code


@pytest.mark.slow
@pytest.mark.parametrize("command", [["reports", "--json"], ["figures", "--json"],
                                     ["reports"]])
def test_a_reader_that_stops_reading_gets_no_traceback(tmp_path, command):
    """`reports --json | head`: the pipe's reading end is closed before the command
    writes, so its first write fails with EPIPE (Python raises BrokenPipeError)."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    proc = subprocess.run(
        [sys.executable, "-m", "assistant", *command, "--index-dir", str(tmp_path / "idx")],
        stdout=write_end, stderr=subprocess.PIPE, cwd=ROOT, timeout=180)
    os.close(write_end)
    stderr = proc.stderr.decode("utf-8", "replace")
    assert "Traceback" not in stderr and "BrokenPipe" not in stderr, stderr
    assert proc.returncode == 0
