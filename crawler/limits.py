"""Caps on what one item may store: short fields, body text and HTML, attachments, headers."""

from __future__ import annotations

from dataclasses import dataclass

from crawler.items import PolicyItem

CUT_MARK = "…[cut]"
FIELD_CAPS = {"title": 500, "wenhao": 100, "issuer": 200, "department": 200, "index_no": 100}
ATTACHMENT_NAME_CAP = 300
MAX_ATTACHMENTS = 100
URL_CAP = 1024
HEADER_CAPS = {"etag": 255, "last_modified": 64}


@dataclass(frozen=True)
class Limits:
    """The configurable caps: characters of body text, and of body HTML."""

    body_chars: int = 1_000_000


def cut(value: str, cap: int) -> str:
    """`value`, or its first characters and CUT_MARK, `cap` characters in all."""
    if len(value) <= cap:
        return value
    return value[: max(0, cap - len(CUT_MARK))] + CUT_MARK


def cut_html(html: str, cap: int) -> str:
    """`html` cut like `cut`, before the tag the cap falls in."""
    if len(html) <= cap:
        return html
    end = cap - len(CUT_MARK)
    tag = html.rfind("<", 0, end)
    if tag > html.rfind(">", 0, end):
        end = tag
    return html[: max(0, end)] + CUT_MARK


def apply_limits(item: PolicyItem, limits: Limits) -> list[str]:
    """Cut `item`'s over-long fields in place, and name them. A header value over its column
    is dropped, as are attachments past MAX_ATTACHMENTS and those whose URL is over URL_CAP."""
    cuts = []
    for name, cap in FIELD_CAPS.items():
        value = getattr(item, name)
        if value is not None and len(value) > cap:
            setattr(item, name, cut(value, cap))
            cuts.append(name)
    if len(item.text) > limits.body_chars:
        item.text = cut(item.text, limits.body_chars)
        cuts.append("text")
    if len(item.html) > limits.body_chars:
        item.html = cut_html(item.html, limits.body_chars)
        cuts.append("html")
    for name, cap in HEADER_CAPS.items():
        value = getattr(item, name)
        if value is not None and len(value) > cap:
            setattr(item, name, None)
            cuts.append(name)
    kept = [ref for ref in item.attachments if len(ref.url) <= URL_CAP][:MAX_ATTACHMENTS]
    if len(kept) < len(item.attachments):
        cuts.append("attachments")
    long_names = [ref for ref in kept if len(ref.name) > ATTACHMENT_NAME_CAP]
    for ref in long_names:
        ref.name = cut(ref.name, ATTACHMENT_NAME_CAP)
    if long_names:
        cuts.append("attachment_name")
    item.attachments = kept
    return cuts
