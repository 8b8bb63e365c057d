"""Relevance of the default topic on the replica's labelled documents (≥200, all sources)."""

from __future__ import annotations

from bench.relevance import judged, scores
from replica.labelled import labelled_documents


def test_the_labelled_set_is_large_and_mixed() -> None:
    documents = labelled_documents()
    relevant = sum(doc.relevant for doc in documents)
    assert len(documents) >= 200
    assert 0.25 < relevant / len(documents) < 0.75
    assert len({doc.source for doc in documents}) >= 10


def test_medical_equipment_precision_and_recall() -> None:
    precision, recall = scores(judged(labelled_documents()))
    assert precision >= 0.95 and recall >= 0.95
