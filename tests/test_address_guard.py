"""What a page may make the tool reach (issue 17, "Requests steered into the user's machine").

Every request made on a page's say-so (pages, redirects, images, attachments, feeds) goes only
to public internet addresses, except what ``--resolve`` routes to this machine; a direct
connection goes to the address that was checked (no DNS rebinding); through a proxy the
target's DNS answer is checked as best effort and the proxy itself is exempt; ``--resolve`` is
parsed strictly; a post page redirected off the blog is stored failed.

Host names reach addresses only through ``support.netstub.Resolver`` (a ``getaddrinfo``
stub); ``ConnectSpy`` records every connect, so each test asserts that a refused address was
never even attempted. Only loopback addresses are ever connected to.
"""

from __future__ import annotations

import ipaddress
import shutil
import socket
import ssl
import subprocess
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pytest
from hypothesis import given, strategies as st

from support.archive_dump import canonical_dump
from support.cli import run_cli
from support.netstub import ConnectSpy, Resolver
from tistory_migrate.errors import FetchError, Refused, UsageError
from tistory_migrate.fetch import guard
from tistory_migrate.fetch.http import HttpFetcher, parse_resolve
from tistory_migrate.fetch.serve import FixtureServer
from tistory_migrate.settings import FetchSettings

BLOG = "https://guard.tistory.com"
HTML = {"Content-Type": "text/html; charset=utf-8"}
# Stand-ins for a public address: documentation ranges (RFC 5737), never reachable. Tests that
# need the tool to take one for public say so with ``pretend_public``.
DOC_A, DOC_B = "192.0.2.10", "198.51.100.20"


def fast(**kw) -> FetchSettings:
    base = dict(page_delay=0.0, media_delay=0.0, retries=1, backoff_base=0.01, backoff_max=0.02, jitter=0.0,
                read_timeout=3.0, connect_timeout=3.0)
    base.update(kw)
    return FetchSettings(**base)


@pytest.fixture
def spy(monkeypatch, _no_internet) -> ConnectSpy:
    return ConnectSpy().install(monkeypatch)


@pytest.fixture
def dns(monkeypatch):
    def install(names):
        return Resolver(names).install(monkeypatch)
    return install


def pretend_public(monkeypatch, *addresses: str) -> None:
    """Let the guard take these (loopback or documentation) addresses for public ones."""
    real = guard.refusal_kind
    chosen = {ipaddress.ip_address(a) for a in addresses}
    monkeypatch.setattr(guard, "refusal_kind", lambda ip: None if ip in chosen else real(ip))


# -- the rule -------------------------------------------------------------------------------------
@pytest.mark.parametrize("address, kind", [
    ("127.0.0.1", guard.KIND_LOOPBACK), ("127.255.0.9", guard.KIND_LOOPBACK), ("::1", guard.KIND_LOOPBACK),
    ("10.1.2.3", guard.KIND_PRIVATE), ("172.16.0.1", guard.KIND_PRIVATE), ("192.168.1.1", guard.KIND_PRIVATE),
    ("fd12:3456::1", guard.KIND_PRIVATE), ("169.254.169.254", guard.KIND_METADATA), ("fd00:ec2::254", guard.KIND_METADATA),
    ("169.254.10.10", guard.KIND_LINK_LOCAL), ("fe80::1", guard.KIND_LINK_LOCAL), ("224.0.0.251", guard.KIND_MULTICAST),
    ("239.255.255.250", guard.KIND_MULTICAST), ("ff02::fb", guard.KIND_MULTICAST), ("0.0.0.0", guard.KIND_UNSPECIFIED),
    ("::", guard.KIND_UNSPECIFIED), ("100.64.0.1", guard.KIND_OTHER), ("240.0.0.1", guard.KIND_PRIVATE),
    ("192.0.2.1", guard.KIND_PRIVATE), ("2001:db8::1", guard.KIND_PRIVATE),
    # IPv6 forms that carry an IPv4 address are judged by it
    ("::ffff:127.0.0.1", guard.KIND_LOOPBACK), ("::ffff:169.254.169.254", guard.KIND_METADATA),
    ("::ffff:10.0.0.1", guard.KIND_PRIVATE), ("64:ff9b::7f00:1", guard.KIND_LOOPBACK),
    ("2002:a9fe:a9fe::1", guard.KIND_METADATA), ("::127.0.0.1", guard.KIND_LOOPBACK),
])
def test_addresses_that_are_not_public_are_refused(address, kind):
    assert guard.refusal_kind(ipaddress.ip_address(address)) == kind


