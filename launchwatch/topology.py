"""The pipeline, declared once: every topic with its key and message, every role with what it reads and writes.

The topic registry (`topics.py`) names topics from here, the services send with the key function given here,
each role's consumer group reads the input given here, and the README's topic table is generated from here
(`launchwatch schemas export`; a test fails when they drift).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from launchwatch.schemas import (
    Alert,
    CountChange,
    DeadLetter,
    IncidentUpdate,
    MatchedEvent,
    Precedence,
    SystemAlert,
    WindowCount,
)

#: Header carrying the wall-clock time (ms) a report entered the pipeline, for latency metrics.
INGESTED_AT_HEADER = "launchwatch-ingested-at-ms"
#: Headers of a replayed report: which replay sent it (ingest processes it again, idempotently), and when in
#: the replayed history it was (seconds from the first report).
REPLAY_ID_HEADER = "launchwatch-replay-id"
REPLAY_OFFSET_HEADER = "launchwatch-replay-offset-s"


@dataclass(frozen=True)
class Topic:
    """One topic: its base name, what its key is (and the function giving it), and its message."""

    name: str
    key: str
    value: str
    key_of: Callable[[Any], str | None]
    about: str = ""
    #: Compacted (the latest message per key is what counts), never deleted by age.
    compacted: bool = False
    #: Sent outside the batch's Kafka transaction in exactly-once mode (what it carries is idempotent): its
    #: offsets then have no holes (no transaction markers), so its consumer can tell a message that faust's
    #: fetcher skipped and seek back to it (launchwatch/offset_guard.py).
    outside_transactions: bool = False
    #: Writers besides the roles (commands), for the README's table.
    also_written_by: str = ""


def _incident(message: Any) -> str:
    if isinstance(message, IncidentUpdate | MatchedEvent):
        return message.assessment.incident_id
    if isinstance(message, Alert):
        return message.incident_id
    raise TypeError(f"no incident key for {type(message).__name__}")


def _given(message: Any) -> str | None:
    raise TypeError(f"the key of a {type(message).__name__} on this topic is given by the sender")


def count_change_key(message: CountChange) -> str:
    """`<kind>:<key>`: every change of one count on one partition, so one counts worker owns the count."""
    return f"{message.kind.value}:{message.key}"


def window_count_key(message: WindowCount) -> str:
    """`<kind>:<key>:<window>:<window start>`: one key per count and window, so the latest message is the figure."""
    return f"{message.kind.value}:{message.key}:{message.window.value}:{message.window_start.isoformat()}"


REPORTS_RAW = Topic("reports.raw", "report id", "`raw-report` (`text-report` or `structured-report`)", _given)
REPORTS_DEADLETTER = Topic(
    "reports.deadletter", "original key", "`dead-letter`", lambda m: m.key if isinstance(m, DeadLetter) else None
)
EVENTS_NORMALIZED = Topic(
    "events.normalized",
    "incident id",
    "`incident-update`",
    _incident,
    "the report's `event` and its incident's fused `assessment`, one message per incident the report changed",
)
EVENTS_MATCHED = Topic(
    "events.matched",
    "incident id",
    "`matched-event`",
    _incident,
    "the update with the commitments its assessment bears on",
)
ALERTS = Topic("alerts", "incident id", "`alert`", _incident, "every alert revision")
ALERTS_BY_PRECEDENCE = tuple(
    Topic(f"alerts.{p.value.lower()}", "incident id", "`alert`", _incident, f"the {p.value} revisions")
    for p in Precedence
)
COUNT_CHANGES = Topic(
    "metrics.count-changes",
    "`<kind>:<key>`",
    "`count-change`",
    count_change_key,
    "internal: what to count (a report, an incident's type and time, an alert's precedence), by count",
    # A change says what an item is now, with a version: sent twice (a batch whose transaction aborted, then
    # delivered again), it counts once.
    outside_transactions=True,
)
METRICS_COUNTS = Topic(
    "metrics.counts",
    "`<kind>:<key>:<window>:<window start>`",
    "`window-count`",
    window_count_key,
    "the current total of one window (hour, day, month, year of event time) of incidents by event type, alerts "
    "by commitment and precedence, reports by party and source; compacted: the latest message per key is the "
    "figure",
    compacted=True,
)
SYSTEM_ALERTS = Topic(
    "alerts.system",
    "system alert id",
    "`system-alert`",
    lambda m: m.id if isinstance(m, SystemAlert) else None,
    "the pipeline cannot do its job (a backlog not draining, a worker's broker or store away, a role no worker runs, "
    "a source silent, a feed failing): CAP status System, raised, sent again while the cause lasts, then cleared",
    # Sent by timers, never inside a batch: what it carries is a state, sent again and again.
    outside_transactions=True,
    also_written_by="`launchwatch ingest --poll`",
)

#: Every topic, in pipeline order.
TOPICS: tuple[Topic, ...] = (
    REPORTS_RAW,
    REPORTS_DEADLETTER,
    EVENTS_NORMALIZED,
    EVENTS_MATCHED,
    ALERTS,
    *ALERTS_BY_PRECEDENCE,
    COUNT_CHANGES,
    METRICS_COUNTS,
    SYSTEM_ALERTS,
)
BY_NAME: dict[str, Topic] = {topic.name: topic for topic in TOPICS}


@dataclass(frozen=True)
class Role:
    """A service: the topic it consumes (its consumer group's) and those it produces."""

    name: str
    input: Topic
    outputs: tuple[Topic, ...]
    about: str
    #: The faust tables it keeps, each with a changelog topic named after the worker's app id (`changelog`).
    tables: tuple[str, ...] = ()
    #: Topics it reads besides its input, in the same consumer group (the alerts role keeps the system alerts).
    also_reads: tuple[Topic, ...] = ()


ROLES: dict[str, Role] = {
    role.name: role
    for role in (
        Role(
            "ingest",
            REPORTS_RAW,
            (EVENTS_NORMALIZED, COUNT_CHANGES, REPORTS_DEADLETTER, SYSTEM_ALERTS),
            "parse, validate, extract; group into incidents and fuse each changed incident's assessment",
        ),
        Role(
            "matcher",
            EVENTS_NORMALIZED,
            (EVENTS_MATCHED, REPORTS_DEADLETTER, SYSTEM_ALERTS),
            "match each incident's assessment to the commitments catalogue, explained",
        ),
        Role(
            "alerts",
            EVENTS_MATCHED,
            (ALERTS, *ALERTS_BY_PRECEDENCE, COUNT_CHANGES, REPORTS_DEADLETTER, SYSTEM_ALERTS),
            "one alert per (incident, commitment), revised as the incident changes; sharing gaps; the system alerts "
            "kept, shown and sent to receivers",
            also_reads=(SYSTEM_ALERTS,),
        ),
        Role(
            "counts",
            COUNT_CHANGES,
            (METRICS_COUNTS, REPORTS_DEADLETTER, SYSTEM_ALERTS),
            "keep every count's windows in faust tables, each item once; publish every changed window's total",
            tables=("count-windows", "count-items"),
        ),
    )
}


def topic_table() -> str:
    """The README's topic table (Markdown)."""
    precedence = ALERTS_BY_PRECEDENCE[0]
    rows = ["| topic | key | value (JSON Schema in `schemas/`) | read by | written by |", "|---|---|---|---|---|"]
    for topic in TOPICS:
        if topic in ALERTS_BY_PRECEDENCE[1:]:
            continue
        name = "`alerts.<precedence>`" if topic is precedence else f"`{topic.name}`"
        value = f"{topic.value}: {topic.about}" if topic.about and topic is not precedence else topic.value
        if topic is precedence:
            value += ": the revisions of one precedence (flash, immediate, priority, routine)"
        readers = ", ".join(role.name for role in ROLES.values() if topic is role.input or topic in role.also_reads)
        readers = readers or "consumers outside"
        writers = ", ".join(role.name for role in ROLES.values() if topic in role.outputs)
        writers = ", ".join(w for w in (writers, topic.also_written_by) if w)
        writers = writers or "`launchwatch ingest`, `launchwatch replay`, `POST /reports`"
        rows.append(f"| {name} | {topic.key} | {value} | {readers} | {writers} |")
    for role in ROLES.values():
        for table in role.tables:
            name = f"`launchwatch-<{role.name} or all>-{table}-changelog`"
            value = f"the `{table}` faust table's changelog (JSON), compacted: the table is rebuilt from it"
            rows.append(f"| {name} | table key (JSON) | {value} | {role.name} | {role.name} |")
    return "\n".join(rows) + "\n"
