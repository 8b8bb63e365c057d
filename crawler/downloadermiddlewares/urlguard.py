"""The URL guard in the downloader: every request and every redirect hop is checked first."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest

from crawler.config import load_config
from crawler.downloadermiddlewares.giveups import DETAIL_ATTEMPTED, REFUSED, count_failure
from crawler.listing import DETAIL
from crawler.sources import source_overrides
from crawler.urlguard import Policy, precheck, resolve_host, resolved_refusal

logger = logging.getLogger(__name__)

REFUSED_PREFIX = "urlguard/refused/"
HOST_PREFIX = "downloader/host/"
_COUNTED = "policywatch_detail_counted"


def source_domains(spider: Any, config: Mapping[str, Any]) -> list[str]:
    """The hosts a source may fetch from: its `allowed_domains`, the hosts of its site and list
    URL, and the `extra_hosts` of its `[sources.<id>]` table (each with its subdomains)."""
    override = source_overrides(config, spider.name)
    return [
        *(getattr(spider, "allowed_domains", None) or []),
        getattr(spider, "site", ""),
        urlsplit(override.get("list_url", getattr(spider, "list_url", ""))).hostname or "",
        *override.get("extra_hosts", []),
    ]


class UrlGuardMiddleware:
    """Refuses, before any other middleware sees it, a request the URL guard does not allow.

    Lists, details, attachments, robots.txt and each hop of a redirect or meta refresh
    (Scrapy sends the redirected request through the downloader middlewares again) pass
    here. A refusal is counted (`urlguard/refused/<reason>`) and logged; only that request
    is dropped. Hosts are resolved once per crawl, every address checked.
    """

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.stats = crawler.stats
        self.replica = crawler.settings.get("POLICYWATCH_REPLICA") or None
        self._policy: Policy | None = None
        self._resolved: dict[str, str | None] = {}
        crawler.signals.connect(self.reached_downloader, signal=signals.request_reached_downloader)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> UrlGuardMiddleware:
        return cls(crawler)

    @property
    def policy(self) -> Policy:
        if self._policy is None:
            domains = source_domains(self.crawler.spider, load_config())
            self._policy = Policy.of(domains, self.replica)
        return self._policy

    async def process_request(self, request: Request) -> None:
        if request.meta.get(DETAIL) and not request.meta.get(_COUNTED):
            request.meta[_COUNTED] = True
            self.stats.inc_value(DETAIL_ATTEMPTED)
        verdict = precheck(request.url, self.policy)
        reason = verdict.refused
        if verdict.resolve is not None:
            reason = await self._host_refusal(verdict.resolve)
        if reason is not None:
            self.stats.inc_value(f"{REFUSED_PREFIX}{reason}")
            count_failure(self.stats, request, REFUSED)
            chain = " ← ".join(request.meta.get("redirect_urls", [])[::-1])
            origin = f", redirected from {chain}" if chain else ""
            logger.warning("refused %s (%s)%s", request.url, reason, origin)
            raise IgnoreRequest(f"URL guard refused {request.url}: {reason}")

    def reached_downloader(self, request: Request, spider: Any = None) -> None:
        self.stats.inc_value(f"{HOST_PREFIX}{urlsplit(request.url).netloc.lower()}")

    async def _host_refusal(self, host: str) -> str | None:
        if host not in self._resolved:
            addresses = await asyncio.to_thread(resolve_host, host)
            self._resolved[host] = resolved_refusal(addresses)
        return self._resolved[host]
