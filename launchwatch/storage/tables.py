"""Every table launchwatch keeps, in one `metadata` (the migrations in `migrations/` build exactly these).

Each row a message causes has a natural key from that message (report id, event id, alert revision), so
processing a message twice leaves one row: replays and crash recovery never duplicate. Drill rows carry
`drill = 1` and never share a key with live ones.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    DateTime,
    Dialect,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    TypeDecorator,
    UniqueConstraint,
    false,
)


class UTCDateTime(TypeDecorator[datetime]):
    """An aware datetime stored as UTC: SQLite keeps no zone, so every value is converted on the way in
    and marked UTC on the way out, and comparisons mean the same on SQLite and PostgreSQL."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"naive datetime {value!r}: launchwatch stores aware datetimes only")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


metadata = MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_name)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "pk": "pk_%(table_name)s",
    }
)

ID = 200  # the longest id a message may carry (schemas.MAX_ID_LEN)

#: Raw reports as received: the archive that replays read from.
reports = Table(
    "reports",
    metadata,
    Column("report_id", String(ID), primary_key=True),
    Column("drill", Boolean, primary_key=True),
    Column("source", String(200), nullable=False),
    Column("content_sha256", String(64), nullable=False),
    Column("published_at", UTCDateTime(), nullable=False, index=True),
    Column("received_at", UTCDateTime(), nullable=False),
    Column("kafka_position", String(400), nullable=True, doc="topic/partition/offset of its first receipt"),
    Column("raw", LargeBinary, nullable=False),
    UniqueConstraint("source", "content_sha256", "drill", name="uq_reports_source_content"),
)

#: One normalised event per report.
events = Table(
    "events",
    metadata,
    Column("event_id", String(ID), primary_key=True),
    Column("drill", Boolean, primary_key=True),
    Column("report_id", String(ID), nullable=False),
    Column("incident_id", String(ID), nullable=False, index=True),
    Column("source", String(200), nullable=False),
    Column("party", String(16), nullable=False),
    Column("event_type", String(40), nullable=False, index=True),
    Column("occurred_at", UTCDateTime(), nullable=True),
    Column("reported_at", UTCDateTime(), nullable=False),
    Column("payload", JSON, nullable=False),
    Column("retracts", String(ID), nullable=True, index=True, doc="the event id this report withdraws"),
    Column(
        "pinned",
        Boolean,
        nullable=False,
        server_default=false(),
        doc="its incident was given (a data set's row, a retraction): grouping never moves it",
    ),
    Index("ix_events_type_occurred", "event_type", "drill", "occurred_at"),
    Index("ix_events_type_reported", "event_type", "drill", "reported_at"),
)

#: Incidents: reports of the same kind of event, close in time, grouped under one id.
incidents = Table(
    "incidents",
    metadata,
    Column("incident_id", String(ID), primary_key=True),
    Column("drill", Boolean, primary_key=True),
    Column("family", String(40), nullable=False),
    Column("occurred_at", UTCDateTime(), nullable=True),
    Column("first_reported_at", UTCDateTime(), nullable=False),
    Column("generation", Integer, nullable=False, server_default="0", doc="bumped at every change of the incident"),
    Column("merged_into", String(ID), nullable=True, doc="the incident its reports now belong to"),
    Column("merged_by", String(ID), nullable=True, doc="the event whose report merged it"),
    Column("latency_parties", JSON, nullable=True, doc="parties whose reporting latency was measured"),
    Index("ix_incidents_family_occurred", "family", "drill", "occurred_at"),
)

#: Every match of an event to a commitment, with its explanation.
matches = Table(
    "matches",
    metadata,
    Column("event_id", String(ID), primary_key=True),
    Column("commitment_id", String(100), primary_key=True),
    Column("drill", Boolean, primary_key=True),
    Column("incident_id", String(ID), nullable=False, index=True),
    Column("kind", String(16), nullable=False),
    Column("rule_id", String(100), nullable=False),
    Column("rule_version", Integer, nullable=False),
    Column("precedence", String(16), nullable=False),
    Column("payload", JSON, nullable=False),
)

