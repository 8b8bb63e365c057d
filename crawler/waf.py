"""Recognizing a WAF challenge answered instead of content: Ruishu, JSL, WZWS, a 403."""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import html as lxml_html
from lxml.etree import ParserError

RUISHU = "ruishu"
JSL = "jsl"
WZWS = "wzws"
HTTP_412 = "http_412"
HTTP_403 = "http_403"
JS_CHALLENGES = frozenset({RUISHU, JSL, WZWS, HTTP_412})

_RUISHU_SCRIPT = re.compile(rb"\$_ts\s*=\s*window\[")
_JSL = re.compile(rb"__jsl_clearance|__jsluid")
# Matched in the lower-cased bytes: an IGNORECASE pattern is 50 times slower on a 16 KB page.
_WZWS = re.compile(rb"wzws_cid|wzwschallenge|wzws_confirm_prefix_label")
_SNIFFED_BYTES = 16 * 1024
_UNSEEN = ("script", "style", "noscript", "template")
_CONTENT_MARKUP = "//a[@href] | //li | //table | //img"


@dataclass(frozen=True)
class Challenge:
    """A WAF's answer in place of the page: which WAF (`kind`) and a line saying so."""

    kind: str
    reason: str

    @property
    def needs_browser(self) -> bool:
        """Whether running the page's script in a browser is what passes it."""
        return self.kind in JS_CHALLENGES


def detect_challenge(status: int, body: bytes) -> Challenge | None:
    """The challenge this answer is, or None when it is the page.

    A Ruishu (瑞数) challenge is its `$_ts` script on a page with nothing to read: real
    content pages of Ruishu sites carry `<script r='m'>` and `$_ts` too, so neither marker
    alone is a challenge. The status may be 412, 200 or 202.
    """
    head = body[:_SNIFFED_BYTES]
    if _RUISHU_SCRIPT.search(head) and not _has_content(body):
        return Challenge(RUISHU, f"Ruishu (瑞数) challenge page, HTTP {status}")
    if status == 521 or _JSL.search(head):
        return Challenge(JSL, f"JSL (加速乐) challenge page, HTTP {status}")
    if _WZWS.search(head.lower()):
        return Challenge(WZWS, f"WZWS challenge page, HTTP {status}")
    if status == 412:
        return Challenge(HTTP_412, "HTTP 412 Precondition Failed, the answer of a Ruishu WAF")
    if status == 403:
        return Challenge(
            HTTP_403, "HTTP 403 Forbidden: the site refuses this client (WAF or User-Agent check)"
        )
    return None


def _has_content(body: bytes) -> bool:
    """Whether a page shows any text, link, list, table or image once its scripts are gone."""
    try:
        root = lxml_html.document_fromstring(body)
    except (ParserError, ValueError):
        return False
    for element in root.iter(*_UNSEEN):
        element.drop_tree()
    if root.xpath(_CONTENT_MARKUP):
        return True
    return any(text.strip() for text in root.xpath("//body//text()"))
