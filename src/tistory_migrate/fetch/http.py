"""The only module that talks to the network.

``HttpFetcher`` wraps a requests Session with what a polite, robust scraper needs:
timeouts and a response-size limit, retries with exponential backoff and jitter (connection
errors, timeouts, 429, 5xx) honouring ``Retry-After``, a minimum delay between requests to one
host (pages and media have their own), robots.txt for page fetches, conditional requests, and
``--resolve HOST=127.0.0.1:PORT`` routing that sends a host's requests to a loopback address
over plain HTTP while every URL the program sees stays the real one.

Every other request is held to ``guard``'s rule (public internet addresses only): a direct
connection resolves the host once, checks the answers and connects to the checked address (the
Host header, TLS SNI and certificate check stay on the host name); through a proxy from the
environment (``HTTPS_PROXY``, ``HTTP_PROXY``, ``ALL_PROXY``, ``NO_PROXY``, or the system's
settings on Windows and macOS) the target's DNS answer is checked as best effort and the proxy
itself is exempt. Routed requests never go through a proxy.
"""

from __future__ import annotations

import email.utils
import ipaddress
import random
import re
import socket
import threading
import time
from typing import Callable
from urllib import robotparser
from urllib.parse import urljoin, urlsplit, urlunsplit

import requests
from requests.adapters import HTTPAdapter
from urllib3 import exceptions as urllib3_errors

from tistory_migrate import PROJECT_URL, __version__
from tistory_migrate.errors import FetchError, Refused, RobotsBlocked, UsageError
from tistory_migrate.fetch import deadline, guard
from tistory_migrate.fetch.response import Response
from tistory_migrate.fetch import FetchStats
from tistory_migrate.settings import FetchSettings
from tistory_migrate.i18n import N_, Message, _, msg

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504, 520, 521, 522, 523, 524})
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
MAX_REDIRECTS = 10


def default_user_agent() -> str:
    return f"tistory-migrate/{__version__} (+{PROJECT_URL})"


_PORT = re.compile(r"[0-9]{1,5}")
_NOT_IN_HOST = set("/\\:@?#[] \t")


def parse_resolve(values: list[str] | None) -> dict[str, str]:
    """``HOST=ADDRESS:PORT`` pairs → {host: "address:port"}, strictly: ADDRESS is an IP literal
    of this machine (127.0.0.0/8, ``[::1]``) or ``localhost``, PORT a number from 1 to 65535.
    Anything else (``127.0.0.1@other:80``, a host name, a port out of range) is a usage error."""
    out: dict[str, str] = {}
    for value in values or []:
        if "=" not in value:
            raise UsageError(_("--resolve {value} is not HOST=ADDRESS:PORT.").format(value=repr(value)),
                             hint=_("Example: --resolve seodaemun.tistory.com=127.0.0.1:8080"))
        host, addr = value.split("=", 1)
        host = host.strip().lower()
        addr = addr.strip()
        if not host or _NOT_IN_HOST & set(host):
            raise UsageError(_("--resolve {value}: {host} is not a host name.").format(value=repr(value), host=repr(host)),
                             hint=_("Example: --resolve seodaemun.tistory.com=127.0.0.1:8080"))
        out[host] = _loopback_address(value, addr)
    return out


def _loopback_address(value: str, addr: str) -> str:
    """``127.0.0.1:8080``, ``[::1]:8080`` or ``localhost:8080``, in a canonical form."""
    if addr.startswith("["):
        ip_text, bracket, rest = addr[1:].partition("]")
        if not bracket or not rest.startswith(":"):
            raise UsageError(_("--resolve {value} needs a port, like 127.0.0.1:8080.").format(value=repr(value)))
        port = rest[1:]
    else:
        if ":" not in addr:
            raise UsageError(_("--resolve {value} needs a port, like 127.0.0.1:8080.").format(value=repr(value)))
        ip_text, port = addr.rsplit(":", 1)
        if ":" in ip_text:
            raise UsageError(_("--resolve {value}: write an IPv6 address in brackets, like [::1]:8080.").format(
                value=repr(value)))
    if not _PORT.fullmatch(port) or not 1 <= int(port) <= 65535:
        raise UsageError(_("--resolve {value}: the port must be a number from 1 to 65535, not {port}.").format(
            value=repr(value), port=repr(port)))
    if ip_text.lower() == "localhost":
        return f"localhost:{int(port)}"
    ip = guard.parse_address(ip_text) if "%" not in ip_text else None
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    if ip is None or not ip.is_loopback:
        raise UsageError(_("--resolve only sends requests to this machine (127.0.0.1), not {ip}.").format(ip=ip_text or addr))
    return f"[{ip}]:{int(port)}" if ip.version == 6 else f"{ip}:{int(port)}"


