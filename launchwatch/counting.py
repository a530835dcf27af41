"""What the services send to be counted on `metrics.counts`: `CountChange`s, built here, pure.

Ingest sends one for every report it accepts (duplicates are dropped before) and, for every incident update
it publishes, one per event type of the incident's family; the alerts service sends one for every alert
revision it routes. They go to `metrics.count-changes`, keyed by the count's key (`<kind>:<key>`), where the
counts service keeps the windows (services/counts/). A change says what an item is now, with a version, so
sending it again (a redelivered report, a replay) counts nothing twice. Of the changes of one item a batch makes,
only the newest matters (`newest_changes`): ingest sends that one alone.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from launchwatch.schemas import (
    Alert,
    Assessment,
    CountChange,
    CountKind,
    Event,
    EventType,
    TimePrecision,
    family_of,
)


def event_time(
    occurred_at: datetime | None, precision: TimePrecision, reported_at: datetime
) -> tuple[datetime, TimePrecision]:
    """When something happened, as precisely as known; undated: the day it was first reported."""
    if occurred_at is None:
        return reported_at, TimePrecision.DAY
    return occurred_at, precision


def incident_changes(assessment: Assessment) -> list[CountChange]:
    """An incident update: the incident counts under its fused event type at its fused launch time, and under no
    other type of its family (a KCNA 'satellite' and a Japanese 'ballistic missile' are one launch); a merged
    or withdrawn incident counts under none. Versioned by the incident's generation."""
    at, precision = event_time(assessment.occurred_at, assessment.occurred_precision, assessment.reported_at)
    family = family_of(assessment.event_type)
    return [
        CountChange(
            kind=CountKind.INCIDENTS,
            key=event_type.value,
            labels={"event_type": event_type.value},
            item=assessment.incident_id,
            version=assessment.generation,
            at=at if event_type is assessment.event_type and not assessment.closed else None,
            precision=precision,
            drill=assessment.drill,
        )
        for event_type in EventType
        if family_of(event_type) == family
    ]


def alert_changes(alert: Alert) -> list[CountChange]:
    """An alert revision: the alert counts once under its commitment and precedence, at its incident's time as
    its first revision of that precedence had it (later revisions are older versions: `-revision`)."""
    facts = alert.assessment or alert.event
    at, precision = event_time(facts.occurred_at, facts.occurred_precision, facts.reported_at)
    return [
        CountChange(
            kind=CountKind.ALERTS,
            key=f"{alert.commitment_id}/{alert.precedence.value}",
            labels={"commitment": alert.commitment_id, "precedence": alert.precedence.value},
            item=alert.id,
            version=-alert.revision,
            at=at,
            precision=precision,
            drill=alert.drill,
        )
    ]


def report_changes(event: Event) -> list[CountChange]:
    """An accepted report: counted once under its party and source, at the time of the event it reports."""
    at, precision = event_time(event.occurred_at, event.occurred_precision, event.reported_at)
    return [
        CountChange(
            kind=CountKind.REPORTS,
            key=f"{event.party.value}/{event.source}",
            labels={"party": event.party.value, "source": event.source},
            item=event.event_id,
            version=0,
            at=at,
            precision=precision,
            drill=event.drill,
        )
    ]


def newest_changes(changes: Iterable[CountChange]) -> list[CountChange]:
    """Of each item's changes under each key, the newest alone (the highest version, the later of equal ones): the
    counter ignores a change older than the item's, so the older ones count nothing once the newest is applied.
    In the order each item was last changed."""
    newest: dict[tuple[str, str, str, bool], CountChange] = {}
    for change in changes:
        item = (change.kind.value, change.key, change.item, change.drill)
        known = newest.pop(item, None)
        newest[item] = change if known is None or change.version >= known.version else known
    return list(newest.values())
