"""Documents of the NHC and gov.cn replicas and how a day revises them (see corpus.history)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime

from replica.words import MEDICAL

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
