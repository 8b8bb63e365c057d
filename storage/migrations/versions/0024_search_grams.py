"""On PostgreSQL, the characters and two-character grams of each document's current text in a
table of their own, kept by triggers, in place of the pg_trgm indexes over every version."""

from __future__ import annotations

from alembic import op
from sqlalchemy import text

revision = "0024"
down_revision = "0023"
branch_labels = None
depends_on = None

EDITED_COLUMNS = ("title", "text", "attachment_text", "published_at")
TEXT_GRAMS = r"""CREATE OR REPLACE FUNCTION text_grams(content text, unigrams boolean)
RETURNS text[] LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT CASE WHEN unigrams THEN regexp_split_to_array(lowered, '') ELSE '{}' END
        || ARRAY(SELECT (regexp_matches(lowered, '..', 'g'))[1])
        || ARRAY(SELECT (regexp_matches(substr(lowered, 2), '..', 'g'))[1])
    FROM (SELECT lower(content) AS lowered) AS once
$$"""
BIGRAM_WORDS = r"""CREATE OR REPLACE FUNCTION bigram_words(content text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT ' ' || regexp_replace(substr(doubled, 2, length(doubled) - 2), '(..)', '\1 ', 'g')
    FROM (SELECT regexp_replace(lower(content), '(.)', '\1\1', 'g') AS doubled) AS each_twice
$$"""


def _searchable(row: str) -> str:
    """A version's title, text and attachment text, one per line (`row` prefixes columns)."""
    return f"{row}title || E'\\n' || {row}text || E'\\n' || {row}attachment_text"


def _grams(row: str) -> str:
    return f"text_grams({_searchable(row)}, true)"


UPGRADE = (
    TEXT_GRAMS,
    """CREATE TABLE search_grams (
        document_id integer PRIMARY KEY REFERENCES document (id) ON DELETE CASCADE,
        published_at timestamptz,
        grams text[] COLLATE "C" NOT NULL
    ) WITH (toast_tuple_target = 128, parallel_workers = 0)""",
    "ALTER TABLE search_grams ALTER COLUMN grams SET STATISTICS 0",
    f"""INSERT INTO search_grams (document_id, published_at, grams)
    SELECT d.id, v.published_at, {_grams("v.")}
    FROM document d JOIN version v ON v.id = d.current_version_id""",
    "CREATE INDEX ix_search_grams_grams ON search_grams USING gin (grams)",
    "CREATE INDEX ix_search_grams_newest ON search_grams "
    "(published_at DESC NULLS LAST, document_id DESC)",
    f"""CREATE OR REPLACE FUNCTION search_grams_current() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF NEW.current_version_id IS NULL THEN
            DELETE FROM search_grams WHERE document_id = NEW.id;
        ELSE
            INSERT INTO search_grams (document_id, published_at, grams)
            SELECT NEW.id, v.published_at, {_grams("v.")}
            FROM version v WHERE v.id = NEW.current_version_id
            ON CONFLICT (document_id) DO UPDATE
            SET published_at = EXCLUDED.published_at, grams = EXCLUDED.grams;
        END IF;
        RETURN NULL;
    END
    $$""",
    f"""CREATE OR REPLACE FUNCTION search_grams_edited() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        UPDATE search_grams SET published_at = NEW.published_at, grams = {_grams("NEW.")}
        FROM document d
        WHERE search_grams.document_id = NEW.document_id
            AND d.id = NEW.document_id AND d.current_version_id = NEW.id;
        RETURN NULL;
    END
    $$""",
    """CREATE TRIGGER search_grams_current AFTER UPDATE OF current_version_id ON document
    FOR EACH ROW WHEN (OLD.current_version_id IS DISTINCT FROM NEW.current_version_id)
    EXECUTE FUNCTION search_grams_current()""",
    f"""CREATE TRIGGER search_grams_edited AFTER UPDATE OF {", ".join(EDITED_COLUMNS)} ON version
    FOR EACH ROW WHEN ({" OR ".join(f"OLD.{c} IS DISTINCT FROM NEW.{c}" for c in EDITED_COLUMNS)})
    EXECUTE FUNCTION search_grams_edited()""",
    "ALTER TABLE version DROP COLUMN bigram_words",
    "DROP FUNCTION bigram_words(text)",
    "DROP INDEX ix_version_search_trgm",
)
DOWNGRADE = (
    "DROP TRIGGER search_grams_edited ON version",
    "DROP TRIGGER search_grams_current ON document",
    "DROP FUNCTION search_grams_edited()",
    "DROP FUNCTION search_grams_current()",
    "DROP TABLE search_grams",
    "DROP FUNCTION text_grams(text, boolean)",
    BIGRAM_WORDS,
    "ALTER TABLE version ADD COLUMN bigram_words text "
    f"GENERATED ALWAYS AS (bigram_words({_searchable('')})) STORED",
)


def upgrade() -> None:
    """PostgreSQL only. The rows stay narrow (their grams go to TOAST), so that reading the
    documents the GIN index finds is cheap; the planner gets no statistics of the grams,
    whose frequencies it would multiply as if they were independent, and no parallel scan,
    so that it takes the GIN index rather than reading every row's grams."""
    if op.get_bind().dialect.name == "postgresql":
        for statement in UPGRADE:
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for statement in DOWNGRADE:
        op.execute(statement)
    schema = op.get_bind().scalar(
        text("SELECT extnamespace::regnamespace::text FROM pg_extension WHERE extname = 'pg_trgm'")
    )
    op.execute(
        f"CREATE INDEX ix_version_search_bigram ON version USING gin "
        f"(bigram_words {schema}.gin_trgm_ops)"
    )
    op.execute(
        f"CREATE INDEX ix_version_search_trgm ON version USING gin "
        f"(({_searchable('')}) {schema}.gin_trgm_ops)"
    )
