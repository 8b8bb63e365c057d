"""SQLAlchemy models for the whole policywatch data model (DESIGN.md, Data model)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    BigInteger,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    SmallInteger,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship, validates
from sqlalchemy.types import Date

from storage.days import china_day


class UTCDateTime(TypeDecorator[datetime]):
    """A timezone-aware UTC timestamp on every backend (SQLite keeps no offset)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"naive datetime {value!r}: policywatch stores aware timestamps")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def utcnow() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        datetime: UTCDateTime,
        dict[str, Any]: JSON,
        list[Any]: JSON,
    }


class Source(Base):
    """A watched list: one column of one site."""

    __tablename__ = "source"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    site: Mapped[str] = mapped_column(String(255))
    name: Mapped[str] = mapped_column(String(255))
    list_url: Mapped[str] = mapped_column(Text)
    schedule: Mapped[str | None] = mapped_column(String(255))
    region: Mapped[str] = mapped_column(String(32), default="national", index=True)
    city: Mapped[str | None] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(32), default="unknown")
    status_since: Mapped[datetime | None]
    last_success_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    documents: Mapped[list[Document]] = relationship(back_populates="source")
    runs: Mapped[list[CrawlRun]] = relationship(back_populates="source")


class Policy(Base):
    """The cluster of documents that are one policy (a release and its reposts)."""

    __tablename__ = "policy"
    __table_args__ = (Index("ix_policy_first_seen", "first_seen_at", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(64), unique=True)
    wenhao_key: Mapped[str | None] = mapped_column(String(255), index=True)
    title: Mapped[str] = mapped_column(Text)
    primary_document_id: Mapped[int | None] = mapped_column(
        ForeignKey("document.id", use_alter=True, name="fk_policy_primary_document")
    )
    published_at: Mapped[datetime | None]
    first_seen_at: Mapped[datetime] = mapped_column(default=utcnow)

    documents: Mapped[list[Document]] = relationship(
        back_populates="policy", foreign_keys="Document.policy_id"
    )
    primary_document: Mapped[Document | None] = relationship(
        foreign_keys=[primary_document_id], post_update=True
    )


class Document(Base):
    """One page on one site, keyed by its canonical URL."""

    __tablename__ = "document"
    __table_args__ = (Index("ix_document_source_first_seen", "source_id", "first_seen_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    url: Mapped[str] = mapped_column(String(1024), unique=True)
    source_id: Mapped[str] = mapped_column(ForeignKey("source.id"), index=True)
    policy_id: Mapped[int | None] = mapped_column(ForeignKey("policy.id"), index=True)
    current_version_id: Mapped[int | None] = mapped_column(
        ForeignKey("version.id", use_alter=True, name="fk_document_current_version")
    )
    status: Mapped[str] = mapped_column(String(16), default="active")
    listing_fingerprint: Mapped[str | None] = mapped_column(String(64))
    etag: Mapped[str | None] = mapped_column(String(255))
    last_modified: Mapped[str | None] = mapped_column(String(64))
    first_seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_checked_at: Mapped[datetime | None]
    next_check_at: Mapped[datetime | None] = mapped_column(index=True)
    withdrawn_at: Mapped[datetime | None]

    source: Mapped[Source] = relationship(back_populates="documents")
    policy: Mapped[Policy | None] = relationship(
        back_populates="documents", foreign_keys=[policy_id]
    )
    versions: Mapped[list[Version]] = relationship(
        back_populates="document",
        foreign_keys="Version.document_id",
        order_by="Version.number",
    )
    current_version: Mapped[Version | None] = relationship(
        foreign_keys=[current_version_id], post_update=True
    )


class DocumentBand(Base):
    """One LSH band of a document's MinHash signature: documents sharing a bucket are candidates."""

    __tablename__ = "document_band"
    __table_args__ = (Index("ix_document_band_lookup", "band", "bucket", "document_id"),)

    document_id: Mapped[int] = mapped_column(ForeignKey("document.id"), primary_key=True)
    band: Mapped[int] = mapped_column(SmallInteger, primary_key=True)
    bucket: Mapped[int] = mapped_column(BigInteger)


class PolicyLock(Base):
    """The one row a new document's ingest updates first, so that policy choices take turns."""

    __tablename__ = "policy_lock"

    id: Mapped[int] = mapped_column(primary_key=True)
    taken_at: Mapped[datetime | None]


class Version(Base):
    """One observed state of a document. `published_on` is the publication day in China, which
    no time zone conversion shifts, set with `published_at`; `issuer` is the body in whose
    name the document is issued (工业和信息化部), `department` the unit of it that posted the
    document (装备工业一司)."""

    __tablename__ = "version"
    __table_args__ = (UniqueConstraint("document_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(Text)
    wenhao: Mapped[str | None] = mapped_column(String(255))
    issuer: Mapped[str | None] = mapped_column(String(255))
    department: Mapped[str | None] = mapped_column(String(255))
    index_no: Mapped[str | None] = mapped_column(String(255))
    published_at: Mapped[datetime | None] = mapped_column(index=True)
    published_on: Mapped[date | None] = mapped_column(Date)
    written_on: Mapped[date | None] = mapped_column(Date)
    text: Mapped[str] = mapped_column(Text)
    html: Mapped[str] = mapped_column(Text)
    content_hash: Mapped[str] = mapped_column(String(64))
    flags: Mapped[list[Any]] = mapped_column(default=list)
    topics: Mapped[dict[str, Any]] = mapped_column(default=dict)
    fetched_at: Mapped[datetime] = mapped_column(default=utcnow)
    attachment_text: Mapped[str] = mapped_column(Text, default="", server_default="")

    document: Mapped[Document] = relationship(back_populates="versions", foreign_keys=[document_id])
    attachments: Mapped[list[Attachment]] = relationship(
        back_populates="version", order_by="Attachment.position"
    )

    @validates("published_at")
    def _keep_the_day(self, _key: str, moment: datetime | None) -> datetime | None:
        self.published_on = china_day(moment)
        return moment


class Attachment(Base):
    """A file linked from a version: a PDF, DOC or spreadsheet."""

    __tablename__ = "attachment"

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("version.id"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    url: Mapped[str] = mapped_column(String(1024))
    name: Mapped[str] = mapped_column(Text)
    type: Mapped[str | None] = mapped_column(String(16))
    size: Mapped[int | None]
    sha256: Mapped[str | None] = mapped_column(String(64))
    text: Mapped[str | None] = mapped_column(Text)
    text_status: Mapped[str | None] = mapped_column(String(16))
    pages: Mapped[int | None]

    version: Mapped[Version] = relationship(back_populates="attachments")


class PolicyLink(Base):
    """A step in a policy's life: `kind` (draft_of, interprets, implements, repeals) links the
    policy `from_policy_id` to the one it names, known by id once stored, else by 文号 or
    title; `evidence` is the words that say so."""

    __tablename__ = "policy_link"
    __table_args__ = (UniqueConstraint("from_policy_id", "kind", "target"),)

    KINDS = ("draft_of", "interprets", "implements", "repeals")

    id: Mapped[int] = mapped_column(primary_key=True)
    from_policy_id: Mapped[int] = mapped_column(ForeignKey("policy.id"), index=True)
    to_policy_id: Mapped[int | None] = mapped_column(ForeignKey("policy.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    target: Mapped[str] = mapped_column(String(255))
    evidence: Mapped[str] = mapped_column(Text)
    found_at: Mapped[datetime] = mapped_column(default=utcnow)

    from_policy: Mapped[Policy] = relationship(foreign_keys=[from_policy_id])
    to_policy: Mapped[Policy | None] = relationship(foreign_keys=[to_policy_id])


class Change(Base):
    """An event that feeds and notifications are made of."""

    __tablename__ = "change"
    __table_args__ = (Index("ix_change_kind_detected", "kind", "detected_at"),)

    KINDS = ("new", "revised", "metadata_changed", "attachment_changed", "withdrawn", "restored")

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id"), index=True)
    policy_id: Mapped[int | None] = mapped_column(ForeignKey("policy.id"), index=True)
    from_version_id: Mapped[int | None] = mapped_column(ForeignKey("version.id"))
    to_version_id: Mapped[int | None] = mapped_column(ForeignKey("version.id"))
    crawl_run_id: Mapped[int | None] = mapped_column(ForeignKey("crawl_run.id"))
    detected_at: Mapped[datetime] = mapped_column(default=utcnow)

    document: Mapped[Document] = relationship(foreign_keys=[document_id])
    policy: Mapped[Policy | None] = relationship(foreign_keys=[policy_id])
    from_version: Mapped[Version | None] = relationship(foreign_keys=[from_version_id])
    to_version: Mapped[Version | None] = relationship(foreign_keys=[to_version_id])


class CrawlRun(Base):
    """One crawl of one source."""

    __tablename__ = "crawl_run"

    id: Mapped[int] = mapped_column(primary_key=True)
    source_id: Mapped[str] = mapped_column(ForeignKey("source.id"), index=True)
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None]
    outcome: Mapped[str] = mapped_column(String(32), default="running")
    reason: Mapped[str | None] = mapped_column(Text)
    requests: Mapped[int] = mapped_column(Integer, default=0)
    detail_requests: Mapped[int] = mapped_column(Integer, default=0)
    items: Mapped[int] = mapped_column(Integer, default=0)
    new: Mapped[int] = mapped_column(Integer, default=0)
    revised: Mapped[int] = mapped_column(Integer, default=0)
    unchanged: Mapped[int] = mapped_column(Integer, default=0)
    errors: Mapped[int] = mapped_column(Integer, default=0)
    stats: Mapped[dict[str, Any]] = mapped_column(default=dict)

    source: Mapped[Source] = relationship(back_populates="runs")


class Incident(Base):
    """A stretch over which a source was unhealthy: opened after repeated bad runs (or when it
    went stale), closed by itself once the source recovered."""

    __tablename__ = "incident"
    __table_args__ = (
        Index(
            "ix_incident_one_open",
            "source_id",
            unique=True,
            sqlite_where=text("closed_at IS NULL"),
            postgresql_where=text("closed_at IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    source_id: Mapped[str] = mapped_column(ForeignKey("source.id"), index=True)
    status: Mapped[str] = mapped_column(String(32))
    reason: Mapped[str | None] = mapped_column(Text)
    opened_at: Mapped[datetime] = mapped_column(default=utcnow)
    closed_at: Mapped[datetime | None]
    closed_status: Mapped[str | None] = mapped_column(String(32))
    first_run_id: Mapped[int | None] = mapped_column(ForeignKey("crawl_run.id"))
    opened_run_id: Mapped[int | None] = mapped_column(ForeignKey("crawl_run.id"))
    closed_run_id: Mapped[int | None] = mapped_column(ForeignKey("crawl_run.id"))

    source: Mapped[Source] = relationship()


class Notification(Base):
    """A webhook POST in the durable outbox: pending until delivered or given up on."""

    __tablename__ = "notification"
    __table_args__ = (
        UniqueConstraint("url", "key"),
        Index("ix_notification_due", "delivered_at", "given_up_at", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    url: Mapped[str] = mapped_column(String(1024))
    key: Mapped[str] = mapped_column(String(128))
    event: Mapped[str] = mapped_column(String(32))
    payload: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow)
    delivered_at: Mapped[datetime | None]
    given_up_at: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(Text)


class OutboxCursor(Base):
    """How far a stream of stored events (e.g. `change`) has been copied into the outbox."""

    __tablename__ = "outbox_cursor"

    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    position: Mapped[int] = mapped_column(BigInteger, default=0)


class FeedBuild(Base):
    """The last build of the feeds in one folder: the database's content mark it was built
    from, so that a restarted daemon can tell whether anything went unpublished."""

    __tablename__ = "feed_build"

    folder: Mapped[str] = mapped_column(String(1024), primary_key=True)
    mark: Mapped[str] = mapped_column(String(128))
    built_at: Mapped[datetime] = mapped_column(default=utcnow)


class ListPage(Base):
    """The validators a list page last answered with, for a conditional GET next time."""

    __tablename__ = "list_page"

    url: Mapped[str] = mapped_column(String(2048), primary_key=True)
    etag: Mapped[str | None] = mapped_column(String(255))
    last_modified: Mapped[str | None] = mapped_column(String(64))
    fetched_at: Mapped[datetime] = mapped_column(default=utcnow)


class RobotsTxt(Base):
    """A host's robots.txt as last fetched, kept until it expires (at most a day)."""

    __tablename__ = "robots_txt"

    host: Mapped[str] = mapped_column(String(255), primary_key=True)
    status: Mapped[int] = mapped_column(SmallInteger)
    body: Mapped[str] = mapped_column(Text, default="")
    fetched_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
