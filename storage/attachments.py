"""A version's attachments: rows from crawled references, their text, and whether the files
changed."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Protocol

from storage.models import Attachment, Version


def attachment_rows(crawled: Iterable[Mapping[str, Any]]) -> list[Attachment]:
    """Attachment rows in page order, with the sha256 and size of the bytes and their text
    when downloaded."""
    return [Attachment(**values) for values in attachment_values(crawled)]


def attachment_values(crawled: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The column values of `attachment_rows`, for a plain INSERT."""
    return [
        {
            "position": position,
            "url": ref["url"],
            "name": ref["name"],
            "type": ref.get("type"),
            "size": ref.get("size"),
            "sha256": ref.get("sha256"),
            "text": ref.get("text"),
            "text_status": ref.get("text_status"),
            "pages": ref.get("pages"),
        }
        for position, ref in enumerate(crawled)
    ]


class _Read(Protocol):
    name: str
    text: str | None


def attachment_text(attachments: Iterable[_Read | Mapping[str, Any]]) -> str:
    """The text of a version's attachments, each under its name: what search, relevance and
    diffs read besides the page."""
    parts = []
    for attachment in attachments:
        name, text = (
            (attachment["name"], attachment.get("text"))
            if isinstance(attachment, Mapping)
            else (attachment.name, attachment.text)
        )
        if text:
            parts.append(f"【附件 {name}】\n{text}")
    return "\n\n".join(parts)


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


def fill_in_digests(version: Version, crawled: Sequence[Mapping[str, Any]]) -> None:
    """Record digests and text the stored version lacks (its files were not downloaded then)."""
    for attachment, ref in zip(version.attachments, crawled, strict=True):
        if attachment.sha256 is None and ref.get("sha256"):
            attachment.sha256, attachment.size = ref["sha256"], ref.get("size")
            attachment.text, attachment.text_status = ref.get("text"), ref.get("text_status")
            attachment.pages = ref.get("pages")
    if (text := attachment_text(version.attachments)) != version.attachment_text:
        version.attachment_text = text
