"""Which policy a new document joins: a known 文号 from a compatible agency, or near-same text."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Select, and_, bindparam, func, insert, or_, select, update
from sqlalchemy.orm import Session

from storage.identity import normalize_wenhao
from storage.models import Document, DocumentBand, Policy, PolicyLock, Version
from storage.similarity import BANDS, Band, Profile, bands, profile, same_policy

MAX_CANDIDATES = 10
WENHAO_DATE_WINDOW = timedelta(days=366)
# Reposts follow their original within weeks; pages of one template (an annual call for
# projects, a recurring 解读) recur a year or more apart with most of their text in common.
TEXT_DATE_WINDOW = timedelta(days=180)
_AGENCY_SEPARATORS = re.compile(r"[\s、，,；;]+")
_LOCK_HOLDER = "policywatch_policy_lock"
_SET_PRIMARY = (
    update(Policy.__table__)
    .where(Policy.__table__.c.id == bindparam("policy"))
    .values(primary_document_id=bindparam("document"))
)
_INSERT_BANDS = insert(DocumentBand.__table__)


@dataclass(frozen=True)
class Match:
    """The policy a new document belongs to (None: a new one), the bands to index it under, and
    whether a policy of another agency or year holds its 文号 (a new one is keyed by URL)."""

    policy: Policy | None
    bands: list[Band]
    wenhao_taken: bool


def find_policy(
    session: Session, record: Mapping[str, Any], wenhao_key: str | None, now: datetime
) -> Match:
    """The known policy `record` is a repost of, if any.

    Takes the policy lock first: concurrent ingests choose one after the other, each seeing
    what the one before committed, so two reposts never found two policies.
    """
    _take_lock(session, now)
    new = profile(record["title"], record["text"], wenhao_key)
    document_bands = bands(new)
    wenhao_policies = _by_wenhao(session, wenhao_key) if wenhao_key else []
    for policy, agency in wenhao_policies:
        if compatible_agencies(agency, record.get("issuer")) and _close(
            policy.published_at, record.get("published_at"), WENHAO_DATE_WINDOW
        ):
            return Match(policy, document_bands, wenhao_taken=True)
    policy = (
        _by_text(session, new, record["source"], record.get("published_at"), document_bands)
        if document_bands
        else None
    )
    return Match(policy, document_bands, wenhao_taken=bool(wenhao_policies))


def join_policy(
    session: Session,
    known: Policy | None,
    policy_id: int,
    document_id: int,
    record: Mapping[str, Any],
) -> None:
    """The new document becomes the primary of its new policy, or of the `known` policy it
    joins when it was published first."""
    if known is None:
        session.connection().execute(_SET_PRIMARY, {"policy": policy_id, "document": document_id})
        return
    published = record.get("published_at")
    if known.primary_document_id is None or _earlier(published, known.published_at):
        known.primary_document_id = document_id
        known.published_at = published
        known.title = record["title"]
    if known.wenhao_key is None:
        known.wenhao_key = normalize_wenhao(record.get("wenhao"))


def index_bands(session: Session, document_id: int, match: Match) -> None:
    """Index the stored new document under its bands."""
    if match.bands:
        session.connection().execute(
            _INSERT_BANDS,
            [
                {"document_id": document_id, "band": band, "bucket": bucket}
                for band, bucket in match.bands
            ],
        )


def compatible_agencies(a: str | None, b: str | None) -> bool:
    """Unknown, or one names an agency the other abbreviates: 科技部 and 科学技术部办公厅."""
    if not a or not b:
        return True
    parts_a, parts_b = _AGENCY_SEPARATORS.split(a), _AGENCY_SEPARATORS.split(b)
    return any(_abbreviates(x, y) or _abbreviates(y, x) for x in parts_a if x for y in parts_b if y)


def _abbreviates(short: str, long: str) -> bool:
    rest = iter(long)
    return all(char in rest for char in short)


def _close(a: datetime | None, b: datetime | None, window: timedelta) -> bool:
    return a is None or b is None or abs(a - b) <= window


def _earlier(a: datetime | None, b: datetime | None) -> bool:
    return a is not None and (b is None or a < b)


def _take_lock(session: Session, now: datetime) -> None:
    """Update the lock row, once per transaction: the row stays locked until it ends."""
    transaction = session.get_transaction()
    if transaction is not None and session.info.get(_LOCK_HOLDER) is transaction:
        return
    taken = session.execute(
        update(PolicyLock).values(taken_at=now), execution_options={"synchronize_session": False}
    )
    if taken.rowcount != 1:
        raise RuntimeError("the policy_lock row is missing: migrate the database")
    session.info[_LOCK_HOLDER] = session.get_transaction()


def _by_wenhao(session: Session, wenhao_key: str) -> list[tuple[Policy, str | None]]:
    """Policies of this 文号 with their primary document's agency, oldest first."""
    rows = session.execute(
        select(Policy, Version.issuer)
        .outerjoin(Document, Document.id == Policy.primary_document_id)
        .outerjoin(Version, Version.id == Document.current_version_id)
        .where(Policy.wenhao_key == wenhao_key)
        .order_by(Policy.id)
    )
    return [(policy, agency) for policy, agency in rows]


def _candidates() -> Select[tuple[int]]:
    """Stored documents sharing a bucket in any band, most shared bands first: one indexed
    lookup per band, its bucket bound as `:bucket_<band>`."""
    shared = [
        and_(DocumentBand.band == band, DocumentBand.bucket == bindparam(f"bucket_{band}"))
        for band in range(BANDS)
    ]
    return (
        select(DocumentBand.document_id)
        .where(or_(*shared))
        .group_by(DocumentBand.document_id)
        .order_by(func.count().desc(), DocumentBand.document_id)
        .limit(MAX_CANDIDATES)
    )


_CANDIDATES = _candidates()


def _by_text(
    session: Session,
    new: Profile,
    source_id: str,
    published: datetime | None,
    query: list[Band],
) -> Policy | None:
    """The policy of the stored document sharing most bands with `new` that the checks confirm,
    published within TEXT_DATE_WINDOW of it by another source (a column does not repost its
    own pages: two of its pages alike in text are two issues of one template)."""
    buckets = {f"bucket_{band}": bucket for band, bucket in query}
    ranked = session.scalars(_CANDIDATES, buckets).all()
    if not ranked:
        return None
    rows = session.execute(
        select(
            Document.id,
            Document.policy_id,
            Document.source_id,
            Version.title,
            Version.text,
            Version.wenhao,
            Version.published_at,
        )
        .join(Version, Version.id == Document.current_version_id)
        .where(Document.id.in_(ranked))
    )
    found = {row.id: row for row in rows}
    for document_id in ranked:
        row = found.get(document_id)
        if row is None or row.policy_id is None or row.source_id == source_id:
            continue
        if not _close(row.published_at, published, TEXT_DATE_WINDOW):
            continue
        if same_policy(new, profile(row.title, row.text, normalize_wenhao(row.wenhao))):
            return session.get(Policy, row.policy_id)
    return None
