"""Policies indexed in the order feeds page them (first sighting, then id), so that a feed's
newest pages are read without scanning the archive."""

from __future__ import annotations

from alembic import op

revision = "0025"
down_revision = "0024"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_policy_first_seen", "policy", ["first_seen_at", "id"])


def downgrade() -> None:
    op.drop_index("ix_policy_first_seen", table_name="policy")
