"""The browser middleware's decisions, with a stand-in for the browser: when it goes, how often,
one visit per host at a time, the cookies that follow, and when the crawl ends blocked."""

from __future__ import annotations

import asyncio
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from scrapy import Request
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.http import HtmlResponse
from scrapy.utils.test import get_crawler

from crawler.browser import (
    INSTALL,
    BrowserFailure,
    BrowserMissing,
    BrowserSetup,
    browser_url,
    host_resolver_rules,
)
from crawler.downloadermiddlewares.browser import BrowserChallengeMiddleware
from crawler.downloadermiddlewares.waf import BLOCKED

REAL = Path(__file__).resolve().parent / "files" / "real"
CHALLENGE = (REAL / "nmpa_412_challenge.html").read_bytes()
PAGE = (REAL / "nmpa_detail.html").read_bytes()
LIST = "https://www.nmpa.gov.cn/ylqx/ylqxggtg/index.html"
DETAIL = "https://www.nmpa.gov.cn/xxgk/fgwj/gzwj/gzwjyp/20260625163342127.html"
EARNED = [{"name": "NfBCSins2OywS", "value": "s"}, {"name": "NfBCSins2OywT", "value": "t"}]


class Stats:
    def __init__(self) -> None:
        self.values: dict[str, Any] = {}

    def get_value(self, key: str) -> Any:
        return self.values.get(key)

    def set_value(self, key: str, value: Any) -> None:
        self.values[key] = value

    def inc_value(self, key: str, count: int = 1) -> None:
        self.values[key] = self.values.get(key, 0) + count


class Engine:
    def __init__(self) -> None:
        self.closed: list[str] = []

    async def close_spider_async(self, reason: str) -> None:
        self.closed.append(reason)


class Crawler:
    def __init__(self) -> None:
        self.stats = Stats()
        self.engine = Engine()


class Browser:
    """Stands in for Chromium: earns cookies (or fails), counting visits and overlaps."""

    def __init__(self, failure: BrowserFailure | None = None, seconds: float = 0.0) -> None:
        self.failure = failure
        self.seconds = seconds
        self.visits: list[str] = []
        self.running: Counter[str] = Counter()
        self.most_at_once: Counter[str] = Counter()
        self._lock = threading.Lock()

    def __call__(self, url: str) -> list[dict[str, str]]:
        host = url.split("/")[2]
        with self._lock:
            self.visits.append(url)
            self.running[host] += 1
            self.most_at_once[host] = max(self.most_at_once[host], self.running[host])
        time.sleep(self.seconds)
        with self._lock:
            self.running[host] -= 1
        if self.failure is not None:
            raise self.failure
        return [dict(cookie) for cookie in EARNED]


def middleware(
    browser: Browser, visits: int = 2, seconds: float = 5.0
) -> BrowserChallengeMiddleware:
    return BrowserChallengeMiddleware(Crawler(), browser, visits, seconds)  # type: ignore[arg-type]


def response(request: Request, body: bytes = CHALLENGE, status: int = 412) -> HtmlResponse:
    return HtmlResponse(request.url, status=status, body=body, request=request)


def sent(mw: BrowserChallengeMiddleware, url: str) -> Request:
    request = Request(url)
    mw.process_request(request)
    return request


def answer(mw: BrowserChallengeMiddleware, request: Request, **kwargs: Any) -> Any:
    return asyncio.run(mw.process_response(request, response(request, **kwargs)))


def test_a_page_and_a_403_pass_untouched() -> None:
    browser = Browser()
    mw = middleware(browser)
    request = sent(mw, DETAIL)
    assert answer(mw, request, body=PAGE, status=200).body == PAGE
    assert answer(mw, request, body=b"<html>Forbidden</html>", status=403).status == 403
    assert browser.visits == []


def test_a_challenge_sends_the_browser_once_then_plain_requests_carry_its_cookies() -> None:
    browser = Browser()
    mw = middleware(browser)
    retry = answer(mw, sent(mw, LIST))
    assert isinstance(retry, Request) and retry.url == LIST and retry.dont_filter
    assert browser.visits == [LIST]
    following = sent(mw, DETAIL)
    assert following.cookies == [{**cookie, "path": "/"} for cookie in EARNED]
    assert sent(mw, "https://www.nhc.gov.cn/").cookies == {}
    assert answer(mw, following, body=PAGE, status=200).body == PAGE
    assert browser.visits == [LIST]


