"""Rebuild the feed files from the database, the one way every command and the daemon do it."""

from __future__ import annotations

from pathlib import Path

from policywatch.settings import FeedSettings

BUILT_FILE = "all.atom"


def publish_feeds(db_url: str | None, out_dir: Path, settings: FeedSettings) -> list[Path]:
    """Write every feed, its archive pages, the diff pages and index.opml under `out_dir`, all
    linking under `settings.base_url`, then store the content mark they were built from;
    return the files written."""
    from feeds import build_feeds
    from storage import open_store
    from storage.builds import content_mark, record_build

    store = open_store(db_url)
    try:
        with store.session() as session:
            mark = content_mark(session)
            written = build_feeds(
                session,
                out_dir,
                base_url=settings.base_url,
                topic=settings.topic,
                page_size=settings.page_size,
                full_text=settings.content == "full",
                searches=settings.queries,
            )
        with store.session() as session, session.begin():
            record_build(session, out_dir, mark)
        return written
    finally:
        store.close()


def feeds_outdated(db_url: str | None, out_dir: Path) -> bool:
    """Whether the database changed since the feeds in `out_dir` were last built (or they
    never were, or are gone)."""
    from storage import open_store
    from storage.builds import built_mark, content_mark

    if not (out_dir / BUILT_FILE).is_file():
        return True
    store = open_store(db_url)
    try:
        with store.session() as session:
            return built_mark(session, out_dir) != content_mark(session)
    finally:
        store.close()
