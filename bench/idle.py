"""What an idle crawl cycle costs: every source crawled again when nothing changed.

Crawls every source of the replica once (day 0), then again; counts the second cycle's
requests per list page, its robots.txt fetches and its 304 answers.
"""

from __future__ import annotations

import os
import tempfile
from collections import Counter
from typing import Any

from policywatch.demo import LOOPBACK_SETTINGS, crawl_in_subprocess
from replica.server import ReplicaServer


def idle_cycle() -> dict[str, Any]:
    """The second cycle's requests, list pages, robots.txt fetches and 304 answers."""
    with tempfile.TemporaryDirectory() as workdir, ReplicaServer(port=0) as server:
        env = {**os.environ, **LOOPBACK_SETTINGS, "POLICYWATCH_REPLICA": server.url}
        env["POLICYWATCH_DB_URL"] = f"sqlite:///{workdir}/idle.db"
        crawl_in_subprocess(env)
        server.clear_requests()
        summary = crawl_in_subprocess(env)
        served = server.requests
    robots = sum(1 for entry in served if entry["path"] == "/robots.txt")
    details = sum(counts["detail_requests"] for counts in summary.values())
    requests = len(served)
    return {
        "sources": len(summary),
        "outcomes": dict(Counter(counts["outcome"] for counts in summary.values())),
        "requests": requests,
        "robots": robots,
        "details": details,
        "list_pages": requests - robots - details,
        "not_modified": sum(1 for entry in served if entry["status"] == 304),
    }


def main() -> None:
    found = idle_cycle()
    print(
        f"idle cycle of {found['sources']} sources ({found['outcomes']}): "
        f"{found['requests']} requests for {found['list_pages']} list pages "
        f"({found['robots']} robots.txt, {found['details']} detail pages), "
        f"{found['not_modified']} answered 304"
    )


if __name__ == "__main__":
    main()
