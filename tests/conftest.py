"""Shared test fixtures. Tests never touch the internet: every fetch goes to a loopback
server started here, or to a mirror folder; a fetcher that meets an unknown URL fails.

Hypothesis explores new random examples on a developer's machine; under CI (``CI`` set) it runs
the ``ci`` profile: the same examples every run (derandomized, no example database) and no
per-example deadline, so a slow CI machine cannot fail a test that passes on a fast one.
The suite pins English (``LANG=C.UTF-8``) for itself and its child processes, and clears the
environment's proxy variables.
Helpers that are not fixtures live in ``tests/support/`` (``support.paths``, ``support.cli``, ...).
"""

from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest
from hypothesis import settings as hypothesis_settings

# The command line speaks the environment's language: the whole suite, and every process it
# starts, runs in English whatever the developer's locale (a test that wants Korean says
# --lang ko, or sets the variables itself).
os.environ.update({"LANGUAGE": "", "LC_ALL": "", "LC_MESSAGES": "", "LANG": "C.UTF-8"})
# The fetcher honours proxies from the environment (corporate networks need them): a developer's
# proxy must not carry the suite's requests anywhere. Routed (--resolve) requests never use one
# anyway; tests about proxies set their own.
for _name in [n for n in os.environ if n.lower() in ("http_proxy", "https_proxy", "all_proxy", "no_proxy")]:
    del os.environ[_name]

hypothesis_settings.register_profile("ci", derandomize=True, database=None, deadline=None, print_blob=True)
if os.environ.get("CI"):
    hypothesis_settings.load_profile("ci")


@pytest.fixture(autouse=True)
def _no_internet(monkeypatch):
    """Refuse any connection that is not to this machine."""
    real_connect = socket.socket.connect

    def guarded(self, address):
        host = address[0] if isinstance(address, tuple) else address
        if isinstance(host, str) and not (host.startswith("127.") or host in ("localhost", "::1")) \
                and self.family in (socket.AF_INET, socket.AF_INET6):
            raise OSError(f"test tried to reach {host}: tests never touch the internet")
        return real_connect(self, address)

    monkeypatch.setattr(socket.socket, "connect", guarded)
    yield


def write_site(folder: Path, entries: list[tuple]) -> Path:
    """Write a tiny urls.tsv site: entries are (url, body-bytes-or-None, status, headers-dict)."""
    folder.mkdir(parents=True, exist_ok=True)
    lines = []
    for n, entry in enumerate(entries):
        url, body = entry[0], entry[1]
        status = entry[2] if len(entry) > 2 else 200
        headers = entry[3] if len(entry) > 3 else {}
        rel = "-"
        if body is not None:
            rel = f"f{n}.bin"
            (folder / rel).write_bytes(body if isinstance(body, bytes) else body.encode("utf-8"))
        hdr = " | ".join(f"{k}: {v}" for k, v in headers.items())
        lines.append("\t".join([url, rel, str(status), hdr]).rstrip("\t"))
    (folder / "urls.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


@pytest.fixture
def tiny_site(tmp_path):
    return lambda entries, name="site": write_site(tmp_path / name, entries)
