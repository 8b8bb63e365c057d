"""Build every feed file (all policies, per source, revisions, OPML index) from stored rows."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from pathlib import Path

from sqlalchemy import Row
from sqlalchemy.orm import Session

from feeds import queries
from feeds.diff_files import SAFE_NAME, diff_name, write_diff_files
from feeds.entries import Entry, policy_entry, revision_entry
from feeds.files import write_if_changed
from feeds.health import health_feed
from feeds.identity import revision_entry_id
from feeds.opml import Subscription, render_opml
from feeds.render import EPOCH, Feed, render
from feeds.saved_queries import SavedQuery, query_feeds
from feeds.text import plain, safe_url
from storage.models import Change, Policy, Source

log = logging.getLogger(__name__)

FORMATS = {"atom": "Atom", "rss": "RSS 2.0"}
INDEX = "index.opml"
DEFAULT_TOPIC = "medical_equipment"


def build_feeds(
    session: Session,
    out_dir: Path,
    *,
    base_url: str | None = None,
    sources: list[str] | None = None,
    limit: int = 200,
    topic: str | None = DEFAULT_TOPIC,
    searches: Sequence[SavedQuery] = (),
) -> list[Path]:
    """Write the feeds under `out_dir` and return their paths, the OPML index last.

    `policies` and `sources/<id>` hold the policies relevant to `topic` (all when None);
    `all` holds every stored policy, `revisions` every revision, `health` every incident
    opened or closed, `sources/<id>.revisions` the revisions seen on that source, and
    `queries/<name>` the newest policies each saved search in `searches` finds. Source
    feeds are written for each source named in `sources` (every stored source when None).
    Each revision's diff is written to `diffs/<policy key>/v<N>.html` and `.diff`, which its
    entries link to. Files whose bytes would not change are left untouched. Links point under
    `base_url` when given (a policy's entry then to its page in the web view), else are
    relative (a policy's to its original).
    """
    built: dict[int, Entry | None] = {}
    rows = queries.revisions(session)
    revisions = _one_per_version(rows)
    write_diff_files(out_dir, revisions)
    feeds = [
        Feed(
            "policies",
            _policies_title(topic),
            "所有监测来源发布的相关新政策 (relevant new policies from every watched source)",
            base_url,
            _policy_entries(session, limit, None, topic, built, base_url),
        ),
        Feed(
            "all",
            "policywatch · 全部新政策 (all new policies, any topic)",
            "所有监测来源发布的全部新政策 (every new policy from every watched source)",
            base_url,
            _policy_entries(session, limit, None, None, built, base_url),
        ),
        Feed(
            "revisions",
            "policywatch · 政策修订 (revisions)",
            "已发布政策的修订及其差异 (revisions of published policies, with diffs)",
            base_url,
            _revision_entries(revisions[:limit], base_url, ""),
        ),
        health_feed(session, limit),
        *query_feeds(session, searches, base_url),
    ]
    for source in _selected_sources(session, sources):
        seen_here = _one_per_version(row for row in rows if row[0].document.source_id == source.id)
        feeds += [
            _source_feed(
                source, _policy_entries(session, limit, source.id, topic, built, base_url)
            ),
            _source_revisions_feed(source, _revision_entries(seen_here[:limit], base_url, "../")),
        ]
    written: list[Path] = []
    subscriptions: list[Subscription] = []
    for feed in feeds:
        for fmt, label in FORMATS.items():
            file_name = f"{feed.name}.{fmt}"
            url = _url(base_url, file_name)
            path = out_dir / file_name
            write_if_changed(path, render(feed, fmt, url or path.name))
            written.append(path)
            subscriptions.append(Subscription(label, feed.title, url or file_name, feed.home_url))
    newest = max((feed.updated for feed in feeds), default=EPOCH)
    index = out_dir / INDEX
    write_if_changed(index, render_opml("policywatch", subscriptions, newest))
    written.append(index)
    return written


def _policy_entries(
    session: Session,
    limit: int,
    source_id: str | None,
    topic: str | None,
    built: dict[int, Entry | None],
    base_url: str | None,
) -> list[Entry]:
    policies = queries.latest_policies(session, limit, source_id, topic)
    for policy in policies:
        if policy.id not in built:
            built[policy.id] = policy_entry(policy, base_url)
    entries = [entry for policy in policies if (entry := built[policy.id])]
    return sorted(entries, key=lambda entry: entry.published, reverse=True)


def _policies_title(topic: str | None) -> str:
    if topic is None:
        return "policywatch · 全部新政策 (all new policies)"
    if topic == DEFAULT_TOPIC:
        return "policywatch · 医疗装备新政策 (new medical-equipment policies)"
    return f"policywatch · {plain(topic)} (new policies on {plain(topic)})"


def _one_per_version(
    rows: Iterable[Row[tuple[Change, Policy, int]]],
) -> list[tuple[Change, Policy]]:
    """One revision per policy version, newest first: the primary document's when several are."""
    chosen: dict[str, tuple[Change, Policy]] = {}
    for change, policy, number in rows:
        entry_id = revision_entry_id(policy, number)
        if entry_id not in chosen or policy.primary_document_id == change.document_id:
            chosen[entry_id] = (change, policy)
    return list(chosen.values())


def _revision_entries(
    revisions: list[tuple[Change, Policy]], base_url: str | None, up: str
) -> list[Entry]:
    """Entries linking to their diff pages, under `base_url` or relative (`up` leads from the
    feed's folder to the output directory)."""
    entries = [
        revision_entry(change, policy, _diff_link(change, policy, base_url, up), base_url)
        for change, policy in revisions
    ]
    return sorted(entries, key=lambda entry: entry.updated, reverse=True)


def _diff_link(change: Change, policy: Policy, base_url: str | None, up: str) -> str | None:
    name = diff_name(policy, change.to_version.number) if change.to_version else None
    if name is None:
        return safe_url(change.document.url)
    return _url(base_url, f"{name}.html") or f"{up}{name}.html"


def _source_feed(source: Source, entries: list[Entry]) -> Feed:
    name = plain(source.name) or source.id
    return Feed(
        f"sources/{source.id}",
        f"policywatch · {name}",
        f"{name} 发布的新政策 (new policies from {plain(source.site) or source.id})",
        safe_url(source.list_url),
        entries,
    )


def _source_revisions_feed(source: Source, entries: list[Entry]) -> Feed:
    name = plain(source.name) or source.id
    return Feed(
        f"sources/{source.id}.revisions",
        f"policywatch · {name} · 修订 (revisions)",
        f"{name} 已发布政策的修订及其差异 (revisions seen at {plain(source.site) or source.id})",
        safe_url(source.list_url),
        entries,
    )


def _selected_sources(session: Session, ids: list[str] | None) -> list[Source]:
    selected = queries.sources(session, ids)
    missing = set(ids or ()) - {source.id for source in selected}
    if missing:
        log.warning("no stored source %s; no feed written for it", ", ".join(sorted(missing)))
    unsafe = [source.id for source in selected if not SAFE_NAME.fullmatch(source.id)]
    if unsafe:
        log.warning("source ids unfit for a file name, no feed written: %r", unsafe)
    return [source for source in selected if source.id not in unsafe]


def _url(base_url: str | None, file_name: str) -> str | None:
    return f"{base_url.rstrip('/')}/{file_name}" if base_url else None
