"""A loopback webhook receiver that fails its first requests, for the webhook tests."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


class Receiver(ThreadingHTTPServer):
    """A loopback webhook receiver that answers 503 to its first `failures` POSTs."""

    def __init__(self, failures: int) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.failures = failures
        self.attempts = 0
        self.received: list[dict[str, Any]] = []
        self.lock = threading.Lock()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/hook"


class _Handler(BaseHTTPRequestHandler):
    server: Receiver

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        with self.server.lock:
            self.server.attempts += 1
            failing = self.server.attempts <= self.server.failures
            if not failing:
                self.server.received.append(json.loads(body))
        self.send_response(503 if failing else 204)
        self.end_headers()

    def log_message(self, *_: Any) -> None:
        return


def serve(failures: int) -> Iterator[Receiver]:
    """Run a Receiver in a thread for the length of a fixture."""
    server = Receiver(failures)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()
