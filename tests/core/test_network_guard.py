"""The guard itself: outside connections fail, loopback works."""

from __future__ import annotations

import socket
import subprocess
import sys

import pytest

from tests.conftest import OutsideNetworkError


def test_outside_connection_is_refused():
    with pytest.raises(OutsideNetworkError):
        socket.create_connection(("93.184.216.34", 443), timeout=1)


def test_outside_name_lookup_is_refused():
    with pytest.raises(OutsideNetworkError):
        socket.getaddrinfo("huggingface.co", 443)


def test_loopback_is_allowed():
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    client = socket.create_connection(server.getsockname(), timeout=1)
    client.close()
    server.close()


def test_a_python_subprocess_of_the_tests_is_guarded_too():
    # The indexer's encoder process and `python -m assistant` runs are such subprocesses.
    done = subprocess.run([sys.executable, "-c",
                           "import socket; socket.getaddrinfo('huggingface.co', 443)"],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode != 0 and "OutsideNetworkError" in done.stderr
