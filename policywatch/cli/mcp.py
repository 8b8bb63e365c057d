"""`policywatch mcp`: the archive as a read-only Model Context Protocol server over stdio."""

from __future__ import annotations

import importlib.util
from datetime import timedelta
from typing import TYPE_CHECKING, Any

import click
from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import BadRequest

from crawler.config import load_config
from feeds.search_form import SearchForm
from policywatch.cli.archive_output import SEARCH_FIELDS, china_iso, hit_record
from policywatch.cli.dossier_output import dossier_record
from policywatch.settings import HealthSettings
from storage import Store, open_store
from storage.archive import dossier
from storage.changes import latest_changes
from storage.health import source_health
from storage.incidents import open_incidents
from storage.models import utcnow
from storage.search import search

if TYPE_CHECKING:
    from mcp.server.mcpserver import MCPServer

MAX_RESULTS = 50
MAX_TEXT = 20_000
MAX_DAYS = 90


def archive_server(store: Store, stale_after: timedelta) -> MCPServer:
    """An MCP server whose tools read `store`: search, show, recent_changes, source_health.
    None writes; each answer is bounded (MAX_RESULTS rows, MAX_TEXT characters of text)."""
    from mcp.server.mcpserver import MCPServer
    from mcp.server.mcpserver.exceptions import ToolError
    from mcp.types import ToolAnnotations

    server = MCPServer(
        "policywatch",
        instructions="Chinese government medical-equipment policies, their versions and "
        "reposts, as crawled by policywatch. Dates are China time (+08:00).",
    )
    read_only = ToolAnnotations(read_only_hint=True, open_world_hint=False)

    @server.tool(name="search", annotations=read_only)
    def search_archive(
        query: str = "",
        source: str = "",
        site: str = "",
        agency: str = "",
        wenhao: str = "",
        topic: str = "",
        since: str = "",
        until: str = "",
        kind: str = "",
        sort: str = "date",
        limit: int = 20,
    ) -> list[dict[str, Any]]:
        """Documents whose current title or text contains every word of `query` ("quoted
        phrases" are one word), newest first (or `sort="relevance"`). Filters as in the web
        view: source id, site host, part of the agency's name, 文号, topic, published
        `since`/`until` (YYYY-MM-DD, inclusive), `kind` of change. At most 50."""
        fields = {"q": query, "source": source, "site": site, "agency": agency}
        fields |= {"wenhao": wenhao, "topic": topic, "since": since, "until": until}
        fields |= {"kind": kind, "sort": sort}
        try:
            form = SearchForm.read(MultiDict(fields))
        except BadRequest as error:
            raise ToolError(str(error.description)) from error
        bounded = max(1, min(limit, MAX_RESULTS))
        with store.session() as session:
            hits = search(session, form.values["q"], form.filters, sort=form.sort, limit=bounded)
        return [hit_record(hit, SEARCH_FIELDS) for hit in hits]

    @server.tool(annotations=read_only)
    def show(document: str) -> dict[str, Any]:
        """A document by id or URL: metadata, every version, its reposts (the other
        documents of its policy), changes, and its current text (up to 20,000 characters)."""
        with store.session() as session:
            found = dossier(session, document)
            if found is None:
                raise ToolError(f"no document {document!r}: give a document id or URL")
            text = found.current.text
            return dossier_record(found) | {
                "title": found.current.title,
                "text": text[:MAX_TEXT],
                "text_truncated": len(text) > MAX_TEXT,
            }

    @server.tool(annotations=read_only)
    def recent_changes(days: int = 7, kind: str = "", limit: int = 50) -> list[dict[str, Any]]:
        """Changes detected in the last `days` (at most 90), newest first, optionally of one
        `kind` (new, revised, metadata_changed, attachment_changed, withdrawn, restored)."""
        since = utcnow() - timedelta(days=max(0, min(days, MAX_DAYS)))
        bounded = max(1, min(limit, MAX_RESULTS))
        with store.session() as session:
            return [
                {
                    "change_id": change.id,
                    "kind": change.kind,
                    "detected_at": china_iso(change.detected_at),
                    "document_id": change.document_id,
                    "source": change.document.source_id,
                    "url": change.document.url,
                    "title": change.to_version.title if change.to_version else None,
                    "from_version": change.from_version.number if change.from_version else None,
                    "to_version": change.to_version.number if change.to_version else None,
                }
                for change in latest_changes(session, since, bounded, kind or None)
            ]

    @server.tool(name="source_health", annotations=read_only)
    def source_health_report() -> list[dict[str, Any]]:
        """Every watched source: status (ok, quiet, empty, degraded, blocked, down, stale),
        why it is not healthy, its open incident, last run, last success, last new find."""
        with store.session() as session:
            incidents = open_incidents(session)
            return [
                {
                    "source": row.source_id,
                    "name": row.name,
                    "status": row.status,
                    "reason": row.reason,
                    "open_incident_since": china_iso(incidents[row.source_id].opened_at)
                    if row.source_id in incidents
                    else None,
                    "last_run_at": china_iso(row.last_run_at),
                    "last_success_at": china_iso(row.last_success_at),
                    "last_new_at": china_iso(row.last_new_at),
                }
                for row in source_health(session, stale_after=stale_after)
            ]

    return server


@click.command("mcp")
@click.pass_context
def mcp_command(ctx: click.Context) -> None:
    """Serve the archive to an assistant as a Model Context Protocol server on stdio: tools
    search, show, recent_changes and source_health, all read-only. Needs the
    `analysis` extra."""
    if importlib.util.find_spec("mcp") is None:
        raise click.UsageError("mcp is not installed: pip install 'policywatch[analysis]'")
    stale_after = HealthSettings.from_config(load_config()).stale_after
    store = open_store(ctx.obj["db_url"])
    try:
        archive_server(store, stale_after).run("stdio")
    finally:
        store.close()
