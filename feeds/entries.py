"""Turn stored policies and revisions into feed entries: ids, titles, links, dates, HTML."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from html import escape

from feeds.content import document_html
from feeds.diff.compare import plain_diff, render_diff, with_inline_styles
from feeds.diff.page import version_text
from feeds.diff.summary import change_summary
from feeds.identity import policy_entry_id, revision_entry_id
from feeds.pages import policy_page_url
from feeds.text import excerpt, plain, safe_url
from storage.days import CHINA
from storage.models import Change, Document, Policy, Version
from storage.relevance import RELEVANT

log = logging.getLogger(__name__)

DIFF_CONTEXT = 1
UNTITLED = "(无标题 untitled)"


@dataclass(frozen=True)
class Entry:
    """One feed entry, in the terms both RSS and Atom need; all text already made safe."""

    id: str
    title: str
    link: str | None
    published: datetime
    updated: datetime
    summary: str
    content: str
    categories: tuple[str, ...]
    author: str | None


def policy_entry(
    policy: Policy, base_url: str | None = None, *, full: bool = True, repeals: str | None = None
) -> Entry | None:
    """The entry of a new policy, from its primary document's current (else first) version,
    with its whole text when `full`; it links to the policy's page under `base_url` when one
    is given, else to the original. Its date is the publication's, in China time. `repeals`
    is the policy's repeals line when already read."""
    document = primary_document(policy)
    version = _shown_version(document) if document else None
    if document is None or version is None:
        log.warning("policy %s has no stored version; left out of the feeds", policy.key)
        return None
    published = (version.published_at or document.first_seen_at).astimezone(CHINA)
    original = safe_url(document.url)
    page = policy_page_url(base_url, policy.key)
    links = _links(original, page)
    content = document_html(policy, document, version, full=full, repeals=repeals)
    content += f"\n<p>{links}</p>" if links else ""
    return Entry(
        id=policy_entry_id(policy),
        title=plain(version.title) or plain(policy.title) or UNTITLED,
        link=page or original,
        published=published,
        updated=published,
        summary=escape(excerpt(version.text)),
        content=content,
        categories=topic_terms(version),
        author=_author(version),
    )


def revision_entry(
    change: Change,
    policy: Policy,
    link: str | None,
    base_url: str | None = None,
    *,
    full: bool = True,
    repeals: str | None = None,
) -> Entry:
    """The entry of a `revised` change of `policy`, linking to `link` (its diff page): a line
    saying what changed, the changed sentences in context (marked up with inline styles, and
    again as plain text for text-mode readers), links to the original and to the policy's page
    under `base_url`, and the new version's facts. `repeals` is the policy's repeals line
    when already read."""
    new, old = change.to_version, change.from_version
    if new is None:
        raise ValueError(f"revised change {change.id} has no new version")
    detected = as_utc(change.detected_at)
    title = plain(new.title) or plain(policy.title) or UNTITLED
    since = f"v{old.number} → " if old else ""
    links = _links(safe_url(change.document.url), policy_page_url(base_url, policy.key))
    where = f"（{links}）" if links else ""
    summary = change_summary(old, new)
    heading = f"<p>修订内容 (changes) {escape(since)}v{new.number}{where}：{escape(summary)}</p>"
    diff = render_diff(version_text(old), version_text(new), context=DIFF_CONTEXT)
    text_diff = f"<p>纯文本 (plain text)：</p>\n<pre>{escape(plain_diff(diff))}</pre>"
    facts = document_html(policy, change.document, new, full=full, repeals=repeals)
    return Entry(
        id=revision_entry_id(policy, new.number),
        title=f"[修订 revised v{new.number}] {title}",
        link=link,
        published=detected,
        updated=detected,
        summary=escape(summary),
        content="\n".join([heading, with_inline_styles(diff), text_diff, facts]),
        categories=topic_terms(new),
        author=_author(new),
    )


def primary_document(policy: Policy) -> Document | None:
    """The policy's primary document, else its earliest stored one."""
    return policy.primary_document or min(policy.documents, key=lambda d: d.id, default=None)


def topic_terms(version: Version) -> tuple[str, ...]:
    """The topics the version is relevant to (a topic score of 1.0 means relevant)."""
    scores = version.topics or {}
    relevant = (
        plain(topic)
        for topic, score in scores.items()
        if isinstance(score, int | float) and score >= RELEVANT
    )
    return tuple(sorted(term for term in relevant if term))


def as_utc(moment: datetime) -> datetime:
    """`moment` in UTC; a naive value is taken to be UTC already."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _author(version: Version) -> str | None:
    """The issuer, and the department that posted it, as the entry's author."""
    names = [plain(version.issuer), plain(version.department)]
    return " · ".join(name for name in names if name) or None


def _links(original: str | None, page: str | None) -> str:
    """Links to the original page and to the policy's page in the web view, those known."""
    named = [("原文 original", original), ("政策页面 policy page", page)]
    return " · ".join(f'<a href="{escape(url)}">{label}</a>' for label, url in named if url)


def _shown_version(document: Document) -> Version | None:
    return document.current_version or next(iter(document.versions), None)
