"""Who may do what in the web app: login attempts rate-limited per user name, and
uploading or deleting reports only for a logged-in user (or, on a single-user machine,
when settings.allow_anonymous_writes says so)."""

from __future__ import annotations

import hmac
import threading
import time
from collections import defaultdict, deque
from collections.abc import Callable, Sequence

from core.settings import Settings

WRITES_NEED_LOGIN = ("上传和删除报告需要登录：请用 GOVQA_AUTH 设置账号后登录；"
                     "仅本人使用的电脑上，可设置 GOVQA_ALLOW_ANONYMOUS_WRITES=true。")


class LoginGuard:
    """Gradio's `auth` callable: right pairs log in, unless the user name failed
    `attempts` times within `window_s` — then it is refused (even with the right
    password) until the window has passed, so passwords cannot be tried fast."""

    def __init__(self, pairs: Sequence[tuple[str, str]], attempts: int, window_s: float,
                 clock: Callable[[], float] = time.monotonic):
        self._pairs = dict(pairs)
        self._attempts = attempts
        self._window = window_s
        self._clock = clock
        self._failures: dict[str, deque[float]] = defaultdict(deque)
        self._lock = threading.Lock()

    def locked(self, user: str) -> bool:
        with self._lock:
            return self._recent(user) >= self._attempts

    def _recent(self, user: str) -> int:
        failures = self._failures[user]
        while failures and self._clock() - failures[0] > self._window:
            failures.popleft()
        return len(failures)

    def __call__(self, user: str, password: str) -> bool:
        with self._lock:
            if self._recent(user) >= self._attempts:
                return False
            expected = self._pairs.get(user)
            # compare_digest: the time taken does not tell how much of a password was right
            ok = expected is not None and hmac.compare_digest(expected.encode(), password.encode())
            if not ok:
                self._failures[user].append(self._clock())
            return ok


def login_guard(settings: Settings) -> LoginGuard | None:
    pairs = settings.auth_pairs()
    if not pairs:
        return None
    return LoginGuard(pairs, settings.login_attempts, settings.login_window_s)


def may_write(settings: Settings, username: str | None) -> bool:
    """Whether a request may upload or delete reports."""
    return bool(username) or settings.allow_anonymous_writes
