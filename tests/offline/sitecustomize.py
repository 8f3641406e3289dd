"""Switch the network off for a Python process: put this folder first on PYTHONPATH.

notebooks/conftest.py does so for the kernels nbval starts, so every notebook's
default path is tested offline even on a machine that has a network (CI has
none). Connections to loopback addresses (the kernel's own channels, a local
JupyterLab) still work; any other connection raises ``OSError`` at once, as a
machine without a network would, and says why.
"""

from __future__ import annotations

import ipaddress
import socket

_connect, _connect_ex = socket.socket.connect, socket.socket.connect_ex

MESSAGE = "network switched off by tests/offline (the course's default path must work offline)"


def _refused(address: object) -> bool:
    if not isinstance(address, tuple) or not address:
        return False  # a Unix socket or another local address family
    host = address[0]
    if host in ("localhost", ""):
        return False
    try:
        return not ipaddress.ip_address(host.split("%")[0]).is_loopback
    except ValueError:  # a host name: resolving it would already need the network
        return True


def _guarded_connect(self: socket.socket, address: object) -> None:
    if _refused(address):
        raise OSError(f"{MESSAGE}: connect to {address!r}")
    return _connect(self, address)


def _guarded_connect_ex(self: socket.socket, address: object) -> int:
    if _refused(address):
        raise OSError(f"{MESSAGE}: connect to {address!r}")
    return _connect_ex(self, address)


socket.socket.connect = _guarded_connect
socket.socket.connect_ex = _guarded_connect_ex
