"""The indexer's encoder process: `python -m core.encoders.worker`, started and fed by
core/encoders/process.py.

Why a process: the indexer's main thread is Python that holds the GIL (Chroma's upsert
holds it for a whole call, building a report is pure Python), and an encoder thread
beside it waits for the GIL between runs; in a process of its own the encoder never
waits for the indexer, loads the model while the indexer imports and opens the store,
and the two share the cores only as the operating system shares them.

The channel: length-prefixed pickles, requests on stdin, replies on a private copy of
stdout (fd 1 itself is pointed at stderr, so a library that prints cannot corrupt it).
The first request is the EncoderSpec (as a dict) and the log level; the reply is
("ready", running, dimension) or ("error", type name, message). Every later request is
a list of texts; the reply ("vectors", float32 array) or ("error", ...). End of input
ends the process.
"""

from __future__ import annotations

import logging
import os
import pickle
import struct
import sys
from typing import Any, BinaryIO

_HEADER = struct.Struct("<Q")


def send_message(stream: BinaryIO, message: Any) -> None:
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(_HEADER.pack(len(data)))
    stream.write(data)
    stream.flush()


def read_message(stream: BinaryIO) -> Any:
    """The next message; EOFError when the other side has closed the channel."""
    header = stream.read(_HEADER.size)
    if len(header) < _HEADER.size:
        raise EOFError("channel closed")
    size = _HEADER.unpack(header)[0]
    data = stream.read(size)
    if len(data) < size:
        raise EOFError("channel closed mid-message")
    return pickle.loads(data)


def _error(exc: BaseException) -> tuple[str, str, str]:
    return ("error", type(exc).__name__, str(exc))


def serve(requests: BinaryIO, replies: BinaryIO) -> int:
    import numpy as np

    from core.encoders.loading import EncoderSpec, load_encoder

    first = read_message(requests)
    logging.basicConfig(level=first["log_level"], stream=sys.stderr,
                        format="%(levelname)s %(name)s: %(message)s")
    try:
        loaded = load_encoder(EncoderSpec(**first["spec"]))
        dimension = int(loaded.backend.dimension)
    except Exception as exc:  # noqa: BLE001 - reported to the indexer, which raises it
        send_message(replies, _error(exc))
        return 1
    send_message(replies, ("ready", loaded.running, dimension))
    while True:
        try:
            texts = read_message(requests)
        except EOFError:
            return 0
        try:
            vectors = np.asarray(loaded.backend.encode(texts), dtype=np.float32)
        except Exception as exc:  # noqa: BLE001 - one failed call, the process goes on
            send_message(replies, _error(exc))
            continue
        send_message(replies, ("vectors", vectors))


def main() -> int:
    replies = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # from here on, whatever prints goes to stderr, not into the channel
    try:
        return serve(sys.stdin.buffer, replies)
    except (KeyboardInterrupt, BrokenPipeError, EOFError):
        return 130 if sys.exc_info()[0] is KeyboardInterrupt else 0


if __name__ == "__main__":
    sys.exit(main())
