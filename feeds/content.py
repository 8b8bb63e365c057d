"""The HTML body of a feed entry: what it repeals, 文号, agency, 索引号, source, excerpt,
attachments, reposts."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from html import escape

from feeds.lineage import AttachmentFacts, attachment_facts, repeals_line
from feeds.text import excerpt, one_line, safe_url
from storage.models import Document, Policy, Version

CHINA = timezone(timedelta(hours=8), "CST")


def document_html(policy: Policy, document: Document, version: Version) -> str:
    """Everything a reader needs about `version` of `document`, escaped, as HTML."""
    blocks = [
        _paragraph(repeals_line(policy)),
        _facts(document, version),
        _paragraph(excerpt(version.text)),
        _attachments(document, version),
        _reposts(policy, document),
    ]
    return "\n".join(block for block in blocks if block)


def china_date(moment: datetime) -> date:
    """The calendar date of `moment` in China, where the policies are published."""
    return moment.astimezone(CHINA).date()


def _facts(document: Document, version: Version) -> str:
    published = version.published_at and china_date(version.published_at)
    facts = [
        ("文号", version.wenhao),
        ("发文机关 (agency)", version.agency),
        ("索引号 (index no.)", version.index_no),
        ("来源 (source)", document.source.name),
        ("发布日期 (published)", published and published.isoformat()),
        ("成文日期 (written)", version.written_on and version.written_on.isoformat()),
        ("状态 (status)", "已撤销 (withdrawn)" if document.status == "withdrawn" else None),
    ]
    lines = [
        f"{escape(label)}：{escape(one_line(value))}" for label, value in facts if one_line(value)
    ]
    return f"<p>{'<br/>'.join(lines)}</p>" if lines else ""


def _paragraph(text: str) -> str:
    return f"<p>{escape(text)}</p>" if text else ""


def _link(url: str | None, text: str) -> str:
    href = safe_url(url)
    label = escape(one_line(text) or href or "")
    return f'<a href="{escape(href)}">{label}</a>' if href else label


def _attachments(document: Document, version: Version) -> str:
    return _list(
        "附件 (attachments)", [_attachment(f) for f in attachment_facts(document, version)]
    )


def _attachment(facts: AttachmentFacts) -> str:
    attachment = facts.attachment
    kind = one_line(attachment.type).upper()
    notes = [note for note in (kind, facts.size, facts.status) if note]
    if facts.text_changed:
        notes.append("文字已变更 text changed")
    return _link(attachment.url, attachment.name) + (
        f" ({escape(', '.join(notes))})" if notes else ""
    )


def _reposts(policy: Policy, shown: Document) -> str:
    others = sorted((d for d in policy.documents if d.id != shown.id), key=lambda d: d.id)
    items = [
        _link(d.url, d.source.name) + (" (已撤销 withdrawn)" if d.status == "withdrawn" else "")
        for d in others
    ]
    return _list("同时发布于 (also published at)", items)


def _list(label: str, items: list[str]) -> str:
    if not items:
        return ""
    rows = "".join(f"<li>{item}</li>" for item in items)
    return f"<p>{escape(label)}：</p><ul>{rows}</ul>"
