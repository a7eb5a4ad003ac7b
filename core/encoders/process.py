"""An encoder in a child process (core/encoders/worker.py), called like the embedder:
`encoder(texts)` returns the vectors, `load()` waits until the model is loaded.

Used by `python -m assistant index`, which starts it before anything else (the model
loads while the indexer imports Chroma and opens the store) and whose main thread
would otherwise stall an in-process encoder (see the worker's docstring). The web app
encodes in process, where the model is already loaded for questions."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import threading
from collections.abc import Sequence
from dataclasses import asdict

import numpy as np

from core.encoders.loading import EncoderSpec
from core.encoders.worker import read_message, send_message
from core.errors import ConfigError, EncoderProcessError, ModelNotFoundError
from core.settings import PROJECT_ROOT

# Errors the worker may report that keep their type here (the user's message for them
# is the CLI's), by name; any other becomes an EncoderProcessError naming it.
_KEPT = {cls.__name__: cls for cls in (ModelNotFoundError, ConfigError)}


class EncoderProcess:
    def __init__(self, spec: EncoderSpec):
        self.spec = spec
        self.running: str | None = None  # "onnx", "onnx-int8" or "torch", once loaded
        self.dimension: int | None = None
        self.exit_code: int | None = None  # once closed
        self._child: subprocess.Popen | None = None
        self._lock = threading.Lock()  # one request on the channel at a time

    def __enter__(self) -> "EncoderProcess":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def start(self) -> "EncoderProcess":
        """Start the process (it loads the model at once); returns without waiting."""
        with self._lock:
            self._spawned()
        return self

    @property
    def pid(self) -> int | None:
        return self._child.pid if self._child is not None else None

    def load(self) -> None:
        with self._lock:
            self._ready()

    def __call__(self, texts: Sequence[str]) -> np.ndarray:
        with self._lock:
            child = self._ready()
            self._send(child, list(texts))
            return self._reply()[1]

    def close(self) -> None:
        """End the process: it exits when its input closes. One whose model nobody has
        waited for is killed instead (a run that skipped every file does not wait for
        the load it started)."""
        child, self._child = self._child, None
        if child is None:
            return
        if self.running is None:
            child.kill()
        try:
            child.stdin.close()
        except OSError:
            pass
        try:
            self.exit_code = child.wait(timeout=5)
        except subprocess.TimeoutExpired:
            child.kill()
            self.exit_code = child.wait()
        child.stdout.close()

    def _spawned(self) -> subprocess.Popen:
        if self._child is not None:
            return self._child
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(
            p for p in (str(PROJECT_ROOT), env.get("PYTHONPATH", "")) if p)
        try:
            # -P: the user's working folder is not put on the path (a `core` folder
            # there would be imported instead of ours).
            child = subprocess.Popen([sys.executable, "-P", "-m", "core.encoders.worker"],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env)
        except OSError as exc:
            raise EncoderProcessError(f"the encoder process could not start: {exc}") from exc
        self._child = child
        self._send(child, {"spec": asdict(self.spec),
                           "log_level": logging.getLogger().getEffectiveLevel()})
        return child

    def _ready(self) -> subprocess.Popen:
        child = self._spawned()
        if self.running is None:
            try:
                _, running, self.dimension = self._reply()
            except BaseException:
                self.close()  # it could not load the model: it has exited, or will
                raise
            self.running = running
        return child

    def _send(self, child: subprocess.Popen, message: object) -> None:
        try:
            send_message(child.stdin, message)
        except (BrokenPipeError, OSError) as exc:
            raise self._ended() from exc

    def _reply(self) -> tuple:
        assert self._child is not None
        try:
            message = read_message(self._child.stdout)
        except EOFError:
            raise self._ended() from None
        if message[0] == "error":
            _, kind, text = message
            if kind in _KEPT:
                raise _KEPT[kind](text)
            raise EncoderProcessError(f"the encoder process failed: {kind}: {text}")
        return message

    def _ended(self) -> EncoderProcessError:
        child, code = self._child, None
        if child is not None:
            try:
                code = child.wait(timeout=5)
            except subprocess.TimeoutExpired:
                pass  # its output closed, yet it lives on: close() kills it
        self.close()
        return EncoderProcessError(f"the encoder process ended unexpectedly (exit code {code})")
