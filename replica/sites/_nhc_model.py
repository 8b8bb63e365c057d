"""Documents of the NHC and gov.cn replicas and their timeline: additions and revisions by day."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta

from replica.corpus import ADDED, LAST_DAY, REVISED, Change
from replica.corpus.timeline import DAY_ZERO
from replica.corpus.vocabulary import MEDICAL

OPENING = time(9, 0)
_MEDIA_TYPES = {
    "pdf": "application/pdf",
    "doc": "application/msword",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xls": "application/vnd.ms-excel",
}


@dataclass(frozen=True)
class Attachment:
    """A file linked from a document's body; `path` is absolute on its site."""

    name: str
    path: str

    @property
    def media_type(self) -> str:
        return _MEDIA_TYPES.get(self.path.rsplit(".", 1)[-1], "application/octet-stream")


@dataclass(frozen=True)
class Document:
    """One version of one page; `path` is absolute on its site and never changes.

    `source` is what the page prints after 来源：, `theme` its 主题分类 (gov.cn only),
    `listed_wenhao` the 文号 as the list or API row spells it.
    """

    id: int
    column: str
    path: str
    title: str
    published: datetime
    written: date
    agency: str
    wenhao: str | None
    listed_wenhao: str | None
    paragraphs: tuple[str, ...]
    attachments: tuple[Attachment, ...]
    topic: str
    source: str
    modified: datetime
    index_no: str | None = None
    theme: str = ""
    seed: str | None = None
    version: int = 1

    @property
    def medical(self) -> bool:
        return self.topic == MEDICAL


@dataclass(frozen=True)
class Revision:
    """A day's edit of one document: a clause added to its middle paragraph and a new title."""

    doc_id: int
    clause: str


@dataclass(frozen=True)
class _Day:
    documents: dict[int, Document]
    changes: tuple[Change, ...]


def day_moment(day: int) -> datetime:
    """When the documents of a timeline day appear: 09:00 on that calendar day."""
    return datetime.combine(DAY_ZERO + timedelta(days=day), OPENING)


def revised_title(title: str, year: int) -> str:
    """The title of a revised 印发 notice: `《X》` becomes `《X（YYYY年修订）》`."""
    if "》" in title:
        return title.replace("》", f"（{year}年修订）》", 1)
    return f"{title}（{year}年修订）"


def revise(doc: Document, moment: datetime, revision: Revision) -> Document:
    paragraphs = list(doc.paragraphs)
    paragraphs[len(paragraphs) // 2] += revision.clause
    return replace(
        doc,
        title=revised_title(doc.title, moment.year),
        paragraphs=tuple(paragraphs),
        version=doc.version + 1,
        modified=moment,
    )


class Timeline:
    """Day 0's documents, and what each later day adds and revises; days past the last repeat it."""

    def __init__(
        self,
        base: Iterable[Document],
        additions: Mapping[int, Iterable[Document]],
        revisions: Mapping[int, Iterable[Revision]],
    ) -> None:
        current = {doc.id: doc for doc in base}
        days = [_Day(dict(current), ())]
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
            days.append(_Day(dict(current), tuple(made)))
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

    def _day(self, day: int) -> _Day:
        if day < 0:
            raise ValueError(f"timeline days start at 0, got {day}")
        return self._days[min(day, LAST_DAY)]


def file_bytes(doc: Document, attachment: Attachment) -> bytes:
    """A small stand-in for an attached file that starts like a file of its type."""
    name = attachment.path.rsplit("/", 1)[-1]
    if attachment.media_type == "application/pdf":
        return (
            f"%PDF-1.4\n% {name} of document {doc.id}\n"
            "1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
            "2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n"
            "trailer << /Root 1 0 R >>\n%%EOF\n"
        ).encode("ascii")
    magic = b"PK\x03\x04" if name.endswith("x") else b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    return magic + f"{name} {doc.id}".encode()
