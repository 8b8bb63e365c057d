"""Near-duplicate dedupe: MinHash LSH bands per document, and the policy lock row."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from storage.similarity import bands, profile

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

BACKFILL_BATCH = 1000


def upgrade() -> None:
    band_table = op.create_table(
        "document_band",
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("band", sa.SmallInteger(), nullable=False),
        sa.Column("bucket", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(["document_id"], ["document.id"]),
        sa.PrimaryKeyConstraint("document_id", "band"),
    )
    with op.batch_alter_table("document_band", schema=None) as batch_op:
        batch_op.create_index(
            "ix_document_band_lookup", ["band", "bucket", "document_id"], unique=False
        )
    lock_table = op.create_table(
        "policy_lock",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("taken_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.bulk_insert(lock_table, [{"id": 1, "taken_at": None}])
    _backfill(band_table)


def _backfill(band_table: sa.Table) -> None:
    """Index the documents stored before this migration by their current version."""
    page = sa.text(
        "SELECT document.id, version.title, version.text FROM document "
        "JOIN version ON version.id = document.current_version_id "
        "WHERE document.id > :after ORDER BY document.id LIMIT :size"
    )
    after = 0
    while rows := op.get_bind().execute(page, {"after": after, "size": BACKFILL_BATCH}).all():
        op.bulk_insert(
            band_table,
            [
                {"document_id": document_id, "band": band, "bucket": bucket}
                for document_id, title, text in rows
                for band, bucket in bands(profile(title, text, None))
            ],
        )
        after = rows[-1][0]


def downgrade() -> None:
    op.drop_table("policy_lock")
    with op.batch_alter_table("document_band", schema=None) as batch_op:
        batch_op.drop_index("ix_document_band_lookup")
    op.drop_table("document_band")
