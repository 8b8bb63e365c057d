"""The replica's HTTP server: every replicated site on one port, routed by the `Host` header."""

from __future__ import annotations

import argparse
import logging
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any

from replica import dispatch
from replica.faults import TRUNCATED
from replica.reply import Reply
from replica.sites import SITES
from replica.state import ReplicaState

logger = logging.getLogger(__name__)

USAGE = """\
replica of {sites} at {url} (timeline day {day})
  crawl it:       POLICYWATCH_REPLICA={url} policywatch crawl
  fetch a page:   curl -H 'Host: www.most.gov.cn' {url}/tztg/index.html
  next day:       curl -X POST '{url}/__replica__/day?n={next_day}'
  a WAF fault:    curl -X POST '{url}/__replica__/fault?host=www.most.gov.cn&path=/&kind=jsl'
  request log:    curl {url}/__replica__/requests
  JS challenge:   NMPA, NHC and Hubei answer 412 until a browser runs their script
                  (--no-challenge turns it off; curl -X POST {url}/__replica__/expire
                  expires every cookie it earned)
Ctrl-C stops it."""


class ReplicaServer(ReplicaState):
    """The replica on `host:port` (port 0: any free port), serving in a daemon thread.

    Like the real sites, NMPA, NHC and Hubei answer a client without their cookies with the
    Ruishu challenge; `challenge=False` turns that off (for tests of everything else).
    """

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        day: int = 0,
        *,
        challenge: bool = True,
        latency: float = 0.0,
    ) -> None:
        super().__init__(day, challenge=challenge, latency=latency)
        self.host = host
        self.port = port
        self._httpd: _HTTPServer | None = None
        self._thread: threading.Thread | None = None

    def start(self) -> ReplicaServer:
        if self._httpd is not None:
            raise RuntimeError(f"the replica is already serving at {self.url}")
        self._httpd = _HTTPServer((self.host, self.port), self)
        self.port = self._httpd.server_address[1]
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, name=f"replica:{self.port}", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._httpd is None:
            return
        self._httpd.shutdown()
        self._httpd.server_close()
        if self._thread is not None:
            self._thread.join()
        self._httpd = None
        self._thread = None

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def __enter__(self) -> ReplicaServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128

    def __init__(self, address: tuple[str, int], replica: ReplicaServer) -> None:
        super().__init__(address, _Handler)
        self.replica = replica

    def handle_error(self, request: Any, client_address: Any) -> None:
        if isinstance(sys.exc_info()[1], ConnectionError):
            logger.debug("%s went away", client_address)
        else:
            logger.exception("the replica failed to answer %s", client_address)


class _Handler(BaseHTTPRequestHandler):
    server: _HTTPServer
    protocol_version = "HTTP/1.1"
    # Headers and body go out in two writes: with Nagle's algorithm the body would wait for
    # the client's delayed ACK of the headers (40 ms on Linux), a delay of this server alone.
    disable_nagle_algorithm = True

    def version_string(self) -> str:
        return "nginx"

    def do_GET(self) -> None:
        self._serve(send_body=True)

    def do_HEAD(self) -> None:
        self._serve(send_body=False)

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self._serve(send_body=True)

    def _serve(self, *, send_body: bool) -> None:
        replica = self.server.replica
        host = (self.headers.get("Host") or "").rsplit(":", 1)[0].lower()
        day = replica.day
        if replica.latency:
            time.sleep(replica.latency)
        answer = dispatch.answer(replica, self.command, host, self.path, self.headers)
        replica.record(
            {
                "host": host,
                "path": self.path,
                "method": self.command,
                "status": answer.reply.status,
                "user_agent": self.headers.get("User-Agent", ""),
                "day": day,
                "fault": answer.fault,
            }
        )
        self._send(answer.reply, send_body=send_body, truncate=answer.fault == TRUNCATED)

    def _send(self, reply: Reply, *, send_body: bool, truncate: bool) -> None:
        self.send_response(reply.status)
        self.send_header("Content-Type", reply.content_type)
        for name, value in reply.headers:
            self.send_header(name, value)
        if reply.status != 304:
            self.send_header("Content-Length", str(len(reply.body)))
        if truncate:
            self.send_header("Connection", "close")
            self.close_connection = True
        self.end_headers()
        if send_body:
            self.wfile.write(reply.body[: len(reply.body) // 2] if truncate else reply.body)

    def log_message(self, format: str, *args: Any) -> None:
        logger.debug("%s %s", self.address_string(), format % args)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m replica",
        description="Serve the offline replica of the watched sites, routed by the Host header.",
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8800, help="port to bind (default 8800)")
    parser.add_argument("--day", type=int, default=0, help="timeline day to start at (default 0)")
    parser.add_argument(
        "--no-challenge",
        action="store_true",
        help="serve NMPA, NHC and Hubei without their Ruishu challenge (a browser passes it)",
    )
    args = parser.parse_args(argv)
    with ReplicaServer(args.host, args.port, args.day, challenge=not args.no_challenge) as server:
        sites = ", ".join(sorted(SITES))
        print(USAGE.format(sites=sites, url=server.url, day=server.day, next_day=server.day + 1))
        try:
            threading.Event().wait()
        except KeyboardInterrupt:
            print("\nreplica stopped")
    return 0
