"""Feed entries from ids: read back from the page written last time when their rows did not
change since, else made from their rows, read a batch at a time with everything an entry
shows loaded along; each entry once per build."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy.orm import Session

from feeds import queries
from feeds.diff.files import diff_name
from feeds.entries import Entry, policy_entry, revision_entry
from feeds.identity import key_entry_id
from feeds.lineage import repeals_lines
from feeds.members import Touched, batches
from feeds.text import safe_url
from storage.models import Change, Policy

CACHED = 5_000


class EntryMaker:
    """The entries of policies and revisions by id, for feeds whose links are under
    `base_url`, with the whole text when `full_text`. An entry read back from an earlier
    page is taken as it is unless the change log `touched` its policy since (None: a build
    afresh, which takes none). At most CACHED of each are kept."""

    def __init__(
        self, session: Session, base_url: str, full_text: bool, touched: Touched | None
    ) -> None:
        self.session = session
        self.base_url = base_url
        self.full_text = full_text
        self.touched = touched
        self._policies: dict[int, Entry | None] = {}
        self._revisions: dict[int, tuple[Change, Policy]] = {}
        self._revision_entries: dict[int, Entry] = {}
        self._versions: dict[int, tuple[str, int]] = {}
        self._repeals: dict[int, str] = {}

    def policy_entries(self, ids: Sequence[int], earlier: Mapping[str, Entry]) -> list[Entry]:
        """The entries of the policies `ids` (those stored with a version), in that order;
        `earlier` are entries read back by id."""
        missing = _missing(self._policies, ids)
        if earlier and self.touched is not None and missing:
            untouched = [i for i in missing if i not in self.touched.policies]
            for policy_id, key in queries.policy_keys(self.session, untouched).items():
                if (entry := earlier.get(key_entry_id(key))) is not None:
                    self._policies[policy_id] = entry
        for chunk in batches([i for i in missing if i not in self._policies]):
            self._policies.update(dict.fromkeys(chunk))
            policies = queries.policies_by_id(self.session, chunk)
            repeals = self._read_repeals([policy.id for policy in policies])
            for policy in policies:
                self._policies[policy.id] = policy_entry(
                    policy, self.base_url, full=self.full_text, repeals=repeals[policy.id]
                )
        return [entry for policy_id in ids if (entry := self._policies.get(policy_id))]

    def revision_entries(self, ids: Sequence[int], earlier: Mapping[str, Entry]) -> list[Entry]:
        """The entries of the revisions `ids`, in that order; each links to its diff page.
        `earlier` are entries read back by id."""
        missing = _missing(self._revision_entries, ids)
        if earlier and self.touched is not None and missing:
            untouched = [i for i in missing if i not in self.touched.revisions]
            for change_id, (key, number) in self.versions(untouched).items():
                if (entry := earlier.get(key_entry_id(key, number))) is not None:
                    self._revision_entries[change_id] = entry
        made = self.revisions([i for i in missing if i not in self._revision_entries])
        repeals = self._read_repeals([policy.id for _, policy in made])
        for change, policy in made:
            self._revision_entries[change.id] = revision_entry(
                change,
                policy,
                self._diff_link(change, policy),
                self.base_url,
                full=self.full_text,
                repeals=repeals[policy.id],
            )
        return [self._revision_entries[i] for i in ids if i in self._revision_entries]

    def revisions(self, ids: Sequence[int]) -> list[tuple[Change, Policy]]:
        """The `revised` changes `ids` with their policies, in that order."""
        for chunk in batches(_missing(self._revisions, ids)):
            for change, policy in queries.revisions_by_id(self.session, chunk):
                self._revisions[change.id] = change, policy
        return [self._revisions[change_id] for change_id in ids if change_id in self._revisions]

    def versions(self, ids: Sequence[int]) -> dict[int, tuple[str, int]]:
        """The policy key and new version number of each of the changes `ids`."""
        for chunk in batches(_missing(self._versions, ids)):
            self._versions.update(queries.revised_versions(self.session, chunk))
        return {
            change_id: self._versions[change_id] for change_id in ids if change_id in self._versions
        }

    def _read_repeals(self, policy_ids: Sequence[int]) -> dict[int, str]:
        """The repeals line of each of the policies (empty when it repeals none)."""
        for chunk in batches(_missing(self._repeals, policy_ids)):
            self._repeals.update(dict.fromkeys(chunk, ""))
            self._repeals.update(repeals_lines(self.session, chunk))
        return {policy_id: self._repeals[policy_id] for policy_id in policy_ids}

    def _diff_link(self, change: Change, policy: Policy) -> str | None:
        name = diff_name(policy.key, change.to_version.number) if change.to_version else None
        if name is None:
            return safe_url(change.document.url)
        return f"{self.base_url.rstrip('/')}/{name}.html"


def _missing(cache: dict[int, Any], ids: Iterable[int]) -> list[int]:
    """The ids among `ids` that `cache` lacks: all of them, the cache emptied first, when
    adding them would take it past CACHED."""
    wanted = list(dict.fromkeys(ids))
    missing = [row_id for row_id in wanted if row_id not in cache]
    if len(cache) + len(missing) <= CACHED:
        return missing
    cache.clear()
    return wanted
