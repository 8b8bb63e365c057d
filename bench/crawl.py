"""Crawl throughput of the full pipeline against the replica, as a ratio to a bare spider.

A first full crawl into a scratch database warms the replica (it makes each page and
attachment file on its first request and keeps it) and lists the pages fetched. Then, in each
of a few rounds, a full crawl into a fresh database and the bare spider (which parses nothing
and stores nothing) fetch those same pages, attachments included, with the same concurrency
settings (requests in all and per host, items).
Both times are Scrapy's `elapsed_time_seconds` (spider opened to spider closed), so the
process start-up is left out of both. Beside them, the CPU seconds per document of each, its
children included, past the CPU of the same process with nothing to do (an idle second crawl of
each round's database; the bare spider given no URL): a figure a busy machine moves less. Also
reports what an idle second crawl costs.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from crawler import settings as crawl_settings
from policywatch.demo import LOOPBACK_SETTINGS, crawl_in_subprocess
from replica.server import ReplicaServer

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ("most_gfxwj", "most_tztg")
ROUNDS = 3
CONCURRENT_REQUESTS = "8"

T = TypeVar("T")


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
            CONCURRENT_REQUESTS,
            LOOPBACK_SETTINGS["POLICYWATCH_CONCURRENT_PER_HOST"],
            str(crawl_settings.CONCURRENT_ITEMS),
        ],
        input=json.dumps(urls),
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    return json.loads(done.stdout)


def with_cpu(run: Callable[[], T]) -> tuple[T, float]:
    """What `run` returns and the CPU seconds of the child processes it waited for."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    found = run()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return found, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def measure(rounds: int = ROUNDS, latency: float = 0.0) -> dict[str, float]:
    """The full pipeline's and the bare spider's documents per second on the same pages (the
    median of `rounds`), CPU seconds per document of each, and the requests of an idle
    second crawl; the replica takes `latency` seconds to answer each request."""
    with (
        tempfile.TemporaryDirectory() as workdir,
        ReplicaServer(port=0, challenge=False, latency=latency) as server,
    ):
        env = {**os.environ, **LOOPBACK_SETTINGS, "POLICYWATCH_REPLICA": server.url}
        env["POLICYWATCH_CONCURRENT_REQUESTS"] = CONCURRENT_REQUESTS
        env["POLICYWATCH_DB_URL"] = f"sqlite:///{workdir}/warm-up.db"
        server.clear_requests()
        crawl_in_subprocess(env, *SOURCES)
        urls = fetched_urls(server)
        full_runs, bare_runs, idle_runs, empty_runs = [], [], [], []
        for number in range(rounds):
            env["POLICYWATCH_DB_URL"] = f"sqlite:///{workdir}/bench-{number}.db"
            server.clear_requests()
            full_runs.append(with_cpu(lambda: crawl_in_subprocess(env, *SOURCES)))
            if sorted(fetched_urls(server)) != sorted(urls):
                raise RuntimeError("the full crawl fetched other pages than its warm-up did")
            bare_runs.append(with_cpu(lambda: bare_crawl(urls, server.url)))
            if bare_runs[-1][0]["requests"] != len(urls):
                raise RuntimeError("the bare spider fetched other pages than the full crawl")
            idle_runs.append(with_cpu(lambda: crawl_in_subprocess(env, *SOURCES)))
            empty_runs.append(with_cpu(lambda: bare_crawl([], server.url)))
    full, _cpu = full_runs[-1]
    idle, _cpu = idle_runs[-1]
    documents = sum(summary["new"] for summary in full.values())
    full_seconds = statistics.median(
        sum(summary["elapsed_seconds"] for summary in run.values()) for run, _cpu in full_runs
    )
    bare_seconds = statistics.median(run["elapsed_seconds"] for run, _cpu in bare_runs)
    return {
        "pages": len(urls),
        "documents": documents,
        "rounds": rounds,
        "full_seconds": full_seconds,
        "bare_seconds": bare_seconds,
        "full_rate": documents / full_seconds,
        "bare_rate": documents / bare_seconds,
        "full_cpu_per_document": _cpu_past(full_runs, idle_runs) / documents,
        "bare_cpu_per_document": _cpu_past(bare_runs, empty_runs) / documents,
        "first_requests": sum(s["requests"] for s in full.values()),
        "idle_requests": sum(summary["requests"] for summary in idle.values()),
        "idle_details": sum(summary["detail_requests"] for summary in idle.values()),
    }


def _cpu_past(runs: list[tuple[object, float]], baselines: list[tuple[object, float]]) -> float:
    """The median CPU of `runs` less the median CPU of the same process doing nothing."""
    return statistics.median(cpu for _run, cpu in runs) - statistics.median(
        cpu for _run, cpu in baselines
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--latency", type=float, default=0.0, help="seconds the replica takes per request"
    )
    parser.add_argument("--rounds", type=int, default=ROUNDS, help="rounds, the median reported")
    args = parser.parse_args()
    found = measure(args.rounds, args.latency)
    print(f"replica latency {args.latency:g} s per request")
    print(f"pages fetched: {found['pages']}; documents stored: {found['documents']}")
    print(f"median of {found['rounds']} rounds, each on a fresh database:")
    print(
        f"full pipeline : {found['full_rate']:8.1f} documents/s ({found['full_seconds']:.2f} s), "
        f"{found['full_cpu_per_document'] * 1000:.1f} ms CPU per document"
    )
    print(
        f"bare spider   : {found['bare_rate']:8.1f} documents/s ({found['bare_seconds']:.2f} s), "
        f"{found['bare_cpu_per_document'] * 1000:.1f} ms CPU per document"
    )
    print(f"ratio full/bare: {found['full_rate'] / found['bare_rate']:.2f}")
    print(
        f"idle second cycle: {found['idle_requests']} requests, {found['idle_details']} detail "
        f"pages (first cycle: {found['first_requests']} requests)"
    )


if __name__ == "__main__":
    main()
