"""The default topic against documents a person labelled, independent of its keyword list."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

import pytest

from crawler.config import load_config
from crawler.topics import classify, load_topics
from storage.relevance import is_relevant

LABELS = Path(__file__).parent / "files" / "relevance" / "labelled.toml"
SEEDS = files("replica.corpus") / "seeds"
TOPIC = "medical_equipment"


@dataclass(frozen=True)
class Judged:
    title: str
    text: str
    relevant: bool
    why: str


def _labelled() -> list[Judged]:
    documents = tomllib.loads(LABELS.read_text(encoding="utf-8"))["document"]
    return [
        Judged(
            title=doc.get("title", ""),
            text=(SEEDS / doc["seed"]).read_text(encoding="utf-8") if "seed" in doc else "",
            relevant=doc["relevant"],
            why=doc["why"],
        )
        for doc in documents
    ]


LABELLED = _labelled()


def test_the_set_has_both_kinds() -> None:
    relevant = sum(doc.relevant for doc in LABELLED)
    assert relevant >= 7 and len(LABELLED) - relevant >= 40


@pytest.mark.parametrize("doc", LABELLED, ids=lambda doc: (doc.title or doc.why)[:40])
def test_the_topic_agrees_with_the_reader(doc: Judged) -> None:
    scores = classify(load_topics(load_config()), doc.title, doc.text)
    assert is_relevant(scores, TOPIC) == doc.relevant, f"{doc.why}: score {scores[TOPIC]}"
