"""The URL guard: which URLs the crawler may fetch, decided before any byte is sent."""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

SCHEMES = frozenset({"http", "https"})

SCHEME = "scheme"
NO_HOST = "no_host"
HOST = "host"
UNRESOLVED = "unresolved"
LOOPBACK = "loopback"
PRIVATE = "private"
LINK_LOCAL = "link_local"
MULTICAST = "multicast"
RESERVED = "reserved"
UNSPECIFIED = "unspecified"

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Resolver = Callable[[str], Iterable[str]]


@dataclass(frozen=True)
class Policy:
    """What one source may fetch: its domains (each with its subdomains), and the replica URL
    that every download goes to while one is configured."""

    domains: frozenset[str]
    replica: str | None = None

    @classmethod
    def of(cls, domains: Iterable[str], replica: str | None = None) -> Policy:
        return cls(frozenset(filter(None, map(normal_host, domains))), replica)

    def allows_host(self, host: str) -> bool:
        return any(host == domain or host.endswith(f".{domain}") for domain in self.domains)

    def is_replica(self, url: str) -> bool:
        if not self.replica:
            return False
        ours, theirs = urlsplit(self.replica), urlsplit(url)
        return (ours.scheme, ours.hostname, ours.port) == (
            theirs.scheme,
            theirs.hostname,
            theirs.port,
        )


@dataclass(frozen=True)
class Verdict:
    """Refused (with the reason), allowed, or allowed once `resolve` names only public
    addresses."""

    refused: str | None = None
    resolve: str | None = None


ALLOWED = Verdict()


def normal_host(host: str | None) -> str:
    """A host name as compared: lower case, without a trailing dot or IPv6 brackets."""
    return (host or "").strip().lower().rstrip(".").strip("[]")


def address_refusal(address: str | IPAddress) -> str | None:
    """Why an address must not be fetched (None: a public address)."""
    ip = ipaddress.ip_address(address) if isinstance(address, str) else address
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    checks = (
        (ip.is_unspecified, UNSPECIFIED),
        (ip.is_loopback, LOOPBACK),
        (ip.is_link_local, LINK_LOCAL),
        (ip.is_multicast, MULTICAST),
        (ip.is_reserved, RESERVED),
        (ip.is_private or not ip.is_global, PRIVATE),
    )
    return next((reason for hit, reason in checks if hit), None)


def precheck(url: str, policy: Policy) -> Verdict:
    """Everything decidable without DNS: scheme, host, IP-literal addresses, the replica."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - a malformed port raises here
    except ValueError:
        return Verdict(refused=NO_HOST)
    if parts.scheme.lower() not in SCHEMES:
        return Verdict(refused=SCHEME)
    host = normal_host(parts.hostname)
    if not host:
        return Verdict(refused=NO_HOST)
    if policy.is_replica(url):
        return ALLOWED
    literal = ip_literal(host)
    if literal is not None and (reason := address_refusal(literal)):
        return Verdict(refused=reason)
    if not policy.allows_host(host):
        return Verdict(refused=HOST)
    if literal is not None or policy.replica:
        return ALLOWED
    return Verdict(resolve=host)


def resolved_refusal(addresses: Iterable[str]) -> str | None:
    """Why a host whose name resolved to `addresses` must not be fetched (None: all public)."""
    found = list(addresses)
    if not found:
        return UNRESOLVED
    return next((reason for address in found if (reason := address_refusal(address))), None)


def resolve_host(host: str) -> list[str]:
    """Every address `host` resolves to (empty when it does not resolve)."""
    try:
        infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except (OSError, UnicodeError):
        return []
    return sorted({str(info[4][0]).split("%")[0] for info in infos})


def refusal(url: str, policy: Policy, resolve: Resolver = resolve_host) -> str | None:
    """Why `url` must not be fetched under `policy` (None: it may be), resolving its host
    with `resolve` when the answer depends on its addresses."""
    verdict = precheck(url, policy)
    if verdict.resolve is None:
        return verdict.refused
    return resolved_refusal(resolve(verdict.resolve))


def ip_literal(host: str) -> IPAddress | None:
    """The address `host` spells, if it is an IP address."""
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        return None
