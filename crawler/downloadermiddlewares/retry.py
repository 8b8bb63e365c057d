"""Retries that back off: each retry of a request waits twice as long as the one before."""

from __future__ import annotations

import asyncio

from scrapy import Request
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.http import Response
from scrapy.settings import BaseSettings


def backoff_delay(base: float, retries_so_far: int, ceiling: float) -> float:
    """Seconds to wait before the next retry: base, 2×base, 4×base … at most `ceiling`."""
    return min(ceiling, base * 2**retries_so_far)


class BackoffRetryMiddleware(RetryMiddleware):
    """Scrapy's retry on `RETRY_HTTP_CODES`, after an exponential pause (`RETRY_BACKOFF_BASE`)."""

    def __init__(self, settings: BaseSettings) -> None:
        super().__init__(settings)
        self.base = settings.getfloat("RETRY_BACKOFF_BASE")
        self.ceiling = settings.getfloat("RETRY_BACKOFF_MAX")

    async def process_response(self, request: Request, response: Response) -> Request | Response:
        if request.meta.get("dont_retry", False) or response.status not in self.retry_http_codes:
            return response
        delay = backoff_delay(self.base, request.meta.get("retry_times", 0), self.ceiling)
        if delay > 0:
            self.crawler.stats.inc_value("policywatch/retry/backoff_seconds", delay)
            await asyncio.sleep(delay)
        return super().process_response(request, response)
