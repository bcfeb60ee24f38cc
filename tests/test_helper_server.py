"""The served helper (``tistory-migrate helper``, exporters/naver/serve.py) over real loopback
sockets: it serves the export folder and nothing else, saves progress only with the run's token,
keeps it across a re-export, and refuses every request of ``tests/badinput/helper_requests.py``
without writing anything."""

from __future__ import annotations

import hashlib
import json
import os
import socket
import sys
from pathlib import Path

import pytest

from support.naver import contract_export, main_items
from tistory_migrate.exporters.naver.serve import HelperServer, find_export

sys.path.insert(0, str(Path(__file__).parent / "badinput"))
from helper_requests import REQUESTS, UPDATE, Request  # noqa: E402


def raw_request(port: int, data: bytes) -> tuple[int, dict[str, str], bytes]:
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        s.sendall(data)
        chunks = []
        while True:
            try:
                got = s.recv(65536)
            except (ConnectionResetError, socket.timeout):
                break
            if not got:
                break
            chunks.append(got)
            head, sep, rest = b"".join(chunks).partition(b"\r\n\r\n")
            if sep:
                length = next((int(line.split(b":", 1)[1]) for line in head.split(b"\r\n")
                               if line.lower().startswith(b"content-length:")), 0)
                if len(rest) >= length:
                    break
    head, _sep, body = b"".join(chunks).partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = {k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:])}
    return int(lines[0].split()[1]), headers, body


def request(port: int, method: str, path: str, *, headers: dict[str, str] | None = None, body: bytes | None = None):
    hdrs = {"Host": f"127.0.0.1:{port}", "Connection": "close"}
    if body is not None:
        hdrs["Content-Length"] = str(len(body))
    hdrs.update(headers or {})
    lines = [f"{method} {path} HTTP/1.1"] + [f"{k}: {v}" for k, v in hdrs.items() if v != ""]
    return raw_request(port, ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + (body or b""))


@pytest.fixture()
def served(tmp_path):
    items, media = main_items()
    out = contract_export(tmp_path / "ex", items, media=media, include_private=True)
    secret = tmp_path / "secret.txt"
    secret.write_text("do not serve", encoding="utf-8")
    try:
        os.symlink(tmp_path, out / "posts" / "link-out", target_is_directory=True)
    except (OSError, NotImplementedError):  # Windows without the symlink right: the other cases still run
        pass
    server = HelperServer(out)
    server.start_thread()
    try:
        yield server, out
    finally:
        server.shutdown()
        server.server_close()


def tree_state(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file() and "link-out" not in p.parts}


def test_serves_the_page_with_its_token_and_the_bundle_files(served):
    server, out = served
    status, headers, body = request(server.port, "GET", "/")
    assert status == 200 and headers["content-type"].startswith("text/html")
    assert f'<meta name="tm-token" content="{server.token}">'.encode() in body
    assert server.token.encode() not in (out / "index.html").read_bytes()  # the file on disk never holds it
    status, headers, body = request(server.port, "GET", "/posts/01-101/images/01-IMG_1590.png", headers={"Host": f"localhost:{server.port}"})
    assert status == 200 and headers["content-type"] == "image/png"
    assert body == (out / "posts/01-101/images/01-IMG_1590.png").read_bytes()
    status, headers, body = request(server.port, "GET", "/data/posts-0001.js")
    assert status == 200 and headers["content-type"].startswith("text/javascript") and body.startswith(b"__tmChunk(1,")
    status, _h, body = request(server.port, "GET", "/posts/01-101/images/")
    assert status == 200 and b"01-IMG_1590.png" in body


