"""The resolver the downloader connects through: never to an address the URL guard forbids."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Self
from urllib.parse import urlsplit

from scrapy.crawler import Crawler
from scrapy.resolver import CachingThreadedResolver
from twisted.internet.base import ReactorBase
from twisted.internet.defer import Deferred
from twisted.internet.error import DNSLookupError

from crawler.urlguard import address_refusal, normal_host

logger = logging.getLogger(__name__)


class GuardedResolver(CachingThreadedResolver):
    """Scrapy's caching resolver, refusing a name that resolves to a loopback, private,
    link-local, multicast or reserved address when the connection is made, so that a name
    answering differently to the URL guard and to the connection (DNS rebinding) gains
    nothing. The replica's own host is the exception while POLICYWATCH_REPLICA is set."""

    def __init__(
        self, reactor: ReactorBase, cache_size: int, timeout: float, allowed: frozenset[str]
    ) -> None:
        super().__init__(reactor, cache_size, timeout)
        self.allowed = allowed

    @classmethod
    def from_crawler(cls, crawler: Crawler, reactor: ReactorBase) -> Self:
        settings = crawler.settings
        cache_size = settings.getint("DNSCACHE_SIZE") if settings.getbool("DNSCACHE_ENABLED") else 0
        replica = settings.get("POLICYWATCH_REPLICA")
        allowed = frozenset({normal_host(urlsplit(replica).hostname)} if replica else ())
        return cls(reactor, cache_size, settings.getfloat("DNS_TIMEOUT"), allowed)

    def getHostByName(self, name: str, timeout: Sequence[int] = ()) -> Deferred[str]:
        resolved = super().getHostByName(name, timeout)
        resolved.addCallback(self.checked, name)
        return resolved

    def checked(self, address: str, name: str) -> str:
        """`address`, unless `name` may not connect to it."""
        if normal_host(name) not in self.allowed and (reason := address_refusal(address)):
            logger.warning("not connecting to %s: it resolves to %s (%s)", name, address, reason)
            raise DNSLookupError(f"{name} resolves to {address} ({reason}): refused")
        return address
