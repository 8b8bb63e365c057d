"""Full-text search over current versions: FTS5 trigram on SQLite, pg_trgm GIN on PostgreSQL."""

from __future__ import annotations

from alembic import op
from sqlalchemy import text

revision = "0010"
down_revision = "0002"
branch_labels = None
depends_on = None

KEY_SHIFT = 1 << 28
NO_DATE = -(1 << 35)
ADD = "INSERT INTO search_fts(rowid, title, text)"
REMOVE = "INSERT INTO search_fts(search_fts, rowid, title, text)"


def _entry(row: str) -> str:
    """A version's index row. The rowid is its publication second * KEY_SHIFT + its document
    id, so that rowid order is newest-first order, undated last."""
    second = f"CAST(strftime('%s', {row}.published_at) AS INTEGER)"
    clamped = f"coalesce(min(max({second}, {NO_DATE + 1}), {-NO_DATE - 1}), {NO_DATE})"
    return f"{clamped} * {KEY_SHIFT} + {row}.document_id, {row}.title, {row}.text"


def _is_current(row: str) -> str:
    return (
        "EXISTS (SELECT 1 FROM document "
        f"WHERE id = {row}.document_id AND current_version_id = {row}.id)"
    )


SQLITE_UPGRADE = (
    "CREATE VIRTUAL TABLE search_fts USING fts5(title, text, content='', tokenize='trigram')",
    f"""{ADD} SELECT {_entry("v")} FROM document d JOIN version v ON v.id = d.current_version_id""",
    f"""CREATE TRIGGER search_fts_current AFTER UPDATE OF current_version_id ON document
    WHEN old.current_version_id IS NOT new.current_version_id BEGIN
        {REMOVE} SELECT 'delete', {_entry("v")} FROM version v WHERE v.id = old.current_version_id;
        {ADD} SELECT {_entry("v")} FROM version v WHERE v.id = new.current_version_id;
    END""",
    f"""CREATE TRIGGER search_fts_edited AFTER UPDATE OF title, text, published_at ON version
    WHEN {_is_current("new")} BEGIN
        {REMOVE} VALUES ('delete', {_entry("old")});
        {ADD} VALUES ({_entry("new")});
    END""",
)
SQLITE_DOWNGRADE = (
    "DROP TRIGGER search_fts_edited",
    "DROP TRIGGER search_fts_current",
    "DROP TABLE search_fts",
)


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for statement in SQLITE_UPGRADE:
            op.execute(statement)
        return
    schema = _trigram_schema()
    op.execute(
        "CREATE INDEX ix_version_search_trgm ON version "
        f"USING gin ((title || E'\\n' || text) {schema}.gin_trgm_ops)"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for statement in SQLITE_DOWNGRADE:
            op.execute(statement)
        return
    op.execute("DROP INDEX ix_version_search_trgm")


def _trigram_schema() -> str:
    """Where pg_trgm lives; installed in `public` when missing, so that dropping one
    policywatch schema never drops an extension that other schemas' indexes use."""
    op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public")
    return op.get_bind().scalar(
        text("SELECT extnamespace::regnamespace::text FROM pg_extension WHERE extname = 'pg_trgm'")
    )
