"""Crawl throughput of the full pipeline against the replica, as a ratio to a bare spider.

Both runs fetch the same pages from the same replica in the same process setup; the bare
spider parses nothing and stores nothing. Also reports what an idle second crawl costs.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from policywatch.demo import LOOPBACK_SETTINGS, crawl_in_subprocess
from replica.server import ReplicaServer

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ("most_gfxwj", "most_tztg")


def fetched_urls(server: ReplicaServer) -> list[str]:
    """The real URLs of the successful page fetches the replica served."""
    return [
        f"https://{entry['host']}{entry['path']}"
        for entry in server.requests
        if entry["status"] == 200 and not entry["path"].startswith("/__replica__")
    ]


def bare_crawl(urls: list[str], replica_url: str) -> dict[str, float]:
    done = subprocess.run(
        [
            sys.executable,
            str(ROOT / "bench" / "bare_spider.py"),
            replica_url,
            LOOPBACK_SETTINGS["POLICYWATCH_CONCURRENT_PER_HOST"],
        ],
        input=json.dumps(urls),
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    return json.loads(done.stdout)


def measure() -> dict[str, float]:
    """The full pipeline's and the bare spider's documents per second on the same pages, and
    the requests of an idle second crawl."""
    with tempfile.TemporaryDirectory() as workdir, ReplicaServer(port=0, challenge=False) as server:
        env = {**os.environ, **LOOPBACK_SETTINGS, "POLICYWATCH_REPLICA": server.url}
        env["POLICYWATCH_DB_URL"] = f"sqlite:///{workdir}/bench.db"
        server.clear_requests()
        full = crawl_in_subprocess(env, *SOURCES)
        urls = fetched_urls(server)
        documents = sum(summary["new"] for summary in full.values())
        full_seconds = sum(summary["elapsed_seconds"] for summary in full.values())
        bare = bare_crawl(urls, server.url)

        server.clear_requests()
        idle = crawl_in_subprocess(env, *SOURCES)
    return {
        "pages": len(urls),
        "documents": documents,
        "full_seconds": full_seconds,
        "bare_seconds": bare["elapsed_seconds"],
        "full_rate": documents / full_seconds,
        "bare_rate": documents / bare["elapsed_seconds"],
        "first_requests": sum(s["requests"] for s in full.values()),
        "idle_requests": sum(summary["requests"] for summary in idle.values()),
        "idle_details": sum(summary["detail_requests"] for summary in idle.values()),
    }


def main() -> None:
    found = measure()
    print(f"pages fetched: {found['pages']}; documents stored: {found['documents']}")
    print(f"full pipeline : {found['full_rate']:8.1f} documents/s ({found['full_seconds']:.2f} s)")
    print(f"bare spider   : {found['bare_rate']:8.1f} documents/s ({found['bare_seconds']:.2f} s)")
    print(f"ratio full/bare: {found['full_rate'] / found['bare_rate']:.2f}")
    print(
        f"idle second cycle: {found['idle_requests']} requests, {found['idle_details']} detail "
        f"pages (first cycle: {found['first_requests']} requests)"
    )


if __name__ == "__main__":
    main()
