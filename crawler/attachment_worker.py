"""Reading attachment text in a child process: a file that crashes or hangs a parser costs
that file, never the crawl.

`python -m crawler.attachment_worker MODULE:READER` is the child: it reads pickled
`(bytes, type)` requests from stdin and writes each answer to the stdout it had, each message
prefixed by its length.
"""

from __future__ import annotations

import asyncio
import importlib
import os
import pickle
import struct
import sys
from collections.abc import Callable
from functools import cache
from typing import IO, Any

from crawler.attachment_text import FAILED, Extracted, extract_text, load_readers

EXTRACTION_TIMEOUT = 60
_LENGTH = struct.Struct("!Q")

Reader = Callable[[bytes, str | None], Extracted]


class ExtractionWorker:
    """One child process reading files in turn, its readers loaded as it starts; replaced
    after a crash or a timeout.

    The event loop talks to the child through its pipes, one file at a time (so that the
    timeout counts the file's own reading), with no thread. The child belongs to the event
    loop that started it.
    """

    def __init__(self, reader: Reader = extract_text, timeout: float = EXTRACTION_TIMEOUT) -> None:
        self.reader = reader
        self.timeout = timeout
        self._loop: asyncio.AbstractEventLoop | None = None
        self._turn = asyncio.Lock()
        self._child: asyncio.Task[asyncio.subprocess.Process] | None = None

    def start(self) -> None:
        """Start the child now, if not running: it loads the readers while the caller goes on.
        Called in the event loop."""
        self._bind()
        if self._child is None:
            self._child = asyncio.ensure_future(_spawn(self.reader))

    async def read(self, data: bytes, kind: str | None) -> Extracted:
        """The file's text, or a `failed` result when the child died or overran the timeout."""
        self._bind()
        async with self._turn:
            self.start()
            assert self._child is not None
            child = await self._child
            try:
                return await asyncio.wait_for(_ask(child, (data, kind)), self.timeout)
            except (EOFError, ConnectionError):
                error = "the text reader crashed on this file"
            except TimeoutError:
                error = f"reading took over {self.timeout:g} seconds"
            await self.close()
            return Extracted("", FAILED, error=error)

    async def close(self) -> None:
        """End the child, whatever it is doing."""
        starting, self._child = self._child, None
        if starting is None:
            return
        child = await starting
        if child.returncode is None:
            child.kill()
        await child.wait()

    def _bind(self) -> None:
        loop = asyncio.get_running_loop()
        if loop is not self._loop:
            self._loop, self._turn, self._child = loop, asyncio.Lock(), None


async def _spawn(reader: Reader) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        __name__,
        f"{reader.__module__}:{reader.__qualname__}",
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(path for path in sys.path if path)},
    )


async def _ask(child: asyncio.subprocess.Process, request: tuple[bytes, str | None]) -> Extracted:
    assert child.stdin is not None and child.stdout is not None
    payload = pickle.dumps(request, pickle.HIGHEST_PROTOCOL)
    child.stdin.write(_LENGTH.pack(len(payload)) + payload)
    await child.stdin.drain()
    (length,) = _LENGTH.unpack(await child.stdout.readexactly(_LENGTH.size))
    return pickle.loads(await child.stdout.readexactly(length))


def _read_message(stream: IO[bytes]) -> Any:
    header = stream.read(_LENGTH.size)
    if len(header) < _LENGTH.size:
        raise EOFError
    (length,) = _LENGTH.unpack(header)
    return pickle.loads(stream.read(length))


def _serve(reader: Reader) -> None:
    """The child: answer each file sent until stdin ends. Whatever a library prints goes to
    stderr, not into the answers."""
    answers = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    load_readers()
    while True:
        try:
            data, kind = _read_message(sys.stdin.buffer)
        except EOFError:
            return
        payload = pickle.dumps(reader(data, kind), pickle.HIGHEST_PROTOCOL)
        answers.write(_LENGTH.pack(len(payload)) + payload)
        answers.flush()


@cache
def shared_worker() -> ExtractionWorker:
    """The worker of this process: the crawls it runs share its child (and its loaded
    readers), which ends with the process."""
    return ExtractionWorker()


if __name__ == "__main__":
    module, _, name = sys.argv[1].partition(":")
    _serve(getattr(importlib.import_module(module), name))
