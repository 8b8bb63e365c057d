"""Each source's region (national, or a province's slug) and its city where it has one."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0023"
down_revision = "0022"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "source",
        sa.Column("region", sa.String(length=32), nullable=False, server_default="national"),
    )
    op.add_column("source", sa.Column("city", sa.String(length=64), nullable=True))
    op.create_index("ix_source_region", "source", ["region"])


def downgrade() -> None:
    op.drop_index("ix_source_region", table_name="source")
    op.drop_column("source", "city")
    op.drop_column("source", "region")
