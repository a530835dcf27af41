"""receiver deliveries: one row per (receiver, alert, revision), so webhooks get each revision at least once

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from launchwatch.storage.tables import UTCDateTime

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "receiver_deliveries",
        sa.Column("receiver", sa.String(length=100), nullable=False),
        sa.Column("alert_id", sa.String(length=64), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("drill", sa.Boolean(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("next_attempt_at", UTCDateTime(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("delivered_at", UTCDateTime(), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("receiver", "alert_id", "revision", name=op.f("pk_receiver_deliveries")),
    )
    op.create_index(
        "ix_receiver_deliveries_due", "receiver_deliveries", ["receiver", "status", "next_attempt_at"], unique=False
    )


def downgrade() -> None:
    op.drop_index("ix_receiver_deliveries_due", table_name="receiver_deliveries")
    op.drop_table("receiver_deliveries")
