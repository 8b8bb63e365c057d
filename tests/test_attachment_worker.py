"""A text reader that crashes or hangs costs the file it was reading, not the crawl."""

from __future__ import annotations

import os
import time

from crawler.attachment_text import FAILED, OK, Extracted, extract_text
from crawler.attachment_worker import ExtractionWorker
from replica.attachments import ofd

HANG_SECONDS = 30


def _crash_on_pdf(data: bytes, kind: str | None) -> Extracted:
    if kind == "pdf":
        os.abort()
    return extract_text(data, kind)


def _hang_on_pdf(data: bytes, kind: str | None) -> Extracted:
    if kind == "pdf":
        time.sleep(HANG_SECONDS)
    return extract_text(data, kind)


def test_a_crash_is_a_failed_file_and_the_next_file_is_read() -> None:
    worker = ExtractionWorker(_crash_on_pdf)
    try:
        crashed = worker.extract(b"%PDF-1.7", "pdf")
        assert crashed.status == FAILED and "crashed" in (crashed.error or "")
        assert worker.extract(ofd(["第一条 测试"]), "ofd").text == "第一条 测试"
    finally:
        worker.close()


def test_a_hang_is_cut_off_after_the_timeout() -> None:
    worker = ExtractionWorker(_hang_on_pdf, timeout=3)
    try:
        started = time.monotonic()
        hung = worker.extract(b"%PDF-1.7", "pdf")
        assert hung.status == FAILED and "over 3 seconds" in (hung.error or "")
        assert time.monotonic() - started < HANG_SECONDS / 2
        assert worker.extract(ofd(["第二条"]), "ofd").status == OK
    finally:
        worker.close()
