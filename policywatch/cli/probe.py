"""`policywatch probe`: one page through a source's parsing, fetched or saved, and what it found."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click
import scrapy

from crawler.sources import UnknownSource, select_sources
from crawler.spider_loader import source_spider
from policywatch.probe.pages import Fetcher, ProbeError, read_page, save_page
from policywatch.probe.parse import DETAIL, LIST, dumps, entry_page, load_spider, probe_page
from policywatch.runner import project_settings


@click.command("probe")
@click.argument("source")
@click.option(
    "--url",
    help="The page to fetch, or with --file the URL the saved page came from "
    "(default: the source's list URL).",
)
@click.option(
    "--file",
    "saved",
    type=click.Path(path_type=Path, dir_okay=False),
    help="A saved page to parse instead of fetching.",
)
@click.option("--as", "kind", type=click.Choice([LIST, DETAIL]), help="Read it as this kind.")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON object.")
@click.option(
    "--save",
    "save_dir",
    type=click.Path(path_type=Path, file_okay=False),
    help="Keep the fetched page here, with where and when it was fetched.",
)
@click.option("--live", is_flag=True, help="Fetch from the real site (no replica set).")
def probe_command(
    source: str,
    url: str | None,
    saved: Path | None,
    kind: str | None,
    as_json: bool,
    save_dir: Path | None,
    live: bool,
) -> None:
    """Run SOURCE's own list or detail parsing on one page and print the rows or fields it
    found, the fields it missed, or the challenge a WAF answered instead.

    The source's list URL is reached as a crawl reaches it (through its column shell or index
    page); other URLs are fetched as they are. Fetching goes to POLICYWATCH_REPLICA, or with
    --live to the real site."""
    try:
        if saved is None and url is None:
            raise ProbeError("name the page: --url URL or --file PATH [--url ORIGINAL_URL]")
        if saved is not None and save_dir is not None:
            raise ProbeError("--save keeps a fetched page; a --file is saved already")
        settings = project_settings()
        try:
            (info,) = select_sources([source])
        except UnknownSource as error:
            raise ProbeError(str(error)) from error
        spider = load_spider(source_spider(source), settings)
        fetch = Fetcher(
            replica=os.environ.get("POLICYWATCH_REPLICA"),
            live=live,
            max_size=settings.getint("DOWNLOAD_MAXSIZE"),
            headers={
                **settings.getdict("DEFAULT_REQUEST_HEADERS"),
                "User-Agent": settings.get("USER_AGENT"),
            },
        )
        if saved is not None:
            page = read_page(saved, url or info.list_url)
        elif url == info.list_url and kind != DETAIL:
            kind = LIST
            page = entry_page(spider, fetch)
        else:
            page = fetch(scrapy.Request(url))
        report = probe_page(spider, page, kind)
        kept = (
            save_page(page, report.source, report.kind, save_dir) if save_dir is not None else None
        )
    except ProbeError as error:
        click.echo(f"policywatch probe: {error}", err=True)
        sys.exit(2)
    click.echo(dumps(report) if as_json else "\n".join(report.lines()))
    if kept is not None:
        click.echo(f"saved {kept}", err=True)
