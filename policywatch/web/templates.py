"""The web view's pages: Jinja2 templates, always autoescaped, and filters for crawled content."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import nh3
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from feeds.content import CHINA
from feeds.search_feed import feed_query
from feeds.text import safe_url

SHOWN_TAGS = nh3.ALLOWED_TAGS - {"img", "area", "map"}
_LINK_ATTRIBUTES = ("href", "cite")


def clean_html(html: str | None) -> Markup:
    """Stored HTML as shown: sanitized again with nh3 (no script, no event handler, no image
    beacon), links only to absolute http(s) URLs, opening without a referrer."""
    cleaned = nh3.clean(
        html or "",
        tags=SHOWN_TAGS,
        url_schemes={"http", "https"},
        link_rel="noopener noreferrer nofollow",
        attribute_filter=_absolute_links,
    )
    return Markup(cleaned)


def china_time(moment: datetime | None, form: str = "%Y-%m-%d %H:%M") -> str:
    """`moment` in China Standard Time, '' for None."""
    return moment.astimezone(CHINA).strftime(form) if moment else ""


def render(template: str, **context: Any) -> str:
    """The page `template` rendered with `context`."""
    return _ENVIRONMENT.get_template(template).render(**context)


def _absolute_links(_tag: str, attribute: str, value: str) -> str | None:
    return safe_url(value) if attribute in _LINK_ATTRIBUTES else value


_ENVIRONMENT = Environment(
    loader=PackageLoader("policywatch.web"),
    autoescape=select_autoescape(default=True, default_for_string=True),
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)
_ENVIRONMENT.filters |= {
    "clean_html": clean_html,
    "china_time": china_time,
    "china_day": lambda moment: china_time(moment, "%Y-%m-%d"),
    "safe_url": safe_url,
    "feed_query": feed_query,
}
