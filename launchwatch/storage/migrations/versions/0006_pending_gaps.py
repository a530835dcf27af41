"""pending sharing gaps: the covered incidents whose gap is still to decide, so the gap check reads only those

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from alembic import op

from launchwatch.storage.tables import UTCDateTime

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

#: What the gap check looked at before this table: the `rtw-sharing` alerts revised within its lookback (two
#: days), in incidents without a gap alert. Those are its first pending gaps.
LOOKBACK = timedelta(days=2)
GAP_OPEN_CAUSE = "gap:open"
#: Their first report's time is in the alerts' JSON, not in a column: a time before any report makes each row
#: due at the first check, which decides it on the alert itself and writes the right times to a row not yet due.
UNKNOWN_FIRST_REPORT = datetime(1970, 1, 1, tzinfo=UTC)


def upgrade() -> None:
    pending = op.create_table(
        "pending_gaps",
        sa.Column("incident_id", sa.String(length=200), nullable=False),
        sa.Column("drill", sa.Boolean(), nullable=False),
        sa.Column("alert_id", sa.String(length=64), nullable=False),
        sa.Column("raised_at", UTCDateTime(), nullable=False),
        sa.Column("first_reported_at", UTCDateTime(), nullable=False),
        sa.Column("opened_at", UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("incident_id", "drill", name=op.f("pk_pending_gaps")),
    )
    op.create_index("ix_pending_gaps_raised", "pending_gaps", ["drill", "raised_at"], unique=False)
    op.create_index("ix_pending_gaps_reported", "pending_gaps", ["drill", "first_reported_at"], unique=False)

    revisions = sa.table(
        "alert_revisions",
        sa.column("alert_id", sa.String()),
        sa.column("revision", sa.Integer()),
        sa.column("cause", sa.String()),
        sa.column("incident_id", sa.String()),
        sa.column("commitment_id", sa.String()),
        sa.column("drill", sa.Boolean()),
        sa.column("updated_at", UTCDateTime()),
    )
    gap = revisions.alias("gap")
    since = sa.bindparam("since", datetime.now(UTC) - LOOKBACK, type_=UTCDateTime())
    revised = sa.select(revisions.c.alert_id).where(revisions.c.updated_at >= since)
    covered = sa.select(
        revisions.c.incident_id,
        revisions.c.drill,
        revisions.c.alert_id,
        revisions.c.updated_at,  # a first revision's time is its alert's creation
        sa.bindparam("first_reported_at", UNKNOWN_FIRST_REPORT, type_=UTCDateTime()),
    ).where(
        revisions.c.revision == 1,
        revisions.c.commitment_id == "rtw-sharing",
        revisions.c.cause != GAP_OPEN_CAUSE,  # a gap alert's own first revision
        revisions.c.alert_id.in_(revised),
        ~sa.exists().where(
            gap.c.cause == GAP_OPEN_CAUSE,
            gap.c.incident_id == revisions.c.incident_id,
            gap.c.drill == revisions.c.drill,
        ),
    )
    op.execute(
        pending.insert().from_select(["incident_id", "drill", "alert_id", "raised_at", "first_reported_at"], covered)
    )


def downgrade() -> None:
    op.drop_index("ix_pending_gaps_reported", table_name="pending_gaps")
    op.drop_index("ix_pending_gaps_raised", table_name="pending_gaps")
    op.drop_table("pending_gaps")
