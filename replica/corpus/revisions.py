"""How a timeline day revises a document: a clause added, a title or date corrected."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from itertools import pairwise

from replica.corpus.model import REVISED, Document

REDATE = timedelta(days=1)


@dataclass(frozen=True)
class Revision:
    """A day's edit of one document: a clause added to a paragraph, and a new title, or its
    date corrected a day later; or its withdrawal or return (`kind`)."""

    doc_id: int | str
    clause: str = ""
    title: str = ""
    redate: bool = False
    kind: str = REVISED


def revise_sentence(doc: Document, moment: datetime, revision: Revision) -> Document:
    """The clause added to the sentence nearest the middle; the title or date corrected."""
    paragraphs = list(doc.paragraphs)
    sentences = [i for i, text in enumerate(paragraphs) if text.endswith("。")]
    middle = len(paragraphs) // 2
    paragraphs[min(sentences, key=lambda i: abs(i - middle), default=middle)] += revision.clause
    return replace(
        doc,
        title=revision.title or doc.title,
        published=doc.published + REDATE if revision.redate else doc.published,
        paragraphs=tuple(paragraphs),
        version=doc.version + 1,
        modified=moment,
    )


def revised_title(title: str, year: int) -> str:
    """The title of a revised 印发 notice: `《X》` becomes `《X（YYYY年修订）》`."""
    if "》" in title:
        return title.replace("》", f"（{year}年修订）》", 1)
    return f"{title}（{year}年修订）"


def revise_notice(doc: Document, moment: datetime, revision: Revision) -> Document:
    """A revised 印发 notice: the clause added to its middle paragraph, 修订 in its title."""
    paragraphs = list(doc.paragraphs)
    paragraphs[len(paragraphs) // 2] += revision.clause
    return replace(
        doc,
        title=revised_title(doc.title, moment.year),
        paragraphs=tuple(paragraphs),
        version=doc.version + 1,
        modified=moment,
    )


def redatable(listed: list[Document]) -> Iterator[Document]:
    """Documents of a newest-first list whose date can move a day later without moving them."""
    for newer, doc in pairwise(listed):
        if newer.published - doc.published > 2 * REDATE:
            yield doc
