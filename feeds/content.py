"""The HTML body of a feed entry: what it repeals, 文号, issuer, department, source, text,
attachments, reposts."""

from __future__ import annotations

from html import escape

from feeds.lineage import AttachmentFacts, attachment_facts, repeals_line
from feeds.text import excerpt, one_line, safe_url, xml_safe
from storage.days import CHINA
from storage.models import Document, Policy, Version

__all__ = ["CHINA", "document_html"]


def document_html(
    policy: Policy, document: Document, version: Version, *, full: bool, repeals: str | None = None
) -> str:
    """Everything a reader needs about `version` of `document`, escaped, as HTML: its whole
    text when `full`, else an excerpt. `repeals` is the policy's repeals line when already
    read (else it is looked up)."""
    text = _text(version.text) if full else _paragraph(excerpt(version.text))
    blocks = [
        _paragraph(repeals_line(policy) if repeals is None else repeals),
        _facts(document, version),
        text,
        _attachments(document, version),
        _reposts(policy, document),
    ]
    return "\n".join(block for block in blocks if block)


def _facts(document: Document, version: Version) -> str:
    published = version.published_on
    facts = [
        ("文号", version.wenhao),
        ("发文机关 (issuer)", version.issuer),
        ("发布部门 (department)", version.department),
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


def _text(text: str) -> str:
    lines = (one_line(line) for line in xml_safe(text).splitlines())
    return "\n".join(_paragraph(line) for line in lines if line)


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
