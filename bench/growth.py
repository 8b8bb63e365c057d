"""Costs that must follow what is shown, not the archive: a feeds rebuild after a crawl, and
/health, at two archive sizes generated alike."""

from __future__ import annotations

import statistics
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from werkzeug.test import Client

from bench.archive import crawl_round, generate_archive
from feeds import build_feeds
from policywatch.web.app import WebApp
from storage import Store, open_store

SMALL = 657


@dataclass(frozen=True)
class Archive:
    """A generated archive in a SQLite file, and the feeds built from it."""

    count: int
    db_url: str
    store: Store
    feeds: Path


@contextmanager
def archive(folder: Path, count: int) -> Iterator[Archive]:
    db_url = f"sqlite:///{folder}/archive-{count}.db"
    store = open_store(db_url)
    try:
        generate_archive(store.engine, count)
        yield Archive(count, db_url, store, folder / f"feeds-{count}")
    finally:
        store.close()


def feeds_cpu(found: Archive, runs: int = 7) -> float:
    """CPU seconds of a feeds rebuild after a crawl stored a new policy and a revision of an
    archived one (median of `runs`, after a first build)."""
    with found.store.session() as session:
        build_feeds(session, found.feeds)
    timings = []
    for number in range(1, runs + 1):
        with found.store.session() as session:
            crawl_round(session, found.count, number)
        started = time.process_time()
        with found.store.session() as session:
            build_feeds(session, found.feeds)
        timings.append(time.process_time() - started)
    return statistics.median(timings)


def health_seconds(found: Archive, runs: int = 20) -> float:
    """Wall seconds of one GET /health (median of `runs`, after a first one)."""
    client = Client(WebApp(found.store, found.feeds, stale_after=timedelta(days=2)))
    timings = []
    for attempt in range(runs + 1):
        started = time.perf_counter()
        answer = client.get("/health")
        if answer.status_code != 200:
            raise RuntimeError(f"/health answered {answer.status_code}")
        if attempt:
            timings.append(time.perf_counter() - started)
    return statistics.median(timings)
