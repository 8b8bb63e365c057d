"""The child process that reads attachment text (`crawler.attachment_worker` runs it):
`python -m crawler.attachment_reader MODULE:READER` reads pickled `(bytes, type)` requests from
stdin and writes each answer to the stdout it had, every message prefixed by its length."""

from __future__ import annotations

import importlib
import os
import pickle
import struct
import sys
from typing import IO, Any

LENGTH = struct.Struct("!Q")


def message(value: Any) -> bytes:
    """`value` pickled and prefixed by its length."""
    payload = pickle.dumps(value, pickle.HIGHEST_PROTOCOL)
    return LENGTH.pack(len(payload)) + payload


def serve(reader_name: str) -> None:
    """Answer each file sent until stdin ends. Whatever a library prints goes to stderr, not
    into the answers."""
    module, _, name = reader_name.partition(":")
    reader = getattr(importlib.import_module(module), name)
    answers = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    while True:
        try:
            data, kind = _request(sys.stdin.buffer)
        except EOFError:
            return
        answers.write(message(reader(data, kind)))
        answers.flush()


def _request(stream: IO[bytes]) -> Any:
    header = stream.read(LENGTH.size)
    if len(header) < LENGTH.size:
        raise EOFError
    (length,) = LENGTH.unpack(header)
    return pickle.loads(stream.read(length))


if __name__ == "__main__":
    serve(sys.argv[1])
