"""Recognizing a WAF challenge answered instead of content: Ruishu, JSL, WZWS, a 403."""

from __future__ import annotations

import re

_RUISHU = re.compile(rb"\$_ts\s*=\s*window\[|<script[^>]*\br=['\"]m['\"]")
_JSL = re.compile(rb"__jsl_clearance|__jsluid")
_WZWS = re.compile(rb"wzws_cid|wzwschallenge|WZWS_CONFIRM_PREFIX_LABEL", re.IGNORECASE)
_SNIFFED_BYTES = 16 * 1024


def recognize_challenge(status: int, body: bytes) -> str | None:
    """Why this answer is a WAF challenge rather than the page, or None when it is the page."""
    head = body[:_SNIFFED_BYTES]
    if _RUISHU.search(head):
        return f"Ruishu (瑞数) challenge page, HTTP {status}"
    if status == 521 or _JSL.search(head):
        return f"JSL (加速乐) challenge page, HTTP {status}"
    if _WZWS.search(head):
        return f"WZWS challenge page, HTTP {status}"
    if status == 412:
        return "HTTP 412 Precondition Failed, the answer of a Ruishu WAF"
    if status == 403:
        return "HTTP 403 Forbidden: the site refuses this client (WAF or User-Agent check)"
    return None