#: Every revision of every alert, as published.
alert_revisions = Table(
    "alert_revisions",
    metadata,
    Column("alert_id", String(64), primary_key=True),
    Column("revision", Integer, primary_key=True),
    Column("cause", String(ID + 20), nullable=False, index=True, doc="the event id (or ack id, gap key) that made it"),
    Column("incident_id", String(ID), nullable=False, index=True),
    Column("commitment_id", String(100), nullable=False, index=True),
    Column("precedence", String(16), nullable=False),
    Column("msg_type", String(16), nullable=False),
    Column("drill", Boolean, nullable=False),
    Column("updated_at", UTCDateTime(), nullable=False, index=True),
    Column("payload", JSON, nullable=False),
    UniqueConstraint("alert_id", "cause", name="uq_alert_revisions_cause"),
)

#: Acknowledgements by watch officers.
acks = Table(
    "acks",
    metadata,
    Column("alert_id", String(64), primary_key=True),
    Column("revision", Integer, primary_key=True),
    Column("by", String(200), nullable=False),
    Column("at", UTCDateTime(), nullable=False),
    Column("comment", Text, nullable=False, default=""),
)

#: Silences: routing muted for matching alerts until they expire (the alerts are still stored and counted).
silences = Table(
    "silences",
    metadata,
    Column("silence_id", String(64), primary_key=True),
    Column("commitment_id", String(100), nullable=True),
    Column("precedence", String(16), nullable=True),
    Column("starts_at", UTCDateTime(), nullable=False),
    Column("ends_at", UTCDateTime(), nullable=False, index=True),
    Column("created_by", String(200), nullable=False),
    Column("comment", Text, nullable=False),
    Column("drill", Boolean, nullable=False, server_default=false()),
)

#: Deliveries of alert revisions to receivers (webhooks): one row per (receiver, alert, revision, notice), recorded
#: when the revision is routed (or an escalation step taken) and marked when the receiver took it, so a restart
#: neither loses nor repeats one.
receiver_deliveries = Table(
    "receiver_deliveries",
    metadata,
    Column("receiver", String(100), primary_key=True),
    Column("alert_id", String(64), primary_key=True),
    Column("revision", Integer, primary_key=True),
    Column(
        "notice",
        String(120),
        primary_key=True,
        server_default="",
        doc="'' for the revision itself; an escalation's notice ('escalation/<policy>/<step>.<repeat>')",
    ),
    Column("drill", Boolean, nullable=False),
    Column("status", String(16), nullable=False, doc="pending, delivered or failed (given up)"),
    Column("created_at", UTCDateTime(), nullable=False),
    Column("next_attempt_at", UTCDateTime(), nullable=False, doc="when a pending delivery is due (a claim moves it)"),
    Column("attempts", Integer, nullable=False, default=0),
    Column("delivered_at", UTCDateTime(), nullable=True),
    Column("last_error", Text, nullable=True),
    Index("ix_receiver_deliveries_due", "receiver", "status", "next_attempt_at"),
)

#: Heartbeats sent to receivers: one row per (receiver, beat), the beat being the interval's number since the epoch;
#: the alerts worker that writes the row sends that beat, so each beat goes out once whatever the workers.
receiver_heartbeats = Table(
    "receiver_heartbeats",
    metadata,
    Column("receiver", String(100), primary_key=True),
    Column("beat", Integer, primary_key=True),
    Column("sent_at", UTCDateTime(), nullable=False),
)

