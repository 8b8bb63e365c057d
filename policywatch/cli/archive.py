"""The analysts' commands: search the archive, show a document, its history, export."""

from __future__ import annotations

import importlib.util
import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any, TextIO

import click
from sqlalchemy.orm import Session

from crawler.dates import CHINA
from policywatch.cli.archive_access import open_archive
from policywatch.cli.archive_output import (
    RECORD_FORMATS,
    SEARCH_FIELDS,
    hit_record,
    hits_table,
    text_record,
    write_records,
)
from policywatch.cli.dossier_output import (
    dossier_record,
    dossier_text,
    history_records,
    history_text,
)
from policywatch.cli.errors import UserError
from policywatch.cli.parquet_output import write_parquet
from storage.archive import Dossier, dossier
from storage.export import DOCUMENT_FIELDS, HISTORY_FIELDS, export_rows
from storage.models import Change
from storage.regions import REGIONS
from storage.search import SORTS, SearchFilters, count_matches, search

_DAY = {"type": click.DateTime(formats=["%Y-%m-%d"]), "metavar": "YYYY-MM-DD"}


def _filter_options(command: Callable[..., Any]) -> Callable[..., Any]:
    options = [
        click.option("--source", help="Source id, e.g. most_gfxwj."),
        click.option("--site", help="Site host, e.g. www.nmpa.gov.cn."),
        click.option(
            "--region",
            type=click.Choice(sorted(REGIONS)),
            metavar="REGION",
            help="national, or a province by its pinyin (zhejiang).",
        ),
        click.option("--agency", help="Part of the issuing agency's name."),
        click.option("--wenhao", help="文号, in any bracket or spacing variant."),
        click.option("--topic", help="Topic the document is relevant to."),
        click.option("--since", **_DAY, help="Published on or after this day."),
        click.option("--until", **_DAY, help="Published on or before this day."),
        click.option("--kind", type=click.Choice(Change.KINDS), help="Had a change of this kind."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def _filters(options: dict[str, Any]) -> SearchFilters:
    since, until = options["since"], options["until"]
    return SearchFilters(
        source=options["source"],
        site=options["site"],
        region=options["region"],
        agency=options["agency"],
        wenhao=options["wenhao"],
        topic=options["topic"],
        published_from=_china_midnight(since.date()) if since else None,
        published_to=_china_midnight(until.date() + timedelta(days=1)) if until else None,
        change_kind=options["kind"],
    )


def _china_midnight(day: date) -> datetime:
    return datetime.combine(day, time(), CHINA)


@contextmanager
def _session(ctx: click.Context) -> Iterator[Session]:
    store = open_archive(ctx.obj["db_url"], existing=True)
    try:
        with store.session() as session:
            yield session
    finally:
        store.close()


@click.command("search")
@click.argument("query")
@_filter_options
@click.option("--sort", type=click.Choice(SORTS), default="date", show_default=True)
@click.option("--limit", type=click.IntRange(min=1), default=50, show_default=True)
@click.option(
    "--format",
    "form",
    type=click.Choice(["table", "json", "csv"]),
    default="table",
    show_default=True,
)
@click.pass_context
def search_command(
    ctx: click.Context, query: str, sort: str, limit: int, form: str, **options: Any
) -> None:
    """Find the documents whose current title or text contains every word of QUERY
    ("quoted phrases" are one word), ignoring case."""
    filters = _filters(options)
    with _session(ctx) as session:
        hits = search(session, query, filters, sort=sort, limit=limit)
        total = count_matches(session, query, filters) if len(hits) == limit else len(hits)
    if form != "table":
        records = (hit_record(hit, SEARCH_FIELDS) for hit in hits)
        write_records(sys.stdout, records, SEARCH_FIELDS, form)
    elif hits:
        click.echo(hits_table(hits))
    else:
        click.echo("no documents found", err=True)
    if total > len(hits):
        click.echo(f"showing {len(hits)} of {total} (use --limit)", err=True)


@click.command("export")
@_filter_options
@click.option("--query", default="", help="Only documents containing every word of this.")
@click.option(
    "--format",
    "form",
    type=click.Choice((*RECORD_FORMATS, "parquet")),
    default="jsonl",
    show_default=True,
)
@click.option("--history", is_flag=True, help="Every stored version, not only the current one.")
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), help="Default: stdout.")
@click.pass_context
def export_command(
    ctx: click.Context,
    query: str,
    form: str,
    history: bool,
    output: Path | None,
    **options: Any,
) -> None:
    """Write the matching documents, current version (or with --history every version) with
    full text, newest first; streamed, in constant memory."""
    if form == "parquet" and output is None:
        raise click.UsageError("--format parquet writes a file: add --output FILE.parquet")
    if form == "parquet" and importlib.util.find_spec("pyarrow") is None:
        raise click.UsageError("Parquet needs pyarrow: pip install 'policywatch[analysis]'")
    fields = HISTORY_FIELDS if history else DOCUMENT_FIELDS
    with _session(ctx) as session:
        rows = export_rows(session, query, _filters(options), history=history)
        if form == "parquet" and output is not None:
            count = write_parquet(output, rows, fields)
        else:
            with _output(output) as out:
                count = write_records(out, map(text_record, rows), fields, form)
    if output:
        click.echo(
            f"{count} {'versions' if history else 'documents'} written to {output}", err=True
        )


@contextmanager
def _output(path: Path | None) -> Iterator[TextIO]:
    if path is None:
        yield sys.stdout
        return
    with path.open("w", encoding="utf-8", newline="") as out:
        yield out


@click.command("show")
@click.argument("reference", metavar="ID")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def show_command(ctx: click.Context, reference: str, as_json: bool) -> None:
    """Show document ID (or URL): metadata, versions, reposts, attachments, changes."""
    _print_dossier(
        ctx, reference, (lambda found: _json(dossier_record(found))) if as_json else dossier_text
    )


@click.command("history")
@click.argument("reference", metavar="ID")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def history_command(ctx: click.Context, reference: str, as_json: bool) -> None:
    """List the changes of document ID (or URL): when, what kind, which versions."""
    _print_dossier(
        ctx,
        reference,
        lambda found: (
            _json(history_records(found.changes)) if as_json else history_text(found.changes)
        ),
    )


def _print_dossier(ctx: click.Context, reference: str, render: Callable[[Dossier], str]) -> None:
    with _session(ctx) as session:
        found = dossier(session, reference)
        if found is None:
            raise UserError(f"no document {reference!r}: give its id or URL")
        rendered = render(found)
    click.echo(rendered)


def _json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)


COMMANDS = (search_command, show_command, history_command, export_command)
