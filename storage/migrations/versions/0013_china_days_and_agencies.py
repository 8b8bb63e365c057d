"""Publication days in China that no conversion shifts; an issuer and a department per version."""

from __future__ import annotations

import re
from datetime import UTC, timedelta

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

CHINA_OFFSET = timedelta(hours=8)
BATCH = 1000
DEPARTMENT = re.compile(r"^[^省市县区部委院府]{1,14}(?:司|处|科|室|中心)$")

version = sa.table(
    "version",
    sa.column("id", sa.Integer()),
    sa.column("published_at", sa.DateTime(timezone=True)),
    sa.column("published_on", sa.Date()),
    sa.column("agency", sa.String()),
    sa.column("issuer", sa.String()),
    sa.column("department", sa.String()),
)


def upgrade() -> None:
    op.add_column("version", sa.Column("published_on", sa.Date(), nullable=True))
    op.add_column("version", sa.Column("issuer", sa.String(length=255), nullable=True))
    op.add_column("version", sa.Column("department", sa.String(length=255), nullable=True))
    bind = op.get_bind()
    last = 0
    while True:
        rows = bind.execute(
            sa.select(version.c.id, version.c.published_at, version.c.agency)
            .where(version.c.id > last)
            .order_by(version.c.id)
            .limit(BATCH)
        ).all()
        if not rows:
            break
        for row in rows:
            bind.execute(version.update().where(version.c.id == row.id).values(**_fixed(row)))
        last = rows[-1].id
    op.drop_column("version", "agency")


def downgrade() -> None:
    op.add_column("version", sa.Column("agency", sa.String(length=255), nullable=True))
    op.execute(
        version.update().values(agency=sa.func.coalesce(version.c.department, version.c.issuer))
    )
    for column in ("department", "issuer", "published_on"):
        op.drop_column("version", column)


def _fixed(row: sa.Row) -> dict[str, object]:
    """The China day of the stored moment; the old agency as issuer, or department when it
    names a unit of a body (the issuer of those is left unknown)."""
    moment = row.published_at
    day = None
    if moment is not None:
        aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
        day = (aware.astimezone(UTC) + CHINA_OFFSET).date()
    agency = (row.agency or "").strip() or None
    is_unit = bool(agency and DEPARTMENT.match(agency))
    return {
        "published_on": day,
        "issuer": None if is_unit else agency,
        "department": agency if is_unit else None,
    }
