"""A resolver stub and a connect spy, for the tests of what a page may make the tool reach.

``Resolver`` replaces ``socket.getaddrinfo``: a name it knows answers the addresses given (a
list, or a function of how many times the name was asked, for DNS rebinding); an address
literal (in any form the system reads) and ``localhost`` answer as the system would; any other name does not resolve. It
records every name asked. ``ConnectSpy`` wraps ``socket.socket.connect`` (on top of the
conftest's guard, which refuses anything not on this machine) and records every address a
socket tried to reach, so a test can assert that an address was never even attempted.

Addresses that are not loopback appear only as the stub's answers (and in refused URLs):
documentation and reserved ranges, or the private and link-local ranges a test is about. No
socket ever reaches them: the code under test must refuse them before connecting, the spy
records any attempt, and the conftest's guard stops it.
"""

from __future__ import annotations

import ipaddress
import socket
from collections import Counter
from typing import Callable, Sequence

Answers = Sequence[str] | Callable[[int], Sequence[str]]


class Resolver:
    def __init__(self, names: dict[str, Answers] | None = None):
        self.names: dict[str, Answers] = {k.lower(): v for k, v in (names or {}).items()}
        self.asked: Counter[str] = Counter()
        self._real = socket.getaddrinfo

    def __call__(self, host, port, family=0, type=0, proto=0, flags=0):  # noqa: A002 - socket's names
        name = (host.decode() if isinstance(host, bytes) else str(host)).lower().rstrip(".")
        self.asked[name] += 1
        if name in self.names:
            answers = self.names[name]
            addresses = answers(self.asked[name]) if callable(answers) else answers
            return [_entry(a, port) for a in addresses if _family_ok(a, family)]
        if name == "localhost":
            return self._real(host, port, family, type, proto, flags)
        try:  # an address literal, in any form the system reads (no lookup is sent anywhere)
            return self._real(host, port, family, type, proto, flags | socket.AI_NUMERICHOST)
        except socket.gaierror:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known") from None

    def install(self, monkeypatch) -> "Resolver":
        monkeypatch.setattr(socket, "getaddrinfo", self)
        return self


def _family_ok(address: str, family: int) -> bool:
    version = ipaddress.ip_address(address).version
    return family in (0, socket.AF_UNSPEC) or (family == socket.AF_INET) == (version == 4)


def _entry(address: str, port) -> tuple:
    port = int(port or 0)
    if ipaddress.ip_address(address).version == 6:
        return (socket.AF_INET6, socket.SOCK_STREAM, socket.IPPROTO_TCP, "", (address, port, 0, 0))
    return (socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP, "", (address, port))


class ConnectSpy:
    """Every (address, port) a TCP socket tried to connect to, in order."""

    def __init__(self):
        self.attempts: list[tuple[str, int]] = []

    def install(self, monkeypatch) -> "ConnectSpy":
        inner = socket.socket.connect  # the conftest's guard, already in place
        spy = self

        def connect(sock, address):
            if sock.family in (socket.AF_INET, socket.AF_INET6) and isinstance(address, tuple):
                spy.attempts.append((str(address[0]), int(address[1])))
            return inner(sock, address)

        monkeypatch.setattr(socket.socket, "connect", connect)
        return self

    def hosts(self) -> set[str]:
        return {host for host, _port in self.attempts}

    def ports(self) -> set[int]:
        return {port for _host, port in self.attempts}
