"""NMPA, NHC and Hubei behind the replica's Ruishu challenge: a plain client stores nothing, a
crawl without a browser ends blocked saying what to install, and with Debian's headless Chromium
the full crawl passes the challenge and stores every document."""

from __future__ import annotations

import os
import shutil
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from crawler.browser import INSTALL
from policywatch.demo import crawl_in_subprocess
from replica.challenge import CHALLENGED_HOSTS, HostChallenge
from replica.server import ReplicaServer
from tests.support.db import stored_documents
from tests.support.replica import crawl_env

SOURCES = ("hubei_ezbf", "hubei_ezf", "nhc_gfxwj", "nhc_zcjd", "nmpa_ylqxfgwj", "nmpa_ylqxggtg")
MISSING = "Debian's chromium and chromium-driver are not installed (`make browser` installs them)"


def crawl(
    server: ReplicaServer, tmp_path: Path, *sources: str, **settings: str
) -> tuple[dict[str, Any], str]:
    server.clear_requests()
    server.gate.expire()
    db_url = f"sqlite:///{tmp_path / 'policywatch.db'}"
    return crawl_in_subprocess(crawl_env(server, db_url, **settings), *sources), db_url


def test_a_plain_client_gets_412_and_stores_nothing(
    challenged_replica: ReplicaServer, tmp_path: Path
) -> None:
    summary, db_url = crawl(
        challenged_replica, tmp_path, "nmpa_ylqxggtg", POLICYWATCH_BROWSER_VISITS="0"
    )
    counts = summary["nmpa_ylqxggtg"]
    assert counts["outcome"] == "blocked" and "Ruishu" in counts["reason"]
    assert counts["new"] == counts["detail_requests"] == 0
    pages = [entry for entry in challenged_replica.requests if entry["path"] != "/robots.txt"]
    assert pages and {entry["status"] for entry in pages} == {412}
    assert stored_documents(db_url) == 0


def test_without_a_browser_the_run_is_blocked_saying_what_to_install(
    challenged_replica: ReplicaServer, tmp_path: Path
) -> None:
    summary, db_url = crawl(
        challenged_replica,
        tmp_path,
        "nhc_gfxwj",
        POLICYWATCH_CHROMIUM=str(tmp_path / "no-chromium"),
    )
    counts = summary["nhc_gfxwj"]
    assert counts["outcome"] == "blocked"
    assert INSTALL in counts["reason"] and "\n" not in counts["reason"]
    assert counts["reason"].startswith("Ruishu (瑞数) challenge page, HTTP 412; no browser at ")
    assert stored_documents(db_url) == 0


def test_with_the_browser_the_full_crawl_passes_and_stores_the_documents(
    challenged_replica: ReplicaServer, tmp_path: Path
) -> None:
    if shutil.which("chromium") is None or shutil.which("chromedriver") is None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{MISSING}; CI must run the browser test")
        pytest.skip(MISSING)
    summary, db_url = crawl(challenged_replica, tmp_path, *SOURCES)
    assert {source: counts["outcome"] for source, counts in summary.items()} == dict.fromkeys(
        SOURCES, "ok"
    )
    new = sum(counts["new"] for counts in summary.values())
    assert new == stored_documents(db_url) > 0
    log = challenged_replica.requests
    script_paths = {HostChallenge.of(host).script_path: host for host in CHALLENGED_HOSTS}
    scripts = Counter(entry["host"] for entry in log if script_paths.get(entry["path"]))
    assert scripts == dict.fromkeys(CHALLENGED_HOSTS, 2), "one browser visit per source"
    challenges = Counter(entry["host"] for entry in log if entry["status"] == 412)
    assert all(challenges[host] <= 2 * scripts[host] for host in scripts), challenges
    details = [entry for entry in log if entry["path"].endswith((".html", ".shtml"))]
    assert sum(entry["status"] == 200 for entry in details) >= new
