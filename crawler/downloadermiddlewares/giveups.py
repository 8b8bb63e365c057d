"""Requests given up on are counted by reason: hop limits, loops, bodies over the size cap."""

from __future__ import annotations

import logging
from typing import ClassVar, Self

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.httpcompression import HttpCompressionMiddleware
from scrapy.downloadermiddlewares.redirect import MetaRefreshMiddleware, RedirectMiddleware
from scrapy.exceptions import DownloadCancelledError, IgnoreRequest
from scrapy.http import Response
from scrapy.statscollectors import StatsCollector

from crawler.listing import DETAIL

logger = logging.getLogger(__name__)

REFUSED = "refused"
REDIRECT_LIMIT = "redirect_limit"
TOO_LARGE = "too_large"
DETAIL_ATTEMPTED = "policywatch/detail/attempted"
DETAIL_FAILED = "policywatch/detail/failed"
FAILED_PREFIX = "policywatch/failed/"


def count_failure(stats: StatsCollector, request: Request, reason: str) -> None:
    """Count a request given up on, and the detail page it was for."""
    stats.inc_value(f"{FAILED_PREFIX}{reason}")
    if request.meta.get(DETAIL):
        stats.inc_value(DETAIL_FAILED)


class _CountsGivingUp:
    """The Scrapy middleware below, with each request it gives up on counted as `reason`."""

    reason: ClassVar[str]
    crawler: Crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        middleware = super().from_crawler(crawler)  # type: ignore[misc]
        middleware.crawler = crawler
        return middleware

    def process_response(self, request: Request, response: Response) -> Request | Response:
        try:
            return super().process_response(request, response)  # type: ignore[misc]
        except IgnoreRequest as error:
            count_failure(self.crawler.stats, request, self.reason)
            logger.warning("gave up on %s: %s", request.url, error)
            raise


class _HopLimit(_CountsGivingUp):
    """A redirect back to a URL of its own chain passes the duplicate filter, so that a loop
    runs into `REDIRECT_MAX_TIMES` and is counted instead of vanishing unseen."""

    reason = REDIRECT_LIMIT

    def process_response(self, request: Request, response: Response) -> Request | Response:
        result = super().process_response(request, response)
        if isinstance(result, Request) and result.url in result.meta.get("redirect_urls", ()):
            result.dont_filter = True
        return result


class CountedRedirectMiddleware(_HopLimit, RedirectMiddleware):
    """Scrapy's HTTP 3xx redirects; each hop goes through the URL guard again."""


class CountedMetaRefreshMiddleware(_HopLimit, MetaRefreshMiddleware):
    """Scrapy's `<meta http-equiv=refresh>` redirects; each hop goes through the URL guard."""


class CountedHttpCompressionMiddleware(_CountsGivingUp, HttpCompressionMiddleware):
    """Scrapy's decompression, which stops at `DOWNLOAD_MAXSIZE` (a gzip bomb); a body over the
    cap before decompression is cancelled by the download handler and counted here too."""

    reason = TOO_LARGE

    def process_exception(self, request: Request, exception: Exception) -> None:
        if isinstance(exception, DownloadCancelledError):
            count_failure(self.crawler.stats, request, TOO_LARGE)
