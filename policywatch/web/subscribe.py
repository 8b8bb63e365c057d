"""`/search.atom` and `/search.rss`: the search page's query as a feed a reader subscribes to."""

from __future__ import annotations

from sqlalchemy.orm import Session
from werkzeug.datastructures import MultiDict
from werkzeug.wrappers import Response

from feeds.render import MEDIA_TYPES, render
from feeds.search_feed import feed_query, search_feed
from feeds.search_form import SearchForm


def search_feed_response(
    session: Session, args: MultiDict[str, str], root_url: str, fmt: str
) -> Response:
    """The feed (`fmt` "atom" or "rss") of the newest policies the search `args` finds; its
    entries link to their pages under `root_url`, the web view's own address."""
    form = SearchForm.read(args)
    query = feed_query(form.values)
    feed = search_feed(session, f"search?{query}", form.values, form.filters, root_url)
    body = render(feed, fmt, f"{root_url}search.{fmt}?{query}")
    return Response(body, content_type=f"{MEDIA_TYPES[fmt]}; charset=utf-8")
