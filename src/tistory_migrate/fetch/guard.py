"""Which addresses a request may reach: only public internet addresses, so that a page cannot
steer the tool into the person's own computer or network.

A page decides much of what the tool requests: redirects, pictures, attachments, feed links.
Each such request is refused when its host is, or resolves to, an address that is not global
(Python's ``ipaddress``): loopback, private networks, link-local (the cloud metadata address
169.254.169.254 among them), shared (CGNAT), multicast, the unspecified address, reserved and
documentation ranges. IPv6 forms that carry an IPv4 address (IPv4-mapped ``::ffff:a.b.c.d``,
IPv4-compatible ``::a.b.c.d``, NAT64 ``64:ff9b::/96``, 6to4 ``2002::/16``) are judged by the
IPv4 address they carry.

:func:`connect_checked` is the one place a direct connection is made: it resolves the host
once, checks every answer, and connects only to the addresses it checked, so a name that
answers a public address for the check and a private one a moment later (DNS rebinding) never
reaches the private one. :func:`check_host` is the best-effort check before a request goes
through a proxy (the proxy resolves the name; a name this machine cannot resolve is left to
it). What ``--resolve`` routes to this machine, and the proxy itself, are not checked here:
``http.py`` does not ask.

:class:`CheckedHTTPConnection` / :class:`CheckedHTTPSConnection` are urllib3's connections
with :func:`connect_checked` as their connect; ``http.py`` (the only module that imports
requests) mounts their pools (:data:`CHECKED_POOLS`) for every request that is not routed.
"""

from __future__ import annotations

import ipaddress
import socket
from typing import Any

from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import ConnectTimeoutError, NameResolutionError, NewConnectionError
from urllib3.util.connection import allowed_gai_family

from tistory_migrate.i18n import N_, Message, msg

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

METADATA_ADDRESSES = frozenset({ipaddress.ip_address("169.254.169.254"), ipaddress.ip_address("fd00:ec2::254")})
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
_SIXTOFOUR = ipaddress.ip_network("2002::/16")
_COMPATIBLE = ipaddress.ip_network("::/96")

# What kind of address each refusal names (the first that fits).
KIND_METADATA = N_("the cloud metadata address")
KIND_LOOPBACK = N_("an address of this computer (loopback)")
KIND_UNSPECIFIED = N_("the unspecified address")
KIND_LINK_LOCAL = N_("a link-local address")
KIND_MULTICAST = N_("a multicast address")
KIND_PRIVATE = N_("an address of a local network")
KIND_OTHER = N_("an address that is not public")


class AddressRefused(Exception):
    """A host that is, or resolves to, an address the tool does not reach on a page's say-so.

    Not an ``OSError``: the HTTP library lets it through unchanged instead of retrying it as a
    connection error. ``reason`` is the message the report keeps."""

    def __init__(self, host: str, address: IPAddress, kind: str):
        self.host = host
        self.address = address
        self.kind = kind
        shown = shown_address(address)
        if _same_address(host, address):
            self.reason = msg("refused: {address} is {kind}, not a public internet address",
                              address=shown, kind=Message(kind))
        else:
            self.reason = msg("refused: {host} points to {address}, {kind}, not a public internet address",
                              host=host, address=shown, kind=Message(kind))
        super().__init__(self.reason.english())


def shown_address(address: IPAddress) -> str:
    """The address as people write it (an IPv4-mapped one as ``::ffff:a.b.c.d``)."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return f"::ffff:{address.ipv4_mapped}"
    return str(address)


def _same_address(host: str, address: IPAddress) -> bool:
    try:
        return ipaddress.ip_address(host.strip("[]").split("%", 1)[0]) == address
    except ValueError:
        return False


def parse_address(text: str) -> IPAddress | None:
    """An IP address from a URL host or a socket address (brackets and an IPv6 zone dropped)."""
    try:
        return ipaddress.ip_address(text.strip("[]").split("%", 1)[0])
    except ValueError:
        return None


def embedded_ipv4(ip: IPAddress) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 address carries (mapped, compatible, NAT64, 6to4), if any."""
    if not isinstance(ip, ipaddress.IPv6Address):
        return None
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip.sixtofour is not None:
        return ip.sixtofour
    if ip in _NAT64 or (ip in _COMPATIBLE and int(ip) > 1):
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None


