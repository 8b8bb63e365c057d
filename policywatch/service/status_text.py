"""The status table as the terminal shows it, from rows read here or answered by the daemon."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from crawler.dates import CHINA


def format_moment(moment: datetime | str | None) -> str:
    """A moment in China Standard Time to the minute; a string is one in ISO form."""
    if not moment:
        return "—"
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    return moment.astimezone(CHINA).strftime("%Y-%m-%d %H:%M")


def status_table(rows: list[dict[str, Any]]) -> str:
    """A plain-text table for the terminal."""
    header = (
        f"{'source':<18} {'status':<9} {'last success':<17} {'last new':<17} "
        f"{'incident':<24} {'next run':<17} why"
    )
    lines = [header, "-" * len(header)]
    for row in rows:
        lines.append(
            f"{row['source_id']:<18} {row['status']:<9} "
            f"{format_moment(row.get('last_success_at')):<17} "
            f"{format_moment(row.get('last_new_at')):<17} "
            f"{_incident_cell(row.get('incident')):<24} "
            f"{format_moment(row.get('next_run_at')):<17} {row.get('reason') or ''}"
        )
    return "\n".join(lines)


def _incident_cell(incident: dict[str, Any] | None) -> str:
    if incident is None:
        return "—"
    return f"#{incident['id']} since {format_moment(incident['opened_at'])[5:]}"
