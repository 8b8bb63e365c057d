"""What the corpus is made of: documents, their versions and attachments, and timeline changes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from replica.words import MEDICAL

MOST_GFXWJ = "most_gfxwj"
MOST_TZTG = "most_tztg"
COLUMNS = (MOST_GFXWJ, MOST_TZTG)

LEGACY_BEFORE = date(2021, 1, 1)


@dataclass(frozen=True)
class Attachment:
    """A file linked from a document's body, stored next to the page; `edition` counts the
    times the file was replaced at its URL."""

    name: str
    filename: str
    edition: int = 1

    @property
    def media_type(self) -> str:
        return "application/pdf" if self.filename.endswith(".pdf") else "application/msword"


@dataclass(frozen=True)
class Document:
    """One version of one page in one column; `modified` is when this version appeared."""

    id: int
    column: str
    title: str
    published: datetime
    written: date
    agency: str
    wenhao: str | None
    listed_wenhao: str | None
    index_no: str
    paragraphs: tuple[str, ...]
    attachments: tuple[Attachment, ...]
    topic: str
    modified: datetime
    seed: str | None = None
    version: int = 1

    @property
    def medical(self) -> bool:
        return self.topic == MEDICAL

    @property
    def charset(self) -> str:
        return "gb2312" if self.published.date() < LEGACY_BEFORE else "utf-8"

    @property
    def validity(self) -> str:
        return "失效" if self.published.date() < LEGACY_BEFORE else "有效"

    @property
    def path(self) -> str:
        """The page's path relative to its column folder: `YYYYMM/tYYYYMMDD_ID.html`."""
        return f"{self.published:%Y%m}/t{self.published:%Y%m%d}_{self.id}.html"


@dataclass(frozen=True)
class Change:
    """What happened to one document on one timeline day."""

    kind: str
    column: str
    doc_id: int
    at: datetime


ADDED = "added"
REVISED = "revised"
RETITLED = "retitled"
REPLACED = "attachment_replaced"
WITHDRAWN = "withdrawn"
RESTORED = "restored"
