"""`run`: the scheduled daemon."""

from __future__ import annotations

import logging
import sys

import click

from crawler.config_schema import is_web_url
from crawler.sources import UnknownSource, select_sources
from policywatch.cli.errors import UserError
from policywatch.service.logs import log_to_stderr


@click.command("run")
@click.argument("sources", nargs=-1)
@click.option(
    "--check", is_flag=True, help="Check config and database (migrating it), print a summary, exit."
)
@click.option(
    "--nodes",
    metavar="URL[,URL…]",
    help="Run the crawls on these Scrapyd nodes (overrides [daemon] nodes).",
)
@click.pass_context
def run_command(
    ctx: click.Context, sources: tuple[str, ...], check: bool, nodes: str | None
) -> None:
    """Run the daemon: SOURCES (every enabled one when none is named) on their schedules,
    until SIGTERM or Ctrl-C. It logs to stderr, and to `[daemon] log_file` when set."""
    from crawler.config import load_config
    from policywatch.service.daemon import Daemon, DaemonSettings, run_daemon
    from policywatch.service.logs import add_log_file
    from policywatch.service.run_check import check_install, log_file_of
    from policywatch.settings import FeedSettings
    from storage import default_db_url

    config = load_config()
    if nodes:
        urls = [url.strip() for url in nodes.split(",") if url.strip()]
        if stray := [url for url in urls if not is_web_url(url)]:
            raise UserError(f"--nodes: {stray[0]!r} is no http:// or https:// URL")
        config["daemon"]["nodes"] = urls
    try:
        chosen = select_sources(sources)
    except UnknownSource as error:
        raise click.UsageError(str(error)) from error
    summary = check_install(config, ctx.obj["db_url"], chosen)
    if check:
        click.echo("\n".join(summary))
        return
    log_to_stderr(logging.DEBUG if ctx.obj["verbose"] else logging.INFO)
    if log_file := log_file_of(config):
        add_log_file(log_file)
    for line in summary:
        logging.getLogger("policywatch").info(line)
    daemon = Daemon(
        chosen,
        DaemonSettings.from_config(config),
        db_url=ctx.obj["db_url"] or default_db_url(),
        feeds=FeedSettings.from_config(config),
    )
    sys.exit(run_daemon(daemon))
