"""`policywatch demo`: the whole job against the replica, from an empty database to feeds."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import click

from replica.server import ReplicaServer

VAR = Path("var")
DEMO_DB = VAR / "demo.db"
FEEDS_DIR = VAR / "feeds"
LOOPBACK_SETTINGS = {
    "POLICYWATCH_DOWNLOAD_DELAY": "0",
    "POLICYWATCH_AUTOTHROTTLE": "0",
    "POLICYWATCH_CONCURRENT_PER_HOST": "4",
    "POLICYWATCH_RETRY_BACKOFF": "0",
}


def run_demo(*, days: int) -> None:
    """Crawl day 0 of the replica, then each later day, printing what each crawl found."""
    VAR.mkdir(exist_ok=True)
    for leftover in VAR.glob(f"{DEMO_DB.name}*"):
        leftover.unlink()
    db_url = f"sqlite:///{DEMO_DB.resolve()}"
    with ReplicaServer(port=0) as server:
        click.echo(f"replica of the watched sites at {server.url}; database {DEMO_DB}")
        env = {**os.environ, **LOOPBACK_SETTINGS}
        env |= {"POLICYWATCH_REPLICA": server.url, "POLICYWATCH_DB_URL": db_url}
        for day in range(days + 1):
            server.set_day(day)
            click.secho(f"\n== day {day}: crawling every source", bold=True)
            since = datetime.now(UTC)
            _print_summary(crawl_in_subprocess(env))
            _print_changes(db_url, since)
            _print_feeds(db_url)


def crawl_in_subprocess(env: dict[str, str], *sources: str) -> dict[str, dict[str, object]]:
    """Run `policywatch crawl --json` in a child process and return its summary."""
    command = [sys.executable, "-m", "crawler.cli", "crawl", "--json", *sources]
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if not done.stdout.strip():
        raise click.ClickException(f"crawl failed (exit {done.returncode}):\n{done.stderr}")
    return json.loads(done.stdout)


def _print_summary(summary: dict[str, dict[str, object]]) -> None:
    for source_id, counts in summary.items():
        click.echo(
            f"  {source_id:<14} {counts['outcome']:<6} new {counts['new']:>3}  "
            f"revised {counts['revised']:>2}  unchanged {counts['unchanged']:>3}  "
            f"requests {counts['requests']:>3} (detail pages {counts['detail_requests']})"
        )


def _print_changes(db_url: str, since: datetime) -> None:
    from storage import changes_since, open_store

    store = open_store(db_url)
    try:
        with store.session() as session:
            found = changes_since(session, since)
            for change in found[:12]:
                version = change.to_version
                click.echo(f"  [{change.kind}] {version.title}\n      {change.document.url}")
            if len(found) > 12:
                click.echo(f"  … and {len(found) - 12} more")
    finally:
        store.close()


def _print_feeds(db_url: str) -> None:
    from crawler.config import feed_topic, load_config
    from feeds import build_feeds
    from storage import open_store

    store = open_store(db_url)
    try:
        with store.session() as session:
            written = build_feeds(session, FEEDS_DIR, topic=feed_topic(load_config()))
    finally:
        store.close()
    click.echo(f"  feeds: {len(written)} files in {FEEDS_DIR}/ (all sources: policies.atom, .rss)")
