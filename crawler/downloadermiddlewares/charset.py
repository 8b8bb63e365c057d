"""Correct a wrong charset declaration before anything decodes the page, and flag it."""

from __future__ import annotations

import logging

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.http import Response, TextResponse

from crawler.items import RESPONSE_FLAGS
from crawler.listing import ATTACHMENT

logger = logging.getLogger(__name__)

CHARSET_MISMATCH = "charset_mismatch"
_UTF8 = ("utf-8", "utf8")
_CHINESE_LEGACY = "gb18030"


def actual_encoding(body: bytes, declared: str) -> str | None:
    """The encoding the bytes are really in, when it is not the declared one (else None).

    Bytes that decode as UTF-8 and are not plain ASCII are UTF-8: GB-encoded Chinese text
    practically never is valid UTF-8. Bytes declared UTF-8 that are not valid UTF-8 but
    valid GB18030 (a superset of gb2312 and GBK) are GB18030.
    """
    declared = declared.lower().replace("_", "-")
    if declared in _UTF8:
        if _decodes(body, "utf-8") or not _decodes(body, _CHINESE_LEGACY):
            return None
        return _CHINESE_LEGACY
    if body.isascii() or not _decodes(body, "utf-8"):
        return None
    return "utf-8"


def _decodes(body: bytes, encoding: str) -> bool:
    try:
        body.decode(encoding)
    except UnicodeDecodeError:
        return False
    return True


class CharsetMiddleware:
    """Re-decodes a page whose bytes contradict its declared charset; the item is flagged.
    Attachment files are bytes to hash and read, whatever Scrapy makes of their type."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CharsetMiddleware:
        return cls(crawler)

    def process_response(self, request: Request, response: Response) -> Response:
        if not isinstance(response, TextResponse) or request.meta.get(ATTACHMENT):
            return response
        encoding = actual_encoding(response.body, response.encoding)
        if encoding is None:
            return response
        logger.warning(
            "%s declares charset %s but its bytes are %s: decoded as %s and flagged %s",
            response.url,
            response.encoding,
            encoding,
            encoding,
            CHARSET_MISMATCH,
        )
        self.crawler.stats.inc_value("policywatch/charset_mismatch")
        request.meta.setdefault(RESPONSE_FLAGS, []).append(CHARSET_MISMATCH)
        return response.replace(encoding=encoding)
