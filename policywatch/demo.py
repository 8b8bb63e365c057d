"""`policywatch demo`: the whole job against the replica, from an empty database to feeds."""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
import threading
import time
from collections import defaultdict
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, TYPE_CHECKING

import click

from replica.server import ReplicaServer

if TYPE_CHECKING:
    from crawler.sources import SourceInfo
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


def run_demo(*, days: int, serve: bool = True, jobs: int = 2) -> None:
    """Crawl day 0 of the replica in `jobs` processes side by side, then each later day (a
    few pages, not worth a second process), printing each source's progress and what each
    crawl found; then, with `serve`, serve the web view of the result until Ctrl-C."""
    from crawler.sources import select_sources
    from storage import open_store

    VAR.mkdir(exist_ok=True)
    for leftover in VAR.glob(f"{DEMO_DB.name}*"):
        leftover.unlink()
    db_url = f"sqlite:///{DEMO_DB.resolve()}"
    sources = select_sources([])
    groups = split_by_site(sources, jobs)
    everything = [source.id for source in sources]
    open_store(db_url).close()
    with ReplicaServer(port=0) as server:
        click.echo(f"replica of the watched sites at {server.url}; database {DEMO_DB}")
        env = {**os.environ, **LOOPBACK_SETTINGS}
        env |= {"POLICYWATCH_REPLICA": server.url, "POLICYWATCH_DB_URL": db_url}
        for day in range(days + 1):
            server.set_day(day)
            click.secho(f"\n== day {day}: crawling every source", bold=True)
            since = datetime.now(UTC)
            started = time.monotonic()
            summary = crawl_side_by_side(env, groups if day == 0 else [everything])
            click.echo(f"  day {day} crawled in {time.monotonic() - started:.1f} s")
            _print_summary(summary)
            _print_changes(db_url, since)
            _print_feeds(db_url)
    if serve:
        _serve(db_url)


def _serve(db_url: str) -> None:
    """Serve on DEMO_PORT, or on a free port when another program holds it."""
    from policywatch.cli.serve import serve_web

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
    command = [sys.executable, "-m", "policywatch.cli", "crawl", "--json", *sources]
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if not done.stdout.strip():
        raise click.ClickException(f"crawl failed (exit {done.returncode}):\n{done.stderr}")
    return json.loads(done.stdout)


def split_by_site(sources: Iterable[SourceInfo], jobs: int) -> list[list[str]]:
    """The source ids in at most `jobs` groups, a site's sources in one group (its crawls
    take turns), the sites with most sources spread first."""
    by_site: dict[str, list[str]] = defaultdict(list)
    for source in sources:
        by_site[source.site].append(source.id)
    groups: list[list[str]] = [[] for _ in range(max(1, jobs))]
    for site_sources in sorted(by_site.values(), key=len, reverse=True):
        min(groups, key=len).extend(site_sources)
    return [group for group in groups if group]


def crawl_side_by_side(
    env: dict[str, str], groups: list[list[str]]
) -> dict[str, dict[str, object]]:
    """Run `policywatch crawl --json GROUP` for every group at once, passing on each source's
    progress lines as they come; return the summaries of all."""
    command = [sys.executable, "-m", "policywatch.cli", "crawl", "--json"]
    children = [
        subprocess.Popen(
            [*command, *group], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        for group in groups
    ]
    errors: list[list[str]] = [[] for _ in children]
    relays = [
        threading.Thread(target=_relay, args=(child.stderr, kept), daemon=True)
        for child, kept in zip(children, errors, strict=True)
    ]
    for relay in relays:
        relay.start()
    summary: dict[str, dict[str, object]] = {}
    for child, relay, kept in zip(children, relays, errors, strict=True):
        out = child.stdout.read() if child.stdout else ""
        child.wait()
        relay.join()
        if not out.strip():
            raise click.ClickException(
                f"crawl failed (exit {child.returncode}):\n{''.join(kept[-20:])}"
            )
        summary |= json.loads(out)
    return dict(sorted(summary.items()))


def _relay(stream: IO[str] | None, kept: list[str]) -> None:
    """Echo a crawl's progress lines, indented, and keep them for an error message."""
    for line in stream or ():
        kept.append(line)
        click.echo(f"  {line}", nl=False, err=True)


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
    from crawler.config import load_config
    from policywatch.publish import publish_feeds
    from policywatch.settings import FeedSettings

    written = publish_feeds(db_url, FEEDS_DIR, FeedSettings.from_config(load_config()))
    click.echo(f"  feeds: {len(written)} files in {FEEDS_DIR}/ (all sources: policies.atom, .rss)")
