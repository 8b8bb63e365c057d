"""Caching and compression of every answer: a strong ETag, 304 to a current copy, gzip."""

from __future__ import annotations

import gzip
import hashlib

from werkzeug.wrappers import Request, Response

GZIP_MIN_BYTES = 256
GZIP_LEVEL = 6
_COMPRESSIBLE = ("text/", "application/atom+xml", "application/rss+xml", "application/xml")


def finish(request: Request, response: Response) -> Response:
    """`response` with an ETag of its bytes, gzip-encoded when the client accepts gzip, and
    turned into a 304 when the client's copy is current (If-None-Match, else
    If-Modified-Since against its Last-Modified)."""
    if response.status_code != 200:
        return response
    body = response.get_data()
    compress = _compress(request, response, body)
    response.vary.add("Accept-Encoding")
    response.cache_control.no_cache = True
    response.set_etag(hashlib.sha256(body).hexdigest()[:32] + ("-gzip" if compress else ""))
    response.make_conditional(request)
    if compress and response.status_code == 200:
        response.set_data(gzip.compress(body, compresslevel=GZIP_LEVEL, mtime=0))
        response.content_encoding = "gzip"
    return response


def _compress(request: Request, response: Response, body: bytes) -> bool:
    return (
        len(body) >= GZIP_MIN_BYTES
        and (response.mimetype or "").startswith(_COMPRESSIBLE)
        and request.accept_encodings["gzip"] > 0
    )
