"""Reading attachment text in a child process: a file that crashes or hangs a parser costs
that file, never the crawl."""

from __future__ import annotations

import multiprocessing
import threading
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool

from crawler.attachment_text import FAILED, Extracted, extract_text

EXTRACTION_TIMEOUT = 60

Reader = Callable[[bytes, str | None], Extracted]


class ExtractionWorker:
    """One child process reading files in turn; replaced after a crash or a timeout."""

    def __init__(self, reader: Reader = extract_text, timeout: float = EXTRACTION_TIMEOUT) -> None:
        self.reader = reader
        self.timeout = timeout
        self._pool: ProcessPoolExecutor | None = None
        self._lock = threading.Lock()

    def extract(self, data: bytes, kind: str | None) -> Extracted:
        """The file's text, or a `failed` result when the child died or overran the timeout."""
        with self._lock:
            pool = self._pool = self._pool or _new_pool()
            future = pool.submit(self.reader, data, kind)
            try:
                return future.result(timeout=self.timeout)
            except BrokenProcessPool:
                error = "the text reader crashed on this file"
            except FutureTimeout:
                error = f"reading took over {self.timeout:g} seconds"
            self._discard()
            return Extracted("", FAILED, error=error)

    def close(self) -> None:
        with self._lock:
            if self._pool is not None:
                self._pool.shutdown(wait=True, cancel_futures=True)
                self._pool = None

    def _discard(self) -> None:
        pool, self._pool = self._pool, None
        if pool is None:
            return
        for process in list(getattr(pool, "_processes", {}).values()):
            process.kill()
        pool.shutdown(wait=False, cancel_futures=True)


def _new_pool() -> ProcessPoolExecutor:
    return ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"))
