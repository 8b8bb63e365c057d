"""Any archive search as a feed: the newest policies it finds and their revisions, in the main
feeds' entry shapes."""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import urlencode

from sqlalchemy.orm import Session

from feeds import queries
from feeds.entries import Entry, policy_entry, revision_entry
from feeds.queries import policies_by_id
from feeds.render import Feed
from feeds.search_form import FIELDS
from feeds.text import plain, safe_url
from storage.models import Change, Policy
from storage.search import SearchFilters, iter_search

SEARCH_FEED_LIMIT = 50
FEED_FIELDS = tuple(field for field in FIELDS if field != "sort")


def search_entries(
    session: Session,
    query: str,
    filters: SearchFilters,
    base_url: str | None,
    limit: int = SEARCH_FEED_LIMIT,
) -> list[Entry]:
    """The entries of the `limit` policies whose documents the search finds newest (each
    policy once, whichever of its documents matched), and of their `limit` latest revisions,
    most recently updated first."""
    policy_ids: list[int] = []
    for hit in iter_search(session, query, filters):
        if hit.policy_id is not None and hit.policy_id not in policy_ids:
            policy_ids.append(hit.policy_id)
            if len(policy_ids) == limit:
                break
    entries = [
        entry
        for policy in policies_by_id(session, policy_ids)
        if (entry := policy_entry(policy, base_url))
    ]
    entries += _revision_entries(session, policy_ids, base_url, limit)
    return sorted(entries, key=lambda entry: entry.updated, reverse=True)


def _revision_entries(
    session: Session, policy_ids: list[int], base_url: str | None, limit: int
) -> list[Entry]:
    """One entry per revised version of the policies, the primary document's when several
    documents of a policy were revised; each links to its diff in the web view under
    `base_url`, else to the original."""
    chosen: dict[tuple[int, int], tuple[Change, Policy]] = {}
    for change, policy, number in queries.revisions(session, policy_ids, limit):
        if (policy.id, number) not in chosen or policy.primary_document_id == change.document_id:
            chosen[policy.id, number] = (change, policy)
    return [
        revision_entry(change, policy, _diff_url(change, base_url), base_url)
        for change, policy in chosen.values()
    ]


def _diff_url(change: Change, base_url: str | None) -> str | None:
    if base_url is None or change.from_version is None or change.to_version is None:
        return safe_url(change.document.url)
    versions = urlencode({"from": change.from_version.number, "to": change.to_version.number})
    return f"{base_url.rstrip('/')}/document/{change.document_id}/diff?{versions}"


def feed_query(values: Mapping[str, str]) -> str:
    """The query string of a search's feed: the non-empty search fields, in a fixed order."""
    return urlencode([(name, values[name]) for name in FEED_FIELDS if values.get(name)])


def search_feed(
    session: Session,
    name: str,
    values: Mapping[str, str],
    filters: SearchFilters,
    base_url: str | None,
) -> Feed:
    """The feed `name` of the search the form `values` describe, whose storage filters are
    `filters`; its home page is the search page under `base_url`."""
    described = describe(values)
    home = f"{base_url.rstrip('/')}/?{feed_query(values)}" if base_url else None
    return Feed(
        name,
        f"policywatch · 检索 search: {described}",
        f"检索结果中最新的 {SEARCH_FEED_LIMIT} 项政策及其修订 "
        f"(the newest policies found by: {described}, and their revisions)",
        home,
        search_entries(session, values.get("q", ""), filters, base_url),
    )


def describe(values: Mapping[str, str]) -> str:
    """A search in words: its query and each filter, e.g. `呼吸机 · agency=广东`."""
    parts = [values["q"]] if values.get("q") else []
    parts += [f"{name}={values[name]}" for name in FEED_FIELDS[1:] if values.get(name)]
    return plain(" · ".join(parts)) or "全部 everything"
