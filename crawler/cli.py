"""The policywatch command line: crawl, build feeds, list sources, run the replica, demo."""

from __future__ import annotations

import json
import logging
import os
import sys
from dataclasses import replace
from pathlib import Path

import click

from crawler.archive_cli import COMMANDS as ARCHIVE_COMMANDS
from crawler.config import ConfigError
from crawler.datasette_cli import datasette_command
from crawler.mcp_cli import mcp_command
from crawler.probe_cli import probe_command
from crawler.regions import region_label
from crawler.runner import project_settings, run_crawls
from crawler.serve_cli import serve_command
from crawler.sources import UnknownSource, select_sources
from storage import SchemaError

FEEDS_DIR = Path("var/feeds")


class UserError(click.ClickException):
    """A mistake of the operator's: one line on stderr, exit status 2."""

    exit_code = 2


class Commands(click.Group):
    """The command group: a bad config or database found by any command is a UserError."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except (ConfigError, SchemaError) as error:
            raise UserError(str(error)) from None


@click.group(cls=Commands)
@click.option(
    "--db",
    "db_url",
    envvar="POLICYWATCH_DB_URL",
    help="Database URL (default: SQLite at var/policywatch.db).",
)
@click.option("-v", "--verbose", is_flag=True, help="Log crawl details.")
@click.pass_context
def main(ctx: click.Context, db_url: str | None, verbose: bool) -> None:
    """policywatch: watch government policy releases and publish them as feeds."""
    ctx.obj = {"db_url": db_url, "verbose": verbose}
    if db_url:
        os.environ["POLICYWATCH_DB_URL"] = db_url
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )


@main.command()
@click.argument("sources", nargs=-1)
@click.option("--json", "as_json", is_flag=True, help="Print a JSON object of counts per source.")
@click.option("--backfill", is_flag=True, help="Paginate through every list page.")
@click.option(
    "--replica",
    envvar="POLICYWATCH_REPLICA",
    help="Send every request to this replica URL (e.g. http://127.0.0.1:8800).",
)
@click.pass_context
def crawl(
    ctx: click.Context, sources: tuple[str, ...], as_json: bool, backfill: bool, replica: str | None
) -> None:
    """Crawl SOURCES once (all sources when none is named)."""
    overrides = {
        "LOG_LEVEL": "INFO" if ctx.obj["verbose"] else "WARNING",
        "POLICYWATCH_BACKFILL": backfill,
    }
    settings = project_settings(replica=replica, db_url=ctx.obj["db_url"], overrides=overrides)
    try:
        chosen = select_sources(sources)
    except UnknownSource as error:
        raise click.UsageError(str(error)) from error
    _check_database(ctx.obj["db_url"])
    summary = run_crawls(settings, chosen)
    if as_json:
        click.echo(json.dumps(summary, ensure_ascii=False, indent=2))
    else:
        for source_id, counts in summary.items():
            click.echo(_summary_line(source_id, counts))
    if any(counts["outcome"] != "ok" for counts in summary.values()):
        sys.exit(1)


def _check_database(db_url: str | None) -> None:
    """Create or migrate the database before any crawl, so that one that cannot be is
    reported once, in one line."""
    from storage import open_store

    open_store(db_url).close()


def _summary_line(source_id: str, counts: dict[str, object]) -> str:
    line = (
        f"{source_id:<16} {counts['outcome']:<7} new {counts['new']:>3}  "
        f"revised {counts['revised']:>3}  unchanged {counts['unchanged']:>3}  "
        f"requests {counts['requests']:>4} (detail {counts['detail_requests']})  "
        f"errors {counts['errors']}"
    )
    return f"{line}  {counts['reason']}" if counts["reason"] else line


@main.command()
@click.option("--out", type=click.Path(path_type=Path), default=FEEDS_DIR, show_default=True)
@click.option(
    "--base-url",
    help="Public URL the feeds and web view are served under; every link in the feeds is "
    "under it [default: [feeds] base_url, else http://127.0.0.1:8000/].",
)
@click.option(
    "--query",
    "queries",
    multiple=True,
    metavar="NAME=QUERYSTRING",
    help="Also build queries/NAME.atom|.rss from a search, e.g. vent=q=呼吸机&since=2024-01-01 "
    "(as [queries.NAME] in policywatch.toml; repeatable).",
)
@click.pass_context
def feeds(ctx: click.Context, out: Path, base_url: str | None, queries: tuple[str, ...]) -> None:
    """Rebuild the RSS and Atom feeds from the database."""
    from crawler.config import FeedSettings, is_web_url, load_config
    from crawler.publish import publish_feeds
    from feeds.saved_queries import parse_query_option

    try:
        settings = FeedSettings.from_config(load_config())
        extra = tuple(parse_query_option(option) for option in queries)
    except ValueError as error:
        raise click.UsageError(str(error)) from error
    if base_url and not is_web_url(base_url):
        raise click.BadParameter("give an http(s) URL", param_hint="--base-url")
    named = {query.name: query for query in (*settings.queries, *extra)}
    settings = replace(settings, queries=tuple(named.values()))
    if base_url:
        settings = replace(settings, base_url=base_url)
    written = publish_feeds(ctx.obj["db_url"], out, settings)
    click.echo(f"{len(written)} feed files in {out}/")


DIFF_COLOURS = {"+": "green", "-": "red", "@": "cyan"}


@main.command()
@click.argument("document")
@click.option("--from", "from_number", type=int, help="Older version [default: one before --to].")
@click.option("--to", "to_number", type=int, help="Newer version [default: the latest].")
@click.option("--html", "as_html", is_flag=True, help="Print an HTML page with <ins> and <del>.")
@click.pass_context
def diff(
    ctx: click.Context,
    document: str,
    from_number: int | None,
    to_number: int | None,
    as_html: bool,
) -> None:
    """Show what changed between two stored versions of DOCUMENT (its id or URL)."""
    from feeds.diff_page import diff_page, version_diff, versions_to_compare
    from feeds.queries import find_document
    from storage import open_store

    store = open_store(ctx.obj["db_url"])
    try:
        with store.session() as session:
            found = find_document(session, document)
            if found is None:
                raise click.ClickException(f"no stored document {document!r} (give its id or URL)")
            old, new = versions_to_compare(found, from_number, to_number)
            shown = diff_page(found, old, new) if as_html else version_diff(old, new)
    except LookupError as error:
        raise click.ClickException(str(error)) from error
    finally:
        store.close()
    if as_html:
        click.echo(shown, nl=False)
        return
    if not shown:
        click.echo(f"v{old.number} and v{new.number} hold the same text", err=True)
    for line in shown.splitlines():
        click.echo(_diff_line(line))


def _diff_line(line: str) -> str:
    """The line coloured as its kind (click drops the colour when stdout is no terminal)."""
    if line.startswith(("---", "+++")):
        return click.style(line, bold=True)
    colour = DIFF_COLOURS.get(line[:1])
    return click.style(line, fg=colour) if colour else line


@main.command()
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def sources(as_json: bool) -> None:
    """List the watched sources."""
    known = select_sources([])
    if as_json:
        click.echo(json.dumps([vars(s) for s in known], ensure_ascii=False, indent=2))
        return
    for source in known:
        state = "" if source.enabled else "  (disabled)"
        pad = " " * 17
        click.echo(f"{source.id:<16} {source.site_name} · {source.column_name}{state}")
        click.echo(f"{pad}{source.platform} · {region_label(source.region, source.city)}")
        click.echo(
            f"{pad}{source.list_url}\n{pad}schedule {source.schedule!r}, topic {source.topic}"
        )


@main.command()
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def status(ctx: click.Context, as_json: bool) -> None:
    """Show each source's health: status, last success, last new document, open incident,
    next run."""
    from crawler.config import load_config
    from crawler.status import status_rows, status_table
    from storage import open_store

    store = open_store(ctx.obj["db_url"])
    try:
        rows = status_rows(store, select_sources([]), load_config())
    finally:
        store.close()
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2, default=str))
    else:
        click.echo(status_table(rows))


@main.command("run")
@click.argument("sources", nargs=-1)
@click.pass_context
def run_command(ctx: click.Context, sources: tuple[str, ...]) -> None:
    """Run the daemon: SOURCES (every enabled one when none is named) on their schedules,
    until SIGTERM or Ctrl-C."""
    from crawler.config import FeedSettings, load_config
    from crawler.daemon import Daemon, DaemonSettings, run_daemon
    from crawler.logs import add_log_file
    from storage import default_db_url

    config = load_config()
    log_file = Path(config.get("daemon", {}).get("log_file", "var/log/policywatch.log"))
    add_log_file(log_file, verbose=ctx.obj["verbose"])
    try:
        chosen = select_sources(sources)
    except UnknownSource as error:
        raise click.UsageError(str(error)) from error
    daemon = Daemon(
        chosen,
        DaemonSettings.from_config(config),
        db_url=ctx.obj["db_url"] or default_db_url(),
        feeds=FeedSettings.from_config(config),
    )
    sys.exit(run_daemon(daemon))


@main.command(context_settings={"ignore_unknown_options": True, "allow_extra_args": True})
@click.pass_context
def replica(ctx: click.Context) -> None:
    """Serve the offline replica of the watched sites in the foreground (see --help)."""
    from replica.server import main as replica_main

    replica_main(ctx.args)


@main.command()
@click.option("--days", default=3, show_default=True, help="Timeline days to advance through.")
@click.option("--no-serve", is_flag=True, help="End after the crawls; serve no web view.")
def demo(days: int, no_serve: bool) -> None:
    """Crawl the replica at day 0, build feeds, advance the timeline, crawl again, then serve
    the web view until Ctrl-C."""
    from crawler.demo import run_demo

    run_demo(days=days, serve=not no_serve)


for _command in (*ARCHIVE_COMMANDS, serve_command, probe_command, datasette_command, mcp_command):
    main.add_command(_command)


if __name__ == "__main__":
    main()
