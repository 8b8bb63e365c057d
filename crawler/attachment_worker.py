"""Reading attachment text in a child process (`crawler.attachment_reader`): a file that
crashes or hangs a parser costs that file, never the crawl."""

from __future__ import annotations

import asyncio
import contextlib
import os
import pickle
import sys
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from crawler import attachment_reader
from crawler.attachment_reader import LENGTH, message
from crawler.attachment_text import FAILED, Extracted, extract_text

EXTRACTION_TIMEOUT = 60

Reader = Callable[[bytes, str | None], Extracted]


@dataclass(frozen=True)
class _File:
    message: bytes
    answer: asyncio.Future[Extracted]


class ExtractionWorker:
    """One child process reading files in turn, each reader's library imported at its first
    file.

    Files are written to the child's stdin as they come and its answers read in the event
    loop, with no thread: the child reads on while the crawl is busy. Each file has `timeout`
    seconds from the answer before it; a crash or an overrun fails that file only, and the
    files after it go to a new child. The child belongs to the event loop that started it.
    """

    def __init__(self, reader: Reader = extract_text, timeout: float = EXTRACTION_TIMEOUT) -> None:
        self.reader = reader
        self.timeout = timeout
        self._loop: asyncio.AbstractEventLoop | None = None
        self._files: deque[_File] = deque()
        self._added = asyncio.Event()
        self._process: asyncio.subprocess.Process | None = None
        self._serving: asyncio.Task[None] | None = None

    def start(self) -> None:
        """Start the child, if not running: it gets ready while the caller goes on. Called in
        the event loop."""
        loop = asyncio.get_running_loop()
        if loop is not self._loop:
            self._loop, self._files, self._added = loop, deque(), asyncio.Event()
            self._process = self._serving = None
        if self._serving is None:
            self._serving = loop.create_task(self._serve())

    async def read(self, data: bytes, kind: str | None) -> Extracted:
        """The file's text, or a `failed` result when the child died or overran the timeout."""
        self.start()
        assert self._loop is not None
        file = _File(message((data, kind)), self._loop.create_future())
        self._files.append(file)
        self._added.set()
        if self._process is not None and self._process.stdin is not None:
            self._process.stdin.write(file.message)
            with contextlib.suppress(ConnectionError):
                await self._process.stdin.drain()
        return await file.answer

    async def close(self) -> None:
        """End the child, whatever it is doing; files not answered yet fail."""
        serving, self._serving = self._serving, None
        if serving is not None:
            serving.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await serving
        self._fail_all("the text reader was closed")

    async def _serve(self) -> None:
        """Run children in turn: each answers the files sent to it, oldest first, until it
        crashes or overruns a file, which then fails. A child that cannot start fails every
        file waiting, and the next file tries again."""
        while True:
            try:
                process = self._process = await _spawn(self.reader)
            except OSError as error:
                self._serving = None
                self._fail_all(f"the text reader could not start: {error}")
                return
            try:
                assert process.stdin is not None
                for file in self._files:
                    process.stdin.write(file.message)
                error = await self._answer(process)
                _settle(self._files.popleft(), Extracted("", FAILED, error=error))
            finally:
                self._process = None
                if process.returncode is None:
                    process.kill()
                await process.wait()

    async def _answer(self, process: asyncio.subprocess.Process) -> str:
        """Settle the files with the child's answers; the error that ended it."""
        assert process.stdout is not None
        while True:
            if not self._files:
                self._added.clear()
                await self._added.wait()
                continue
            try:
                answer = await asyncio.wait_for(_read_answer(process.stdout), self.timeout)
            except TimeoutError:
                return f"reading took over {self.timeout:g} seconds"
            except Exception:  # the child died, or what it wrote is not an answer
                return "the text reader crashed on this file"
            _settle(self._files.popleft(), answer)

    def _fail_all(self, error: str) -> None:
        while self._files:
            _settle(self._files.popleft(), Extracted("", FAILED, error=error))


def _settle(file: _File, answer: Extracted) -> None:
    if not file.answer.done():
        file.answer.set_result(answer)


async def _spawn(reader: Reader) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        attachment_reader.__name__,
        f"{reader.__module__}:{reader.__qualname__}",
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(path for path in sys.path if path)},
    )


async def _read_answer(stream: asyncio.StreamReader) -> Extracted:
    (length,) = LENGTH.unpack(await stream.readexactly(LENGTH.size))
    return pickle.loads(await stream.readexactly(length))


@cache
def shared_worker() -> ExtractionWorker:
    """The worker of the crawls this process runs: they share its child, closed as the
    reactor shuts down."""
    from twisted.internet import reactor
    from twisted.internet.defer import Deferred

    worker = ExtractionWorker()
    reactor.addSystemEventTrigger(
        "before", "shutdown", lambda: Deferred.fromFuture(asyncio.ensure_future(worker.close()))
    )
    return worker
