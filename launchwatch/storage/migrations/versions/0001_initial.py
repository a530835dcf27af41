"""initial schema: reports, events, incidents, matches, alert revisions, acks, silences

Revision ID: 0001
Revises:
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from launchwatch.storage.tables import UTCDateTime

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table(
        "acks",
        sa.Column("alert_id", sa.String(length=64), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("by", sa.String(length=200), nullable=False),
        sa.Column("at", UTCDateTime(), nullable=False),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("alert_id", "revision", name=op.f("pk_acks")),
    )
    op.create_table(
        "alert_revisions",
        sa.Column("alert_id", sa.String(length=64), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("cause", sa.String(length=220), nullable=False),
        sa.Column("incident_id", sa.String(length=200), nullable=False),
        sa.Column("commitment_id", sa.String(length=100), nullable=False),
        sa.Column("precedence", sa.String(length=16), nullable=False),
        sa.Column("msg_type", sa.String(length=16), nullable=False),
        sa.Column("drill", sa.Boolean(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("alert_id", "revision", name=op.f("pk_alert_revisions")),
        sa.UniqueConstraint("alert_id", "cause", name="uq_alert_revisions_cause"),
    )
    with op.batch_alter_table("alert_revisions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_alert_revisions_commitment_id"), ["commitment_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_alert_revisions_incident_id"), ["incident_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_alert_revisions_updated_at"), ["updated_at"], unique=False)

    op.create_table(
        "events",
        sa.Column("event_id", sa.String(length=200), nullable=False),
        sa.Column("drill", sa.Boolean(), nullable=False),
        sa.Column("report_id", sa.String(length=200), nullable=False),
        sa.Column("incident_id", sa.String(length=200), nullable=False),
        sa.Column("source", sa.String(length=200), nullable=False),
        sa.Column("party", sa.String(length=16), nullable=False),
        sa.Column("event_type", sa.String(length=40), nullable=False),
        sa.Column("occurred_at", UTCDateTime(), nullable=True),
        sa.Column("reported_at", UTCDateTime(), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("event_id", "drill", name=op.f("pk_events")),
    )
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_events_event_type"), ["event_type"], unique=False)
        batch_op.create_index(batch_op.f("ix_events_incident_id"), ["incident_id"], unique=False)

    op.create_table(
        "incidents",
        sa.Column("incident_id", sa.String(length=200), nullable=False),
        sa.Column("drill", sa.Boolean(), nullable=False),
        sa.Column("family", sa.String(length=40), nullable=False),
        sa.Column("occurred_at", UTCDateTime(), nullable=True),
        sa.Column("first_reported_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("incident_id", "drill", name=op.f("pk_incidents")),
    )
    with op.batch_alter_table("incidents", schema=None) as batch_op:
        batch_op.create_index("ix_incidents_family_occurred", ["family", "drill", "occurred_at"], unique=False)

    op.create_table(
        "matches",
        sa.Column("event_id", sa.String(length=200), nullable=False),
        sa.Column("commitment_id", sa.String(length=100), nullable=False),
        sa.Column("drill", sa.Boolean(), nullable=False),
        sa.Column("incident_id", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("rule_id", sa.String(length=100), nullable=False),
        sa.Column("rule_version", sa.Integer(), nullable=False),
        sa.Column("precedence", sa.String(length=16), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("event_id", "commitment_id", "drill", name=op.f("pk_matches")),
    )
    with op.batch_alter_table("matches", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_matches_incident_id"), ["incident_id"], unique=False)

    op.create_table(
        "reports",
        sa.Column("report_id", sa.String(length=200), nullable=False),
        sa.Column("drill", sa.Boolean(), nullable=False),
        sa.Column("source", sa.String(length=200), nullable=False),
        sa.Column("content_sha256", sa.String(length=64), nullable=False),
        sa.Column("published_at", UTCDateTime(), nullable=False),
        sa.Column("received_at", UTCDateTime(), nullable=False),
        sa.Column("kafka_position", sa.String(length=400), nullable=True),
        sa.Column("raw", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("report_id", "drill", name=op.f("pk_reports")),
        sa.UniqueConstraint("source", "content_sha256", "drill", name="uq_reports_source_content"),
    )
    with op.batch_alter_table("reports", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_reports_published_at"), ["published_at"], unique=False)

    op.create_table(
        "silences",
        sa.Column("silence_id", sa.String(length=64), nullable=False),
        sa.Column("commitment_id", sa.String(length=100), nullable=True),
        sa.Column("precedence", sa.String(length=16), nullable=True),
        sa.Column("starts_at", UTCDateTime(), nullable=False),
        sa.Column("ends_at", UTCDateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=200), nullable=False),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("silence_id", name=op.f("pk_silences")),
    )
    with op.batch_alter_table("silences", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_silences_ends_at"), ["ends_at"], unique=False)


def downgrade() -> None:

    with op.batch_alter_table("silences", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_silences_ends_at"))

    op.drop_table("silences")
    with op.batch_alter_table("reports", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_reports_published_at"))

    op.drop_table("reports")
    with op.batch_alter_table("matches", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_matches_incident_id"))

    op.drop_table("matches")
    with op.batch_alter_table("incidents", schema=None) as batch_op:
        batch_op.drop_index("ix_incidents_family_occurred")

    op.drop_table("incidents")
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_events_incident_id"))
        batch_op.drop_index(batch_op.f("ix_events_event_type"))

    op.drop_table("events")
    with op.batch_alter_table("alert_revisions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_alert_revisions_updated_at"))
        batch_op.drop_index(batch_op.f("ix_alert_revisions_incident_id"))
        batch_op.drop_index(batch_op.f("ix_alert_revisions_commitment_id"))

    op.drop_table("alert_revisions")
    op.drop_table("acks")
