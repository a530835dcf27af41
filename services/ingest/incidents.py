"""Incident grouping: reports of the same kind of event, close in time, share one incident id.

Japan MoD, ROK JCS and KCNA reports of one launch become one incident whatever their source. The
decision is pure (`search_span`, `choose`); the store supplies the incidents already known.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from launchwatch.schemas import Event, EventType, TimePrecision
from launchwatch.storage import IncidentCandidate, Store
from services.ingest.normalize import INCIDENT_FAMILIES, incident_id_for

#: How far back a report without a time of occurrence looks for its incident: KCNA tells of a launch
#: the morning after, a statement can follow by a day or so.
UNDATED_LOOKBACK = timedelta(hours=36)

#: How long a time of each precision may stand for: "on 18 December" is any time that day.
PRECISION_SPAN: dict[TimePrecision, timedelta] = {
    TimePrecision.SECOND: timedelta(0),
    TimePrecision.MINUTE: timedelta(minutes=1),
    TimePrecision.HOUR: timedelta(hours=1),
    TimePrecision.DAY: timedelta(days=1),
}


def family_of(event_type: EventType) -> str:
    return INCIDENT_FAMILIES.get(event_type, event_type.value)


def search_span(event: Event, window: timedelta) -> tuple[datetime, datetime] | None:
    """When an incident this event belongs to may have happened; None when it cannot be tied to others.

    Month- and year-precision dates (historical data sets) are too coarse to group by.
    """
    if event.occurred_at is None:
        return event.reported_at - UNDATED_LOOKBACK, event.reported_at
    span = PRECISION_SPAN.get(event.occurred_precision)
    if span is None:
        return None
    return event.occurred_at - window, event.occurred_at + span + window


def _when(candidate: IncidentCandidate) -> datetime:
    return candidate.occurred_at or candidate.first_reported_at


def choose(event: Event, candidates: list[IncidentCandidate]) -> str | None:
    """The known incident this event belongs to: the nearest in time (the latest one for undated reports)."""
    if not candidates:
        return None
    if event.occurred_at is None:
        return max(candidates, key=lambda c: (_when(c), c.incident_id)).incident_id
    occurred = event.occurred_at
    return min(candidates, key=lambda c: (abs((_when(c) - occurred).total_seconds()), c.incident_id)).incident_id


def assign_incident(store: Store, event: Event, window: timedelta) -> Event:
    """The event with the incident id of the reports it goes with, creating the incident if it is the first."""
    family = family_of(event.event_type)
    span = search_span(event, window)
    if span is not None and (known := choose(event, store.incident_candidates(family, event.drill, *span))):
        return event.model_copy(update={"incident_id": known})
    # The first report of its incident: the id is the same a concurrent worker would derive, so two
    # workers racing on one incident's first reports create it once.
    incident_id = incident_id_for(event.event_type, event.occurred_at, event.report_id)
    store.create_incident(incident_id, family, event.drill, event.occurred_at, event.reported_at)
    return event.model_copy(update={"incident_id": incident_id})
