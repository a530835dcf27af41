"""receiver heartbeats: which beat of each receiver's heartbeat was sent, so each goes out once

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from launchwatch.storage.tables import UTCDateTime

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "receiver_heartbeats",
        sa.Column("receiver", sa.String(length=100), nullable=False),
        sa.Column("beat", sa.Integer(), nullable=False),
        sa.Column("sent_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("receiver", "beat", name=op.f("pk_receiver_heartbeats")),
    )


def downgrade() -> None:
    op.drop_table("receiver_heartbeats")
