"""Score documents against keyword topics (medical equipment by default); topics are config data."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Topic:
    """Keywords with weights; title matches weigh more than body matches."""

    name: str
    label: str
    keywords: Mapping[str, float]
    threshold: float
    title_weight: float = 3.0
    body_cap: int = 3

    @classmethod
    def from_config(cls, name: str, table: Mapping[str, Any]) -> Topic:
        return cls(
            name=name,
            label=table.get("label", name),
            keywords={k.lower(): float(v) for k, v in table["keywords"].items()},
            threshold=float(table["threshold"]),
            title_weight=float(table.get("title_weight", 3.0)),
            body_cap=int(table.get("body_cap", 3)),
        )

    def raw_score(self, title: str, text: str) -> float:
        title, text = title.lower(), text.lower()
        score = 0.0
        for keyword, weight in self.keywords.items():
            if keyword in title:
                score += self.title_weight * weight
            score += weight * min(_count(keyword, text), self.body_cap)
        return score

    def score(self, title: str, text: str) -> float:
        """The raw score as a fraction of the threshold, capped at 1.0 (1.0 = relevant)."""
        return round(min(self.raw_score(title, text) / self.threshold, 1.0), 3)


def _count(keyword: str, text: str) -> int:
    if keyword.isascii():
        return len(re.findall(rf"\b{re.escape(keyword)}\b", text))
    return text.count(keyword)


def load_topics(config: Mapping[str, Any]) -> list[Topic]:
    """The topics of a loaded config."""
    return [Topic.from_config(name, table) for name, table in config.get("topics", {}).items()]


def classify(topics: list[Topic], title: str, text: str) -> dict[str, float]:
    """Each topic's score for a document; a score of 1.0 means relevant."""
    return {topic.name: topic.score(title, text) for topic in topics}
