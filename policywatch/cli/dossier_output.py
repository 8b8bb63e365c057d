"""A stored document and its history as text for reading, or as JSON-ready data."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from policywatch.cli.archive_output import china_iso, china_time, day_text, pad
from storage.archive import Dossier
from storage.models import Change, Document, Version
from storage.relevance import relevant_topics

VERSION_KINDS = frozenset({"new", "revised", "metadata_changed", "attachment_changed"})


def dossier_text(dossier: Dossier) -> str:
    """Metadata, versions, reposts, attachments and changes of a document."""
    document, current = dossier.document, dossier.current
    fields = {
        "url": document.url,
        "source": f"{document.source_id} ({document.source.site})",
        "status": document.status,
        "文号": current.wenhao,
        "issuer": current.issuer,
        "department": current.department,
        "index no": current.index_no,
        "published": day_text(current.published_on),
        "policy": _policy_line(document),
        "topics": ", ".join(relevant_topics(current.topics)),
    }
    lines = [f"#{document.id} {current.title}"]
    lines += [f"  {pad(name, 10)} {value}" for name, value in fields.items() if value]
    lines += _section("versions", [_version_line(version) for version in document.versions])
    lines += _section("reposts", [_repost_line(repost) for repost in dossier.reposts])
    lines += _section(
        "cites", [f"{p.key}  {p.wenhao_key or '-'}  {p.title}" for p in dossier.cites]
    )
    lines += _section(
        f"attachments of v{current.number}",
        [f"{a.name}  {a.type or '-'}  {a.url}" for a in current.attachments],
    )
    lines += _section("changes", [_change_line(change) for change in dossier.changes])
    return "\n".join(lines)


def history_text(changes: Sequence[Change]) -> str:
    """One line per change, oldest first: when, what kind, which versions, the new title."""
    return "\n".join(_change_line(change) for change in changes)


def dossier_record(dossier: Dossier) -> dict[str, Any]:
    document = dossier.document
    return {
        "document_id": document.id,
        "policy_id": document.policy_id,
        "url": document.url,
        "source": document.source_id,
        "site": document.source.site,
        "status": document.status,
        "current_version": dossier.current.number,
        "versions": [_version_record(version) for version in document.versions],
        "reposts": [
            {"document_id": repost.id, "url": repost.url, "source": repost.source_id}
            for repost in dossier.reposts
        ],
        "changes": history_records(dossier.changes),
        "cites": [
            {"policy": policy.key, "wenhao": policy.wenhao_key, "title": policy.title}
            for policy in dossier.cites
        ],
    }


def history_records(changes: Sequence[Change]) -> list[dict[str, Any]]:
    return [
        {
            "detected_at": china_iso(change.detected_at),
            "kind": change.kind,
            "from_version": change.from_version.number if change.from_version else None,
            "to_version": change.to_version.number if change.to_version else None,
        }
        for change in changes
    ]


def _section(name: str, lines: list[str]) -> list[str]:
    return [name, *(f"  {line}" for line in lines)] if lines else [f"{name}: none"]


def _policy_line(document: Document) -> str | None:
    if document.policy is None:
        return None
    return f"#{document.policy.id} {document.policy.wenhao_key or ''}".rstrip()


def _version_line(version: Version) -> str:
    return f"v{version.number}  fetched {china_time(version.fetched_at)}  {version.title}"


def _repost_line(document: Document) -> str:
    version = document.current_version
    published = day_text(version.published_on) if version else ""
    return f"#{document.id}  {published}  {document.source_id}  {document.url}"


def _version_record(version: Version) -> dict[str, Any]:
    return {
        "number": version.number,
        "title": version.title,
        "wenhao": version.wenhao,
        "issuer": version.issuer,
        "department": version.department,
        "published_on": day_text(version.published_on) or None,
        "published_at": china_iso(version.published_at),
        "fetched_at": china_iso(version.fetched_at),
        "attachments": [
            {"name": a.name, "url": a.url, "type": a.type} for a in version.attachments
        ],
    }


def _change_line(change: Change) -> str:
    before, after = change.from_version, change.to_version
    if before and after and before.id != after.id:
        versions = f"v{before.number} → v{after.number}"
    else:
        versions = f"v{after.number}" if after else ""
    title = f"  {after.title}" if after and change.kind in VERSION_KINDS else ""
    line = f"{china_time(change.detected_at)}  {pad(change.kind, 18)} {pad(versions, 9)}{title}"
    return line.rstrip()
