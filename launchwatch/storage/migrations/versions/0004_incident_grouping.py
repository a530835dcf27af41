"""order-independent grouping: an incident's generation, merges and measured parties; an event's retraction

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("incidents", schema=None) as batch_op:
        batch_op.add_column(sa.Column("generation", sa.Integer(), server_default="0", nullable=False))
        batch_op.add_column(sa.Column("merged_into", sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column("merged_by", sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column("latency_parties", sa.JSON(), nullable=True))
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.add_column(sa.Column("retracts", sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column("pinned", sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.create_index(batch_op.f("ix_events_retracts"), ["retracts"], unique=False)
        batch_op.create_index("ix_events_type_occurred", ["event_type", "drill", "occurred_at"], unique=False)
        batch_op.create_index("ix_events_type_reported", ["event_type", "drill", "reported_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.drop_index("ix_events_type_reported")
        batch_op.drop_index("ix_events_type_occurred")
        batch_op.drop_index(batch_op.f("ix_events_retracts"))
        batch_op.drop_column("pinned")
        batch_op.drop_column("retracts")
    with op.batch_alter_table("incidents", schema=None) as batch_op:
        batch_op.drop_column("latency_parties")
        batch_op.drop_column("merged_by")
        batch_op.drop_column("merged_into")
        batch_op.drop_column("generation")
