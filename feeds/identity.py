"""Feed and entry ids derived from stored identity; they never change across rebuilds."""

from __future__ import annotations

from storage.models import Policy

_PREFIX = "urn:policywatch"


def policy_entry_id(policy: Policy) -> str:
    """The id of a policy's entry in every feed of new policies."""
    return key_entry_id(policy.key)


def revision_entry_id(policy: Policy, number: int) -> str:
    """The id of the entry for version `number` of a policy in the revisions feed."""
    return key_entry_id(policy.key, number)


def key_entry_id(key: str, number: int | None = None) -> str:
    """The id of the entry of the policy whose key is `key`, or of its version `number`."""
    entry_id = f"{_PREFIX}:policy:{key}"
    return entry_id if number is None else f"{entry_id}/v{number}"


def feed_id(name: str) -> str:
    """The id of the feed stored under `name` (its path without suffix, e.g. `sources/x`)."""
    return f"{_PREFIX}:feed:{name}"
