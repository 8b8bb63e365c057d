"""Attachment text per version, searchable with the page, and the links between policies."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy import text

revision = "0020"
down_revision = "0013"
branch_labels = None
depends_on = None

KEY_SHIFT = 1 << 28
NO_DATE = -(1 << 35)
ADD = "INSERT INTO search_fts(rowid, title, text)"
REMOVE = "INSERT INTO search_fts(search_fts, rowid, title, text)"


def _entry(row: str, *, attachments: bool) -> str:
    """A version's index row (as in 0010); its text followed by its attachments' text."""
    second = f"CAST(strftime('%s', {row}.published_at) AS INTEGER)"
    clamped = f"coalesce(min(max({second}, {NO_DATE + 1}), {-NO_DATE - 1}), {NO_DATE})"
    indexed = f"{row}.text || char(10) || {row}.attachment_text" if attachments else f"{row}.text"
    return f"{clamped} * {KEY_SHIFT} + {row}.document_id, {row}.title, {indexed}"


def _is_current(row: str) -> str:
    return (
        "EXISTS (SELECT 1 FROM document "
        f"WHERE id = {row}.document_id AND current_version_id = {row}.id)"
    )


def _sqlite_index(*, attachments: bool) -> tuple[str, ...]:
    columns = "title, text, published_at" + (", attachment_text" if attachments else "")
    return (
        "DROP TRIGGER IF EXISTS search_fts_edited",
        "DROP TRIGGER IF EXISTS search_fts_current",
        "DROP TABLE IF EXISTS search_fts",
        "CREATE VIRTUAL TABLE search_fts USING fts5(title, text, content='', tokenize='trigram')",
        f"{ADD} SELECT {_entry('v', attachments=attachments)} "
        "FROM document d JOIN version v ON v.id = d.current_version_id",
        f"""CREATE TRIGGER search_fts_current AFTER UPDATE OF current_version_id ON document
        WHEN old.current_version_id IS NOT new.current_version_id BEGIN
            {REMOVE} SELECT 'delete', {_entry("v", attachments=attachments)}
                FROM version v WHERE v.id = old.current_version_id;
            {ADD} SELECT {_entry("v", attachments=attachments)}
                FROM version v WHERE v.id = new.current_version_id;
        END""",
        f"""CREATE TRIGGER search_fts_edited AFTER UPDATE OF {columns} ON version
        WHEN {_is_current("new")} BEGIN
            {REMOVE} VALUES ('delete', {_entry("old", attachments=attachments)});
            {ADD} VALUES ({_entry("new", attachments=attachments)});
        END""",
    )


def _pg_index(expression: str) -> None:
    schema = op.get_bind().scalar(
        text("SELECT extnamespace::regnamespace::text FROM pg_extension WHERE extname = 'pg_trgm'")
    )
    op.execute("DROP INDEX IF EXISTS ix_version_search_trgm")
    op.execute(
        f"CREATE INDEX ix_version_search_trgm ON version USING gin (({expression}) "
        f"{schema}.gin_trgm_ops)"
    )


def upgrade() -> None:
    op.add_column(
        "version", sa.Column("attachment_text", sa.Text(), nullable=False, server_default="")
    )
    op.add_column("attachment", sa.Column("text", sa.Text(), nullable=True))
    op.add_column("attachment", sa.Column("text_status", sa.String(length=16), nullable=True))
    op.add_column("attachment", sa.Column("pages", sa.Integer(), nullable=True))
    op.create_table(
        "policy_link",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("from_policy_id", sa.Integer(), nullable=False),
        sa.Column("to_policy_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("target", sa.String(length=255), nullable=False),
        sa.Column("evidence", sa.Text(), nullable=False),
        sa.Column("found_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["from_policy_id"], ["policy.id"]),
        sa.ForeignKeyConstraint(["to_policy_id"], ["policy.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("from_policy_id", "kind", "target"),
    )
    with op.batch_alter_table("policy_link") as batch_op:
        batch_op.create_index("ix_policy_link_from_policy_id", ["from_policy_id"])
        batch_op.create_index("ix_policy_link_to_policy_id", ["to_policy_id"])
    if op.get_bind().dialect.name == "sqlite":
        for statement in _sqlite_index(attachments=True):
            op.execute(statement)
    else:
        _pg_index("title || E'\\n' || text || E'\\n' || attachment_text")


def downgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    if sqlite:
        for statement in _sqlite_index(attachments=False)[:3]:
            op.execute(statement)
    else:
        _pg_index("title || E'\\n' || text")
    op.drop_table("policy_link")
    for column in ("pages", "text_status", "text"):
        op.drop_column("attachment", column)
    op.drop_column("version", "attachment_text")
    if sqlite:
        for statement in _sqlite_index(attachments=False)[3:]:
            op.execute(statement)
