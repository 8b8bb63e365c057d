"""`policywatch demo`: the whole job against the replica, from an empty database to feeds."""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import click

from replica.server import ReplicaServer

if TYPE_CHECKING:
    from storage.models import Change

VAR = Path("var")
DEMO_DB = VAR / "demo.db"
FEEDS_DIR = VAR / "feeds"
DEMO_PORT = 8000
NEW_SHOWN = 8
REPOSTS_SHOWN = 6
LOOPBACK_SETTINGS = {
    "POLICYWATCH_DOWNLOAD_DELAY": "0",
    "POLICYWATCH_AUTOTHROTTLE": "0",
    "POLICYWATCH_CONCURRENT_PER_HOST": "4",
    "POLICYWATCH_RETRY_BACKOFF": "0",
}


def run_demo(*, days: int, serve: bool = True) -> None:
    """Crawl day 0 of the replica, then each later day, printing what each crawl found; then,
    with `serve`, serve the web view of the result until Ctrl-C."""
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
    if serve:
        _serve(db_url)


def _serve(db_url: str) -> None:
    """Serve on DEMO_PORT, or on a free port when another program holds it."""
    from crawler.serve_cli import serve_web

    click.secho("\n== the feeds and the web view of the demo database", bold=True)
    try:
        serve_web(db_url, FEEDS_DIR, port=DEMO_PORT)
    except OSError as error:
        if error.errno != errno.EADDRINUSE:
            raise
        click.echo(f"  port {DEMO_PORT} is taken; serving on a free port")
        serve_web(db_url, FEEDS_DIR, port=0)


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
            f"revised {counts['revised']:>2}  other changes {counts['changed']:>2}  "
            f"withdrawn {counts['withdrawn']:>2}  unchanged {counts['unchanged']:>3}  "
            f"requests {counts['requests']:>3} (detail pages {counts['detail_requests']})"
        )


def _print_changes(db_url: str, since: datetime) -> None:
    """Every change but `new` in full, the first new documents, and the reposts found."""
    from storage import changes_since, open_store

    store = open_store(db_url)
    try:
        with store.session() as session:
            found = changes_since(session, since)
            new = [change for change in found if change.kind == "new"]
            for change in [c for c in found if c.kind != "new"] + new[:NEW_SHOWN]:
                click.echo(f"  [{change.kind}] {change.to_version.title}")
                click.echo(f"      {change.document.url}")
                if change.kind == "revised":
                    click.echo(f"      diff: policywatch diff {change.document_id}")
            if len(new) > NEW_SHOWN:
                click.echo(f"  … and {len(new) - NEW_SHOWN} more new documents")
            _print_reposts(new)
    finally:
        store.close()


def _print_reposts(new: list[Change]) -> None:
    """New documents that joined a policy another site published first."""
    reposts = [
        (change.document, primary)
        for change in new
        if (policy := change.document.policy) is not None
        and (primary := policy.primary_document) is not None
        and primary.source_id != change.document.source_id
    ]
    for document, primary in reposts[:REPOSTS_SHOWN]:
        click.echo(f"  [repost] {document.source_id}: {document.current_version.title}")
        click.echo(f"      {document.url}")
        click.echo(f"      also published by {primary.source_id} (first): {primary.url}")
    if len(reposts) > REPOSTS_SHOWN:
        click.echo(f"  … and {len(reposts) - REPOSTS_SHOWN} more reposts")


def _print_feeds(db_url: str) -> None:
    from crawler.config import FeedSettings, load_config
    from crawler.publish import publish_feeds

    written = publish_feeds(db_url, FEEDS_DIR, FeedSettings.from_config(load_config()))
    click.echo(f"  feeds: {len(written)} files in {FEEDS_DIR}/ (all sources: policies.atom, .rss)")
