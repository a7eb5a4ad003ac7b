"""Login attempts are rate-limited; writes need a login unless allowed (issue 15, item 7)."""

from __future__ import annotations

from core.settings import Settings
from assistant.ui.login import LoginGuard, login_guard, may_write


class Clock:
    def __init__(self):
        self.now = 0.0

    def __call__(self):
        return self.now


def test_right_password_logs_in_and_wrong_ones_are_counted():
    clock = Clock()
    guard = LoginGuard([("analyst", "s3cret")], attempts=3, window_s=60, clock=clock)
    assert guard("analyst", "s3cret")
    assert not guard("analyst", "wrong") and not guard("nobody", "s3cret")
    assert not guard.locked("analyst")


def test_too_many_failures_lock_the_name_for_a_window_even_with_the_right_password():
    clock = Clock()
    guard = LoginGuard([("analyst", "s3cret")], attempts=3, window_s=60, clock=clock)
    for _ in range(3):
        assert not guard("analyst", "guess")
    assert guard.locked("analyst")
    assert not guard("analyst", "s3cret")
    clock.now = 61
    assert guard("analyst", "s3cret")


def test_no_guard_without_auth_and_guard_with_it():
    assert login_guard(Settings(_env_file=None)) is None
    assert login_guard(Settings(auth="a:b", _env_file=None))("a", "b")


def test_writes_need_a_login_unless_allowed():
    closed = Settings(_env_file=None)
    assert not may_write(closed, None) and may_write(closed, "analyst")
    assert may_write(Settings(allow_anonymous_writes=True, _env_file=None), None)
