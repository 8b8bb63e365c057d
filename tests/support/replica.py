"""The replica as fixtures: one server for the session, and a fresh day-0 state for a test."""

from __future__ import annotations

import http.client
import os
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from scrapy.http import HtmlResponse, Request, TextResponse

from policywatch.demo import LOOPBACK_SETTINGS
from replica.server import ReplicaServer
from replica.sites.most import prepare_attachment_files


def crawl_env(server: ReplicaServer, db_url: str, **settings: str) -> dict[str, str]:
    """The environment of a `policywatch crawl` child that crawls the replica into `db_url`."""
    return {
        **os.environ,
        **LOOPBACK_SETTINGS,
        "POLICYWATCH_REPLICA": server.url,
        "POLICYWATCH_DB_URL": db_url,
        **settings,
    }


@pytest.fixture(scope="session")
def replica() -> Iterator[ReplicaServer]:
    """The replica without its JS challenge, for every test not about the challenge."""
    prepare_attachment_files()
    with ReplicaServer(port=0, challenge=False) as server:
        yield server


@pytest.fixture(scope="session")
def challenged_replica() -> Iterator[ReplicaServer]:
    """The replica as the real sites are: NMPA, NHC and Hubei behind the Ruishu challenge."""
    prepare_attachment_files()
    with ReplicaServer(port=0) as server:
        yield server


@pytest.fixture
def replica_day0(replica: ReplicaServer) -> ReplicaServer:
    """The session's replica back at day 0, without faults, with an empty request log."""
    replica.set_day(0)
    replica.faults.clear()
    replica.clear_requests()
    return replica


BROWSER_AGENT = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"


def replica_response(
    server: ReplicaServer, url: str, headers: dict[str, str] | None = None, **meta: object
) -> TextResponse:
    """The replica's answer to `url` (its host sent as `Host`), as the Scrapy response a
    spider would get, with `meta` on its request."""
    parts = urlsplit(url)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    connection = http.client.HTTPConnection(server.host, server.port, timeout=10)
    try:
        sent = {"Host": parts.netloc, "User-Agent": BROWSER_AGENT, **(headers or {})}
        connection.request("GET", path, headers=sent)
        answer = connection.getresponse()
        body, kind = answer.read(), answer.headers.get("Content-Type", "")
    finally:
        connection.close()
    response_class = HtmlResponse if "html" in kind else TextResponse
    return response_class(
        url=url, body=body, encoding="utf-8", status=answer.status, request=Request(url, meta=meta)
    )
