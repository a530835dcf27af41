"""silences of one namespace: a drill's silence never mutes live alerts, nor a live one drill alerts

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Silences made before this revision were live ones: no drill could set a silence of its own.
    with op.batch_alter_table("silences", schema=None) as batch_op:
        batch_op.add_column(sa.Column("drill", sa.Boolean(), server_default=sa.false(), nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("silences", schema=None) as batch_op:
        batch_op.drop_column("drill")
