"""The PolicyItem contract: the one shape every spider fills and storage ingests."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from typing import Any

RESPONSE_FLAGS = "policywatch_flags"


@dataclass
class AttachmentRef:
    """A file linked from a policy page; `sha256` and `size` of its bytes once downloaded, and
    the text read from them (`text_status`: see `crawler.attachment_text`)."""

    url: str
    name: str
    type: str | None = None
    sha256: str | None = None
    size: int | None = None
    text: str | None = None
    text_status: str | None = None
    pages: int | None = None


@dataclass
class PolicyItem:
    """One policy page as a spider saw it; spiders fill fields, they never decide what is new."""

    source: str
    url: str
    title: str
    text: str
    html: str
    published_at: datetime | None = None
    written_on: date | None = None
    wenhao: str | None = None
    issuer: str | None = None
    department: str | None = None
    index_no: str | None = None
    attachments: list[AttachmentRef] = field(default_factory=list)
    listing_fingerprint: str | None = None
    flags: list[str] = field(default_factory=list)
    topics: dict[str, float] = field(default_factory=dict)
    etag: str | None = None
    last_modified: str | None = None
    fetched_at: datetime | None = None

    def to_record(self) -> dict[str, Any]:
        """The plain mapping that storage.ingest takes."""
        return asdict(self)
