"""Build every feed file (all policies, per source, revisions, OPML index) from stored rows."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import replace
from pathlib import Path
from urllib.parse import urlencode

from sqlalchemy import Row
from sqlalchemy.orm import Session

from feeds import queries
from feeds.archive import Archive, Stream
from feeds.diff.files import SAFE_NAME, diff_name, write_diff_files
from feeds.entries import Entry, policy_entry, revision_entry
from feeds.files import write_if_changed
from feeds.health import health_feed
from feeds.identity import revision_entry_id
from feeds.opml import Subscription, render_opml
from feeds.render import EPOCH, Feed, render
from feeds.saved_queries import SavedQuery, query_feeds
from feeds.text import plain, safe_url
from storage.models import Change, Policy, Source
from storage.regions import NATIONAL, region_label

log = logging.getLogger(__name__)

FORMATS = ("atom", "rss")
INDEX = "index.opml"
DEFAULT_TOPIC = "medical_equipment"
DEFAULT_BASE_URL = "http://127.0.0.1:8000/"
PAGE_SIZE = 50


def build_feeds(
    session: Session,
    out_dir: Path,
    *,
    base_url: str | None = None,
    sources: list[str] | None = None,
    page_size: int = PAGE_SIZE,
    topic: str | None = DEFAULT_TOPIC,
    full_text: bool = True,
    searches: Sequence[SavedQuery] = (),
) -> list[Path]:
    """Write the feeds under `out_dir` and return their paths, the OPML index last.

    `policies` and `sources/<id>` hold the policies relevant to `topic` (all when None);
    `all` holds every stored policy, `revisions` every revision, `health` every incident
    opened or closed, `sources/<id>.revisions` the revisions seen on that source,
    `regions/<province>` the relevant policies of that province's sources, and
    `queries/<name>` the newest policies each saved search in `searches` finds. Source and
    region feeds are written for the sources named in `sources` (every stored source when None).
    Each feed is an RFC 5005 archived feed: `<name>.atom` (and `.rss`) hold the newest
    `page_size` entries in the order they joined the feed, `archive/<name>/<N>.atom` every
    `page_size` before, linked by `prev-archive`; an archive page whose members did not
    change is not rebuilt. Entries carry the whole text unless `full_text` is off. Each
    revision's diff is written to `diffs/<policy key>/v<N>.html` and `.diff`. Every link is
    an absolute URL under `base_url`, where the feeds and the web view are served (by
    default where `policywatch serve` listens, DEFAULT_BASE_URL). Files whose bytes would not
    change are left untouched.
    """
    base_url = base_url or DEFAULT_BASE_URL
    built: dict[int, Entry | None] = {}
    archive = Archive(out_dir, lambda name: _url(base_url, name), page_size)

    def policy_entries(ids: Sequence[int]) -> list[Entry]:
        for policy in queries.policies_by_id(session, [i for i in ids if i not in built]):
            built[policy.id] = policy_entry(policy, base_url, full=full_text)
        return [entry for i in ids if (entry := built.get(i))]

    rows = queries.revisions(session)
    revisions = _one_per_version(rows)
    write_diff_files(out_dir, revisions)
    members = queries.members(session)
    relevant = [member for member in members if member.relevant(topic)]
    streams = [
        Stream(
            Feed(
                "policies",
                _policies_title(topic),
                "所有监测来源发布的相关新政策 (relevant new policies from every watched source)",
                base_url,
                [],
            ),
            [member.id for member in relevant],
            policy_entries,
        ),
        Stream(
            Feed(
                "all",
                "policywatch · 全部新政策 (all new policies, any topic)",
                "所有监测来源发布的全部新政策 (every new policy from every watched source)",
                base_url,
                [],
            ),
            [member.id for member in members],
            policy_entries,
        ),
        _revision_stream(
            Feed(
                "revisions",
                "policywatch · 政策修订 (revisions)",
                "已发布政策的修订及其差异 (revisions of published policies, with diffs)",
                base_url,
                [],
            ),
            revisions,
            base_url,
            full_text,
        ),
    ]
    for source in _selected_sources(session, sources):
        seen_here = _one_per_version(row for row in rows if row[0].document.source_id == source.id)
        streams += [
            Stream(
                _source_feed(source, base_url),
                [member.id for member in relevant if source.id in member.sources],
                policy_entries,
            ),
            _revision_stream(
                _source_revisions_feed(source, base_url), seen_here, base_url, full_text
            ),
        ]
    for region, region_sources in _by_region(_selected_sources(session, sources)).items():
        streams.append(
            Stream(
                _region_feed(region, base_url),
                [member.id for member in relevant if region_sources & set(member.sources)],
                policy_entries,
            )
        )
    feeds = [archive.write(stream) for stream in streams]
    archive.save()
    feeds.insert(3, replace(health_feed(session, page_size), home_url=_url(base_url, "health")))
    feeds += query_feeds(session, searches, base_url)
    written: list[Path] = []
    subscriptions: list[Subscription] = []
    for feed in feeds:
        for fmt in FORMATS:
            file_name = f"{feed.name}.{fmt}"
            path = out_dir / file_name
            write_if_changed(path, render(feed, fmt, _url(base_url, file_name)))
            written.append(path)
        subscriptions.append(
            Subscription(feed.title, _url(base_url, f"{feed.name}.atom"), feed.home_url)
        )
    newest = max((feed.updated for feed in feeds), default=EPOCH)
    index = out_dir / INDEX
    write_if_changed(index, render_opml("policywatch", subscriptions, newest))
    written.append(index)
    return written


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


def _revision_stream(
    feed: Feed, revisions: list[tuple[Change, Policy]], base_url: str, full_text: bool
) -> Stream:
    """The revisions in the order they were seen; entries link to their diff pages."""
    by_id = {change.id: (change, policy) for change, policy in revisions}

    def entries(ids: Sequence[int]) -> list[Entry]:
        return [
            revision_entry(
                change, policy, _diff_link(change, policy, base_url), base_url, full=full_text
            )
            for change, policy in (by_id[i] for i in ids)
        ]

    oldest_first = sorted(revisions, key=lambda pair: (pair[0].detected_at, pair[0].id))
    return Stream(feed, [change.id for change, _ in oldest_first], entries)


def _diff_link(change: Change, policy: Policy, base_url: str) -> str | None:
    name = diff_name(policy, change.to_version.number) if change.to_version else None
    if name is None:
        return safe_url(change.document.url)
    return _url(base_url, f"{name}.html")


def _source_feed(source: Source, base_url: str) -> Feed:
    name = plain(source.name) or source.id
    return Feed(
        f"sources/{source.id}",
        f"policywatch · {name}",
        f"{name} 发布的新政策 (new policies from {plain(source.site) or source.id})",
        _source_page(base_url, source),
        [],
    )


def _source_revisions_feed(source: Source, base_url: str) -> Feed:
    name = plain(source.name) or source.id
    return Feed(
        f"sources/{source.id}.revisions",
        f"policywatch · {name} · 修订 (revisions)",
        f"{name} 已发布政策的修订及其差异 (revisions seen at {plain(source.site) or source.id})",
        _source_page(base_url, source),
        [],
    )


def _by_region(sources: list[Source]) -> dict[str, set[str]]:
    """The ids of the sources of each province, national ones left out."""
    regions: dict[str, set[str]] = {}
    for source in sources:
        if source.region != NATIONAL and SAFE_NAME.fullmatch(source.region):
            regions.setdefault(source.region, set()).add(source.id)
    return dict(sorted(regions.items()))


def _region_feed(region: str, base_url: str) -> Feed:
    name = region_label(region)
    return Feed(
        f"regions/{region}",
        f"policywatch · {name}",
        f"{name}各监测来源发布的相关新政策 (relevant new policies from {region})",
        _url(base_url, f"?{urlencode({'region': region})}"),
        [],
    )


def _source_page(base_url: str, source: Source) -> str:
    """The web view's list of the source's documents."""
    return _url(base_url, f"?{urlencode({'source': source.id})}")


def _selected_sources(session: Session, ids: list[str] | None) -> list[Source]:
    selected = queries.sources(session, ids)
    missing = set(ids or ()) - {source.id for source in selected}
    if missing:
        log.warning("no stored source %s; no feed written for it", ", ".join(sorted(missing)))
    unsafe = [source.id for source in selected if not SAFE_NAME.fullmatch(source.id)]
    if unsafe:
        log.warning("source ids unfit for a file name, no feed written: %r", unsafe)
    return [source for source in selected if source.id not in unsafe]


def _url(base_url: str, file_name: str) -> str:
    return f"{base_url.rstrip('/')}/{file_name}"
