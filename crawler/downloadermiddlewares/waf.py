"""Stop a crawl the moment a site answers with a WAF challenge: nothing of it is stored."""

from __future__ import annotations

import logging

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response
from scrapy.utils.defer import deferred_from_coro

from crawler.waf import detect_challenge

logger = logging.getLogger(__name__)

BLOCKED = "policywatch/blocked"


def block_crawl(crawler: Crawler, request: Request, reason: str) -> IgnoreRequest:
    """Record why the crawl is blocked (the first reason wins), close the spider, and return
    the exception that drops `request`."""
    stats = crawler.stats
    if stats.get_value(BLOCKED) is None:
        stats.set_value(BLOCKED, f"{reason} at {request.url}")
        logger.warning("blocked: %s at %s; closing the crawl, nothing stored", reason, request.url)
        deferred_from_coro(crawler.engine.close_spider_async(reason="blocked"))
    stats.inc_value("policywatch/blocked_responses")
    return IgnoreRequest(f"WAF challenge: {reason}")


class WafMiddleware:
    """Recognizes challenge pages once retries gave up, records why, and closes the spider.

    Hammering a WAF only prolongs the block, so the first challenge ends the crawl with
    finish reason `blocked`; the run is recorded as blocked with the reason.
    """

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> WafMiddleware:
        return cls(crawler)

    def process_response(self, request: Request, response: Response) -> Response:
        challenge = detect_challenge(response.status, response.body)
        if challenge is None:
            return response
        raise block_crawl(self.crawler, request, challenge.reason)
