"""`tistory-migrate helper OUT` as a person runs it: it prints the 127.0.0.1 address it serves,
opens the browser through ``webbrowser`` (so ``BROWSER`` is honoured; here a harmless command
that writes the address to a file, never a real browser), says how to stop, stops cleanly on
Ctrl-C (exit 0: stopping is how a helper ends), and refuses a folder with no Naver export."""

from __future__ import annotations

import os
import re
import signal
import sys
import time
import urllib.request

import pytest

from support.cli import run_cli, spawn
from support.naver import contract_export, main_items
from tistory_migrate.errors import ExitCode


def test_help_says_it_serves_on_127_0_0_1():
    r = run_cli(["helper", "--help"])
    assert r.code == 0 and "127.0.0.1" in r.out and "--no-browser" in r.out and "--port" in r.out
    ko = run_cli(["--lang", "ko", "helper", "--help"])
    assert ko.code == 0 and "127.0.0.1" in ko.out and "도우미" in ko.out


def test_a_folder_without_an_export_is_a_usage_error(tmp_path):
    r = run_cli(["helper", str(tmp_path), "--no-browser"])
    assert r.code == ExitCode.USAGE and "no Naver export" in r.err and "Traceback" not in r.err
    ko = run_cli(["--lang", "ko", "helper", str(tmp_path), "--no-browser"])
    assert ko.code == ExitCode.USAGE and "네이버 내보내기" in ko.err


def test_a_port_in_use_is_a_usage_error(tmp_path):
    import socket

    items, media = main_items()
    out = contract_export(tmp_path, items, media=media)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen(1)
        r = run_cli(["helper", str(out.parent), "--no-browser", "--port", str(s.getsockname()[1])])
    assert r.code == ExitCode.USAGE and "cannot be used" in r.err


@pytest.mark.skipif(sys.platform == "win32", reason="SIGINT to a child is POSIX; Windows stops it with CTRL_C_EVENT")
def test_serves_opens_the_browser_through_BROWSER_and_stops_on_ctrl_c(tmp_path):
    items, media = main_items()
    out = contract_export(tmp_path, items, media=media)
    opened = tmp_path / "opened.txt"
    browser = f'{sys.executable} -c "import sys; open(sys.argv[1], \'w\').write(sys.argv[2])" {opened} %s'
    proc = spawn(["helper", str(out.parent)], env={"BROWSER": browser}, text=True)
    try:
        lines = []
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            line = proc.stdout.readline()
            lines.append(line)
            if "Ctrl+C" in line or not line:
                break
        text = "".join(lines)
        m = re.search(r"http://127\.0\.0\.1:(\d+)/", text)
        assert m, text + proc.stderr.read() if proc.poll() is not None else text
        url = m.group(0)
        for _ in range(200):
            if opened.exists() and opened.read_text(encoding="utf-8"):
                break
            time.sleep(0.05)
        assert opened.read_text(encoding="utf-8") == url  # the BROWSER command got the address
        with urllib.request.urlopen(url, timeout=10) as resp:
            assert resp.status == 200 and b"tm-token" in resp.read()
        assert "port" in (out / "data" / "helper.js").read_text(encoding="utf-8")
        proc.send_signal(signal.SIGINT)
        rest, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == 0, err
    assert "Helper stopped" in rest and "Traceback" not in err
    assert (out / "data" / "helper.js").read_text(encoding="utf-8") == "window.__TM_HELPER = null;\n"
    assert os.path.exists(out / "index.html")
