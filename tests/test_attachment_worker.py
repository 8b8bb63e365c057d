"""A text reader that crashes or hangs costs the file it was reading, not the crawl."""

from __future__ import annotations

import asyncio
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
    async def crash_then_read() -> tuple[Extracted, Extracted]:
        worker = ExtractionWorker(_crash_on_pdf)
        try:
            return await worker.read(b"%PDF-1.7", "pdf"), await worker.read(
                ofd(["第一条 测试"]), "ofd"
            )
        finally:
            await worker.close()

    crashed, read = asyncio.run(crash_then_read())
    assert crashed.status == FAILED and "crashed" in (crashed.error or "")
    assert read.text == "第一条 测试"


def test_a_hang_is_cut_off_after_the_timeout() -> None:
    async def hang_then_read() -> tuple[Extracted, Extracted]:
        worker = ExtractionWorker(_hang_on_pdf, timeout=3)
        try:
            return await worker.read(b"%PDF-1.7", "pdf"), await worker.read(ofd(["第二条"]), "ofd")
        finally:
            await worker.close()

    started = time.monotonic()
    hung, read = asyncio.run(hang_then_read())
    assert hung.status == FAILED and "over 3 seconds" in (hung.error or "")
    assert time.monotonic() - started < HANG_SECONDS / 2
    assert read.status == OK


def test_files_read_at_once_are_read_one_after_another_by_one_child() -> None:
    async def read_all() -> list[Extracted]:
        worker = ExtractionWorker()
        files = [ofd([f"第{number}条"]) for number in range(1, 6)]
        try:
            return await asyncio.gather(*(worker.read(data, "ofd") for data in files))
        finally:
            await worker.close()

    found = asyncio.run(read_all())
    assert [extracted.text for extracted in found] == [f"第{n}条" for n in range(1, 6)]


def test_files_sent_behind_a_hung_one_are_read_by_the_next_child() -> None:
    async def hang_and_read() -> list[Extracted]:
        worker = ExtractionWorker(_hang_on_pdf, timeout=3)
        try:
            return await asyncio.gather(
                worker.read(b"%PDF-1.7", "pdf"), worker.read(ofd(["第三条"]), "ofd")
            )
        finally:
            await worker.close()

    hung, read = asyncio.run(hang_and_read())
    assert hung.status == FAILED and "over 3 seconds" in (hung.error or "")
    assert read.text == "第三条"
