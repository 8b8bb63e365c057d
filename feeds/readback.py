"""Entries read back from an Atom file a build wrote, so that a page written again reuses the
entries whose rows did not change instead of making them anew."""

from __future__ import annotations

import logging
from datetime import datetime
from pathlib import Path

from lxml import etree

from feeds.entries import Entry

log = logging.getLogger(__name__)

ATOM = "{http://www.w3.org/2005/Atom}"
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True)


def read_entries(path: Path) -> dict[str, Entry]:
    """The entries of the Atom file at `path` by id; none when it is missing or unreadable."""
    try:
        root = etree.parse(str(path), _PARSER).getroot()
        return {entry.id: entry for entry in map(_entry, root.iterfind(f"{ATOM}entry"))}
    except OSError:
        return {}
    except (etree.XMLSyntaxError, KeyError, ValueError, TypeError) as error:
        log.warning("%s cannot be read back (%s): its entries are made anew", path, error)
        return {}


def _entry(element: etree._Element) -> Entry:
    texts: dict[str, str] = {}
    links: list[str] = []
    categories: list[str] = []
    author = None
    for child in element:
        tag = child.tag.removeprefix(ATOM)
        if tag == "link":
            links.append(child.get("href"))
        elif tag == "category":
            categories.append(child.get("term"))
        elif tag == "author":
            author = child.findtext(f"{ATOM}name")
        else:
            texts[tag] = child.text or ""
    return Entry(
        id=texts["id"],
        title=texts["title"],
        link=links[0] if links else None,
        published=datetime.fromisoformat(texts["published"]),
        updated=datetime.fromisoformat(texts["updated"]),
        summary=texts.get("summary", ""),
        content=texts.get("content", ""),
        categories=tuple(categories),
        author=author,
    )
