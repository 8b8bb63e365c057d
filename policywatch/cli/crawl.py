"""`crawl` and `sources`: crawl the watched sources once, list them."""

from __future__ import annotations

import json
import logging
import sys

import click

from crawler.sources import UnknownSource, select_sources
from policywatch.service.logs import log_to_stderr
from storage.regions import region_label


@click.command()
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
    """Crawl SOURCES once (all sources when none is named), showing each one's progress and
    any error on stderr; Scrapy's whole log with -v instead."""
    from policywatch.cli.archive_access import open_archive
    from policywatch.cli.progress import CrawlProgress
    from policywatch.runner import project_settings, run_crawls

    verbose = ctx.obj["verbose"]
    overrides = {"LOG_LEVEL": "INFO" if verbose else "WARNING", "POLICYWATCH_BACKFILL": backfill}
    settings = project_settings(replica=replica, db_url=ctx.obj["db_url"], overrides=overrides)
    try:
        chosen = select_sources(sources)
    except UnknownSource as error:
        raise click.UsageError(str(error)) from error
    open_archive(ctx.obj["db_url"], existing=False).close()
    if verbose:
        summary = run_crawls(settings, chosen)
    else:
        log_to_stderr(logging.ERROR)
        with CrawlProgress([source.id for source in chosen]) as progress:
            summary = run_crawls(settings, chosen, watch=progress.watch)
    if as_json:
        click.echo(json.dumps(summary, ensure_ascii=False, indent=2))
    else:
        for source_id, counts in summary.items():
            click.echo(_summary_line(source_id, counts))
    if any(counts["outcome"] != "ok" for counts in summary.values()):
        sys.exit(1)


def _summary_line(source_id: str, counts: dict[str, object]) -> str:
    line = (
        f"{source_id:<16} {counts['outcome']:<7} new {counts['new']:>3}  "
        f"revised {counts['revised']:>3}  unchanged {counts['unchanged']:>3}  "
        f"requests {counts['requests']:>4} (detail {counts['detail_requests']})  "
        f"errors {counts['errors']}"
    )
    return f"{line}  {counts['reason']}" if counts["reason"] else line


@click.command()
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
