"""What a list page says about one document, and the fingerprint that tells when it changed."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

LIST_PAGE = "policywatch_list_page"
NEXT_PAGE = "policywatch_next_page"
DETAIL = "policywatch_detail"
LISTING = "policywatch_listing"
RECHECK = "policywatch_recheck"
ATTACHMENT = "policywatch_attachment"


@dataclass(frozen=True)
class ListingRow:
    """One row of a list page: the link and what the list shows beside it."""

    url: str
    title: str
    date: str | None = None
    wenhao: str | None = None
    stored_fingerprint: str | None = None

    @property
    def fingerprint(self) -> str:
        """Changes when the list shows a new title or date for the same URL.

        A row rebuilt from storage for a re-check keeps the fingerprint stored with it.
        """
        if self.stored_fingerprint is not None:
            return self.stored_fingerprint
        shown = "\x1f".join((self.title.strip(), (self.date or "").strip()))
        return hashlib.sha256(shown.encode()).hexdigest()[:32]
