"""The charset middleware: a page whose bytes contradict its declared charset is re-decoded."""

from __future__ import annotations

import pytest
from scrapy import Request
from scrapy.http import HtmlResponse, Response, TextResponse
from scrapy.utils.test import get_crawler

from crawler.downloadermiddlewares.charset import (
    CHARSET_MISMATCH,
    CharsetMiddleware,
    actual_encoding,
)
from crawler.items import RESPONSE_FLAGS
from crawler.listing import ATTACHMENT

TEXT = "关于印发《医疗装备产业发展规划》的通知"


@pytest.mark.parametrize(
    ("body", "declared", "actual"),
    [
        (TEXT.encode("utf-8"), "utf-8", None),
        (TEXT.encode("gb18030"), "gb2312", None),
        (TEXT.encode("gb18030"), "utf-8", "gb18030"),
        (TEXT.encode("gbk"), "UTF_8", "gb18030"),
        (TEXT.encode("utf-8"), "gbk", "utf-8"),
        (b"plain ascii", "gbk", None),
        (b"\xff\xfe\xfa", "utf-8", None),
    ],
    ids=["utf8-ok", "gb-ok", "gb-declared-utf8", "gbk-spelt-utf_8", "utf8-declared-gbk", "ascii",
         "neither"],
)
def test_actual_encoding(body: bytes, declared: str, actual: str | None) -> None:
    assert actual_encoding(body, declared) == actual


def _page(body: bytes, charset: str) -> tuple[Request, HtmlResponse]:
    request = Request("https://www.most.gov.cn/a.html")
    headers = {"Content-Type": f"text/html; charset={charset}"}
    return request, HtmlResponse(request.url, body=body, headers=headers, request=request)


def test_a_mismatched_page_is_decoded_as_what_it_is_and_flagged() -> None:
    crawler = get_crawler()
    middleware = CharsetMiddleware.from_crawler(crawler)
    request, response = _page(f"<p>{TEXT}</p>".encode("gb18030"), "utf-8")
    fixed = middleware.process_response(request, response)
    assert TEXT in fixed.text
    assert request.meta[RESPONSE_FLAGS] == [CHARSET_MISMATCH]
    assert crawler.stats.get_value("policywatch/charset_mismatch") == 1


def test_a_right_page_and_a_binary_answer_pass_untouched() -> None:
    middleware = CharsetMiddleware.from_crawler(get_crawler())
    request, response = _page(f"<p>{TEXT}</p>".encode(), "utf-8")
    assert middleware.process_response(request, response) is response
    assert RESPONSE_FLAGS not in request.meta
    binary = Response(request.url, body=b"%PDF-1.7", request=request)
    assert middleware.process_response(request, binary) is binary


def test_an_attachment_file_passes_untouched_whatever_its_charset_says() -> None:
    middleware = CharsetMiddleware.from_crawler(get_crawler())
    request = Request("https://www.most.gov.cn/P020240628.txt", meta={ATTACHMENT: True})
    headers = {"Content-Type": "text/plain; charset=gbk"}
    file = TextResponse(request.url, body=TEXT.encode(), headers=headers, request=request)
    assert middleware.process_response(request, file) is file
    assert RESPONSE_FLAGS not in request.meta
