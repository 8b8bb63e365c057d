"""The pages `policywatch probe` reads: fetched (replica or live), saved, and kept."""

from __future__ import annotations

import http.client
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

import scrapy
from scrapy.http import Response
from scrapy.responsetypes import responsetypes

from crawler.downloadhandlers.replica import routed_url

FETCH_TIMEOUT = 30


class ProbeError(Exception):
    """A probe that cannot be done; the message says what to do, in one line."""


@dataclass(frozen=True)
class Page:
    """A page as fetched or saved: where it is from, its status, type and bytes."""

    url: str
    status: int
    body: bytes
    content_type: str = ""
    fetched_at: datetime | None = None

    def response(self, request: scrapy.Request) -> Response:
        headers = {"Content-Type": self.content_type} if self.content_type else None
        cls = responsetypes.from_args(headers=headers, url=self.url, body=self.body)
        return cls(
            url=self.url, status=self.status, body=self.body, headers=headers, request=request
        )


@dataclass(frozen=True)
class Fetcher:
    """How the probe fetches: at the replica with the real `Host` when one is set, from the
    real site only when `live`; with the crawl's headers; redirects are not followed."""

    replica: str | None
    live: bool
    max_size: int
    headers: dict[str, str]

    def __call__(self, request: scrapy.Request) -> Page:
        own = {
            key.decode(): values[0].decode() for key, values in request.headers.items() if values
        }
        return fetch_page(request, self, {**self.headers, **own})


def fetch_page(request: scrapy.Request, fetcher: Fetcher, headers: dict[str, str]) -> Page:
    """The page `request` names, fetched as `fetcher` says."""
    if urlsplit(request.url).scheme not in ("http", "https"):
        raise ProbeError(f"not an http(s) URL: {request.url}")
    if fetcher.replica:
        url, host = routed_url(request.url, fetcher.replica)
    elif fetcher.live:
        url, host = request.url, urlsplit(request.url).netloc
    else:
        raise ProbeError(
            "fetching needs the replica (set POLICYWATCH_REPLICA=http://127.0.0.1:8800) "
            "or --live for the real site"
        )
    target = urlsplit(url)
    connection_cls = (
        http.client.HTTPSConnection if target.scheme == "https" else http.client.HTTPConnection
    )
    path = target.path + (f"?{target.query}" if target.query else "")
    connection = connection_cls(target.netloc, timeout=FETCH_TIMEOUT)
    try:
        connection.request(
            request.method, path, body=request.body or None, headers={**headers, "Host": host}
        )
        answer = connection.getresponse()
        body = answer.read(fetcher.max_size + 1)
    except (OSError, http.client.HTTPException) as error:
        raise ProbeError(f"could not fetch {request.url}: {error}") from error
    finally:
        connection.close()
    if len(body) > fetcher.max_size:
        raise ProbeError(
            f"{request.url} is over {fetcher.max_size} bytes (POLICYWATCH_DOWNLOAD_MAXSIZE)"
        )
    return Page(
        url=request.url,
        status=answer.status,
        body=body,
        content_type=answer.headers.get("Content-Type", ""),
        fetched_at=datetime.now(UTC),
    )


def read_page(path: Path, url: str) -> Page:
    """A saved page, as if `url` had answered it with HTTP 200."""
    try:
        body = path.read_bytes()
    except OSError as error:
        raise ProbeError(f"cannot read {path}: {error.strerror}") from error
    content_type = "application/json" if path.suffix == ".json" else "text/html"
    return Page(url=url, status=200, body=body, content_type=content_type)


def save_page(page: Page, source: str, kind: str, folder: Path) -> Path:
    """Keep a fetched page as `<source>_<kind>.html|.json` with where, when and how it was
    fetched: an HTML comment at its top, or a `.source` file beside a JSON answer."""
    is_json = "json" in page.content_type
    target = folder / f"{source}_{kind}.{'json' if is_json else 'html'}"
    fetched = (page.fetched_at or datetime.now(UTC)).strftime("%Y-%m-%dT%H:%M:%SZ")
    provenance = f"source: policywatch probe {source}; page URL: {page.url}; "
    provenance += f"fetched {fetched}; HTTP {page.status}"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        if is_json:
            target.write_bytes(page.body)
            target.with_name(f"{target.name}.source").write_text(provenance + "\n")
        else:
            target.write_bytes(f"<!-- {provenance} -->\n".encode() + page.body)
    except OSError as error:
        raise ProbeError(f"cannot save into {folder}: {error.strerror}") from error
    return target
