"""Turn the content block of a policy page into clean text, sanitized HTML and attachments."""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import parse_qsl, urljoin, urlsplit

import lxml.html
import nh3
from lxml.etree import Element, ParserError
from lxml.html import HtmlElement

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
_ASCII_SPACE = " \n\t\f\r"
_PRESERVED = ("pre", "textarea")
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


def _is_furniture(tag: HtmlElement) -> bool:
    marker = " ".join([tag.get("id") or "", *(tag.get("class") or "").split()])
    if marker.strip() and _FURNITURE_MARKERS.search(marker):
        return True
    strings = [text.strip() for text in tag.itertext()]
    shown = [text for text in strings if text]
    return bool(_FURNITURE_TEXT.match(" ".join(shown)[:20])) and len("".join(shown)) < 80


def strip_furniture(root: HtmlElement) -> HtmlElement:
    """Remove scripts, share bars, QR blocks, print/close buttons and similar from `root`."""
    for tag in list(root.iter(*_DROPPED_TAGS)):
        tag.drop_tree()
    for tag in list(root.iter(Element)):
        if not _attached(tag, root) or not _is_furniture(tag):
            continue
        if tag is root:
            root.clear()
        else:
            tag.drop_tree()
    return root


def _attached(tag: HtmlElement, root: HtmlElement) -> bool:
    while tag is not root:
        parent = tag.getparent()
        if parent is None:
            return False
        tag = parent
    return True


def block_text(root: HtmlElement) -> str:
    """The visible text of `root`, one line per block, whitespace collapsed."""
    pieces: list[str] = []
    _text_into(root, pieces)
    lines = (collapse_space(line) for line in "".join(pieces).split("\n"))
    return "\n".join(line for line in lines if line)


def _text_into(tag: HtmlElement, pieces: list[str]) -> None:
    block = tag.tag in _BLOCKS
    if block:
        pieces.append("\n")
    if tag.text and isinstance(tag.tag, str):
        pieces.append(tag.text)
    for child in tag:
        _text_into(child, pieces)
        if child.tail:
            pieces.append(child.tail)
    if block:
        pieces.append("\n")


def serialize(root: HtmlElement) -> str:
    """`root` as HTML, each tag's attributes in name order."""
    for tag in root.iter(Element):
        if len(tag.attrib) > 1:
            ordered = sorted(tag.attrib.items())
            tag.attrib.clear()
            tag.attrib.update(ordered)
    return lxml.html.tostring(root, encoding="unicode")


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


def find_attachments(root: HtmlElement, base_url: str) -> list[AttachmentRef]:
    """Links in `root` to documents (PDF, DOC, XLS …), in page order, without repeats."""
    found: dict[str, AttachmentRef] = {}
    for link in root.iter("a"):
        href = link.get("href")
        if href is None:
            continue
        url = urljoin(base_url, href.strip())
        file_name = download_name(url, link.get("download"))
        kind = attachment_type(url) or (attachment_type(f"/{file_name}") if file_name else None)
        if kind is None or url in found:
            continue
        text = collapse_space("".join(link.itertext()))
        name = text or file_name or urlsplit(url).path.rsplit("/", 1)[-1]
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


def parse_fragment(html: str) -> HtmlElement:
    """A detached element tree (html, body) for an HTML fragment."""
    try:
        root = lxml.html.document_fromstring(html)
    except ParserError:
        root = lxml.html.document_fromstring("<html><body></body></html>")
    _fold_blank_text(root)
    return root


def _fold_blank_text(tag: HtmlElement) -> None:
    """Blank text between tags as one newline (one space when it has none), outside `pre`."""
    if tag.tag in _PRESERVED:
        return
    if isinstance(tag.tag, str):
        tag.text = _folded(tag.text)
    for child in tag:
        _fold_blank_text(child)
        child.tail = _folded(child.tail)


def _folded(text: str | None) -> str | None:
    if not text or text.strip(_ASCII_SPACE):
        return text
    return "\n" if "\n" in text else " "


def first_text(values: Iterable[str | None]) -> str | None:
    """The first value that is not empty after collapsing whitespace."""
    for value in values:
        if value and (cleaned := collapse_space(value)):
            return cleaned
    return None
