"""Documents of the NMPA and Hubei replicas over the timeline: pages, attachments, changes."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from itertools import pairwise

from replica.corpus import ADDED, LAST_DAY, REVISED, Change
from replica.corpus.timeline import DAY_ZERO
from replica.corpus.vocabulary import MEDICAL

OPENING = time(9, 0)
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


@dataclass(frozen=True)
class Day:
    documents: dict[int, Document]
    changes: tuple[Change, ...]


def day_moment(day: int) -> datetime:
    """When the documents of a timeline day appear: 09:00 on that calendar day."""
    return datetime.combine(DAY_ZERO + timedelta(days=day), OPENING)


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


class Timeline:
    """Day 0's documents, and what each later day adds and revises; days past the last repeat it."""

    def __init__(
        self,
        base: Iterable[Document],
        additions: Mapping[int, Iterable[Document]],
        revisions: Mapping[int, Iterable[Revision]],
    ) -> None:
        current = {doc.id: doc for doc in base}
        days = [Day(dict(current), ())]
        for day in range(1, LAST_DAY + 1):
            moment = day_moment(day)
            made: list[Change] = []
            for doc in additions.get(day, ()):
                current[doc.id] = doc
                made.append(Change(ADDED, doc.column, doc.id, doc.published))
            for revision in revisions.get(day, ()):
                doc = revise(current[revision.doc_id], moment, revision)
                current[doc.id] = doc
                made.append(Change(REVISED, doc.column, doc.id, moment))
            days.append(Day(dict(current), tuple(made)))
        self._days = tuple(days)

    def documents(self, column: str, day: int) -> list[Document]:
        """The documents listed in `column` on `day`, newest first."""
        chosen = (doc for doc in self._day(day).documents.values() if doc.column == column)
        return sorted(chosen, key=lambda doc: (doc.published, doc.id), reverse=True)

    def at_path(self, path: str, day: int) -> Document | None:
        return next((d for d in self._day(day).documents.values() if d.path == path), None)

    def attachment(self, path: str, day: int) -> tuple[Document, Attachment] | None:
        for doc in self._day(day).documents.values():
            for attachment in doc.attachments:
                if attachment.path == path:
                    return doc, attachment
        return None

    def changes(self, day: int) -> tuple[Change, ...]:
        """What `day` added and revised compared with the day before."""
        return self._day(day).changes if day <= LAST_DAY else ()

    def column_modified(self, column: str, day: int) -> datetime:
        """The last moment anything in `column` was published or revised, up to `day`."""
        return max(doc.modified for doc in self.documents(column, day))

    def _day(self, day: int) -> Day:
        if day < 0:
            raise ValueError(f"timeline days start at 0, got {day}")
        return self._days[min(day, LAST_DAY)]