def parse_retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or HTTP-date)."""
    if not value:
        return None
    value = value.strip()
    if (value.isascii() and value.isdigit()):
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when is None:
        return None
    return max(0.0, when.timestamp() - (now if now is not None else time.time()))


class _WatchedAdapter(HTTPAdapter):
    """requests' adapter whose connections report their socket to the attempt's watch
    (``deadline``); direct ones are ``guard``'s checked, pinned connections."""

    def __init__(self, pools: dict[str, type]):
        self._pools = pools
        super().__init__()

    def init_poolmanager(self, *args, **kwargs) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = dict(self._pools)


class HttpFetcher:
    def __init__(self, settings: FetchSettings | None = None, *, resolve: dict[str, str] | None = None,
                 page_hosts: set[str] | None = None, sleep: Callable[[float], None] = time.sleep,
                 monotonic: Callable[[], float] = time.monotonic, rng: random.Random | None = None):
        self.settings = settings or FetchSettings()
        self.resolve = {k.lower(): v for k, v in (resolve or {}).items()}
        self.page_hosts = page_hosts  # hosts whose robots.txt governs page fetches (None: every host)
        self.user_agent = self.settings.user_agent or default_user_agent()
        self._watchdog = deadline.Watchdog(monotonic)
        self._relay = deadline.Relay(self.stop)
        # Waits end at once when the run is stopped (a test's own sleep stays as it is).
        self._sleep = self._watchdog.pause if sleep is time.sleep else sleep
        self._clock = deadline.HostClock(self._sleep, monotonic)
        self._rng = rng or random.Random()
        self._local = threading.local()
        self._robots: dict[str, robotparser.RobotFileParser | None] = {}
        self._robots_lock = threading.Lock()
        self.stats = FetchStats()

    # -- plumbing ---------------------------------------------------------------------------
    def _session(self, routed: bool = False) -> requests.Session:
        """This thread's session: checked connections, or plain ones for ``--resolve`` routes."""
        name = "routed_session" if routed else "session"
        session = getattr(self._local, name, None)
        if session is None:
            session = requests.Session()
            session.headers["User-Agent"] = self.user_agent
            session.headers["Accept-Language"] = "ko-KR,ko;q=0.9,en;q=0.5"
            session.trust_env = False  # proxies are chosen per request (_proxies_for), nothing else is read
            pools = deadline.ROUTED_POOLS if routed else deadline.CHECKED_POOLS
            session.mount("http://", _WatchedAdapter(pools))
            session.mount("https://", _WatchedAdapter(pools))
            setattr(self._local, name, session)
            sessions = getattr(self, "_all_sessions", [])
            sessions.append(session)
            self._all_sessions = sessions
        return session

    def close(self) -> None:
        self._watchdog.close()
        self._relay.close()
        for session in getattr(self, "_all_sessions", []):
            session.close()

    def stop(self) -> None:
        """Ctrl-C or SIGTERM: every request in flight ends now (its socket is shut down), every
        wait ends, and no request is sent after this; each raises ``FetchError`` (stopped)."""
        self._watchdog.stop()

    def _route(self, url: str) -> tuple[str, dict[str, str]]:
        """The URL actually requested and extra headers (for --resolve)."""
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        addr = self.resolve.get(host)
        if addr is None:
            return url, {}
        target = urlunsplit(("http", addr, parts.path or "/", parts.query, ""))
        host_header = parts.netloc.split("@")[-1]
        return target, {"Host": host_header, "X-Forwarded-Proto": parts.scheme}

    def _proxies_for(self, url: str) -> dict[str, str]:
        """The proxies the environment (or the system's settings) names for ``url``, unless
        ``NO_PROXY`` exempts it; never for a ``--resolve`` route (the caller does not ask)."""
        try:
            return dict(requests.utils.get_environ_proxies(url))
        except (ValueError, OSError):  # pragma: no cover - an unreadable system setting
            return {}

    def _check_through_proxy(self, url: str) -> None:
        """Best effort before a request goes through a proxy, which resolves the name itself."""
        parts = urlsplit(url)
        try:
            guard.check_host(parts.hostname or "", parts.port or (443 if parts.scheme == "https" else 80))
        except guard.AddressRefused as exc:
            raise Refused(url, exc.reason) from None
        except ValueError:  # a port that is not a number: requests says so below
            return

    def _delay_for(self, kind: str) -> float:
        return self.settings.media_delay if kind == "media" else self.settings.page_delay

    # -- robots.txt -------------------------------------------------------------------------
    def _robots_for(self, url: str) -> robotparser.RobotFileParser | None:
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        with self._robots_lock:
            if origin in self._robots:
                return self._robots[origin]
        parser: robotparser.RobotFileParser | None = None
        try:
            resp = self._get_following(urljoin(origin, "/robots.txt"), kind="robots", validators=None, max_bytes=512 * 1024)
            if resp.status == 200:
                parser = robotparser.RobotFileParser()
                parser.parse(resp.text.splitlines())
            elif resp.status in (401, 403):
                parser = robotparser.RobotFileParser()
                parser.disallow_all = True
        except FetchError:
            parser = None  # unreachable robots.txt: treat as no restrictions, like browsers and crawlers do
        with self._robots_lock:
            self._robots[origin] = parser
        return parser

    def allowed(self, url: str) -> bool:
        parser = self._robots_for(url)
        if parser is None:
            return True
        return parser.can_fetch(self.user_agent, url) and parser.can_fetch("tistory-migrate", url)

    # -- the public call --------------------------------------------------------------------
    def get(self, url: str, *, kind: str = "page", validators: dict[str, str] | None = None,
            max_bytes: int | None = None) -> Response:
        if threading.current_thread() is threading.main_thread():  # Ctrl-C at once, on Windows too
            return self._relay.run(self._get, url, kind, validators, max_bytes)
        return self._get(url, kind, validators, max_bytes)

    def _get(self, url: str, kind: str, validators: dict[str, str] | None, max_bytes: int | None) -> Response:
        scheme = urlsplit(url).scheme.lower()
        if scheme not in ("http", "https"):
            raise FetchError(url, msg("only http and https addresses can be fetched, not {scheme}", scheme=scheme)
                             if scheme else msg("only http and https addresses can be fetched, not this"))
        if kind == "page" and self.settings.respect_robots:
            host = (urlsplit(url).hostname or "").lower()
            if self.page_hosts is None or host in self.page_hosts:
                if not self.allowed(url):
                    raise RobotsBlocked(url, msg("robots.txt of the blog forbids fetching this page "
                                                 "(use --ignore-robots if you own the blog)"))
        return self._get_following(url, kind=kind, validators=validators, max_bytes=max_bytes)

    def _get_following(self, url: str, *, kind: str, validators: dict[str, str] | None,
                       max_bytes: int | None) -> Response:
        current = url
        seen = []
        for _ in range(MAX_REDIRECTS + 1):
            try:
                resp = self._get_with_retries(current, kind=kind, validators=validators, max_bytes=max_bytes)
            except Refused as exc:
                if current == url:
                    raise
                raise Refused(url, msg("redirected to {target}; {reason}", target=current,
                                       reason=exc.reason_message)) from None
            if resp.status in REDIRECT_STATUSES and resp.headers.get("location"):
                seen.append(current)
                current = urljoin(current, resp.headers["location"])
                if current in seen:
                    raise FetchError(url, msg("redirect loop"), status=resp.status)
                validators = None
                continue
            resp.url = url
            resp.final_url = current
            return resp
        raise FetchError(url, msg("more than {n} redirects", n=MAX_REDIRECTS))

    def _limit(self, kind: str, max_bytes: int | None) -> int:
        if max_bytes is not None:
            return max_bytes
        return self.settings.max_media_bytes if kind == "media" else self.settings.max_page_bytes

    def _get_with_retries(self, url: str, *, kind: str, validators: dict[str, str] | None,
                          max_bytes: int | None) -> Response:
        s = self.settings
        limit = self._limit(kind, max_bytes)
        target, extra = self._route(url)
        headers = dict(extra)
        if validators:
            if validators.get("etag"):
                headers["If-None-Match"] = validators["etag"]
            if validators.get("last-modified"):
                headers["If-Modified-Since"] = validators["last-modified"]
        if kind == "media":
            headers["Accept"] = "image/avif,image/webp,image/*,*/*;q=0.8"
        host = (urlsplit(url).hostname or "").lower()
        routed = host in self.resolve
        proxies = {} if routed else self._proxies_for(url)
        if proxies:
            self._check_through_proxy(url)
        attempts = s.retries + 1
        last_reason: Message = msg("unknown error")
        last_status: int | None = None
        limits = ({"min_rate": s.media_min_rate, "window": s.media_rate_window} if kind == "media"
                  else {"deadline": s.page_deadline})
        for attempt in range(attempts):
            self._clock.wait(host, self._delay_for(kind))
            if self._watchdog.stopped.is_set():
                raise FetchError(url, deadline.STOPPED)
            retry_after: float | None = None
            try:
                with self._watchdog.watch(**limits) as watch, \
                        self._session(routed).get(target, headers=headers, timeout=(s.connect_timeout, s.read_timeout),
                                                  stream=True, allow_redirects=False, proxies=proxies) as r:
                    declared = r.headers.get("Content-Length")
                    if declared and (declared.isascii() and declared.isdigit()) and int(declared) > limit:
                        raise FetchError(url, msg("response is larger than the limit of {limit} bytes", limit=limit),
                                         status=r.status_code)
                    if r.status_code in RETRY_STATUSES:
                        last_status = r.status_code
                        last_reason = msg("HTTP {status}", status=r.status_code)
                        retry_after = parse_retry_after(r.headers.get("Retry-After"))
                        self.stats.count(host, 0)
                    else:
                        body = _read(r, watch, limit, lambda: FetchError(url, msg(
                            "response is larger than the limit of {limit} bytes", limit=limit), status=r.status_code))
                        if watch.reason is not None:  # ended while the body arrived: what came is not all
                            raise deadline.Ended(watch.reason)
                        if declared and (declared.isascii() and declared.isdigit()) and int(declared) != len(body) and r.status_code != 304 \
                                and "content-encoding" not in r.headers:
                            raise requests.exceptions.ChunkedEncodingError(
                                f"body cut short: {len(body)} of {declared} bytes")
                        self.stats.count(host, len(body))
                        resp_headers = {k.lower(): v for k, v in r.headers.items()}
                        return Response(url=url, final_url=url, status=r.status_code, headers=resp_headers, body=body)
            except FetchError:
                raise
            except deadline.Ended as exc:
                raise FetchError(url, exc.reason) from None
            except guard.AddressRefused as exc:
                raise Refused(url, exc.reason) from None
            except requests.exceptions.Timeout:
                last_reason, last_status = msg("timed out"), None
                self.stats.count(host, 0)
            except (requests.exceptions.ConnectionError, requests.exceptions.ChunkedEncodingError,
                    requests.exceptions.ContentDecodingError) as exc:
                last_reason, last_status = _short_reason(exc), None
                self.stats.count(host, 0)
            except requests.exceptions.InvalidURL as exc:
                raise FetchError(url, msg("not a valid address ({error})", error=str(exc))) from None
            except requests.exceptions.RequestException as exc:
                if watch.reason is not None:
                    raise FetchError(url, watch.reason) from None
                raise FetchError(url, _short_reason(exc)) from None
            if watch.reason is not None:  # late, too slow or stopped: not tried again
                raise FetchError(url, watch.reason)
            if attempt + 1 < attempts:
                with self.stats.lock:
                    self.stats.retries += 1
                wait = min(s.backoff_max, s.backoff_base * (2 ** attempt))
                wait += wait * s.jitter * self._rng.random()
                if retry_after is not None:
                    wait = max(wait, min(retry_after, s.backoff_max))
                self._sleep(wait)
        raise FetchError(url, msg("{reason} (gave up after {n} attempts)", reason=last_reason, n=attempts), status=last_status)


