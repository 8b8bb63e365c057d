"""Backfill throughput of two Scrapyd nodes against one, on the replica with per-host latency.

Both runs crawl the same sources (each on its own host, so the per-host lock lets them run on
different nodes at once) from the same replica into a fresh PostgreSQL schema each, through
the daemon's dispatch to the nodes; each node runs one crawl at a time.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import threading
import time
import uuid
from pathlib import Path

from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url

from bench import scrapyd_nodes
from crawler.sources import select_sources
from policywatch.demo import LOOPBACK_SETTINGS
from policywatch.service.daemon import Daemon, DaemonSettings
from policywatch.settings import FeedSettings
from replica.server import ReplicaServer
from replica.sites.most import prepare_attachment_files
from storage import open_store
from storage.models import Document

SOURCES = ("miit_zbys", "most_tztg", "nhc_gfxwj", "gd_qbwj")
PG_URL = os.environ.get(
    "POLICYWATCH_BENCH_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
GOAL = 1.8


def _schema_url(schema: str) -> str:
    url = make_url(PG_URL).update_query_dict({"options": f"-csearch_path={schema}"})
    return url.render_as_string(hide_password=False)


def _backfill(urls: tuple[str, ...], feeds: Path) -> tuple[int, float]:
    """Documents stored and seconds taken by the daemon crawling every source on `urls`."""
    schema = f"bench_{uuid.uuid4().hex[:12]}"
    admin = create_engine(PG_URL)
    with admin.begin() as connection:
        connection.execute(text(f"CREATE SCHEMA {schema}"))
    db_url = _schema_url(schema)
    try:
        open_store(db_url).close()
        daemon = Daemon(
            select_sources(SOURCES),
            DaemonSettings(feeds_dir=feeds, nodes=urls, jitter=None),
            db_url=db_url,
            feeds=FeedSettings(),
        )
        assert daemon.nodes is not None
        daemon.nodes.poll = 0.2
        threads = [threading.Thread(target=daemon.crawl, args=[s]) for s in daemon.sources]
        started = time.monotonic()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        seconds = time.monotonic() - started
        store = open_store(db_url)
        with store.session() as session:
            documents = session.scalar(select(func.count()).select_from(Document)) or 0
        store.close()
    finally:
        with admin.begin() as connection:
            connection.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()
    return documents, seconds


def measure(latency: float) -> dict[str, float]:
    """Documents per second of the backfill on one node and on two, in this order."""
    prepare_attachment_files()
    with (
        tempfile.TemporaryDirectory() as workdir,
        ReplicaServer(port=0, challenge=False, latency=latency) as server,
    ):
        folder = Path(workdir)
        env = scrapyd_nodes.node_env(
            {**os.environ, **LOOPBACK_SETTINGS, "POLICYWATCH_REPLICA": server.url}
        )
        egg = scrapyd_nodes.build_egg(folder / "policywatch.egg")
        started = []
        try:
            for name in ("node1", "node2"):
                started.append(scrapyd_nodes.start_node(folder / name, env, max_proc=1))
            urls = tuple(url for _, url in started)
            for url in urls:
                scrapyd_nodes.deploy(url, egg)
            one = _backfill(urls[:1], folder / "feeds-one")
            two = _backfill(urls, folder / "feeds-two")
        finally:
            for node, _ in started:
                scrapyd_nodes.kill(node)
    return {
        "one_documents": one[0],
        "one_seconds": one[1],
        "two_documents": two[0],
        "two_seconds": two[1],
        "one_rate": one[0] / one[1],
        "two_rate": two[0] / two[1],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--latency", type=float, default=0.2, help="seconds each host takes per request"
    )
    args = parser.parse_args()
    found = measure(args.latency)
    ratio = found["two_rate"] / found["one_rate"]
    print(f"sources: {', '.join(SOURCES)}; replica latency {args.latency:.2f} s per request")
    for nodes in ("one", "two"):
        print(
            f"{nodes} node{'s' if nodes == 'two' else ' '}: {found[f'{nodes}_rate']:6.1f} "
            f"documents/s ({found[f'{nodes}_documents']:.0f} documents, "
            f"{found[f'{nodes}_seconds']:.1f} s)"
        )
    verdict = "met" if ratio >= GOAL else "NOT met"
    print(f"two nodes / one: {ratio:.2f}x (goal >= {GOAL}x: {verdict})")


if __name__ == "__main__":
    main()
