"""Documents of the NMPA and Hubei replicas and how a day revises them (see corpus.history)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from itertools import pairwise

from replica.words import MEDICAL

REDATE = timedelta(days=1)


@dataclass(frozen=True)
class Attachment:
    """A file linked from a document's body; `path` is absolute on its site."""

    name: str
    path: str

    @property
    def media_type(self) -> str:
        extension = self.path.rsplit(".", 1)[-1]
        return {
            "pdf": "application/pdf",
            "doc": "application/msword",
            "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "xls": "application/vnd.ms-excel",
            "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        }.get(extension, "application/octet-stream")


@dataclass(frozen=True)
class Document:
    """One version of one page; `path` is absolute on its site and never changes."""

    id: int
    column: str
    path: str
    title: str
    published: datetime
    written: date
    agency: str
    wenhao: str | None
    shown_wenhao: str | None
    index_no: str | None
    paragraphs: tuple[str, ...]
    attachments: tuple[Attachment, ...]
    topic: str
    modified: datetime
    seed: str | None = None
    version: int = 1

    @property
    def medical(self) -> bool:
        return self.topic == MEDICAL


@dataclass(frozen=True)
class Revision:
    """A day's edit of one document: a clause added to a paragraph, and a new title, or its
    date corrected a day later."""

    doc_id: int
    clause: str
    title: str = ""
    redate: bool = False


def revise(doc: Document, moment: datetime, revision: Revision) -> Document:
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


def redatable(listed: list[Document]) -> Iterator[Document]:
    """Documents of a newest-first list whose date can move a day later without moving them."""
    for newer, doc in pairwise(listed):
        if newer.published - doc.published > 2 * REDATE:
            yield doc
