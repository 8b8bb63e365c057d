"""The health feed: one entry per incident opened or closed, for operators' feed readers."""

from __future__ import annotations

from datetime import datetime
from html import escape

from sqlalchemy.orm import Session

from feeds.entries import Entry, as_utc
from feeds.render import Feed
from feeds.text import plain, safe_url
from storage.incidents import CLOSED, OPENED, recent_incidents
from storage.models import Incident

NAME = "health"


def health_feed(session: Session, limit: int) -> Feed:
    """The `health` feed: the latest `limit` openings and closings of incidents, newest first."""
    entries = []
    for incident in recent_incidents(session, limit):
        entries.append(_entry(incident, OPENED, incident.opened_at))
        if incident.closed_at is not None:
            entries.append(_entry(incident, CLOSED, incident.closed_at))
    entries.sort(key=lambda entry: (entry.updated, entry.id), reverse=True)
    return Feed(
        NAME,
        "policywatch · 来源健康 (source health)",
        "监测来源的故障：开始与恢复 (incidents of the watched sources: opened and closed)",
        None,
        entries[:limit],
    )


def incident_entry_id(incident: Incident, kind: str) -> str:
    """The id of the entry for an incident's opening or closing; it never changes."""
    return f"urn:policywatch:incident-{incident.id}/{kind}"


def _entry(incident: Incident, kind: str, moment: datetime) -> Entry:
    name = plain(incident.source.name) or incident.source_id
    status = plain(incident.status)
    if kind == OPENED:
        title = f"[故障 incident opened] {name}: {status}"
        facts = [("status", status), ("why", plain(incident.reason) or "—")]
    else:
        title = f"[恢复 incident closed] {name}: {plain(incident.closed_status)} again"
        facts = [("was", status), ("now", plain(incident.closed_status))]
    facts += [
        ("source", incident.source_id),
        ("opened", as_utc(incident.opened_at).isoformat()),
        ("runs", _runs(incident)),
    ]
    if incident.closed_at:
        facts.append(("closed", as_utc(incident.closed_at).isoformat()))
    content = "".join(f"<li>{escape(label)}: {escape(value)}</li>" for label, value in facts)
    summary = escape("; ".join(f"{label}: {value}" for label, value in facts))
    published = as_utc(moment)
    return Entry(
        id=incident_entry_id(incident, kind),
        title=title,
        link=safe_url(incident.source.list_url),
        published=published,
        updated=published,
        summary=summary,
        content=f"<ul>{content}</ul>",
        categories=(status,),
        author=None,
    )


def _runs(incident: Incident) -> str:
    runs = [
        f"{label} #{run_id}"
        for label, run_id in (
            ("first bad", incident.first_run_id),
            ("opened", incident.opened_run_id),
            ("closed", incident.closed_run_id),
        )
        if run_id is not None
    ]
    return ", ".join(runs) or "—"
