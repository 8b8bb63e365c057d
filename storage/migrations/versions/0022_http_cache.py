"""List page validators for conditional GET, robots.txt cached per host, newest document per
source by index, and on PostgreSQL a bigram index for short search terms."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy import text

revision = "0022"
down_revision = "0020"
branch_labels = None
depends_on = None

BIGRAM_WORDS = r"""CREATE OR REPLACE FUNCTION bigram_words(content text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT ' ' || regexp_replace(substr(doubled, 2, length(doubled) - 2), '(..)', '\1 ', 'g')
    FROM (SELECT regexp_replace(lower(content), '(.)', '\1\1', 'g') AS doubled) AS each_twice
$$"""


def upgrade() -> None:
    op.create_table(
        "list_page",
        sa.Column("url", sa.String(length=2048), nullable=False),
        sa.Column("etag", sa.String(length=255), nullable=True),
        sa.Column("last_modified", sa.String(length=64), nullable=True),
        sa.Column("fetched_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("url"),
    )
    op.create_table(
        "robots_txt",
        sa.Column("host", sa.String(length=255), nullable=False),
        sa.Column("status", sa.SmallInteger(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("fetched_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("host"),
    )
    op.create_index(
        "ix_document_source_first_seen", "document", ["source_id", "first_seen_at"], unique=False
    )
    if op.get_bind().dialect.name == "postgresql":
        _create_bigram_index()


def _create_bigram_index() -> None:
    """Each current text as the sequence of its overlapping two-character words, kept by
    PostgreSQL in a generated column, and the column's trigram index: a term of two
    characters or more is then a phrase of whole words that pg_trgm finds."""
    op.execute(BIGRAM_WORDS)
    op.execute(
        "ALTER TABLE version ADD COLUMN bigram_words text "
        "GENERATED ALWAYS AS (bigram_words(title || E'\\n' || text || E'\\n' || attachment_text)) "
        "STORED"
    )
    schema = op.get_bind().scalar(
        text("SELECT extnamespace::regnamespace::text FROM pg_extension WHERE extname = 'pg_trgm'")
    )
    op.execute(
        "CREATE INDEX ix_version_search_bigram ON version "
        f"USING gin (bigram_words {schema}.gin_trgm_ops)"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX ix_version_search_bigram")
        op.execute("ALTER TABLE version DROP COLUMN bigram_words")
        op.execute("DROP FUNCTION bigram_words(text)")
    op.drop_index("ix_document_source_first_seen", table_name="document")
    op.drop_table("robots_txt")
    op.drop_table("list_page")
