"""`feeds` and `diff`: rebuild the feeds, show what changed between two versions."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import click

from policywatch.cli.archive_access import open_archive
from policywatch.cli.errors import UserError

FEEDS_DIR = Path("var/feeds")


@click.command()
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
    from crawler.config import load_config
    from crawler.config_schema import is_web_url
    from feeds.saved_queries import parse_query_option
    from policywatch.publish import publish_feeds
    from policywatch.settings import FeedSettings

    settings = FeedSettings.from_config(load_config())
    try:
        extra = tuple(parse_query_option(option) for option in queries)
    except ValueError as error:
        raise click.UsageError(str(error)) from error
    if base_url and not is_web_url(base_url):
        raise click.BadParameter("give an http(s) URL", param_hint="--base-url")
    named = {query.name: query for query in (*settings.queries, *extra)}
    settings = replace(settings, queries=tuple(named.values()))
    if base_url:
        settings = replace(settings, base_url=base_url)
    open_archive(ctx.obj["db_url"], existing=True).close()
    written = publish_feeds(ctx.obj["db_url"], out, settings)
    click.echo(f"{len(written)} feed files in {out}/")


DIFF_COLOURS = {"+": "green", "-": "red", "@": "cyan"}


@click.command()
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
    from feeds.diff.page import diff_page, version_diff, versions_to_compare
    from feeds.queries import find_document

    store = open_archive(ctx.obj["db_url"], existing=True)
    try:
        with store.session() as session:
            found = find_document(session, document)
            if found is None:
                raise UserError(f"no stored document {document!r}: give its id or URL")
            old, new = versions_to_compare(found, from_number, to_number)
            shown = diff_page(found, old, new) if as_html else version_diff(old, new)
    except LookupError as error:
        raise UserError(str(error)) from error
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
