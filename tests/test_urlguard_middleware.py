"""The URL guard and the give-up counters as downloader middlewares, without a network."""

from __future__ import annotations

import asyncio
import gzip
from pathlib import Path

import pytest
from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import DownloadCancelledError, IgnoreRequest
from scrapy.http import HtmlResponse, Response
from scrapy.utils.test import get_crawler

from crawler import settings as project_settings
from crawler.downloadermiddlewares import urlguard
from crawler.downloadermiddlewares.giveups import (
    CountedHttpCompressionMiddleware,
    CountedMetaRefreshMiddleware,
    CountedRedirectMiddleware,
)
from crawler.downloadermiddlewares.urlguard import UrlGuardMiddleware
from crawler.listing import DETAIL
from crawler.spider_loader import source_spider

MostTztgSpider = source_spider("most_tztg")

REPLICA = "http://127.0.0.1:8800"


def _crawler(replica: str | None = REPLICA, **settings: object) -> Crawler:
    crawler = get_crawler(
        MostTztgSpider, {"POLICYWATCH_REPLICA": replica, "REDIRECT_MAX_TIMES": 2, **settings}
    )
    crawler.spider = MostTztgSpider.from_crawler(crawler)
    return crawler


@pytest.fixture(autouse=True)
def config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "policywatch.toml"
    path.write_text('[sources.most_tztg]\nextra_hosts = ["files.example.org"]\n')
    monkeypatch.setenv("POLICYWATCH_CONFIG", str(path))
    return path


def _guard(crawler: Crawler, url: str, **meta: object) -> None:
    asyncio.run(UrlGuardMiddleware.from_crawler(crawler).process_request(Request(url, meta=meta)))


def _stats(crawler: Crawler, prefix: str) -> dict[str, int]:
    return {k: v for k, v in crawler.stats.get_stats().items() if k.startswith(prefix)}


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("file:///etc/passwd", "scheme"),
        ("http://169.254.169.254/latest/meta-data/", "link_local"),
        ("http://127.0.0.1:9/", "loopback"),
        ("https://www.nhc.gov.cn/", "host"),
    ],
)
def test_a_refused_detail_page_is_counted_and_ignored(url: str, reason: str) -> None:
    crawler = _crawler()
    with pytest.raises(IgnoreRequest, match=reason):
        _guard(crawler, url, **{DETAIL: True})
    assert _stats(crawler, "urlguard/") == {f"urlguard/refused/{reason}": 1}
    assert crawler.stats.get_value("policywatch/failed/refused") == 1
    assert crawler.stats.get_value("policywatch/detail/attempted") == 1
    assert crawler.stats.get_value("policywatch/detail/failed") == 1


def test_each_redirect_hop_is_checked_and_logged_with_its_chain(
    caplog: pytest.LogCaptureFixture,
) -> None:
    crawler = _crawler()
    first = "https://www.most.gov.cn/tztg/a.html"
    with pytest.raises(IgnoreRequest):
        _guard(crawler, "http://169.254.169.254/", redirect_urls=[first], redirect_times=1)
    assert f"refused http://169.254.169.254/ (link_local), redirected from {first}" in caplog.text


