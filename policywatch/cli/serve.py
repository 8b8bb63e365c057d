"""`policywatch serve`: the feeds, their diff pages and the read-only web view over HTTP."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import click

from crawler.config import load_config
from policywatch.cli.archive_access import open_archive
from policywatch.settings import FeedSettings, HealthSettings

FEEDS_DIR = Path("var/feeds")
DEFAULT_PORT = 8000


def serve_web(
    db_url: str | None,
    feeds_dir: Path,
    *,
    host: str = "127.0.0.1",
    port: int = DEFAULT_PORT,
    base_url: str | None = None,
) -> None:
    """Rebuild the feeds so that their entries link to this server's pages (under `base_url`,
    else `[feeds] base_url`, else the server's own address), print the web view's URL, and
    serve until Ctrl-C."""
    from policywatch.publish import publish_feeds
    from policywatch.web.server import server_url, web_server

    config = load_config()
    stale_after = HealthSettings.from_config(config).stale_after
    store = open_archive(db_url, existing=True)
    try:
        server = web_server(store, feeds_dir, host=host, port=port, stale_after=stale_after)
        feeds = FeedSettings.from_config(config)
        url = base_url or feeds.base_url or server_url(server)
        publish_feeds(db_url, feeds_dir, replace(feeds, base_url=url))
        click.echo(f"web view: {url} — Ctrl-C to stop")
        server.run()
    finally:
        store.close()


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(0, 65535), default=DEFAULT_PORT, show_default=True)
@click.option(
    "--base-url",
    help="Public URL of this server, which feed entries link to "
    "[default: [feeds] base_url, else http://HOST:PORT/].",
)
@click.option("--feeds-dir", type=click.Path(path_type=Path), default=FEEDS_DIR, show_default=True)
@click.pass_context
def serve_command(
    ctx: click.Context, host: str, port: int, base_url: str | None, feeds_dir: Path
) -> None:
    """Serve the feeds (rebuilt first), index.opml, the diff pages and the web view: search,
    policy pages, source health."""
    serve_web(ctx.obj["db_url"], feeds_dir, host=host, port=port, base_url=base_url)
