"""Make untrusted stored text safe for XML feeds: control characters, excerpts, link schemes."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_LINK_SCHEMES = ("http", "https")
_NO_TAGS = str.maketrans({"<": "＜", ">": "＞"})
EXCERPT_CHARS = 200


def xml_safe(text: str | None) -> str:
    """`text` without the characters XML 1.0 forbids (and C1 controls); '' for None."""
    return _XML_FORBIDDEN.sub("", text or "")


def one_line(text: str | None) -> str:
    """`text` made XML-safe with every run of whitespace collapsed to one space."""
    return " ".join(xml_safe(text).split())


def plain(text: str | None) -> str:
    """`text` on one line for a plain-text field (title, author, category): as readers may take
    such a field for HTML, its angle brackets become full-width ones and can open no tag."""
    return one_line(text).translate(_NO_TAGS)


def excerpt(text: str | None, limit: int = EXCERPT_CHARS) -> str:
    """The first `limit` characters of `text` on one line, with an ellipsis when cut."""
    line = one_line(text)
    return line if len(line) <= limit else line[:limit].rstrip() + "…"


def safe_url(url: str | None) -> str | None:
    """`url` when it is an absolute http(s) URL, else None (no javascript: or data: links)."""
    cleaned = xml_safe(url).strip()
    try:
        parts = urlsplit(cleaned)
    except ValueError:
        return None
    return cleaned if parts.scheme.lower() in _LINK_SCHEMES and parts.netloc else None
