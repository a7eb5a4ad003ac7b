"""The code version every report record carries (index/version.py) cannot be forgotten:
any change to what builds a report changes it; comments, layout and the store's own
plumbing do not."""

from __future__ import annotations

import shutil

from index import version
from tests.conftest import ROOT


def _copy(tmp_path):
    for package in ("index", "core"):
        shutil.copytree(ROOT / package, tmp_path / package,
                        ignore=shutil.ignore_patterns("__pycache__"))
    return tmp_path


def test_the_version_follows_the_extraction_code(tmp_path):
    root = _copy(tmp_path)
    before = version.code_version(root)
    assert before == version.code_version(ROOT) == version.index_version()

    office = root / "index" / "metadata" / "office.py"
    office.write_text(office.read_text(encoding="utf-8") + "\n# a comment only\n\n",
                      encoding="utf-8")
    assert version.code_version(root) == before  # comments and layout: same code

    office.write_text(office.read_text(encoding="utf-8") + "\nNEW_RULE = 1\n",
                      encoding="utf-8")
    changed = version.code_version(root)
    assert changed != before

    vocabulary = root / "core" / "vocabulary.py"  # core code that shapes figures
    vocabulary.write_text(vocabulary.read_text(encoding="utf-8") + "\nX = 2\n",
                          encoding="utf-8")
    assert version.code_version(root) not in (before, changed)


def test_a_new_module_counts_and_store_plumbing_does_not(tmp_path):
    root = _copy(tmp_path)
    before = version.code_version(root)
    (root / "index" / "figures" / "new_reader.py").write_text("A = 1\n", encoding="utf-8")
    with_new = version.code_version(root)
    assert with_new != before
    for name in version.NOT_SHAPING:
        path = root / name
        path.write_text(path.read_text(encoding="utf-8") + "\nZ = 3\n", encoding="utf-8")
    assert version.code_version(root) == with_new


def test_every_excluded_module_exists_and_says_why():
    for name, why in version.NOT_SHAPING.items():
        assert (ROOT / name).is_file(), name
        assert why.strip()