@pytest.mark.parametrize(
    "url",
    [
        "https://www.most.gov.cn/tztg/index.html",
        "https://files.example.org/a.pdf",
        "https://sub.files.example.org/a.pdf",
        f"{REPLICA}/tztg/",
    ],
)
def test_own_extra_and_replica_urls_pass_without_resolution(
    url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(urlguard, "resolve_host", pytest.fail)
    crawler = _crawler()
    _guard(crawler, url)
    assert _stats(crawler, "urlguard/") == {}


def test_without_the_replica_the_replica_address_is_refused_too() -> None:
    crawler = _crawler(replica=None)
    with pytest.raises(IgnoreRequest, match="loopback"):
        _guard(crawler, f"{REPLICA}/tztg/")


def test_without_the_replica_hosts_are_resolved_once_and_every_address_checked(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    asked: list[str] = []

    def resolve(host: str) -> list[str]:
        asked.append(host)
        return {"www.most.gov.cn": ["203.119.25.1"]}.get(host, ["203.0.113.9", "10.0.0.7"])

    monkeypatch.setattr(urlguard, "resolve_host", resolve)
    crawler = _crawler(replica=None)
    middleware = UrlGuardMiddleware.from_crawler(crawler)
    for _ in range(2):
        asyncio.run(middleware.process_request(Request("https://www.most.gov.cn/a.html")))
        with pytest.raises(IgnoreRequest, match="private"):
            asyncio.run(middleware.process_request(Request("https://files.example.org/a.pdf")))
    assert asked == ["www.most.gov.cn", "files.example.org"]
    assert crawler.stats.get_value("urlguard/refused/private") == 2


def test_a_detail_page_is_attempted_once_whatever_its_hops() -> None:
    crawler = _crawler()
    middleware = UrlGuardMiddleware.from_crawler(crawler)
    request = Request("https://www.most.gov.cn/tztg/a.html", meta={DETAIL: True})
    asyncio.run(middleware.process_request(request))
    asyncio.run(middleware.process_request(request.replace(url=request.url + "?again")))
    assert crawler.stats.get_value("policywatch/detail/attempted") == 1


def test_the_hosts_reaching_the_downloader_are_counted() -> None:
    crawler = _crawler()
    middleware = UrlGuardMiddleware.from_crawler(crawler)
    middleware.reached_downloader(Request("https://WWW.most.gov.cn/a"))
    middleware.reached_downloader(Request("https://www.most.gov.cn/b"))
    assert _stats(crawler, "downloader/host/") == {"downloader/host/www.most.gov.cn": 2}


def _redirect(request: Request, location: str) -> Response:
    return Response(request.url, status=302, headers={"Location": location}, request=request)


def test_a_redirect_loop_runs_into_the_hop_limit_and_is_counted() -> None:
    crawler = _crawler()
    middleware = CountedRedirectMiddleware.from_crawler(crawler)
    request = Request("https://www.most.gov.cn/tztg/loop.html", meta={DETAIL: True})
    hops = 0
    with pytest.raises(IgnoreRequest):
        while True:
            request = middleware.process_response(request, _redirect(request, request.url))
            assert request.dont_filter
            hops += 1
    assert hops == 2
    assert crawler.stats.get_value("policywatch/failed/redirect_limit") == 1
    assert crawler.stats.get_value("policywatch/detail/failed") == 1


def test_a_redirect_elsewhere_keeps_the_duplicate_filter() -> None:
    middleware = CountedRedirectMiddleware.from_crawler(_crawler())
    request = Request("https://www.most.gov.cn/tztg/a.html")
    redirected = middleware.process_response(request, _redirect(request, "/tztg/b.html"))
    assert redirected.url == "https://www.most.gov.cn/tztg/b.html"
    assert not redirected.dont_filter


def test_a_meta_refresh_is_a_hop_like_a_redirect() -> None:
    middleware = CountedMetaRefreshMiddleware.from_crawler(_crawler())
    request = Request("https://www.most.gov.cn/tztg/a.html")
    body = b'<html><head><meta http-equiv="refresh" content="0;url=http://127.0.0.1:9/"></head>'
    page = HtmlResponse(request.url, body=body, request=request)
    assert middleware.process_response(request, page).url == "http://127.0.0.1:9/"


def test_a_gzip_bomb_stops_at_the_size_cap_and_is_counted() -> None:
    crawler = _crawler(DOWNLOAD_MAXSIZE=100_000)
    middleware = CountedHttpCompressionMiddleware.from_crawler(crawler)
    request = Request("https://www.most.gov.cn/tztg/bomb.html", meta={DETAIL: True})
    bomb = gzip.compress(b"\0" * 1_000_000)
    response = Response(request.url, body=bomb, headers={"Content-Encoding": "gzip"})
    with pytest.raises(IgnoreRequest, match="DOWNLOAD_MAXSIZE"):
        middleware.process_response(request, response)
    middleware.process_exception(request, DownloadCancelledError("over the cap"))
    assert crawler.stats.get_value("policywatch/failed/too_large") == 2
    assert crawler.stats.get_value("policywatch/detail/failed") == 2


def test_the_guard_comes_before_every_middleware_that_could_fetch() -> None:
    enabled = {k: v for k, v in project_settings.DOWNLOADER_MIDDLEWARES.items() if v is not None}
    guard = enabled.pop("crawler.downloadermiddlewares.urlguard.UrlGuardMiddleware")
    assert guard < min(enabled.values()) and guard < 100  # RobotsTxtMiddleware
    assert project_settings.DOWNLOAD_HANDLERS["file"] is None
