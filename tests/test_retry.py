"""The backoff retry middleware: retried answers wait twice as long each time, up to a ceiling."""

from __future__ import annotations

import asyncio

import pytest
from scrapy import Request
from scrapy.http import Response
from scrapy.utils.test import get_crawler

from crawler.downloadermiddlewares.retry import BackoffRetryMiddleware, backoff_delay


@pytest.mark.parametrize(
    ("retries", "delay"), [(0, 5.0), (1, 10.0), (2, 20.0), (4, 80.0), (5, 120.0), (9, 120.0)]
)
def test_each_retry_waits_twice_as_long_up_to_the_ceiling(retries: int, delay: float) -> None:
    assert backoff_delay(5.0, retries, 120.0) == delay


def _middleware(base: float) -> tuple[BackoffRetryMiddleware, object]:
    crawler = get_crawler(
        settings_dict={"RETRY_BACKOFF_BASE": base, "RETRY_BACKOFF_MAX": 1.0, "RETRY_TIMES": 2,
                       "RETRY_HTTP_CODES": [503, 412]}
    )
    crawler.spider = crawler._create_spider("retry_test")
    middleware = BackoffRetryMiddleware.from_crawler(crawler)
    return middleware, crawler.stats


def _answer(request: Request, status: int) -> Response:
    return Response(request.url, status=status, request=request)


def test_a_retryable_answer_is_retried_after_its_backoff() -> None:
    middleware, stats = _middleware(base=0.01)
    request = Request("https://www.nmpa.gov.cn/list.html")
    retried = asyncio.run(middleware.process_response(request, _answer(request, 503)))
    assert isinstance(retried, Request) and retried.meta["retry_times"] == 1
    again = asyncio.run(middleware.process_response(retried, _answer(retried, 503)))
    assert again.meta["retry_times"] == 2
    assert stats.get_value("policywatch/retry/backoff_seconds") == pytest.approx(0.03)
    given_up = asyncio.run(middleware.process_response(again, _answer(again, 503)))
    assert isinstance(given_up, Response) and given_up.status == 503


@pytest.mark.parametrize("status", [200, 404])
def test_other_answers_pass_at_once(status: int) -> None:
    middleware, stats = _middleware(base=60.0)
    request = Request("https://www.nmpa.gov.cn/list.html")
    answer = _answer(request, status)
    assert asyncio.run(middleware.process_response(request, answer)) is answer
    assert stats.get_value("policywatch/retry/backoff_seconds") is None


def test_a_request_marked_dont_retry_is_not_retried() -> None:
    middleware, _stats = _middleware(base=60.0)
    request = Request("https://www.nmpa.gov.cn/list.html", meta={"dont_retry": True})
    answer = _answer(request, 503)
    assert asyncio.run(middleware.process_response(request, answer)) is answer
