"""Conditional GET on list pages: validators kept per URL, sent after a good run, 304 skipped."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import scrapy
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.http import HtmlResponse, Request, Response
from scrapy.utils.test import get_crawler

from crawler.downloadermiddlewares.conditional import ConditionalListMiddleware
from crawler.extensions.crawl_run import LIST_PAGES_FETCHED, RUN_ID
from crawler.listing import LIST_PAGE
from crawler.store import crawler_store
from storage import ensure_source, finish_run, start_run

LIST_URL = "https://www.most.gov.cn/tztg/index.html"
ETAG = '"5f1a-61b2"'
MODIFIED = "Tue, 01 Jun 2021 08:00:00 GMT"


class ListSpider(scrapy.Spider):
    name = "most_tztg"


def _crawler(tmp_path: Path, *, previous: str | None, backfill: bool = False) -> Crawler:
    crawler = get_crawler(
        ListSpider,
        {
            "POLICYWATCH_DB_URL": f"sqlite:///{tmp_path / 'policywatch.db'}",
            "POLICYWATCH_BACKFILL": backfill,
        },
    )
    crawler.spider = crawler._create_spider()
    with crawler_store(crawler).session() as session, session.begin():
        ensure_source(session, "most_tztg", site="most", name="MOST", list_url=LIST_URL)
        if previous is not None:
            run = start_run(session, "most_tztg")
            finish_run(session, run, outcome=previous, reason=None, counts={}, stats={})
        current = start_run(session, "most_tztg")
    crawler.stats.set_value(RUN_ID, current)
    return crawler


@pytest.fixture
def crawler(tmp_path: Path) -> Iterator[Crawler]:
    made = _crawler(tmp_path, previous="ok")
    yield made
    crawler_store(made).close()


def _list_request(**kwargs: object) -> Request:
    return Request(LIST_URL, meta={LIST_PAGE: True}, **kwargs)


def _answer(request: Request, status: int, headers: dict[str, str]) -> Response:
    return HtmlResponse(
        request.url, status=status, headers=headers, body=b"<ul></ul>", request=request
    )


def _remember(middleware: ConditionalListMiddleware, headers: dict[str, str]) -> None:
    request = _list_request()
    middleware.process_response(request, _answer(request, 200, headers))


def test_a_list_page_is_asked_with_the_validators_it_last_answered(crawler: Crawler) -> None:
    middleware = ConditionalListMiddleware.from_crawler(crawler)
    first = _list_request()
    middleware.process_request(first)
    assert b"If-None-Match" not in first.headers
    _remember(middleware, {"ETag": ETAG, "Last-Modified": MODIFIED})
    again = _list_request()
    middleware.process_request(again)
    assert again.headers[b"If-None-Match"] == ETAG.encode()
    assert again.headers[b"If-Modified-Since"] == MODIFIED.encode()
    assert crawler.stats.get_value("policywatch/conditional/asked") == 1


def test_a_304_is_nothing_new_and_counts_as_a_list_page_fetched(crawler: Crawler) -> None:
    middleware = ConditionalListMiddleware.from_crawler(crawler)
    request = _list_request()
    with pytest.raises(IgnoreRequest):
        middleware.process_response(request, _answer(request, 304, {"ETag": ETAG}))
    assert crawler.stats.get_value("policywatch/conditional/not_modified") == 1
    assert crawler.stats.get_value(LIST_PAGES_FETCHED) == 1


def test_detail_pages_and_posts_are_left_alone(crawler: Crawler) -> None:
    middleware = ConditionalListMiddleware.from_crawler(crawler)
    _remember(middleware, {"ETag": ETAG})
    detail = Request(LIST_URL)
    post = _list_request(method="POST")
    for request in (detail, post):
        middleware.process_request(request)
        assert b"If-None-Match" not in request.headers
        assert middleware.process_response(request, _answer(request, 304, {})).status == 304


def test_a_page_that_stops_sending_validators_is_forgotten(crawler: Crawler) -> None:
    middleware = ConditionalListMiddleware.from_crawler(crawler)
    _remember(middleware, {"ETag": ETAG})
    _remember(middleware, {})
    request = _list_request()
    middleware.process_request(request)
    assert b"If-None-Match" not in request.headers


@pytest.mark.parametrize(
    ("previous", "backfill"), [("failed", False), ("interrupted", False), ("ok", True)]
)
def test_no_validators_after_a_run_that_may_have_left_rows_unstored_or_in_a_backfill(
    tmp_path: Path, previous: str | None, backfill: bool
) -> None:
    seeded = _crawler(tmp_path / "seed", previous="ok")
    _remember(ConditionalListMiddleware.from_crawler(seeded), {"ETag": ETAG})
    crawler_store(seeded).close()
    (tmp_path / "seed" / "policywatch.db").rename(tmp_path / "policywatch.db")
    crawler = _crawler(tmp_path, previous=previous, backfill=backfill)
    request = _list_request()
    ConditionalListMiddleware.from_crawler(crawler).process_request(request)
    crawler_store(crawler).close()
    assert b"If-None-Match" not in request.headers
