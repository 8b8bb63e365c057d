"""Feed and entry ids derived from stored identity; they never change across rebuilds."""

from __future__ import annotations

from storage.models import Policy

_PREFIX = "urn:policywatch"


def policy_entry_id(policy: Policy) -> str:
    """The id of a policy's entry in every feed of new policies."""
    return f"{_PREFIX}:policy:{policy.key}"


def revision_entry_id(policy: Policy, number: int) -> str:
    """The id of the entry for version `number` of a policy in the revisions feed."""
    return f"{policy_entry_id(policy)}/v{number}"


def feed_id(name: str) -> str:
    """The id of the feed stored under `name` (its path without suffix, e.g. `sources/x`)."""
    return f"{_PREFIX}:feed:{name}"
