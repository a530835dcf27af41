"""index alert revisions by cause: retractions and the gap check look revisions up by the cause that made them

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26
"""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("alert_revisions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_alert_revisions_cause"), ["cause"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("alert_revisions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_alert_revisions_cause"))
