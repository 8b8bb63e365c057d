"""Turn the content block of a policy page into clean text, sanitized HTML and attachments."""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import parse_qsl, urljoin, urlsplit

import nh3
from bs4 import BeautifulSoup, Tag

from crawler.items import AttachmentRef

ATTACHMENT_TYPES = frozenset(
    {"pdf", "doc", "docx", "xls", "xlsx", "wps", "et", "ofd", "zip", "rar", "ppt", "pptx", "txt"}
)
_DROPPED_TAGS = ("script", "style", "noscript", "iframe", "form", "button", "input", "select")
_FURNITURE_MARKERS = re.compile(
    r"share|bdshare|qrcode|erweima|ewm|print|close|related|xgxx|xglj|footer|breadcrumb|"
    r"position|nav|toolbar|fontsize|fenxiang",
    re.IGNORECASE,
)
_FURNITURE_TEXT = re.compile(
    r"^\s*(分享到|扫一扫|【?\s*打印(本页)?|【?\s*关闭(窗口)?|【\s*字体|浏览次数|阅读次数|"
    r"相关链接|相关文件|当前位置|责任编辑)"
)
_BLOCKS = (
    "p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "table", "section",
    "blockquote", "pre",
)  # fmt: skip
_SAFE_TAGS = {
    "p", "br", "div", "span", "a", "strong", "b", "em", "i", "u", "sub", "sup", "ul", "ol",
    "li", "table", "thead", "tbody", "tr", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6",
    "blockquote", "pre", "img",
}  # fmt: skip
_SAFE_ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt"}, "td": {"colspan", "rowspan"}}


def clean_label(text: str) -> str:
    """A table label without its padding (spaces, NBSP, ideographic spaces) or colon."""
    return re.sub(r"[\s\u3000\xa0:：]+", "", text)


def collapse_space(text: str) -> str:
    """Runs of whitespace (incl. NBSP and ideographic space) as one space, ends trimmed."""
    return re.sub(r"[\s\u3000\xa0]+", " ", text).strip()


def _is_furniture(tag: Tag) -> bool:
    marker = " ".join([tag.get("id") or "", *(tag.get("class") or [])])
    if marker.strip() and _FURNITURE_MARKERS.search(marker):
        return True
    return (
        bool(_FURNITURE_TEXT.match(tag.get_text(" ", strip=True)[:20]))
        and len(tag.get_text(strip=True)) < 80
    )


def strip_furniture(root: Tag) -> Tag:
    """Remove scripts, share bars, QR blocks, print/close buttons and similar from `root`."""
    for tag in root.find_all(_DROPPED_TAGS):
        tag.decompose()
    for tag in list(root.find_all(True)):
        if not tag.decomposed and _is_furniture(tag):
            tag.decompose()
    return root


def block_text(root: Tag) -> str:
    """The visible text of `root`, one line per block, whitespace collapsed."""
    for tag in root.find_all(_BLOCKS):
        tag.insert_before("\n")
        tag.insert_after("\n")
    lines = (collapse_space(line) for line in root.get_text().split("\n"))
    return "\n".join(line for line in lines if line)


def sanitize_html(html: str, base_url: str) -> str:
    """Crawled HTML reduced to safe presentational tags, with absolute links."""
    return nh3.clean(
        html,
        tags=_SAFE_TAGS,
        attributes=_SAFE_ATTRIBUTES,
        url_schemes={"http", "https"},
        link_rel="noopener noreferrer",
        set_tag_attribute_values={"a": {"target": "_blank"}},
        attribute_filter=lambda _tag, attr, value: (
            urljoin(base_url, value) if attr in ("href", "src") else value
        ),
    ).strip()


def find_attachments(root: Tag, base_url: str) -> list[AttachmentRef]:
    """Links in `root` to documents (PDF, DOC, XLS …), in page order, without repeats."""
    found: dict[str, AttachmentRef] = {}
    for link in root.find_all("a", href=True):
        url = urljoin(base_url, link["href"].strip())
        file_name = download_name(url, link.get("download"))
        kind = attachment_type(url) or (attachment_type(f"/{file_name}") if file_name else None)
        if kind is None or url in found:
            continue
        name = collapse_space(link.get_text()) or file_name or urlsplit(url).path.rsplit("/", 1)[-1]
        found[url] = AttachmentRef(url=url, name=name, type=kind)
    return list(found.values())


def download_name(url: str, download: str | None) -> str | None:
    """The file name a download gateway link gives (`download=` or `?fileName=`), if any.

    JPaaS serves files from `…/front/document/download?fileUrl=…&fileName=….wps`, a path
    without the file's extension.
    """
    if download and download.strip():
        return download.strip()
    query = dict(parse_qsl(urlsplit(url).query))
    return query.get("fileName") or query.get("filename") or None


def attachment_type(url: str) -> str | None:
    """The file type of an attachment URL (`pdf`, `doc` …), or None for a page link."""
    path = urlsplit(url).path.lower()
    if "." not in path.rsplit("/", 1)[-1]:
        return None
    extension = path.rsplit(".", 1)[-1]
    return extension if extension in ATTACHMENT_TYPES else None


def parse_fragment(html: str) -> Tag:
    """A detached element tree for an HTML fragment."""
    return BeautifulSoup(html, "lxml")


def first_text(values: Iterable[str | None]) -> str | None:
    """The first value that is not empty after collapsing whitespace."""
    for value in values:
        if value and (cleaned := collapse_space(value)):
            return cleaned
    return None