#: Escalations of alerts waiting for an acknowledgement: one row per alert, armed when a revision that needs one is
#: routed under an escalation policy, stopped by an acknowledgement, a cancel or a silence. `step`, `repeat` and
#: `due_at` name the next notice; the worker that moves them (a compare-and-set) takes that notice, so each is taken
#: once whatever the workers and restarts.
escalations = Table(
    "escalations",
    metadata,
    Column("alert_id", String(64), primary_key=True),
    Column("drill", Boolean, nullable=False),
    Column("policy", String(100), nullable=False),
    Column("arming", Integer, nullable=False, doc="1 when first armed, one more at each re-arming"),
    Column("armed_at", UTCDateTime(), nullable=False),
    Column("deadline", UTCDateTime(), nullable=False, doc="when the acknowledgement is due"),
    Column("revision", Integer, nullable=False, doc="the latest revision routed: older ones change nothing"),
    Column("state", String(16), nullable=False, doc="armed, acknowledged, cancelled, silenced, ended or done"),
    Column("step", Integer, nullable=False, doc="the next notice's step (1 is the first)"),
    Column("repeat", Integer, nullable=False, doc="the next notice's repeat of its step (0: the step itself)"),
    Column("due_at", UTCDateTime(), nullable=True, doc="when the next notice is due; none once stopped"),
    Index("ix_escalations_due", "state", "due_at"),
)

#: The notices escalations took: who was told, when, which step (the alert's escalation history).
escalation_notices = Table(
    "escalation_notices",
    metadata,
    Column("alert_id", String(64), primary_key=True),
    Column("arming", Integer, primary_key=True),
    Column("step", Integer, primary_key=True),
    Column("repeat", Integer, primary_key=True),
    Column("policy", String(100), nullable=False),
    Column("revision", Integer, nullable=False, doc="the revision the notice carries"),
    Column("receivers", JSON, nullable=False),
    Column("taken_at", UTCDateTime(), nullable=False),
)

#: Sharing gaps still to decide: one row per covered incident (and namespace) whose alert misses a party, written
#: with that alert's revisions and read by the gap check once due, so that the check reads what is pending, never
#: the alerts of its whole lookback. A row leaves when the gap is decided (every party reported, the incident
#: ended) or, once the check opened its gap alert, when that alert is published (`opened_at` until then).
pending_gaps = Table(
    "pending_gaps",
    metadata,
    Column("incident_id", String(ID), primary_key=True),
    Column("drill", Boolean, primary_key=True),
    Column("alert_id", String(64), nullable=False, doc="the covered alert, whose latest revision the check decides on"),
    Column("raised_at", UTCDateTime(), nullable=False, doc="when the covered alert was raised: due a window later"),
    Column(
        "first_reported_at",
        UTCDateTime(),
        nullable=False,
        doc="its first report (event time): due once the newest report seen is a window later",
    ),
    Column("opened_at", UTCDateTime(), nullable=True, doc="when the check opened its gap alert, not yet published"),
    Index("ix_pending_gaps_raised", "drill", "raised_at"),
    Index("ix_pending_gaps_reported", "drill", "first_reported_at"),
)

#: Live workers saying they are alive (every LAUNCHWATCH_HEALTH_INTERVAL_SECONDS): which roles run, so that a role
#: no worker runs any more raises a system alert.
workers = Table(
    "workers",
    metadata,
    Column("worker", String(200), primary_key=True),
    Column("roles", String(100), nullable=False),
    Column("started_at", UTCDateTime(), nullable=False),
    Column("seen_at", UTCDateTime(), nullable=False, index=True),
)

#: System alerts (topic `alerts.system`) as the alerts service keeps them: one row per cause, raised or cleared;
#: `revision` counts its raises and clears (what the receivers are sent once each), `refreshed_at` when its observer
#: last sent it.
system_alerts = Table(
    "system_alerts",
    metadata,
    Column("id", String(300), primary_key=True),
    Column("state", String(16), nullable=False, index=True),
    Column("revision", Integer, nullable=False),
    Column("refreshed_at", UTCDateTime(), nullable=False),
    Column("changed_at", UTCDateTime(), nullable=False),
    Column("payload", JSON, nullable=False),
)

#: Each raise and clear of a system alert sent to a receiver asking for them, once: the worker that inserts the row
#: sends it.
system_notices = Table(
    "system_notices",
    metadata,
    Column("receiver", String(100), primary_key=True),
    Column("alert_id", String(300), primary_key=True),
    Column("revision", Integer, primary_key=True),
    Column("sent_at", UTCDateTime(), nullable=False),
)