@given(st.integers(min_value=0, max_value=2**32 - 1))
def test_ipv4_rule_is_is_global_minus_multicast_and_mapped_forms_agree(n):
    ip = ipaddress.IPv4Address(n)
    assert (guard.refusal_kind(ip) is None) == (ip.is_global and not ip.is_multicast)
    for form in (ipaddress.IPv6Address((0xFFFF << 32) | n), ipaddress.IPv6Address((0x64FF9B << 96) | n)):
        assert guard.refusal_kind(form) == guard.refusal_kind(ip)


def test_a_name_with_one_inner_answer_among_public_ones_is_refused(dns, monkeypatch):
    pretend_public(monkeypatch, DOC_A)
    dns({"mixed.example": [DOC_A, "10.9.8.7"]})
    with pytest.raises(guard.AddressRefused) as info:
        guard.resolve_checked("mixed.example", 80)
    assert str(info.value.address) == "10.9.8.7"
    assert "mixed.example points to 10.9.8.7" in info.value.reason.english()


# -- redirects, names, literals: refused before any connect ---------------------------------------
def test_post_page_redirect_to_a_loopback_service_is_refused(tiny_site, spy):
    inner = FixtureServer([tiny_site([("http://127.0.0.1/secret", "TOP SECRET")], name="inner")]).start()
    try:
        target = f"http://127.0.0.1:{inner.port}/secret"
        with FixtureServer([tiny_site([(BLOG + "/1", None, 302, {"Location": target})])]) as srv:
            f = HttpFetcher(fast(), resolve=srv.resolve_map())
            with pytest.raises(Refused) as info:
                f.get(BLOG + "/1")
    finally:
        inner.stop()
    assert inner.log == [] and inner.port not in spy.ports()
    assert info.value.url == BLOG + "/1"
    assert f"redirected to {target}; refused: 127.0.0.1 is an address of this computer (loopback)" in info.value.reason


def test_redirect_to_the_metadata_address_is_refused_without_a_connect(tiny_site, spy):
    target = "http://169.254.169.254/latest/meta-data/iam/security-credentials/"
    with FixtureServer([tiny_site([(BLOG + "/2", None, 302, {"Location": target})])]) as srv:
        f = HttpFetcher(fast(), resolve=srv.resolve_map())
        with pytest.raises(Refused) as info:
            f.get(BLOG + "/2")
    assert "169.254.169.254" not in spy.hosts()
    assert "the cloud metadata address" in info.value.reason
    assert f.stats.by_host.get("169.254.169.254") is None  # not counted as a request either


@pytest.mark.parametrize("url, answers, shown", [
    ("http://intranet.example/x.png", {"intranet.example": ["10.20.30.40"]}, "intranet.example points to 10.20.30.40"),
    ("http://router.example/", {"router.example": ["192.168.0.1"]}, "an address of a local network"),
    ("http://printer.example/", {"printer.example": ["fe80::1"]}, "a link-local address"),
    ("http://mapped.example/", {"mapped.example": ["::ffff:127.0.0.1"]}, "an address of this computer (loopback)"),
    ("http://[::ffff:169.254.169.254]/", {}, "the cloud metadata address"),
    ("http://[fe80::1]:8080/x", {}, "fe80::1 is a link-local address"),
    ("http://0.0.0.0:9/", {}, "the unspecified address"),
    ("http://2130706433/", {}, "loopback"),  # 127.0.0.1 written as one number: judged after resolving
    ("https://localhost/", {}, "loopback"),
])
def test_inner_targets_are_refused_before_connecting(url, answers, shown, dns, spy):
    resolver = dns(answers)
    f = HttpFetcher(fast())
    with pytest.raises(Refused) as info:
        f.get(url, kind="media")
    assert shown in info.value.reason
    assert spy.attempts == []
    for name in answers:
        assert resolver.asked[name] == 1  # checked once, then refused: no retry


