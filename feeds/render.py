"""Render a feed and its entries as RSS 2.0 or Atom bytes with feedgen, deterministically."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from feedgen.entry import FeedEntry
from feedgen.ext.base import BaseExtension
from feedgen.feed import FeedGenerator
from lxml import etree

from feeds.entries import Entry
from feeds.files import write_if_changed
from feeds.identity import feed_id

FORMATS = ("atom", "rss")
MEDIA_TYPES = {"atom": "application/atom+xml", "rss": "application/rss+xml"}
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
HISTORY_NS = "http://purl.org/syndication/history/1.0"


class _ArchiveMark(BaseExtension):  # type: ignore[misc]
    """`<fh:archive/>`: RFC 5005's mark of an archive document, which never changes."""

    def extend_ns(self) -> dict[str, str]:
        return {"fh": HISTORY_NS}

    def extend_atom(self, feed: etree._Element) -> etree._Element:
        etree.SubElement(feed, f"{{{HISTORY_NS}}}archive")
        return feed


@dataclass(frozen=True)
class Feed:
    """A feed before rendering; `name` is its path under the output directory, without suffix.
    `links` are (rel, URL) pairs such as RFC 5005's `prev-archive` and `current`; an `archive`
    feed is marked as such."""

    name: str
    title: str
    subtitle: str
    home_url: str | None
    entries: list[Entry]
    links: tuple[tuple[str, str], ...] = ()
    archive: bool = False

    @property
    def updated(self) -> datetime:
        """The newest entry's date, so that the same rows always render the same bytes."""
        return max((entry.updated for entry in self.entries), default=EPOCH)


def render(feed: Feed, fmt: str, self_url: str) -> bytes:
    """The feed in `fmt` ("atom" or "rss"), announcing itself at `self_url` (RSS's channel link
    too when the feed has no home page)."""
    generator = FeedGenerator()
    generator.id(feed_id(feed.name))
    generator.title(feed.title)
    generator.subtitle(feed.subtitle)
    generator.language("zh-CN")
    generator.author(name="policywatch")
    generator.generator("policywatch")
    for rel, href in feed.links:
        generator.link(href=href, rel=rel, type=MEDIA_TYPES[fmt])
    generator.link(href=self_url, rel="self", type=MEDIA_TYPES[fmt])
    if feed.home_url:
        generator.link(href=feed.home_url, rel="alternate")
    generator.updated(feed.updated)
    if feed.archive:
        generator.register_extension("fh", _ArchiveMark, atom=True, rss=False)
    for entry in feed.entries:
        generator.add_entry(_feed_entry(entry), order="append")
    if fmt == "atom":
        return generator.atom_str(pretty=True)
    return generator.rss_str(pretty=True)


def feed_files(out_dir: Path, name: str) -> list[Path]:
    """The files of feed `name` under `out_dir`, one per format."""
    return [out_dir / f"{name}.{fmt}" for fmt in FORMATS]


def write_feed(out_dir: Path, feed: Feed, url: Callable[[str], str]) -> None:
    """Render `feed` in every format into its files under `out_dir`, each announcing itself at
    `url(its file name)`; files whose bytes would not change are left untouched."""
    for path in feed_files(out_dir, feed.name):
        file_name = path.relative_to(out_dir).as_posix()
        write_if_changed(path, render(feed, path.suffix[1:], url(file_name)))


def _feed_entry(entry: Entry) -> FeedEntry:
    item = FeedEntry()
    item.id(entry.id)
    item.title(entry.title)
    if entry.link:
        item.link(href=entry.link, rel="alternate")
    item.published(entry.published)
    item.updated(entry.updated)
    item.summary(entry.summary, type="html")
    item.content(entry.content, type="html")
    for term in entry.categories:
        item.category(term=term)
    if entry.author:
        item.author(name=entry.author)
    return item
