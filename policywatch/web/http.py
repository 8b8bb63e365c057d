"""Caching and compression of every answer: a strong ETag, 304 to a current copy, gzip."""

from __future__ import annotations

import gzip
import hashlib
from collections.abc import Callable

from werkzeug.wrappers import Request, Response

GZIP_MIN_BYTES = 256
GZIP_LEVEL = 6
_COMPRESSIBLE = ("text/", "application/atom+xml", "application/rss+xml", "application/xml")


def finish(request: Request, response: Response) -> Response:
    """`response` with an ETag of its bytes, gzip-encoded when the client accepts gzip, and
    turned into a 304 when the client's copy is current (If-None-Match, else
    If-Modified-Since against its Last-Modified). An answer that has its ETag already
    (a cached feed file) is left as it is."""
    if response.status_code != 200 or "ETag" in response.headers:
        return response
    body = response.get_data()
    compress = compressible(response.mimetype, len(body)) and accepts_gzip(request)
    return conditional(
        request, response, body_etag(body), (lambda: gzip_body(body)) if compress else None
    )


def conditional(
    request: Request, response: Response, etag: str, gzipped: Callable[[], bytes] | None
) -> Response:
    """`response` with its validators, a 304 when the client's copy is current, else its
    body gzipped by `gzipped` when that is given."""
    response.vary.add("Accept-Encoding")
    response.cache_control.no_cache = True
    response.set_etag(etag + ("-gzip" if gzipped is not None else ""))
    response.make_conditional(request)
    if gzipped is not None and response.status_code == 200:
        response.set_data(gzipped())
        response.content_encoding = "gzip"
    return response


def body_etag(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()[:32]


def gzip_body(body: bytes) -> bytes:
    return gzip.compress(body, compresslevel=GZIP_LEVEL, mtime=0)


def compressible(mimetype: str | None, size: int) -> bool:
    return size >= GZIP_MIN_BYTES and (mimetype or "").startswith(_COMPRESSIBLE)


def accepts_gzip(request: Request) -> bool:
    return request.accept_encodings["gzip"] > 0
