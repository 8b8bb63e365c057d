"""robots.txt fetched once per host and kept in the database for its lifetime (at most a day)."""

from __future__ import annotations

import logging
import re
from datetime import timedelta

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response
from scrapy.http.request import NO_CALLBACK
from scrapy.robotstxt import RobotParser
from scrapy.utils.httpobj import urlparse_cached
from scrapy.utils.misc import build_from_crawler
from twisted.internet.defer import Deferred

from crawler.store import crawler_store
from storage.http_cache import ROBOTS_MAX_AGE, cached_robots, keep_robots

logger = logging.getLogger(__name__)

ROBOTS_REQUEST = "policywatch_robots"
_MAX_AGE = re.compile(r"max-age\s*=\s*(\d+)", re.IGNORECASE)


class RobotsAnswered(IgnoreRequest):
    """Carries a robots.txt answer past the other middlewares, straight to the cache."""

    def __init__(self, response: Response) -> None:
        super().__init__(f"robots.txt answered {response.status}")
        self.response = response


class CachedRobotsTxtMiddleware(RobotsTxtMiddleware):
    """Scrapy's robots.txt middleware with a per-host cache that outlives the crawl.

    A 2xx answer is parsed; any 4xx (a 403 too, as MIIT answers) means the host publishes no
    rules, which is logged and cached like rules. Both are kept for the answer's
    `Cache-Control: max-age`, at most a day. A 5xx or a failed download is not cached: the
    crawl goes on without rules, as Scrapy's does, and the next run asks again. The answer is
    taken before the retry and WAF middlewares see it: a refused robots.txt is not a block.
    """

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self._no_rules = build_from_crawler(self._parserimpl, crawler, b"")

    def process_response(self, request: Request, response: Response) -> Response:
        if request.meta.get(ROBOTS_REQUEST):
            raise RobotsAnswered(response)
        return response

    async def robot_parser(self, request: Request) -> RobotParser | None:
        url = urlparse_cached(request)
        if url.netloc not in self._parsers:
            pending: Deferred[RobotParser | None] = Deferred()
            self._parsers[url.netloc] = pending
            parser = None
            try:
                parser = await self._load(url.scheme, url.netloc)
            finally:
                self._parsers[url.netloc] = parser
                pending.callback(parser)
        return await super().robot_parser(request)

    async def _load(self, scheme: str, host: str) -> RobotParser | None:
        with crawler_store(self.crawler).session() as session:
            cached = cached_robots(session, host)
        if cached is not None:
            self._stats.inc_value("policywatch/robots/cached")
            if cached.status >= 400:
                logger.info("robots.txt of %s answered %d: no rules (cached)", host, cached.status)
            return self._parser(cached.status, cached.body.encode())
        robots = Request(
            f"{scheme}://{host}/robots.txt",
            priority=self.DOWNLOAD_PRIORITY,
            meta={"dont_obey_robotstxt": True, ROBOTS_REQUEST: True},
            callback=NO_CALLBACK,
        )
        self._stats.inc_value("robotstxt/request_count")
        try:
            await self.crawler.engine.download_async(robots)
        except RobotsAnswered as answered:
            return self._answered(host, answered.response)
        except Exception as error:
            logger.warning(
                "robots.txt of %s could not be fetched (%s): no rules this run", host, error
            )
        return None

    def _answered(self, host: str, response: Response) -> RobotParser | None:
        status = response.status
        self._stats.inc_value(f"robotstxt/response_status_count/{status}")
        if status >= 500:
            logger.warning("robots.txt of %s answered %d: no rules this run", host, status)
            return None
        if status >= 400:
            logger.warning(
                "robots.txt of %s answered %d: the host publishes no rules, crawling as allowed",
                host,
                status,
            )
        body = response.body if status < 300 else b""
        with crawler_store(self.crawler).session() as session, session.begin():
            keep_robots(
                session,
                host,
                status,
                body.decode("utf-8", "replace"),
                lifetime=robots_lifetime(response.headers.get(b"Cache-Control")),
            )
        return self._parser(status, body)

    def _parser(self, status: int, body: bytes) -> RobotParser:
        if status >= 300:
            return self._no_rules
        return build_from_crawler(self._parserimpl, self.crawler, body)


def robots_lifetime(cache_control: bytes | None) -> timedelta:
    """How long a robots.txt answer may be kept: its `max-age`, at most a day."""
    found = _MAX_AGE.search(cache_control.decode("latin-1")) if cache_control else None
    if found is None:
        return ROBOTS_MAX_AGE
    return min(timedelta(seconds=int(found.group(1))), ROBOTS_MAX_AGE)
