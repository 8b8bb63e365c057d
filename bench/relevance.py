"""Precision and recall of the topic classifier on the replica's labelled documents."""

from __future__ import annotations

from collections import Counter

from crawler.config import load_config
from crawler.topics import classify, load_topics
from replica.labelled import Labelled, labelled_documents
from storage.relevance import is_relevant

TOPIC = "medical_equipment"


def judged(documents: list[Labelled]) -> list[tuple[Labelled, bool]]:
    topics = load_topics(load_config())
    return [(doc, is_relevant(classify(topics, doc.title, doc.text), TOPIC)) for doc in documents]


def scores(results: list[tuple[Labelled, bool]]) -> tuple[float, float]:
    counts = Counter((doc.relevant, predicted) for doc, predicted in results)
    true_positive = counts[True, True]
    precision = true_positive / max(1, true_positive + counts[False, True])
    recall = true_positive / max(1, true_positive + counts[True, False])
    return precision, recall


def main() -> None:
    results = judged(labelled_documents())
    precision, recall = scores(results)
    relevant = sum(doc.relevant for doc, _ in results)
    print(f"labelled documents: {len(results)} ({relevant} relevant)")
    print(f"precision {precision:.3f}  recall {recall:.3f}")
    print(f"{'source':<16} {'docs':>5} {'relevant':>8} {'found':>6} {'wrong':>6}")
    for source in sorted({doc.source for doc, _ in results}):
        mine = [(doc, predicted) for doc, predicted in results if doc.source == source]
        print(
            f"{source:<16} {len(mine):>5} {sum(d.relevant for d, _ in mine):>8} "
            f"{sum(p for _, p in mine):>6} {sum(d.relevant != p for d, p in mine):>6}"
        )
    for doc, predicted in results:
        if doc.relevant != predicted:
            label = "missed" if doc.relevant else "false alarm"
            print(f"  {label}: [{doc.source}] {doc.title}")


if __name__ == "__main__":
    main()
