"""The outside network blocked in the test process and in every Python process the
tests start (the indexer's encoder process, `python -m assistant` subprocesses):
conftest.py loads this module (loading it installs the guard) and puts this folder on
PYTHONPATH, so Python imports it at start-up. A connection to anything but loopback
raises, so a test that reaches out, or whose subprocess does, fails."""

from __future__ import annotations

import ipaddress
import socket

_real_connect = socket.socket.connect
_real_connect_ex = socket.socket.connect_ex
_real_getaddrinfo = socket.getaddrinfo


class OutsideNetworkError(RuntimeError):
    pass


def is_local(address) -> bool:
    if isinstance(address, (str, bytes)):  # AF_UNIX path
        return True
    host = address[0]
    if host in ("localhost", "", None):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def guarded_connect(self, address):
    if not is_local(address):
        raise OutsideNetworkError(f"test tried to reach the outside network: {address!r}")
    return _real_connect(self, address)


def guarded_connect_ex(self, address):
    if not is_local(address):
        raise OutsideNetworkError(f"test tried to reach the outside network: {address!r}")
    return _real_connect_ex(self, address)


def guarded_getaddrinfo(host, *args, **kwargs):
    if host not in (None, "localhost", "") and not is_local((host,)):
        raise OutsideNetworkError(f"test tried to resolve an outside host: {host!r}")
    return _real_getaddrinfo(host, *args, **kwargs)


def install() -> None:
    socket.socket.connect = guarded_connect
    socket.socket.connect_ex = guarded_connect_ex
    socket.getaddrinfo = guarded_getaddrinfo


install()
