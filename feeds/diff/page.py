"""Two stored versions of a document as a diff: the versions to compare, unified text, HTML page."""

from __future__ import annotations

from html import escape

from feeds.diff.compare import CONTEXT, render_diff, unified_diff
from feeds.text import one_line, plain, safe_url
from storage.days import china_day
from storage.models import Document, Version

_PAGE = """<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>{title} · {versions}</title>
<style>ins {{ background: #d8f5d8; }} del {{ background: #f9d6d6; }}</style>
</head>
<body>
<h1>{title}</h1>
<p>{facts}</p>
<p>图例 (legend)：<ins>新增 (added)</ins> <del>删除 (removed)</del> …从略 (left out)</p>
{diff}
</body>
</html>
"""


def versions_to_compare(
    document: Document, from_number: int | None = None, to_number: int | None = None
) -> tuple[Version, Version]:
    """Versions `from_number` and `to_number` of `document`; by default the latest, and the one
    before the newer. LookupError, naming the stored versions, when there is no such version."""
    versions = {version.number: version for version in document.versions}
    stored = ", ".join(f"v{number}" for number in sorted(versions))
    if not versions:
        raise LookupError(f"document {document.id} has no stored version")
    newer = max(versions) if to_number is None else to_number
    if from_number is None:
        from_number = max((number for number in versions if number < newer), default=None)
    if from_number is None:
        raise LookupError(
            f"document {document.id} has no version before v{newer} (stored: {stored})"
        )
    for number in (from_number, newer):
        if number not in versions:
            raise LookupError(f"document {document.id} has no version {number} (stored: {stored})")
    return versions[from_number], versions[newer]


def version_text(version: Version | None) -> str:
    """What a diff compares: the title, the text, then the text of the attachments."""
    if version is None:
        return ""
    attachments = f"\n{version.attachment_text}" if version.attachment_text else ""
    return f"{version.title}\n{version.text}{attachments}"


def version_diff(old: Version | None, new: Version) -> str:
    """The unified diff, one sentence a line, labelled with each version and when it was fetched."""
    return unified_diff(version_text(old), version_text(new), _label(old), _label(new))


def diff_page(document: Document, old: Version | None, new: Version) -> str:
    """A whole HTML page of the changes from `old` to `new`, readable without its CSS."""
    title = escape(plain(new.title) or plain(old.title if old else None) or one_line(document.url))
    versions = escape(f"{_name(old)} → {_name(new)}")
    url = safe_url(document.url)
    original = f'<a href="{escape(url)}">{escape(url)}</a>' if url else ""
    facts = [
        f"修订 (revision)：{versions}",
        f"来源 (source)：{escape(plain(document.source.name))}",
        f"原文 (original)：{original}",
    ]
    return _PAGE.format(
        title=title,
        versions=versions,
        facts="<br/>".join(facts),
        diff=render_diff(
            version_text(old), version_text(new), context=CONTEXT, max_paragraphs=None
        ),
    )


def _name(version: Version | None) -> str:
    if version is None:
        return "(无 none)"
    return f"v{version.number} ({china_day(version.fetched_at)})"


def _label(version: Version | None) -> str:
    if version is None:
        return "/dev/null"
    return f"v{version.number}\t{version.fetched_at.isoformat()}"