def test_progress_is_saved_by_token_merged_and_kept_by_a_reexport(served, tmp_path):
    server, out = served
    t = server.token
    assert request(server.port, "POST", f"/__tm/progress?token={t}", body=UPDATE)[0] == 204
    saved = json.loads((out / "progress.json").read_text(encoding="utf-8"))
    assert saved["posts"] == {"101": {"done": True, "step": 2}}
    # ticks brought from the file:// page (Origin: null, cross-site) are added, never taken away
    union = b'{"merge": true, "posts": {"101": {"done": false, "step": 1}, "102": {"done": true, "step": 0}}}'
    status = request(server.port, "POST", f"/__tm/progress?token={t}", body=union,
                     headers={"Origin": "null", "Sec-Fetch-Site": "cross-site"})[0]
    assert status == 204
    status, _h, body = request(server.port, "GET", f"/__tm/progress?token={t}")
    assert status == 200
    assert json.loads(body)["posts"] == {"101": {"done": True, "step": 2}, "102": {"done": True, "step": 0}}
    # a plain update sets what the page says (un-ticking works)
    request(server.port, "POST", f"/__tm/progress?token={t}", body=b'{"posts": {"102": {"done": false, "step": 0}}}')
    assert json.loads((out / "progress.json").read_text(encoding="utf-8"))["posts"]["102"] == {"done": False, "step": 0}
    before = (out / "progress.json").read_bytes()
    items, media = main_items()
    again = contract_export(tmp_path / "ex", items, media=media, include_private=True)
    assert again == out and (out / "progress.json").read_bytes() == before


def test_the_file_page_learns_where_the_helper_is_while_it_runs(tmp_path):
    from tistory_migrate.exporters.naver.serve import run
    import threading

    items, media = main_items()
    out = contract_export(tmp_path, items, media=media)
    helper_js = out / "data" / "helper.js"
    assert helper_js.read_text(encoding="utf-8") == "window.__TM_HELPER = null;\n"
    server = HelperServer(out)
    thread = threading.Thread(target=run, args=(server,), daemon=True)
    thread.start()
    try:
        for _ in range(100):
            if "port" in helper_js.read_text(encoding="utf-8"):
                break
            threading.Event().wait(0.02)
        text = helper_js.read_text(encoding="utf-8")
        assert json.loads(text.split("=", 1)[1].rstrip().rstrip(";")) == {"port": server.port, "token": server.token}
    finally:
        server.shutdown()
        thread.join(10)
    assert helper_js.read_text(encoding="utf-8") == "window.__TM_HELPER = null;\n"


def test_a_damaged_progress_file_is_set_aside_not_fatal(tmp_path):
    items, media = main_items()
    out = contract_export(tmp_path, items, media=media)
    (out / "progress.json").write_text("{not json", encoding="utf-8")
    server = HelperServer(out)
    server.server_close()
    assert server.progress.posts == {} and (out / "progress.json.bad").read_text(encoding="utf-8") == "{not json"


def test_find_export_takes_out_or_out_naver(tmp_path):
    items, media = main_items()
    out = contract_export(tmp_path, items, media=media)
    assert find_export(out.parent) == out and find_export(out) == out
    assert find_export(tmp_path / "nothing") is None


@pytest.mark.parametrize("case", REQUESTS, ids=[c.name for c in REQUESTS])
def test_bad_requests_are_refused_and_write_nothing(served, tmp_path, case: Request):
    server, out = served
    fill = lambda b: b.replace(b"{port}", str(server.port).encode()).replace(b"{token}", server.token.encode())  # noqa: E731
    before = tree_state(tmp_path)
    if case.raw is not None:
        status, _h, body = raw_request(server.port, fill(case.raw))
    else:
        headers = {k: v.replace("{port}", str(server.port)) for k, v in case.headers.items()}
        path = case.path.replace("{token}", server.token)
        status, _h, body = request(server.port, case.method, path, headers=headers, body=case.body)
    assert status == case.status, (case.name, status, body[:200])
    assert b"do not serve" not in body and b"root:" not in body and b"[fonts]" not in body.lower()
    assert b"Traceback" not in body
    assert tree_state(tmp_path) == before  # nothing written: no progress.json, no file anywhere
    # and the server still answers
    assert request(server.port, "GET", "/index.html")[0] == 200
