"""`status`: each source's health, from the daemon running on the database, else read here."""

from __future__ import annotations

import json
from typing import Any

import click

from policywatch.service.control import Unanswered, ask_daemon
from policywatch.service.status_text import status_table
from storage import default_db_url


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def status(ctx: click.Context, as_json: bool) -> None:
    """Show each source's health: status, last success, last new document, open incident,
    next run. The daemon running on the database answers, with the next runs its scheduler
    holds; without one, the database is read here, with the sources of policywatch.toml."""
    db_url = ctx.obj["db_url"] or default_db_url()
    try:
        rows = ask_daemon(db_url, "status")
    except Unanswered as error:
        click.echo(f"{error}; reading the database here", err=True)
        rows = None
    if rows is None:
        rows = _read_here(db_url)
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2, default=str))
    else:
        click.echo(status_table(rows))


def _read_here(db_url: str) -> list[dict[str, Any]]:
    from crawler.config import load_config
    from crawler.sources import select_sources
    from policywatch.cli.archive_access import open_archive
    from policywatch.service.status import check_stored_sources, status_rows
    from policywatch.settings import HealthSettings

    config = load_config()
    sources = select_sources([])
    store = open_archive(db_url, existing=True)
    try:
        check_stored_sources(store, config)
        return status_rows(
            store, sources, stale_after=HealthSettings.from_config(config).stale_after
        )
    finally:
        store.close()
