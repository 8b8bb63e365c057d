"""The one document model of every replicated site: documents, attachments, timeline changes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from replica.attachments import media_type
from replica.words import MEDICAL

MOST_GFXWJ = "most_gfxwj"
MOST_TZTG = "most_tztg"
COLUMNS = (MOST_GFXWJ, MOST_TZTG)
LEGACY_BEFORE = date(2021, 1, 1)

@dataclass(frozen=True)
class Attachment:
    """A file linked from a document's body; `path` is where its site serves it (absolute, or
    beside the page where the site links files relatively); `edition` counts the times the file
    was replaced at its URL."""

    name: str
    path: str
    edition: int = 1
    scanned: bool = False

    @property
    def extension(self) -> str:
        return self.path.rsplit(".", 1)[-1]

    @property
    def media_type(self) -> str:
        return media_type(self.path)


@dataclass(frozen=True)
class Document:
    """One version of one page in one column (a spider's list); `modified` is when this version
    appeared, `path` where its site serves it and never changes.

    `host` is its site, `listed_wenhao` the 文号 as a list, API row or page spells it where
    that differs, `source` what the page prints after 来源：, `category` its 分类 or 主题分类,
    `folder` the sub-folder of a 文件库, `in_library` whether a policy library lists it,
    `repost_of` the document it copies.
    """

    id: int | str
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
    modified: datetime
    index_no: str | None = None
    host: str = ""
    source: str = ""
    category: str = ""
    folder: str = ""
    abolished: bool = False
    in_library: bool = False
    repost_of: str | None = None
    seed: str | None = None
    version: int = 1

    @property
    def medical(self) -> bool:
        return self.topic == MEDICAL

    @property
    def url(self) -> str:
        return f"https://{self.host}{self.path}"


@dataclass(frozen=True)
class Change:
    """What happened to one document on one timeline day."""

    kind: str
    column: str
    doc_id: int | str
    at: datetime


ADDED = "added"
REVISED = "revised"
RETITLED = "retitled"
REPLACED = "attachment_replaced"
WITHDRAWN = "withdrawn"
RESTORED = "restored"


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
