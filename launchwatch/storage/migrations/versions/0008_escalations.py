"""escalations: each alert's escalation waiting for an acknowledgement, the notices it took, and deliveries keyed by
notice as well (an escalation's notice is a delivery of the alert's latest revision)

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from launchwatch.storage.tables import UTCDateTime

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("receiver_deliveries", schema=None) as batch_op:
        batch_op.add_column(sa.Column("notice", sa.String(length=120), server_default="", nullable=False))
        batch_op.drop_constraint("pk_receiver_deliveries", type_="primary")
        batch_op.create_primary_key("pk_receiver_deliveries", ["receiver", "alert_id", "revision", "notice"])
    op.create_table(
        "escalations",
        sa.Column("alert_id", sa.String(length=64), nullable=False),
        sa.Column("drill", sa.Boolean(), nullable=False),
        sa.Column("policy", sa.String(length=100), nullable=False),
        sa.Column("arming", sa.Integer(), nullable=False),
        sa.Column("armed_at", UTCDateTime(), nullable=False),
        sa.Column("deadline", UTCDateTime(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("step", sa.Integer(), nullable=False),
        sa.Column("repeat", sa.Integer(), nullable=False),
        sa.Column("due_at", UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("alert_id", name=op.f("pk_escalations")),
    )
    op.create_index("ix_escalations_due", "escalations", ["state", "due_at"], unique=False)
    op.create_table(
        "escalation_notices",
        sa.Column("alert_id", sa.String(length=64), nullable=False),
        sa.Column("arming", sa.Integer(), nullable=False),
        sa.Column("step", sa.Integer(), nullable=False),
        sa.Column("repeat", sa.Integer(), nullable=False),
        sa.Column("policy", sa.String(length=100), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("receivers", sa.JSON(), nullable=False),
        sa.Column("taken_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("alert_id", "arming", "step", "repeat", name=op.f("pk_escalation_notices")),
    )


def downgrade() -> None:
    op.drop_table("escalation_notices")
    op.drop_index("ix_escalations_due", table_name="escalations")
    op.drop_table("escalations")
    with op.batch_alter_table("receiver_deliveries", schema=None) as batch_op:
        batch_op.drop_constraint("pk_receiver_deliveries", type_="primary")
        batch_op.create_primary_key("pk_receiver_deliveries", ["receiver", "alert_id", "revision"])
        batch_op.drop_column("notice")
