"""Bad requests to the served helper (``tistory-migrate helper``, exporters/naver/serve.py): one
row per case, what the server must answer, and that it wrote nothing (progress.json unchanged,
nothing outside the export folder). ``{port}`` and ``{token}`` are filled in by the test
(tests/test_helper_server.py). A request a browser would send from another web site carries
``Sec-Fetch-Site: cross-site``; a name that resolves to 127.0.0.1 through DNS rebinding carries
its own ``Host``."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Request:
    name: str
    method: str
    path: str
    status: int
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes | None = None
    raw: bytes | None = None  # sent as is instead (a request the client library would not make)


GOOD = "/__tm/progress?token={token}"
UPDATE = b'{"posts": {"101": {"done": true, "step": 2}}}'

REQUESTS = [
    Request("wrong host (DNS rebinding)", "GET", "/index.html", 403, {"Host": "evil.example:{port}"}),
    Request("wrong host, right name, other port", "GET", "/index.html", 403, {"Host": "127.0.0.1:1"}),
    Request("no host", "GET", "/index.html", 403, {"Host": ""}),
    Request("wrong host on a write", "POST", GOOD, 403, {"Host": "attacker.test"}, UPDATE),
    Request("cross-site read of the page", "GET", "/index.html", 403, {"Sec-Fetch-Site": "cross-site"}),
    Request("cross-site write from a web page", "POST", GOOD, 403, {"Sec-Fetch-Site": "cross-site",
                                                                    "Origin": "https://evil.example"}, UPDATE),
    Request("same-site request from another port of this computer", "GET", GOOD, 403, {"Sec-Fetch-Site": "same-site"}),
    Request("file page write without Origin null", "POST", GOOD, 403, {"Sec-Fetch-Site": "cross-site"}, UPDATE),
    Request("traversal with ..", "GET", "/../../etc/passwd", 404, raw=b"GET /../../etc/passwd HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n"),
    Request("traversal, percent-encoded", "GET", "/%2e%2e/%2e%2e/etc/passwd", 404),
    Request("traversal, encoded slash", "GET", "/posts%2f..%2f..%2fsecret.txt", 404),
    Request("traversal, backslash", "GET", "/posts\\..\\..\\secret.txt", 404),
    Request("absolute Windows path", "GET", "/C:/Windows/win.ini", 404),
    Request("NUL byte", "GET", "/index.html%00.png", 404),
    Request("bad percent-encoding", "GET", "/%ff%fe", 404),
    Request("hidden staging folder", "GET", "/.staging/records.jsonl", 404),
    Request("symlink out of the folder", "GET", "/posts/link-out/secret.txt", 404),
    Request("progress without a token", "GET", "/__tm/progress", 403),
    Request("progress with a wrong token", "GET", "/__tm/progress?token=nope", 403),
    Request("write without a token", "POST", "/__tm/progress", 403, body=UPDATE),
    Request("write with a wrong token", "POST", "/__tm/progress?token=x{token}", 403, body=UPDATE),
    Request("write elsewhere", "POST", "/index.html?token={token}", 405, body=UPDATE),
    Request("PUT a file", "PUT", "/index.html", 405, body=b"x"),
    Request("DELETE", "DELETE", "/plan.csv", 405),
    Request("huge body announced", "POST", GOOD, 413, {"Content-Length": str(10**12)}, raw=None, body=None),
    Request("no length", "POST", GOOD, 411, raw=b"POST /__tm/progress?token={token} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n"),
    Request("negative length", "POST", GOOD, 413, raw=b"POST /__tm/progress?token={token} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
                                                     b"Content-Length: -5\r\n\r\n"),
    Request("malformed JSON", "POST", GOOD, 400, body=b'{"posts": {"101": '),
    Request("not UTF-8", "POST", GOOD, 400, body=b'\xff\xfe{"posts": {}}'),
    Request("JSON but a list", "POST", GOOD, 400, body=b"[1, 2, 3]"),
    Request("posts not an object", "POST", GOOD, 400, body=b'{"posts": "all done"}'),
    Request("done not a boolean", "POST", GOOD, 400, body=b'{"posts": {"101": {"done": "yes"}}}'),
    Request("step negative", "POST", GOOD, 400, body=b'{"posts": {"101": {"step": -1}}}'),
    Request("step huge", "POST", GOOD, 400, body=b'{"posts": {"101": {"step": 1e309}}}'),
    Request("id too long", "POST", GOOD, 400, body=b'{"posts": {"' + b"1" * 100 + b'": {"done": true}}}'),
    Request("deeply nested JSON", "POST", GOOD, 400, body=b'{"posts": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"),
]
