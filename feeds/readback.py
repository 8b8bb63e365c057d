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
    except (etree.XMLSyntaxError, ValueError, TypeError) as error:
        log.warning("%s cannot be read back (%s): its entries are made anew", path, error)
        return {}


def _entry(element: etree._Element) -> Entry:
    links = [link.get("href") for link in element.iterfind(f"{ATOM}link")]
    return Entry(
        id=_text(element, "id"),
        title=_text(element, "title"),
        link=links[0] if links else None,
        published=datetime.fromisoformat(_text(element, "published")),
        updated=datetime.fromisoformat(_text(element, "updated")),
        summary=element.findtext(f"{ATOM}summary") or "",
        content=element.findtext(f"{ATOM}content") or "",
        categories=tuple(category.get("term") for category in element.iterfind(f"{ATOM}category")),
        author=element.findtext(f"{ATOM}author/{ATOM}name"),
    )


def _text(element: etree._Element, name: str) -> str:
    found = element.findtext(f"{ATOM}{name}")
    if found is None:
        raise ValueError(f"an entry without {name}")
    return found
