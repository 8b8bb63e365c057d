"""RSS/Atom feeds and an OPML index of stored policies and their revisions."""

from feeds.build import build_feeds

__all__ = ["build_feeds"]
