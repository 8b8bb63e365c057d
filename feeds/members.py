"""Who belongs to each feed, in the order they joined it, read a range of that order at a time:
policies by first sighting, revisions by when they were detected."""

from __future__ import annotations

from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from sqlalchemy import ColumnElement, Select, and_, func, select, tuple_
from sqlalchemy.orm import Session

from storage.models import Change, Document, Policy, Version
from storage.relevance import RELEVANT

Key = tuple[datetime, int]
"""A member's place in its feed: when it joined (first seen, detected), then its row id."""
BATCH = 500


@dataclass(frozen=True)
class Touched:
    """What the change log names since the last build: each policy's key and sources, and
    every revision of those policies with its key and source."""

    policies: dict[int, tuple[Key, tuple[str, ...]]]
    revisions: dict[int, tuple[Key, str]]


class Scope(Protocol):
    """The members of one feed."""

    def members(self, session: Session, start: Key | None, stop: Key | None) -> list[Key]:
        """The members from `start` (the first when None) up to `stop` (excluded; to the
        last when None), oldest first."""
        ...

    def touched(self, touched: Touched) -> set[Key]:
        """The keys among `touched` that may be members: their entries may have changed."""
        ...


@dataclass(frozen=True)
class PolicyScope:
    """The policies with a document on one of `sources` (on any source when None) and, with
    `topic`, a document whose current version is relevant to it, by first sighting."""

    sources: tuple[str, ...] | None = None
    topic: str | None = None

    def members(self, session: Session, start: Key | None, stop: Key | None) -> list[Key]:
        stmt = (
            select(Policy.first_seen_at, Policy.id)
            .where(*self._conditions())
            .order_by(Policy.first_seen_at, Policy.id)
        )
        stmt = _between(stmt, tuple_(Policy.first_seen_at, Policy.id), start, stop)
        return [(seen, policy_id) for seen, policy_id in session.execute(stmt)]

    def touched(self, touched: Touched) -> set[Key]:
        wanted = set(self.sources or ())
        return {
            key
            for key, sources in touched.policies.values()
            if self.sources is None or wanted.intersection(sources)
        }

    def _conditions(self) -> list[ColumnElement[bool]]:
        documents = select(Document.id).where(Document.policy_id == Policy.id)
        if self.sources is not None:
            documents = documents.where(Document.source_id.in_(self.sources))
        conditions = [documents.exists()]
        if self.topic is not None:
            relevant = (
                select(Document.id)
                .join(Version, Version.id == Document.current_version_id)
                .where(
                    Document.policy_id == Policy.id,
                    Version.topics[self.topic].as_float() >= RELEVANT,
                )
            )
            conditions.append(relevant.exists())
        return conditions


@dataclass(frozen=True)
class RevisionScope:
    """The `revised` changes (of documents on `source` only, when given), one per version of a
    policy: the primary document's when several documents reached that version number, else
    the newest; by detection."""

    source: str | None = None

    def members(self, session: Session, start: Key | None, stop: Key | None) -> list[Key]:
        order = tuple_(Change.detected_at, Change.id)
        rows = session.execute(_between(self._revised(), order, start, stop)).all()
        rivals = [] if start is None and stop is None else self._rivals(session, rows)
        best: dict[tuple[int, int], tuple[bool, datetime, int]] = {}
        for detected, change_id, policy_id, number, primary in [*rows, *rivals]:
            rank = (bool(primary), detected, change_id)
            best[policy_id, number] = max(rank, best.get((policy_id, number), rank))
        return [
            (detected, change_id)
            for detected, change_id, policy_id, number, _ in rows
            if best[policy_id, number][2] == change_id
        ]

    def touched(self, touched: Touched) -> set[Key]:
        return {
            key
            for key, source in touched.revisions.values()
            if self.source is None or source == self.source
        }

    def _revised(self) -> Select[Any]:
        stmt = _revisions().where(Change.kind == "revised").order_by(Change.detected_at, Change.id)
        return stmt if self.source is None else stmt.where(Document.source_id == self.source)

    def _rivals(self, session: Session, rows: Sequence[Any]) -> list[Any]:
        """Every revision of the policies of `rows` with several documents (another document
        may have reached the same version number), wherever it stands in the order: read
        through the policies' documents alone, kind and source checked here, so that the
        indexes of the policies' documents and of the documents' changes serve."""
        found = []
        for ids in batches(sorted({row[2] for row in rows})):
            shared = (
                select(Document.policy_id)
                .where(Document.policy_id.in_(ids))
                .group_by(Document.policy_id)
                .having(func.count() > 1)
            )
            several = list(session.scalars(shared))
            if not several:
                continue
            stmt = _revisions().add_columns(Change.kind, Document.source_id)
            for *row, kind, source in session.execute(stmt.where(Document.policy_id.in_(several))):
                if kind == "revised" and self.source in (None, source):
                    found.append(row)
        return found


def _revisions() -> Select[Any]:
    """Changes, each with its detection, id, policy, new version number, and whether it is the
    policy's primary document's."""
    return (
        select(
            Change.detected_at,
            Change.id,
            Policy.id,
            Version.number,
            Policy.primary_document_id == Change.document_id,
        )
        .select_from(Document)
        .join(Change, Change.document_id == Document.id)
        .join(Policy, Policy.id == func.coalesce(Change.policy_id, Document.policy_id))
        .join(Version, Version.id == Change.to_version_id)
    )


def read_touched(session: Session, policy_ids: Collection[int]) -> Touched:
    """The keys and sources of the policies `policy_ids`, and of all their revisions."""
    policies: dict[int, tuple[Key, tuple[str, ...]]] = {}
    revisions: dict[int, tuple[Key, str]] = {}
    for chunk in batches(sorted(policy_ids)):
        for found, seen, source in session.execute(
            select(Policy.id, Policy.first_seen_at, Document.source_id)
            .outerjoin(Document, Document.policy_id == Policy.id)
            .where(Policy.id.in_(chunk))
        ):
            key, sources = policies.get(found, ((seen, found), ()))
            policies[found] = key, ((*sources, source) if source else sources)
        for detected, change_id, source, kind in session.execute(
            select(Change.detected_at, Change.id, Document.source_id, Change.kind)
            .select_from(Document)
            .join(Change, Change.document_id == Document.id)
            .where(Document.policy_id.in_(chunk))
        ):
            if kind == "revised":
                revisions[change_id] = (detected, change_id), source
    return Touched(policies, revisions)


def batches(ids: Collection[int]) -> Iterator[list[int]]:
    """`ids` in lists short enough for one `IN (…)`."""
    items = list(ids)
    for start in range(0, len(items), BATCH):
        yield items[start : start + BATCH]


def _between(
    stmt: Select[Any], order: ColumnElement[Any], start: Key | None, stop: Key | None
) -> Select[Any]:
    bounds = []
    if start is not None:
        bounds.append(order >= start)
    if stop is not None:
        bounds.append(order < stop)
    return stmt.where(and_(*bounds)) if bounds else stmt
