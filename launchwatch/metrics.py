"""Prometheus metrics, named by convention (`launchwatch_…_total`, `…_seconds`); served on /metrics."""

from __future__ import annotations

from prometheus_client import CONTENT_TYPE_LATEST, Counter, Gauge, Histogram, generate_latest

LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60)

REPORTS = Counter(
    "launchwatch_reports_total", "Raw reports received by ingest, by source and outcome.", ["source", "outcome"]
)
DEADLETTERS = Counter(
    "launchwatch_deadletters_total",
    "Messages sent to the dead-letter topic, by service and reason.",
    ["service", "reason"],
)
EVENTS = Counter("launchwatch_events_total", "Normalised events published, by event type.", ["event_type"])
MATCHES = Counter(
    "launchwatch_matches_total", "Matches of events to commitments, by commitment and kind.", ["commitment", "kind"]
)
ALERTS = Counter(
    "launchwatch_alerts_total",
    "Alert revisions published, by commitment and precedence.",
    ["commitment", "precedence"],
)
ALERTS_SILENCED = Counter(
    "launchwatch_alerts_silenced_total",
    "New alert revisions stored but not routed because a silence muted them, by commitment.",
    ["commitment"],
)
DUPLICATES = Counter(
    "launchwatch_duplicate_reports_total",
    "Reports dropped because the same report (id, or source and content) was already received, by source.",
    ["source"],
)
PIPELINE_LATENCY = Histogram(
    "launchwatch_pipeline_latency_seconds",
    "Seconds from a report entering reports.raw to its alert being published.",
    buckets=LATENCY_BUCKETS,
)


#: From minutes (a flash report) to days (a data set row): how long after the incident a party reported it.
REPORTING_BUCKETS = (60, 300, 600, 1200, 1800, 3600, 7200, 21600, 86400, 604800)

PARTY_REPORTING_LATENCY = Histogram(
    "launchwatch_party_reporting_latency_seconds",
    "Seconds from an incident to a party's report of it (published minus occurred), by issuing party.",
    ["party"],
    buckets=REPORTING_BUCKETS,
)
SOURCE_LAST_REPORT = Gauge(
    "launchwatch_source_last_report_timestamp_seconds",
    "Unix time ingest last received a report from each source: tells a silent feed from a quiet day.",
    ["source"],
)
CONSUMER_LAG = Gauge(
    "launchwatch_consumer_lag",
    "Messages on an input topic not yet committed by the service's consumer group.",
    ["group", "topic"],
)
BROKER_REACHABLE = Gauge(
    "launchwatch_broker_reachable",
    "1 when the worker's last check reached the Kafka cluster, 0 when it did not.",
)


RECEIVER_DELIVERIES = Counter(
    "launchwatch_receiver_deliveries_total",
    "Attempts to deliver alert revisions to receivers (webhooks), by receiver and outcome: delivered, "
    "failed_attempt (retried with backoff) or gave_up.",
    ["receiver", "outcome"],
)
RECEIVER_HEARTBEATS = Counter(
    "launchwatch_receiver_heartbeats_total",
    "Heartbeats this worker sent to a receiver, by receiver and outcome (sent, failed).",
    ["receiver", "outcome"],
)
ESCALATION_NOTICES = Counter(
    "launchwatch_escalation_notices_total",
    "Escalation notices this worker took (an alert still unacknowledged at a step of its policy), by policy.",
    ["policy"],
)
SYSTEM_ALERTS = Counter(
    "launchwatch_system_alerts_total",
    "System alerts raised and cleared (kept by the alerts service, each change once), by condition and state.",
    ["condition", "state"],
)
RECEIVER_PENDING = Gauge(
    "launchwatch_receiver_pending",
    "Alert revisions routed to a receiver and not yet delivered, by receiver.",
    ["receiver"],
)
RECEIVER_DELIVERY_SECONDS = Histogram(
    "launchwatch_receiver_delivery_seconds",
    "Seconds a receiver took to answer a delivery it accepted, by receiver.",
    ["receiver"],
    buckets=LATENCY_BUCKETS,
)


def exposition() -> tuple[bytes, str]:
    """The metrics in Prometheus text format, with their content type."""
    return generate_latest(), CONTENT_TYPE_LATEST
