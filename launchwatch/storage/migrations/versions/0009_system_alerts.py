"""system alerts: the live workers' presence, the system alerts kept by the alerts service, and their notices

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from launchwatch.storage.tables import UTCDateTime

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "workers",
        sa.Column("worker", sa.String(length=200), nullable=False),
        sa.Column("roles", sa.String(length=100), nullable=False),
        sa.Column("started_at", UTCDateTime(), nullable=False),
        sa.Column("seen_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("worker", name=op.f("pk_workers")),
    )
    op.create_index(op.f("ix_workers_seen_at"), "workers", ["seen_at"], unique=False)
    op.create_table(
        "system_alerts",
        sa.Column("id", sa.String(length=300), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("refreshed_at", UTCDateTime(), nullable=False),
        sa.Column("changed_at", UTCDateTime(), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_system_alerts")),
    )
    op.create_index(op.f("ix_system_alerts_state"), "system_alerts", ["state"], unique=False)
    op.create_table(
        "system_notices",
        sa.Column("receiver", sa.String(length=100), nullable=False),
        sa.Column("alert_id", sa.String(length=300), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("sent_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("receiver", "alert_id", "revision", name=op.f("pk_system_notices")),
    )


def downgrade() -> None:
    op.drop_table("system_notices")
    op.drop_index(op.f("ix_system_alerts_state"), table_name="system_alerts")
    op.drop_table("system_alerts")
    op.drop_index(op.f("ix_workers_seen_at"), table_name="workers")
    op.drop_table("workers")
