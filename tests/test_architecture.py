"""The dependency arrows of docs/ARCHITECTURE.md, checked on the source: every import
of a project module must point down the stack, never up or sideways into a later stage.

    core  <-  index (write side)
    core  <-  assistant.question <- retrieval <- answering <- comparison <- chain <- cli, ui
                                                  briefing <- answering's markers only
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# Package -> the project packages it may import (besides itself and its sub-modules).
ALLOWED: dict[str, set[str]] = {
    "core": set(),
    "index": {"core"},
    "assistant.question": {"core"},
    "assistant.retrieval": {"core", "assistant.question"},
    "assistant.answering": {"core", "assistant.question", "assistant.retrieval"},
    "assistant.comparison": {"core", "assistant.question", "assistant.retrieval",
                             "assistant.answering"},
    "assistant.briefing": {"core", "assistant.answering"},
    "assistant.chain": {"core", "assistant.question", "assistant.retrieval",
                        "assistant.answering", "assistant.comparison"},
    # Scoring answers against question sets: reads answers, never produces them.
    "assistant.judges": {"core", "assistant.question", "assistant.answering"},
    "assistant.judge_comparison": {"core", "assistant.question", "assistant.answering",
                                   "assistant.judges"},
    "assistant.evaluate": {"core", "assistant.question", "assistant.answering",
                           "assistant.judges", "assistant.judge_comparison"},
}
EDGES = ("assistant.cli", "assistant.ui", "assistant.__main__")  # import anything below them


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _project_imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return {name for name in found if name.split(".")[0] in ("core", "index", "assistant")}


def _package_of(module: str) -> str | None:
    for package in sorted(ALLOWED, key=len, reverse=True):
        if module == package or module.startswith(package + "."):
            return package
    return None


def _sources(*tops: str) -> list[Path]:
    return sorted(p for top in tops for p in (ROOT / top).rglob("*.py"))


@pytest.mark.parametrize("path", _sources("core", "index", "assistant"),
                         ids=lambda p: str(p.relative_to(ROOT)))
def test_imports_point_down_the_stack(path):
    own = _package_of(_module_name(path))
    if own is None:  # cli, ui, __main__: the edges
        return
    wrong = []
    for name in _project_imports(path):
        target = _package_of(name)
        if target is None:
            if name.startswith(EDGES) or name.split(".")[0] == "index" or name == "assistant":
                wrong.append(name)
            continue
        if target != own and target not in ALLOWED[own]:
            wrong.append(name)
    assert not wrong, f"{own} must not import {sorted(wrong)}"


def test_the_write_side_never_imports_the_read_side():
    offenders = [str(p.relative_to(ROOT)) for p in _sources("index", "core")
                 if any(n.split(".")[0] == "assistant" for n in _project_imports(p))]
    assert not offenders


def test_the_check_catches_an_upward_import(tmp_path):
    """The test itself can fail: an index module importing the answerer is caught."""
    bad = tmp_path / "bad.py"
    bad.write_text("from assistant.answering.answerer import Answerer\n", encoding="utf-8")
    assert "assistant.answering.answerer" in _project_imports(bad)
    assert _package_of("assistant.answering.answerer") not in ALLOWED["index"]