def test_requests_challenged_while_the_browser_runs_wait_for_it_and_retry() -> None:
    browser = Browser(seconds=0.2)
    mw = middleware(browser)
    hosts = ["www.nmpa.gov.cn", "www.nhc.gov.cn"]
    requests = [sent(mw, f"https://{host}/p{n}.html") for host in hosts for n in range(3)]

    async def all_at_once() -> list[Any]:
        return await asyncio.gather(
            *(mw.process_response(request, response(request)) for request in requests)
        )

    retried = asyncio.run(all_at_once())
    assert all(isinstance(request, Request) for request in retried)
    assert Counter(url.split("/")[2] for url in browser.visits) == dict.fromkeys(hosts, 1)
    assert browser.most_at_once == dict.fromkeys(hosts, 1)


def test_a_request_sent_before_the_cookies_were_earned_retries_without_the_browser() -> None:
    browser = Browser()
    mw = middleware(browser)
    early, first = sent(mw, DETAIL), sent(mw, LIST)
    answer(mw, first)
    assert isinstance(answer(mw, early), Request)
    assert browser.visits == [LIST]


def test_cookies_that_stop_working_send_the_browser_again_within_the_bound() -> None:
    browser = Browser()
    mw = middleware(browser, visits=2)
    answer(mw, sent(mw, LIST))
    assert isinstance(answer(mw, sent(mw, DETAIL)), Request)
    assert browser.visits == [LIST, DETAIL]
    with pytest.raises(IgnoreRequest):
        answer(mw, sent(mw, DETAIL))
    assert browser.visits == [LIST, DETAIL]
    reason = mw.crawler.stats.get_value(BLOCKED)
    assert reason == (
        "Ruishu (瑞数) challenge page, HTTP 412; still challenged after 2 browser visit(s)"
        f" at {DETAIL}"
    )
    assert mw.crawler.engine.closed == ["blocked"]


@pytest.mark.parametrize(
    ("failure", "said"),
    [
        (BrowserMissing(f"no browser at chromium: {INSTALL}"), INSTALL),
        (BrowserFailure("still a challenge when the browser's time was up"), "time was up"),
    ],
)
def test_a_browser_that_cannot_pass_blocks_the_crawl_saying_why(
    failure: BrowserFailure, said: str
) -> None:
    browser = Browser(failure=failure)
    mw = middleware(browser)
    for url in (LIST, DETAIL):
        with pytest.raises(IgnoreRequest):
            answer(mw, sent(mw, url))
    reason = mw.crawler.stats.get_value(BLOCKED)
    assert reason.startswith("Ruishu (瑞数) challenge page, HTTP 412; ") and said in reason
    assert mw.crawler.engine.closed == ["blocked"]
    assert mw.crawler.stats.get_value("policywatch/browser/failures") == 1
    assert browser.visits == [LIST]


def test_a_browser_visit_is_bounded_in_time() -> None:
    mw = middleware(Browser(seconds=0.5), seconds=0.1)
    with pytest.raises(IgnoreRequest):
        answer(mw, sent(mw, LIST))
    assert "the browser took over 0.1 s" in mw.crawler.stats.get_value(BLOCKED)


def test_no_browser_visits_allowed_turns_the_middleware_off() -> None:
    crawler = get_crawler(settings_dict={"POLICYWATCH_BROWSER_VISITS": 0})
    with pytest.raises(NotConfigured):
        BrowserChallengeMiddleware.from_crawler(crawler)


def test_the_browser_resolves_the_source_host_only() -> None:
    host = "www.nmpa.gov.cn"
    assert host_resolver_rules(host, None) == "MAP * ~NOTFOUND, EXCLUDE www.nmpa.gov.cn"
    assert host_resolver_rules(host, "http://127.0.0.1:8800") == (
        "MAP www.nmpa.gov.cn 127.0.0.1:8800, MAP * ~NOTFOUND"
    )
    assert browser_url(LIST, None) == LIST
    assert (
        browser_url(LIST, "http://127.0.0.1:8800")
        == "http://www.nmpa.gov.cn/ylqx/ylqxggtg/index.html"
    )


def test_a_missing_browser_is_named_with_what_to_install(tmp_path: Path) -> None:
    setup = BrowserSetup(str(tmp_path / "chromium"), str(tmp_path / "driver"), "ua", 5.0)
    with pytest.raises(BrowserMissing, match=INSTALL) as raised:
        setup.check()
    assert str(tmp_path / "chromium") in str(raised.value)
