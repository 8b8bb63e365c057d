"""Send every download to the offline replica while Scrapy and the spiders keep the real URLs."""

from __future__ import annotations

import logging
from urllib.parse import urlsplit, urlunsplit

from scrapy import Request
from scrapy.core.downloader.handlers.http11 import HTTP11DownloadHandler
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Response

from crawler.urlguard import ip_literal, normal_host

logger = logging.getLogger(__name__)


def routed_url(url: str, replica_url: str) -> tuple[str, str]:
    """The replica URL for a real URL, and the Host header that names the real site."""
    real = urlsplit(url)
    replica = urlsplit(replica_url)
    return urlunsplit(
        (replica.scheme, replica.netloc, real.path or "/", real.query, "")
    ), real.netloc


class ReplicaDownloadHandler(HTTP11DownloadHandler):
    """The HTTP/1.1 handler, pointed at `POLICYWATCH_REPLICA` with the original `Host` header.

    Routing at the download handler, beneath every downloader middleware, means that
    robots.txt, cookies, retries, redirects, download slots and stored identities all see
    the real site; only the socket goes to the replica. The replica serves named sites: a URL
    whose host is an IP address is not one of them and goes where it says (the URL guard
    refuses it first).
    """

    def __init__(self, crawler: Crawler) -> None:
        replica_url = crawler.settings.get("POLICYWATCH_REPLICA")
        if not replica_url:
            raise NotConfigured("POLICYWATCH_REPLICA is not set")
        if urlsplit(replica_url).scheme not in ("http", "https"):
            raise ValueError(f"POLICYWATCH_REPLICA must be an http URL, got {replica_url!r}")
        super().__init__(crawler)
        self.replica_url = replica_url
        logger.info("routing every download to the replica at %s", replica_url)

    async def download_request(self, request: Request) -> Response:
        if ip_literal(normal_host(urlsplit(request.url).hostname)) is not None:
            return await super().download_request(request)
        url, host = routed_url(request.url, self.replica_url)
        headers = request.headers.copy()
        headers["Host"] = host
        response = await super().download_request(request.replace(url=url, headers=headers))
        return _at(response, request.url)


def _at(response: Response, url: str) -> Response:
    """The response under `url`. Not `response.replace`: that reads a text response's encoding,
    which Scrapy then detects in the bytes of every file it takes for text (a PDF)."""
    fields = {name: getattr(response, name) for name in Response.attributes}
    return type(response)(**{**fields, "url": url})
