"""Feed files served by `policywatch serve` against a static file server on the same files.

The static server is Python's `http.server` (no compression, no ETag); both run in their own
process and are asked by one client, a new connection per request, as a feed reader polls.
"""

from __future__ import annotations

import http.client
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SUFFIXES = (".atom", ".rss", ".opml")


def feed_paths(folder: Path) -> list[str]:
    return sorted(
        "/" + str(path.relative_to(folder))
        for path in folder.rglob("*")
        if path.suffix in SUFFIXES and path.is_file()
    )


def requests_per_second(port: int, paths: list[str], seconds: float, gzip: bool) -> float:
    """How many of `paths`, round robin, one client fetches in `seconds`."""
    headers = {"Accept-Encoding": "gzip"} if gzip else {}
    done = 0
    started = time.perf_counter()
    while time.perf_counter() - started < seconds:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        connection.request("GET", paths[done % len(paths)], headers=headers)
        answer = connection.getresponse()
        answer.read()
        connection.close()
        if answer.status != 200:
            raise RuntimeError(f"{paths[done % len(paths)]} answered {answer.status}")
        done += 1
    return done / (time.perf_counter() - started)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def serving(command: list[str], port: int) -> Iterator[None]:
    process = subprocess.Popen(
        command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError(f"{command[2:]} did not start") from None
                time.sleep(0.1)
        yield
    finally:
        process.terminate()
        process.wait(timeout=10)


def compare(db_url: str, folder: Path, seconds: float) -> dict[str, float]:
    """Requests per second of `serve` (gzip asked, as readers do) and of `http.server`."""
    paths = feed_paths(folder)
    port = free_port()
    serve = [sys.executable, "-m", "bench.serving", db_url, str(folder), str(port)]
    with serving(serve, port):
        policywatch = requests_per_second(port, paths, seconds, gzip=True)
    port = free_port()
    static = [sys.executable, "-m", "http.server", "-b", "127.0.0.1", "-d", str(folder), str(port)]
    with serving(static, port):
        baseline = requests_per_second(port, paths, seconds, gzip=False)
    return {"files": len(paths), "serve": policywatch, "static": baseline}


def main() -> None:
    """Serve `folder` over `db_url` on `port` until terminated (the server side of compare)."""
    from policywatch.web.server import web_server
    from storage import open_store

    db_url, folder, port = sys.argv[1], Path(sys.argv[2]), int(sys.argv[3])
    server = web_server(
        open_store(db_url), folder, host="127.0.0.1", port=port, stale_after=timedelta(days=2)
    )
    server.run()


if __name__ == "__main__":
    main()
