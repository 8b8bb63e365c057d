"""Build every feed file (all policies, per source, revisions, OPML index) from stored rows,
rendering only what changed since the folder's last build."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import datetime
from functools import partial
from pathlib import Path

from sqlalchemy.orm import Session

from feeds import queries
from feeds.archive import Archive
from feeds.changelog import changes_after, settled_mark
from feeds.files import folder_lock, write_if_changed
from feeds.health import health_feed
from feeds.maker import EntryMaker
from feeds.members import Touched, read_touched
from feeds.opml import Subscription, render_opml
from feeds.record import BuildRecord, code_digest, digest, read_record, write_record
from feeds.render import EPOCH, Feed, feed_files, write_feed
from feeds.saved_queries import SavedQuery, query_feeds
from feeds.streams import DEFAULT_TOPIC, feed_url, paged_streams
from storage.models import utcnow

INDEX = "index.opml"
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
    url = partial(feed_url, base_url)
    stored = queries.sources(session)
    names = tuple((source.id, source.name) for source in stored)
    settings = digest((base_url, page_size, topic, full_text, names, code_digest()))
    with folder_lock(out_dir):
        record, touched, built = _since(session, read_record(out_dir, settings), settings)
        maker = EntryMaker(session, base_url, full_text, touched if record else None)
        archive = Archive(
            session, out_dir, url, page_size, record.streams if record else {}, touched
        )
        shown: list[tuple[Feed, datetime]] = []
        for stream in paged_streams(stored, sources, topic, base_url, maker, out_dir):
            built.streams[stream.feed.name] = archive.publish(stream)
            shown.append((stream.feed, built.streams[stream.feed.name].updated))
        whole = [replace(health_feed(session, page_size), home_url=url("health"))]
        whole += query_feeds(session, searches, base_url)
        for feed in whole:
            built.feeds[feed.name] = _publish_whole(out_dir, feed, url, record)
        shown.insert(3, (whole[0], built.feeds[whole[0].name][1]))
        shown += [(feed, built.feeds[feed.name][1]) for feed in whole[1:]]
        subscriptions = [
            Subscription(feed.title, url(f"{feed.name}.atom"), feed.home_url) for feed, _ in shown
        ]
        newest = max((updated for _, updated in shown), default=EPOCH)
        write_if_changed(out_dir / INDEX, render_opml("policywatch", subscriptions, newest))
        write_record(out_dir, built)
    return [path for feed, _ in shown for path in feed_files(out_dir, feed.name)] + [
        out_dir / INDEX
    ]


def _since(
    session: Session, record: BuildRecord | None, settings: str
) -> tuple[BuildRecord | None, Touched, BuildRecord]:
    """The last build's record (None when the change log cannot be followed from it: the
    database is another or was emptied), what the change log touched since, and this
    build's record, which reads it up to the settled mark."""
    mark = settled_mark(session, utcnow())
    if record is not None and mark < record.mark:
        record = None
    logged = changes_after(session, record.mark if record else mark)
    named = {
        policy_id
        for change_id, policy_id in logged.items()
        if record and policy_id is not None and change_id not in record.seen
    }
    seen = tuple(sorted(change_id for change_id in logged if change_id > mark))
    return record, read_touched(session, named), BuildRecord(settings, mark, seen)


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
