"""When a topic score makes a document relevant: one threshold for crawl, feeds, search, hooks."""

from __future__ import annotations

from collections.abc import Mapping

RELEVANT = 1.0


def is_relevant(scores: Mapping[str, float] | None, topic: str) -> bool:
    """Whether `scores` (a version's topic scores) make it relevant to `topic`."""
    return (scores or {}).get(topic, 0.0) >= RELEVANT


def relevant_topics(scores: Mapping[str, float] | None) -> list[str]:
    """The topics `scores` make relevant, in their stored order."""
    return [topic for topic in scores or {} if is_relevant(scores, topic)]
