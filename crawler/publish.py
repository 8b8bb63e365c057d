"""Rebuild the feed files from the database, the one way every command and the daemon do it."""

from __future__ import annotations

from pathlib import Path

from crawler.config import FeedSettings


def publish_feeds(db_url: str | None, out_dir: Path, settings: FeedSettings) -> list[Path]:
    """Write every feed, its archive pages, the diff pages and index.opml under `out_dir`, all
    linking under `settings.base_url`; return the files written."""
    from feeds import build_feeds
    from storage import open_store

    store = open_store(db_url)
    try:
        with store.session() as session:
            return build_feeds(
                session,
                out_dir,
                base_url=settings.base_url,
                topic=settings.topic,
                page_size=settings.page_size,
                full_text=settings.content == "full",
                searches=settings.queries,
            )
    finally:
        store.close()
