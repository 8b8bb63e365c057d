"""What the replicated sites' pages share: one page of a list, `<meta>` tags, related links."""

from __future__ import annotations

import math
from collections.abc import Iterable
from html import escape

from replica.corpus.model import Document
from replica.reply import EMPTY


def list_page(
    listed: list[Document], page: int, size: int, layout: str
) -> tuple[list[Document], int] | None:
    """The rows of page `page` (from 0) and how many pages there are; None past the last."""
    pages = math.ceil(len(listed) / size)
    if page >= pages:
        return None
    return ([] if layout == EMPTY else listed[page * size : (page + 1) * size]), pages


def meta_tags(pairs: Iterable[tuple[str, str]], end: str = ">") -> str:
    return "\n".join(f'<meta name="{name}" content="{escape(value)}"{end}' for name, value in pairs)


def related(listed: list[Document], doc: Document, count: int) -> list[Document]:
    """The first `count` other documents of the list `doc` is in."""
    return [other for other in listed if other.id != doc.id][:count]
