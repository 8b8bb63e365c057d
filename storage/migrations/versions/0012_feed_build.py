"""The mark of the last feed build per folder, compared by the daemon when it starts."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "feed_build",
        sa.Column("folder", sa.String(length=1024), nullable=False),
        sa.Column("mark", sa.String(length=128), nullable=False),
        sa.Column("built_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("folder"),
    )


def downgrade() -> None:
    op.drop_table("feed_build")
