"""A canary HTTP server that counts every request reaching it, and a secret file."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest


class Canary(ThreadingHTTPServer):
    """Answers anything with 200 and records the path of every request."""

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _CanaryHandler)
        self.paths: list[str] = []
        self.lock = threading.Lock()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class _CanaryHandler(BaseHTTPRequestHandler):
    server: Canary

    def _answer(self) -> None:
        with self.server.lock:
            self.server.paths.append(self.path)
        body = b"canary"
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_HEAD = do_POST = _answer

    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def running_canary() -> Iterator[Canary]:
    """A Canary serving from a thread until the block ends."""
    server = Canary()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def canary() -> Iterator[Canary]:
    with running_canary() as server:
        yield server


@pytest.fixture(scope="module")
def secret(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """A local file holding a token that must never be stored or published, shaped like a
    MOST page so that a crawler that read it would store it."""
    token = f"SECRET-{uuid.uuid4().hex}"
    path = tmp_path_factory.mktemp("secret") / "secret.html"
    body = f"数据库口令 password={token}，请勿外传。" * 4
    path.write_text(
        '<html><head><meta charset="utf-8"></head><body><div id="Title">内部配置</div>'
        f'<div class="TRS_UEDITOR trs_paper_default trs_web"><p>{body}</p></div></body></html>\n'
    )
    return path, token