# What a connection error says, as a short reason: the known kinds as messages.
_KNOWN_REASONS = {"Connection refused": N_("connection refused"), "Name or service not known": N_("host name not found"),
                  "Read timed out": N_("timed out"), "Connection reset": N_("connection reset"),
                  "cut short": N_("cut short"), "RemoteDisconnected": N_("remotedisconnected"),
                  "IncompleteRead": N_("incompleteread"), "Connection aborted": N_("connection aborted")}


def _read(r: requests.Response, watch: deadline.Watch, limit: int, too_large) -> bytes:
    """The body, counted as it arrives (``deadline.read_body``), urllib3's errors as requests' ones."""
    try:
        return deadline.read_body(r.raw, watch, limit, too_large)
    except urllib3_errors.ReadTimeoutError as exc:
        raise requests.exceptions.ReadTimeout(exc) from None
    except urllib3_errors.DecodeError as exc:
        raise requests.exceptions.ContentDecodingError(exc) from None
    except (urllib3_errors.ProtocolError, urllib3_errors.SSLError, OSError) as exc:
        raise requests.exceptions.ChunkedEncodingError(exc) from None


def _short_reason(exc: Exception) -> Message:
    text = str(exc)
    for marker, reason in _KNOWN_REASONS.items():
        if marker in text:
            return Message(reason)
    return Message.text(type(exc).__name__ + (": " + text[:200] if text else ""))  # the library's own words