def test_dns_rebinding_connects_to_the_checked_address(tiny_site, dns, spy, monkeypatch):
    """The name answers a (pretend) public address for the check and a private one afterwards:
    the connection goes to the checked one, and the name is looked up once per connection."""
    pretend_public(monkeypatch, "127.0.0.1")
    resolver = dns({"rebind.example": lambda n: ["127.0.0.1"] if n == 1 else ["10.0.0.7"]})

    def answer(handler, url, entry):
        handler.send_body(200, {"Content-Type": "text/plain", "Connection": "close"}, handler.headers["Host"].encode())
        return True

    with FixtureServer([tiny_site([])], hook=answer) as srv:
        f = HttpFetcher(fast())
        resp = f.get(f"http://rebind.example:{srv.port}/page")
        assert resp.status == 200 and resp.body == f"rebind.example:{srv.port}".encode()  # Host stays the name
        assert resolver.asked["rebind.example"] == 1
        assert spy.attempts == [("127.0.0.1", srv.port)]
        f.close()
        f = HttpFetcher(fast())  # a new connection asks again: now the private answer is refused
        with pytest.raises(Refused, match="10.0.0.7"):
            f.get(f"http://rebind.example:{srv.port}/page")
    assert "10.0.0.7" not in spy.hosts()


# -- TLS on a pinned connection: SNI and the certificate are the host name's ----------------------
def _make_certs(folder: Path, name: str) -> tuple[Path, Path, Path]:
    """A CA and a leaf certificate for ``name`` (openssl), in ``folder``."""
    ca_key, ca, key, csr, cert, ext = (folder / n for n in ("ca.key", "ca.pem", "leaf.key", "leaf.csr", "leaf.pem", "ext.cnf"))
    ext.write_text(f"subjectAltName=DNS:{name}\nbasicConstraints=CA:FALSE\n", encoding="ascii")
    run = lambda *a: subprocess.run(["openssl", *a], check=True, capture_output=True)  # noqa: E731
    run("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(ca_key), "-out", str(ca), "-days", "2",
        "-subj", "/CN=tistory-migrate test CA")
    run("req", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out", str(csr), "-subj", f"/CN={name}")
    run("x509", "-req", "-in", str(csr), "-CA", str(ca), "-CAkey", str(ca_key), "-CAcreateserial", "-out", str(cert),
        "-days", "2", "-extfile", str(ext))
    return ca, cert, key


class _TLSServer:
    def __init__(self, cert: Path, key: Path):
        self.sni: list[str | None] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802
                body = f"secure {self.headers['Host']}".encode()
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(str(cert), str(key))
        context.sni_callback = lambda sock, name, ctx: outer.sni.append(name)
        self.httpd = HTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.socket = context.wrap_socket(self.httpd.socket, server_side=True)
        self.port = self.httpd.server_address[1]
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def stop(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.mark.skipif(shutil.which("openssl") is None, reason="needs the openssl command to make a certificate")
@pytest.mark.parametrize("cert_name, ok", [("secure.example", True), ("someone-else.example", False)])
def test_https_pinned_connection_checks_the_certificate_of_the_host_name(cert_name, ok, tmp_path, dns, spy, monkeypatch):
    ca, cert, key = _make_certs(tmp_path, cert_name)
    server = _TLSServer(cert, key)
    pretend_public(monkeypatch, "127.0.0.1")
    dns({"secure.example": ["127.0.0.1"]})
    try:
        f = HttpFetcher(fast(retries=0))
        f._relay.run(f._session).verify = str(ca)  # the session of the thread that makes the main thread's requests
        url = f"https://secure.example:{server.port}/"
        if ok:
            assert f.get(url).body == f"secure secure.example:{server.port}".encode()
        else:
            with pytest.raises(FetchError) as info:
                f.get(url)
            assert not isinstance(info.value, Refused)
    finally:
        server.stop()
    assert server.sni and set(server.sni) == {"secure.example"}  # SNI is the name, not the address
    assert spy.hosts() == {"127.0.0.1"}


# -- proxies from the environment -----------------------------------------------------------------
class _Proxy:
    """A forward proxy on loopback that records request lines and answers every one itself."""

    def __init__(self):
        self.lines: list[str] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802
                outer.lines.append(self.requestline)
                body = b"via proxy"
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.httpd = HTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def stop(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def proxy(monkeypatch):
    p = _Proxy()
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy"):
        monkeypatch.setenv(name, p.url)
    yield p
    p.stop()


def test_a_proxy_from_the_environment_is_used_and_exempt(proxy, dns, spy):
    dns({})  # this machine resolves nothing: the proxy does
    resp = HttpFetcher(fast()).get("http://public.example/pic.png", kind="media")
    assert resp.body == b"via proxy"
    assert proxy.lines == ["GET http://public.example/pic.png HTTP/1.1"]
    assert spy.hosts() == {"127.0.0.1"}  # the proxy itself, on a loopback address


@pytest.mark.parametrize("url, answers", [
    ("http://intranet.example/", {"intranet.example": ["10.1.1.1"]}),
    ("http://169.254.169.254/latest/meta-data/", {}),
    ("https://[::1]:8443/", {}),
])
def test_through_a_proxy_the_targets_dns_answer_is_still_checked(url, answers, proxy, dns, spy):
    dns(answers)
    with pytest.raises(Refused):
        HttpFetcher(fast()).get(url)
    assert proxy.lines == [] and spy.attempts == []


def test_no_proxy_is_honoured(proxy, dns, spy, monkeypatch):
    monkeypatch.setenv("NO_PROXY", "public.example")
    dns({})
    with pytest.raises(FetchError, match="host name not found"):
        HttpFetcher(fast(retries=0)).get("http://public.example/")
    assert proxy.lines == []


def test_resolve_routes_never_go_through_a_proxy(tiny_site, proxy, spy):
    with FixtureServer([tiny_site([(BLOG + "/7", "seven")])]) as srv:
        resp = HttpFetcher(fast(), resolve=srv.resolve_map()).get(BLOG + "/7")
    assert resp.body == b"seven" and proxy.lines == []


# -- --resolve, strictly --------------------------------------------------------------------------
@pytest.mark.parametrize("value, expected", [
    ("a.tistory.com=127.0.0.1:8080", "127.0.0.1:8080"),
    ("A.Tistory.com=127.3.4.5:1", "127.3.4.5:1"),
    ("a.tistory.com=[::1]:65535", "[::1]:65535"),
    ("a.tistory.com=localhost:0080", "localhost:80"),
    ("a.tistory.com=[::ffff:127.0.0.1]:8080", "127.0.0.1:8080"),
])
def test_resolve_accepts_loopback_addresses(value, expected):
    host = value.split("=", 1)[0].lower()
    assert parse_resolve([value]) == {host: expected}


@pytest.mark.parametrize("value, snippet", [
    ("a.tistory.com=127.0.0.1@203.0.113.9:80", "not 127.0.0.1@203.0.113.9"),
    ("a.tistory.com=127.0.0.1.nip.example:80", "only sends requests to this machine"),
    ("a.tistory.com=127.evil.example:80", "only sends requests to this machine"),
    ("a.tistory.com=10.0.0.1:80", "only sends requests to this machine"),
    ("a.tistory.com=0.0.0.0:80", "only sends requests to this machine"),
    ("a.tistory.com=[::ffff:10.0.0.1]:80", "only sends requests to this machine"),
    ("a.tistory.com=[fe80::1%lo]:80", "only sends requests to this machine"),
    ("a.tistory.com=127.1:80", "only sends requests to this machine"),
    ("a.tistory.com=::1:8080", "in brackets"),
    ("a.tistory.com=127.0.0.1:0", "from 1 to 65535"),
    ("a.tistory.com=127.0.0.1:65536", "from 1 to 65535"),
    ("a.tistory.com=127.0.0.1:８０", "from 1 to 65535"),
    ("a.tistory.com=127.0.0.1:80/x", "from 1 to 65535"),
    ("a.tistory.com=127.0.0.1:", "from 1 to 65535"),
    ("a.tistory.com=127.0.0.1", "needs a port"),
    ("a.tistory.com=[::1]", "needs a port"),
    ("=127.0.0.1:80", "is not a host name"),
    ("a.tistory.com/x=127.0.0.1:80", "is not a host name"),
    ("a.tistory.com", "is not HOST=ADDRESS:PORT"),
])
def test_resolve_refuses_anything_else(value, snippet):
    with pytest.raises(UsageError) as info:
        parse_resolve([value])
    assert snippet in info.value.message


def test_resolve_with_an_address_elsewhere_is_a_usage_error_on_the_command_line(tmp_path, spy):
    result = run_cli(["scrape", "https://x.tistory.com", "-o", tmp_path / "a", "--resolve",
                      "x.tistory.com=127.0.0.1@203.0.113.9:80", "--quiet"])
    assert result.code == 2 and "only sends requests to this machine" in result.text
    assert spy.attempts == []


# -- the scrape: what is stored --------------------------------------------------------------------
def _cases():
    import sys

    folder = str(Path(__file__).parent / "badinput")
    if folder not in sys.path:
        sys.path.insert(0, folder)
    import cases  # the small Tistory blogs of the bad-input corpus

    return cases


def _blog_with_redirect(host: str, location: str, *, extra: list[tuple] = ()) -> list[tuple]:
    """A two-post blog whose post 2 answers ``302 → location`` (every list still names it)."""
    c = _cases()
    entries = c.blog(host, [c._post(1, "<p>첫 글</p>"), c._post(2, "<p>둘째 글</p>")], extra=list(extra))
    return [e if e[0] != f"https://{host}/2" else (e[0], None, 302, {"Location": location}) for e in entries]


def _scrape(tmp_path: Path, srv: FixtureServer, url: str = BLOG):
    cfg = tmp_path / "fast.toml"
    cfg.write_text("[fetch]\npage_delay = 0.0\nmedia_delay = 0.0\nretries = 0\n[scrape]\nprobe_ids = false\n",
                   encoding="utf-8")
    result = run_cli(["scrape", url, "-o", tmp_path / "a", *srv.resolve_args(), "--config", cfg, "--json"])
    return result, canonical_dump(tmp_path / "a")


def test_scrape_stores_a_post_redirected_to_an_inner_service_as_failed(tmp_path, tiny_site, spy):
    inner = FixtureServer([tiny_site([("http://127.0.0.1/admin", "<html>ADMIN PANEL</html>")], name="inner")]).start()
    try:
        with FixtureServer([tiny_site(_blog_with_redirect("guard.tistory.com", f"http://127.0.0.1:{inner.port}/admin"))]) as srv:
            result, dump = _scrape(tmp_path, srv)
    finally:
        inner.stop()
    assert result.code == 1, result.text
    assert inner.log == [] and inner.port not in spy.ports()
    assert "refused: 127.0.0.1 is an address of this computer (loopback)" in result.text
    post = dump["posts"]["2"]
    assert post["status"] == "failed" and post["body_raw"] == ""  # no RSS stand-in for a refusal
    assert any("refused" in w for w in post["warnings"])
    assert dump["posts"]["1"]["status"] == "public"
    assert "ADMIN PANEL" not in repr(dump)


def test_scrape_refuses_a_post_page_redirected_to_another_site(tmp_path, tiny_site, spy):
    c = _cases()
    other = c.blog("other.tistory.com", [c._post(5, "<p>다른 블로그의 글</p>", title="남의 글")])
    with FixtureServer([tiny_site(_blog_with_redirect("guard.tistory.com", "https://other.tistory.com/5", extra=other))]) as srv:
        result, dump = _scrape(tmp_path, srv)
    assert result.code == 1, result.text
    assert "refused: the post page redirects to https://other.tistory.com/5, outside the blog (guard.tistory.com)" in result.text
    post = dump["posts"]["2"]
    assert post["status"] == "failed" and post["url"] == BLOG + "/2"
    assert post["title"] != "남의 글" and "다른 블로그의 글" not in post["body_raw"]
    assert "5" not in dump["posts"]


def test_scrape_follows_http_to_https_and_the_blogs_other_host(tmp_path, tiny_site):
    """The blog's own redirects still work: http→https on its host, NAME.tistory.com → the
    custom domain its front page forwards to."""
    c = _cases()
    entries = c.blog("www.guard-blog.example", [c._post(1, "<p>첫 글</p>"), c._post(2, "<p>둘째 글</p>")])
    entries = [e if e[0] != "https://www.guard-blog.example/2" else
               (e[0], None, 301, {"Location": "http://www.guard-blog.example/2x"}) for e in entries]
    page2 = next(e for e in c.blog("www.guard-blog.example", [c._post(2, "<p>둘째 글</p>")]) if e[0].endswith("/2"))
    entries += [("http://www.guard-blog.example/2x", None, 301, {"Location": "https://www.guard-blog.example/2y"}),
                ("https://www.guard-blog.example/2y", *page2[1:]),
                ("https://guard.tistory.com/", None, 301, {"Location": "https://www.guard-blog.example/"})]
    with FixtureServer([tiny_site(entries)]) as srv:
        result, dump = _scrape(tmp_path, srv, "https://guard.tistory.com")
    assert result.code == 0, result.text
    assert dump["posts"]["2"]["status"] == "public"


def test_mirror_routes_are_not_checked(tmp_path, tiny_site, spy):
    """``--mirror`` answers from files: an address in a saved URL reaches no network at all."""
    c = _cases()
    png = c.PNG
    figure = '<p><img src="http://127.0.0.1/saved.png"></p>'
    entries = c.blog("guard.tistory.com", [c._post(1, "<p>첫 글</p>" + figure)],
                     extra=[("http://127.0.0.1/saved.png", png, 200, {"Content-Type": "image/png"})])
    folder = tiny_site(entries)
    result = run_cli(["scrape", BLOG, "-o", tmp_path / "a", "--mirror", folder, "--quiet"])
    assert result.code == 0, result.text
    assert spy.attempts == []
    media = canonical_dump(tmp_path / "a")["media"]
    assert [m["status"] for m in media.values() if m["original_url"] == "http://127.0.0.1/saved.png"] == ["ok"]


def test_pictures_on_inner_hosts_are_failed_media_with_the_reason(tmp_path, tiny_site, dns, spy):
    """``<img src>`` on a private name, a link-local literal, a loopback literal (the fixture
    server's own port) and a mapped metadata address: none is requested, each is a failed
    medium with its reason, and the post itself is kept."""
    dns({"nas.home.example": ["192.168.1.20"]})
    c = _cases()
    with FixtureServer([tiny_site([])]) as probe:
        port = probe.port
    sources = ["http://nas.home.example/photo.jpg", "http://169.254.10.10/cam.jpg", f"http://127.0.0.1:{port}/x.png",
               "http://[::ffff:169.254.169.254]/latest.png"]
    body = "<p>사진</p>" + "".join(f'<p><img src="{u}"></p>' for u in sources)
    with FixtureServer([tiny_site(c.blog("guard.tistory.com", [c._post(1, body)]))]) as srv:
        result, dump = _scrape(tmp_path, srv)
    assert result.code == 1, result.text
    assert dump["posts"]["1"]["status"] == "public"
    failed = {m["original_url"]: m for m in dump["media"].values()}
    for url in sources:
        assert failed[url]["status"] == "failed" and failed[url]["reason"].startswith("refused: "), failed[url]
    assert "nas.home.example points to 192.168.1.20" in failed[sources[0]]["reason"]
    assert spy.hosts() == {"127.0.0.1"} and all(p == srv.port for p in spy.ports())


def test_off_site_keeps_the_blogs_own_hosts():
    from tistory_migrate.fetch.response import Response
    from tistory_migrate.models import BlogInfo
    from tistory_migrate.report import ScrapeReport
    from tistory_migrate.scrape import ScrapeContext, ScrapeOptions
    from tistory_migrate.scrape.pages import off_site
    from tistory_migrate.settings import Settings

    ctx = ScrapeContext(fetcher=None, settings=Settings(), options=ScrapeOptions(), report=ScrapeReport())
    page = lambda final: Response(url="u", final_url=final, status=200, headers={}, body=b"")  # noqa: E731
    url = "https://guard.tistory.com/2"
    assert off_site(ctx, url, page("https://elsewhere.example/2")) is None  # the blog is not known yet
    ctx.blog = BlogInfo(base_url="https://guard.tistory.com", host="guard.tistory.com", name="guard")
    ctx.seen_hosts.add("blog.guard.example")  # where its front page ended
    for final in (url, "http://guard.tistory.com/2", "https://GUARD.tistory.com./2", "https://www.guard.tistory.com/2",
                  "https://blog.guard.example/2"):
        assert off_site(ctx, url, page(final)) is None, final
    for final in ("https://other.tistory.com/2", "https://guard.tistory.com.evil.example/2", "https://tistory.com/2"):
        refused = off_site(ctx, url, page(final))
        assert isinstance(refused, Refused) and "outside the blog" in refused.reason, final
