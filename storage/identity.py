"""Identity of what is stored: canonical URLs, normalized 文号, text hashes, policy keys."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from urllib.parse import urlsplit, urlunsplit

_OPENING = "[［(（【〔"
_CLOSING = "]］)）】〕"
_WENHAO = re.compile(
    rf"^(?P<prefix>.*?)\s*[{re.escape(_OPENING)}]\s*(?P<year>\d{{4}})\s*[{re.escape(_CLOSING)}]"
    r"\s*第?\s*(?P<number>\d+)\s*号?$"
)
WENHAO = re.compile(
    r"[\u4e00-\u9fff]{1,16}\s*[〔\[［(（【]\s*(?:19|20)\d{2}\s*[〕\]］)）】]\s*第?\s*\d{1,5}\s*号"
)
_SPACE = re.compile(r"\s+")
_NOISE = re.compile(
    "|".join(
        (
            r"(?:浏览|阅读|访问|点击)(?:次数|量|数)\s*[:：]?\s*\d+\s*次?",
            r"(?:打印|访问|更新)(?:日期|时间)\s*[:：]?\s*\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?"
            r"(?:\s*\d{1,2}:\d{2}(?::\d{2})?)?",
            r"[【\[]\s*(?:打印(?:本页)?|关闭(?:窗口)?|收藏|返回顶部)\s*[】\]]",
            r"打印本页|关闭窗口|返回顶部",
            r"分享到\s*[:：]?",
            r"字体\s*[:：]?\s*[【\[]?\s*大\s*中\s*小\s*[】\]]?",
            r"扫一扫在手机(?:上)?(?:打开|查看)当前页",
        )
    )
)


def normalize_wenhao(wenhao: str | None) -> str | None:
    """The 文号 with 〔〕 brackets and no spaces, so that variants compare equal."""
    if not wenhao:
        return None
    compact = _SPACE.sub("", unicodedata.normalize("NFKC", wenhao))
    if not compact:
        return None
    if match := _WENHAO.match(compact):
        return f"{match['prefix']}〔{match['year']}〕{int(match['number'])}号"
    return compact


def canonical_url(url: str) -> str:
    """One spelling per page: https, lower-case host, no default port, no fragment."""
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower()
    if parts.port and parts.port not in (80, 443):
        host = f"{host}:{parts.port}"
    scheme = "https" if parts.scheme in ("http", "https") else parts.scheme
    return urlunsplit((scheme, host, parts.path or "/", parts.query, ""))


def normalize_text(text: str) -> str:
    """Text as compared for changes: NFKC, whitespace collapsed."""
    return _SPACE.sub(" ", unicodedata.normalize("NFKC", text)).strip()


def comparable_text(text: str) -> str:
    """The text as compared for revisions: NFKC, without page noise, without whitespace.

    Page noise is what changes on every visit or template tweak without the policy
    changing: view counters, print dates, print/close/share buttons, font-size switches.
    Re-wrapping a Chinese page is no revision either, so all whitespace goes.
    """
    return _SPACE.sub("", _NOISE.sub("", unicodedata.normalize("NFKC", text)))


def content_hash(text: str) -> str:
    """SHA-256 of the comparable text."""
    return hashlib.sha256(comparable_text(text).encode()).hexdigest()


def policy_key(wenhao_key: str | None, url: str) -> str:
    """A stable key for a new policy: from its 文号 when it has one, else from its first URL."""
    basis = f"wenhao:{wenhao_key}" if wenhao_key else f"url:{canonical_url(url)}"
    return hashlib.sha256(basis.encode()).hexdigest()[:20]