def refusal_kind(ip: IPAddress) -> str | None:
    """Why ``ip`` is not reached (a ``KIND_*`` message id), or None for a public address."""
    inner = embedded_ipv4(ip)
    if inner is not None:
        return refusal_kind(inner)
    if ip in METADATA_ADDRESSES:
        return KIND_METADATA
    if ip.is_loopback:
        return KIND_LOOPBACK
    if ip.is_unspecified:
        return KIND_UNSPECIFIED
    if ip.is_link_local:
        return KIND_LINK_LOCAL
    if ip.is_multicast:
        return KIND_MULTICAST
    if ip.is_global:
        return None
    if ip.is_private:
        return KIND_PRIVATE
    return KIND_OTHER


def check_address(host: str, address: IPAddress) -> None:
    """Raise :class:`AddressRefused` unless ``address`` (an answer for ``host``) is public."""
    kind = refusal_kind(address)
    if kind is not None:
        raise AddressRefused(host, address, kind)


def resolve_checked(host: str, port: int, family: int = socket.AF_UNSPEC) -> list[tuple[Any, ...]]:
    """``getaddrinfo`` answers for ``host`` (TCP), every one of them checked: one address that
    is not public refuses the host. Raises ``socket.gaierror`` when the name does not resolve."""
    answers = socket.getaddrinfo(host, port, family, socket.SOCK_STREAM)
    if not answers:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
    for *_rest, sockaddr in answers:
        address = parse_address(str(sockaddr[0]))
        if address is None:  # pragma: no cover - getaddrinfo answers addresses
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        check_address(host, address)
    return answers


def check_host(host: str, port: int) -> None:
    """Best effort, before a request goes through a proxy: an address in the URL is checked;
    a name is checked when this machine can resolve it (else the proxy decides)."""
    address = parse_address(host)
    if address is not None:
        check_address(host, address)
        return
    try:
        resolve_checked(host, port)
    except (OSError, UnicodeError):
        return


def connect_checked(host: str, port: int, timeout: float | None, *, source_address: tuple[str, int] | None = None,
                    socket_options: list[tuple[int, int, int]] | None = None,
                    family: int = socket.AF_UNSPEC) -> socket.socket:
    """A TCP connection to ``host``: resolved once, every answer checked, and only the checked
    addresses connected to (in the resolver's order, like ``socket.create_connection``)."""
    answers = resolve_checked(host, port, family)
    error: OSError | None = None
    for af, socktype, proto, _canon, sockaddr in answers:
        sock = None
        try:
            sock = socket.socket(af, socktype, proto)
            for option in socket_options or ():
                sock.setsockopt(*option)
            sock.settimeout(timeout)
            if source_address:
                sock.bind(source_address)
            sock.connect(sockaddr)
            return sock
        except OSError as exc:
            error = exc
            if sock is not None:
                sock.close()
    raise error if error is not None else OSError(f"no address to connect to for {host}")


# -- the connections that obey the rule (urllib3, under requests) ----------------------------------
class CheckedConnect:
    """A direct connection goes only to an address checked for the host (resolved once and
    pinned: no second lookup can swap it); the TLS layer above still sends and verifies the host
    name (urllib3 wraps the socket with ``server_hostname`` = the host).
    A connection to a configured proxy is the proxy's own: exempt (corporate proxies live on
    private addresses)."""

    def _new_conn(self) -> socket.socket:
        if getattr(self, "proxy", None) is not None:
            return super()._new_conn()  # type: ignore[misc]
        timeout = self.timeout if isinstance(self.timeout, (int, float)) else socket.getdefaulttimeout()
        try:
            return connect_checked(self._dns_host, self.port, timeout, source_address=self.source_address,
                                   socket_options=self.socket_options, family=allowed_gai_family())
        except socket.gaierror as exc:
            raise NameResolutionError(self.host, self, exc) from exc
        except TimeoutError as exc:
            raise ConnectTimeoutError(self, f"Connection to {self.host} timed out. (connect timeout={self.timeout})") from exc
        except OSError as exc:
            raise NewConnectionError(self, f"Failed to establish a new connection: {exc}") from exc


class CheckedHTTPConnection(CheckedConnect, HTTPConnection):
    pass


class CheckedHTTPSConnection(CheckedConnect, HTTPSConnection):
    pass


class CheckedHTTPPool(HTTPConnectionPool):
    ConnectionCls = CheckedHTTPConnection


class CheckedHTTPSPool(HTTPSConnectionPool):
    ConnectionCls = CheckedHTTPSConnection


# The pool classes a checked PoolManager uses, by scheme (``http.py`` mounts them in requests).
CHECKED_POOLS = {"http": CheckedHTTPPool, "https": CheckedHTTPSPool}
