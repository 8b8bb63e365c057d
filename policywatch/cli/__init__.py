"""The policywatch command line: one module per command group, each imported only when one of
its commands runs, so that `--help` and the read-only commands start without Scrapy."""

from __future__ import annotations

import importlib
import logging
import os

import click

from policywatch.cli.errors import UserErrorGroup

COMMANDS: dict[str, tuple[str, str, str]] = {
    "crawl": ("crawl", "crawl", "Crawl SOURCES once (all sources when none is named)."),
    "sources": ("crawl", "sources", "List the watched sources."),
    "feeds": ("feeds", "feeds", "Rebuild the RSS and Atom feeds from the database."),
    "diff": ("feeds", "diff", "Show what changed between two stored versions of a document."),
    "run": ("daemon", "run_command", "Run the daemon: every source on its schedule."),
    "status": ("status", "status", "Show each source's health."),
    "search": ("archive", "search_command", "Find documents by words and filters."),
    "show": ("archive", "show_command", "Show a document: metadata, versions, reposts."),
    "history": ("archive", "history_command", "List the changes of a document."),
    "export": ("archive", "export_command", "Write matching documents as CSV, JSON or Parquet."),
    "serve": ("serve", "serve_command", "Serve the feeds and the web view."),
    "datasette": ("datasette", "datasette_command", "Browse the SQLite archive in Datasette."),
    "mcp": ("mcp", "mcp_command", "Serve the archive to an assistant over MCP (stdio)."),
    "probe": ("probe", "probe_command", "Run a source's parsing on one page."),
    "replica": ("replica", "replica", "Serve the offline replica of the watched sites."),
    "demo": ("replica", "demo", "The whole job against the replica, then the web view."),
}


class Commands(UserErrorGroup):
    """The commands of COMMANDS, each loaded from its module when it is run or asked for."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in COMMANDS:
            return None
        module, attribute, _summary = COMMANDS[cmd_name]
        return getattr(importlib.import_module(f"policywatch.cli.{module}"), attribute)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        with formatter.section("Commands"):
            formatter.write_dl([(name, summary) for name, (_m, _a, summary) in COMMANDS.items()])


@click.group(cls=Commands)
@click.version_option(package_name="policywatch", message="policywatch %(version)s")
@click.option(
    "--db",
    "db_url",
    envvar="POLICYWATCH_DB_URL",
    help="Database URL (default: SQLite at var/policywatch.db).",
)
@click.option("-v", "--verbose", is_flag=True, help="Log details (Scrapy's log for a crawl).")
@click.pass_context
def main(ctx: click.Context, db_url: str | None, verbose: bool) -> None:
    """policywatch: watch government policy releases and publish them as feeds."""
    from policywatch.service.logs import log_to_stderr

    ctx.obj = {"db_url": db_url, "verbose": verbose}
    if db_url:
        os.environ["POLICYWATCH_DB_URL"] = db_url
    log_to_stderr(logging.INFO if verbose else logging.WARNING)
