"""The key of the briefing's browser copy: made once, kept beside the index (owner-only),
so briefings outlive a restart; no key (a new one per start) when it cannot be kept."""

from __future__ import annotations

import stat

from assistant.ui.server import BROWSER_SECRET_FILE, browser_secret


def test_the_key_is_made_once_and_kept(tmp_path):
    folder = tmp_path / "index"
    first = browser_secret(folder)
    assert first and len(first) >= 32
    assert browser_secret(folder) == first
    mode = stat.S_IMODE((folder / BROWSER_SECRET_FILE).stat().st_mode)
    assert mode == 0o600


def test_a_damaged_key_file_gives_no_key(tmp_path):
    (tmp_path / BROWSER_SECRET_FILE).write_bytes(b"\xff\xfe short")
    assert browser_secret(tmp_path) is None
    (tmp_path / BROWSER_SECRET_FILE).write_text("short", encoding="ascii")
    assert browser_secret(tmp_path) is None


def test_an_unwritable_folder_gives_no_key(tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x", encoding="ascii")
    assert browser_secret(blocker / "index") is None
