"""The version of the code that builds a report: a hash of its source, computed, never
written by hand.

Why: re-indexing skips a file whose content is unchanged, so before this an index kept
the figures and offices of whatever extractor built it, forever, after a new figure
extractor or office reader landed. Every report record now carries `INDEX_VERSION`; a
report whose version differs is built again ("rebuilt" / 重建 in the summary), keeping
the user's correction. A hand-bumped constant can be forgotten; a hash cannot.

What is hashed: every module of the `index/` package, and every `core/` module except
those that cannot change what is stored for a report (listed in `NOT_SHAPING`, each with
its reason). Each file is hashed as its syntax tree (`ast.dump`), so an edit to comments
or layout does not rebuild every index; a changed docstring does (cheap to accept).
"""

from __future__ import annotations

import ast
import hashlib
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# core modules that do not shape a stored report, and why.
NOT_SHAPING = {
    "core/store.py": "how records are written and read, not what they hold",
    "core/store_client.py": "opening the Chroma client",
    "core/store_health.py": "sweeps and checks, no record content",
    "core/store_lease.py": "the writer lease",
    "core/store_writes.py": "the Chroma calls that write records, not what they hold",
    "core/settings.py": "configuration; the stored chunk size is a setting, not code",
    "core/embedding.py": "vectors; the model and variant are checked per collection",
    "core/errors.py": "exception types and messages",
}


def source_files(root: Path = ROOT) -> list[Path]:
    files = sorted((root / "index").rglob("*.py")) + sorted((root / "core").glob("*.py"))
    return [f for f in files
            if f.relative_to(root).as_posix() not in NOT_SHAPING and f.name != "version.py"]


def code_version(root: Path = ROOT) -> str:
    """16 hex digits over the syntax trees of `source_files(root)`, with their paths."""
    digest = hashlib.sha256()
    for path in source_files(root):
        tree = ast.dump(ast.parse(path.read_text(encoding="utf-8")))
        digest.update(path.relative_to(root).as_posix().encode("utf-8") + b"\0")
        digest.update(tree.encode("utf-8") + b"\0")
    return digest.hexdigest()[:16]


@lru_cache(maxsize=1)
def index_version() -> str:
    """The version of the running code (computed once per process)."""
    return code_version()
