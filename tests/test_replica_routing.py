"""Routing of real URLs to the replica."""

from __future__ import annotations

import asyncio

import pytest
from scrapy import Request
from scrapy.core.downloader.handlers.http11 import HTTP11DownloadHandler
from scrapy.http import Response
from scrapy.utils.test import get_crawler

from crawler.downloadhandlers.replica import ReplicaDownloadHandler, routed_url


def test_routed_url_keeps_path_and_query_and_names_the_host() -> None:
    url, host = routed_url("https://www.most.gov.cn/tztg/index_1.html?a=1#x", "http://127.0.0.1:81")
    assert url == "http://127.0.0.1:81/tztg/index_1.html?a=1"
    assert host == "www.most.gov.cn"


def test_routed_url_of_a_bare_host() -> None:
    assert routed_url("https://www.nhc.gov.cn", "http://127.0.0.1:81") == (
        "http://127.0.0.1:81/",
        "www.nhc.gov.cn",
    )


@pytest.mark.parametrize(
    ("url", "sent"),
    [
        ("https://www.most.gov.cn/tztg/", ("http://127.0.0.1:81/tztg/", b"www.most.gov.cn")),
        ("http://127.0.0.1:9/x", ("http://127.0.0.1:9/x", None)),
        ("http://[::1]:9/x", ("http://[::1]:9/x", None)),
    ],
)
def test_only_named_hosts_go_to_the_replica(
    url: str, sent: tuple[str, bytes | None], monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[Request] = []

    async def download(self: HTTP11DownloadHandler, request: Request) -> Response:
        seen.append(request)
        return Response(request.url)

    monkeypatch.setattr(HTTP11DownloadHandler, "__init__", lambda self, crawler: None)
    monkeypatch.setattr(HTTP11DownloadHandler, "download_request", download)
    crawler = get_crawler(settings_dict={"POLICYWATCH_REPLICA": "http://127.0.0.1:81"})
    response = asyncio.run(ReplicaDownloadHandler(crawler).download_request(Request(url)))
    assert response.url == url
    assert (seen[0].url, seen[0].headers.get("Host")) == sent
