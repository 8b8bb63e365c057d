"""Pass a JS challenge (Ruishu, JSL, WZWS) once per host in a real browser, then crawl on with
plain HTTP and the cookies it earned."""

from __future__ import annotations

import asyncio
import logging
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from urllib.parse import urlsplit

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Response

from crawler.browser import BrowserFailure, BrowserSetup, solve
from crawler.downloadermiddlewares.waf import block_crawl
from crawler.waf import detect_challenge

logger = logging.getLogger(__name__)

Cookies = list[dict[str, str]]
Solver = Callable[[str], Cookies]
EARNED_WITH = "policywatch_browser_generation"
STATS = "policywatch/browser"
STARTUP_SECONDS = 30.0


@dataclass
class _Host:
    """One host's earned cookies; `generation` counts the browser visits that earned them."""

    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    cookies: Cookies = field(default_factory=list)
    generation: int = 0
    failure: str | None = None


class BrowserChallengeMiddleware:
    """On a JS challenge, load the page once in headless Chromium, then retry with its cookies.

    Every later request to that host carries the earned cookies, until a request that carried
    them is challenged again: then the browser goes once more, at most
    `POLICYWATCH_BROWSER_VISITS` times per host and crawl. One browser per host at a time;
    requests challenged meanwhile wait for it and retry with what it earned. When the browser
    is missing or fails, the crawl ends `blocked`, saying why (and what to install).
    """

    def __init__(self, crawler: Crawler, solver: Solver, visits: int, seconds: float) -> None:
        self.crawler = crawler
        self.solver = solver
        self.visits = visits
        self.seconds = seconds
        self.hosts: dict[str, _Host] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> BrowserChallengeMiddleware:
        settings = crawler.settings
        visits = settings.getint("POLICYWATCH_BROWSER_VISITS")
        if visits < 1:
            raise NotConfigured("POLICYWATCH_BROWSER_VISITS is 0: no browser")
        setup = BrowserSetup(
            chromium=settings.get("POLICYWATCH_CHROMIUM") or shutil.which("chromium") or "chromium",
            chromedriver=settings.get("POLICYWATCH_CHROMEDRIVER")
            or shutil.which("chromedriver")
            or "chromedriver",
            user_agent=settings.get("USER_AGENT"),
            timeout=settings.getfloat("POLICYWATCH_BROWSER_TIMEOUT"),
            replica=settings.get("POLICYWATCH_REPLICA"),
        )
        return cls(crawler, partial(solve, setup=setup), visits, setup.timeout + STARTUP_SECONDS)

    def process_request(self, request: Request) -> None:
        host = self.hosts.get(_host(request))
        if host is None or not host.cookies:
            return
        request.meta[EARNED_WITH] = host.generation
        request.cookies = host.cookies

    async def process_response(self, request: Request, response: Response) -> Request | Response:
        challenge = detect_challenge(response.status, response.body)
        if challenge is None or not challenge.needs_browser:
            return response
        host = self.hosts.setdefault(_host(request), _Host())
        sent_with = request.meta.get(EARNED_WITH, 0)
        async with host.lock:
            if host.failure is not None:
                raise block_crawl(self.crawler, request, host.failure)
            if host.generation == sent_with:
                if host.generation >= self.visits:
                    reason = f"still challenged after {host.generation} browser visit(s)"
                    raise block_crawl(self.crawler, request, f"{challenge.reason}; {reason}")
                await self._visit(request, host, challenge.reason)
        self.crawler.stats.inc_value(f"{STATS}/retried")
        return request.replace(dont_filter=True)

    async def _visit(self, request: Request, host: _Host, reason: str) -> None:
        stats = self.crawler.stats
        stats.inc_value(f"{STATS}/visits")
        logger.info("%s at %s: passing it in the browser", reason, request.url)
        try:
            earned = await asyncio.wait_for(
                asyncio.to_thread(self.solver, request.url), self.seconds
            )
        except (BrowserFailure, TimeoutError) as error:
            stats.inc_value(f"{STATS}/failures")
            why = str(error) or f"the browser took over {self.seconds:g} s"
            host.failure = f"{reason}; {why}"
            raise block_crawl(self.crawler, request, host.failure) from error
        host.cookies = [{**cookie, "path": "/"} for cookie in earned]
        host.generation += 1


def _host(request: Request) -> str:
    return urlsplit(request.url).hostname or ""
