"""A version's attachments: rows from crawled references, and whether the files changed."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from storage.models import Attachment


def attachment_rows(crawled: Iterable[Mapping[str, Any]]) -> list[Attachment]:
    """Attachment rows in page order, with the sha256 and size of the bytes when downloaded."""
    return [
        Attachment(
            position=position,
            url=ref["url"],
            name=ref["name"],
            type=ref.get("type"),
            size=ref.get("size"),
            sha256=ref.get("sha256"),
        )
        for position, ref in enumerate(crawled)
    ]


def attachments_changed(stored: Sequence[Attachment], crawled: Sequence[Mapping[str, Any]]) -> bool:
    """Added, removed or renamed, or replaced at the same URL: both digests known and different.

    A file not downloaded this time (too large, failed) has no digest and is no evidence of
    a replacement.
    """
    if [(a.url, a.name) for a in stored] != [(c["url"], c["name"]) for c in crawled]:
        return True
    return any(
        a.sha256 and c.get("sha256") and a.sha256 != c["sha256"]
        for a, c in zip(stored, crawled, strict=True)
    )


def fill_in_digests(stored: Sequence[Attachment], crawled: Sequence[Mapping[str, Any]]) -> None:
    """Record digests the stored version lacks (its files were not downloaded then)."""
    for attachment, ref in zip(stored, crawled, strict=True):
        if attachment.sha256 is None and ref.get("sha256"):
            attachment.sha256, attachment.size = ref["sha256"], ref.get("size")
