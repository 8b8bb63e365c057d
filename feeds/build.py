"""Build every feed file (all policies, per source, revisions, OPML index) from stored rows,
rendering only what changed since the folder's last build."""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from datetime import datetime
from functools import partial
from pathlib import Path
from urllib.parse import urlencode

from sqlalchemy.orm import Session

from feeds import queries
from feeds.archive import Archive, Stream
from feeds.changelog import changes_after, settled_mark
from feeds.diff.files import SAFE_NAME, diff_files, diff_missing, diff_name, write_diff_files
from feeds.entries import Entry
from feeds.files import folder_lock, write_if_changed
from feeds.health import health_feed
from feeds.maker import EntryMaker
from feeds.members import PolicyScope, RevisionScope, read_touched
from feeds.opml import Subscription, render_opml
from feeds.record import BuildRecord, code_digest, digest, read_record, write_record
from feeds.render import EPOCH, Feed, feed_files, write_feed
from feeds.saved_queries import SavedQuery, query_feeds
from feeds.text import plain
from storage.models import Source, utcnow
from storage.regions import NATIONAL, region_label

log = logging.getLogger(__name__)

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
    `page_size` before. Entries carry the whole text unless `full_text` is off. Each
    revision's diff is written to `diffs/<policy key>/v<N>.html` and `.diff`. Every link is
    an absolute URL under `base_url`, where the feeds and the web view are served (by
    default where `policywatch serve` listens, DEFAULT_BASE_URL).

    The folder's build record (feeds.record) says what the last build wrote. Unless the
    settings, the sources' names or the code differ, a build renders only the feeds and
    pages whose members, or whose members' entries, changed since (as the change log tells:
    rows changed with no change event are seen at their policy's next one), and those whose
    files are gone; the bytes are those a build into an empty folder writes. Files whose
    bytes would not change are left untouched.
    """
    base_url = base_url or DEFAULT_BASE_URL
    url = partial(_url, base_url)
    stored = queries.sources(session)
    names = tuple((source.id, source.name) for source in stored)
    settings = digest((base_url, page_size, topic, full_text, names, code_digest()))
    with folder_lock(out_dir):
        record = read_record(out_dir, settings)
        mark = settled_mark(session, utcnow())
        if record is not None and mark < record.mark:
            record = None
        log = changes_after(session, record.mark if record else mark)
        named = {
            policy_id
            for change_id, policy_id in log.items()
            if record and policy_id is not None and change_id not in record.seen
        }
        touched = read_touched(session, named)
        built = BuildRecord(settings, mark, tuple(sorted(i for i in log if i > mark)))
        maker = EntryMaker(session, base_url, full_text, touched if record else None)
        archive = Archive(
            session, out_dir, url, page_size, record.streams if record else {}, touched
        )

        def revision_pages(ids: Sequence[int], earlier: Mapping[str, Entry]) -> list[Entry]:
            """The revisions' entries, their diff files written when touched or gone."""
            stale = [
                change_id
                for change_id, (key, number) in maker.versions(ids).items()
                if record is None
                or change_id in touched.revisions
                or diff_missing(out_dir, key, number)
            ]
            write_diff_files(out_dir, maker.revisions(stale))
            return maker.revision_entries(ids, earlier)

        def diff_paths(ids: Sequence[int]) -> list[str]:
            names = (diff_name(key, number) for key, number in maker.versions(ids).values())
            return [path for name in names if name for path in diff_files(name)]

        selected = _selected_sources(stored, sources)
        streams = [
            Stream(_policies_feed(topic, base_url), PolicyScope(topic=topic), maker.policy_entries),
            Stream(_all_feed(base_url), PolicyScope(), maker.policy_entries),
            Stream(_revisions_feed(base_url), RevisionScope(), revision_pages, diff_paths),
        ]
        for source in selected:
            streams += [
                Stream(
                    _source_feed(source, base_url),
                    PolicyScope((source.id,), topic),
                    maker.policy_entries,
                ),
                Stream(
                    _source_revisions_feed(source, base_url),
                    RevisionScope(source.id),
                    maker.revision_entries,
                ),
            ]
        for region, region_sources in _by_region(selected).items():
            streams.append(
                Stream(
                    _region_feed(region, base_url),
                    PolicyScope(tuple(sorted(region_sources)), topic),
                    maker.policy_entries,
                )
            )
        shown: list[tuple[Feed, datetime]] = []
        for stream in streams:
            built.streams[stream.feed.name] = archive.publish(stream)
            shown.append((stream.feed, built.streams[stream.feed.name].updated))
        whole = [replace(health_feed(session, page_size), home_url=url("health"))]
        whole += query_feeds(session, searches, base_url)
        for feed in whole:
            built.feeds[feed.name] = _publish_whole(out_dir, feed, url, record)
        shown.insert(3, (whole[0], built.feeds[whole[0].name][1]))
        shown += [(feed, built.feeds[feed.name][1]) for feed in whole[1:]]
        written = [path for feed, _ in shown for path in feed_files(out_dir, feed.name)]
        subscriptions = [
            Subscription(feed.title, url(f"{feed.name}.atom"), feed.home_url) for feed, _ in shown
        ]
        newest = max((updated for _, updated in shown), default=EPOCH)
        write_if_changed(out_dir / INDEX, render_opml("policywatch", subscriptions, newest))
        write_record(out_dir, built)
    return [*written, out_dir / INDEX]


def _publish_whole(
    out_dir: Path, feed: Feed, url: Callable[[str], str], record: BuildRecord | None
) -> tuple[str, datetime]:
    """Write a feed made whole each build unless it is the same as last time and its files
    are there; its digest and date."""
    found = digest(feed)
    known = record.feeds.get(feed.name) if record else None
    gone = not all(path.is_file() for path in feed_files(out_dir, feed.name))
    if known is None or known[0] != found or gone:
        write_feed(out_dir, feed, url)
    return found, feed.updated


def _policies_feed(topic: str | None, base_url: str) -> Feed:
    return Feed(
        "policies",
        _policies_title(topic),
        "所有监测来源发布的相关新政策 (relevant new policies from every watched source)",
        base_url,
        [],
    )


def _all_feed(base_url: str) -> Feed:
    return Feed(
        "all",
        "policywatch · 全部新政策 (all new policies, any topic)",
        "所有监测来源发布的全部新政策 (every new policy from every watched source)",
        base_url,
        [],
    )


def _revisions_feed(base_url: str) -> Feed:
    return Feed(
        "revisions",
        "policywatch · 政策修订 (revisions)",
        "已发布政策的修订及其差异 (revisions of published policies, with diffs)",
        base_url,
        [],
    )


def _policies_title(topic: str | None) -> str:
    if topic is None:
        return "policywatch · 全部新政策 (all new policies)"
    if topic == DEFAULT_TOPIC:
        return "policywatch · 医疗装备新政策 (new medical-equipment policies)"
    return f"policywatch · {plain(topic)} (new policies on {plain(topic)})"


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


def _selected_sources(stored: list[Source], ids: list[str] | None) -> list[Source]:
    selected = [source for source in stored if ids is None or source.id in ids]
    missing = set(ids or ()) - {source.id for source in selected}
    if missing:
        log.warning("no stored source %s; no feed written for it", ", ".join(sorted(missing)))
    unsafe = [source.id for source in selected if not SAFE_NAME.fullmatch(source.id)]
    if unsafe:
        log.warning("source ids unfit for a file name, no feed written: %r", unsafe)
    return [source for source in selected if source.id not in unsafe]


def _url(base_url: str, file_name: str) -> str:
    return f"{base_url.rstrip('/')}/{file_name}"
