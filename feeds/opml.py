"""An OPML 2.0 subscription list of the feeds, built with xml.etree."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime


@dataclass(frozen=True)
class Subscription:
    """One feed as a reader subscribes to it, with the page where people read it."""

    title: str
    xml_url: str
    html_url: str | None


def render_opml(title: str, subscriptions: list[Subscription], modified: datetime) -> bytes:
    """The OPML document: one subscription outline per feed."""
    opml = ET.Element("opml", version="2.0")
    head = ET.SubElement(opml, "head")
    ET.SubElement(head, "title").text = title
    ET.SubElement(head, "dateModified").text = format_datetime(
        modified.astimezone(UTC), usegmt=True
    )
    body = ET.SubElement(opml, "body")
    for sub in subscriptions:
        outline = ET.SubElement(body, "outline", type="rss", text=sub.title, title=sub.title)
        outline.set("xmlUrl", sub.xml_url)
        if sub.html_url:
            outline.set("htmlUrl", sub.html_url)
    ET.indent(opml)
    return ET.tostring(opml, encoding="utf-8", xml_declaration=True) + b"\n"
