"""Saved pages as Scrapy responses, for offline parser tests."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from scrapy.http import HtmlResponse, Request

FILES = Path(__file__).resolve().parent.parent / "files"


def saved_response(name: str, url: str, **meta: Any) -> HtmlResponse:
    """The saved page `tests/files/<name>` as if `url` had answered it."""
    return HtmlResponse(
        url=url,
        body=(FILES / name).read_bytes(),
        encoding="utf-8",
        request=Request(url, meta=meta),
    )
