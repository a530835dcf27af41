"""Test data: a launch as the matcher sees it, with only what a test cares about spelled out."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from launchwatch.schemas import Alert, Event, IncidentUpdate, MatchedEvent
from launchwatch.storage import Store
from services.alerts.revisions import incident_revisions
from services.ingest.fusion import fuse
from services.ingest.regroup import regroup
from services.matcher.catalogue import default_catalogue, match_update


def launch_event(
    report_id: str,
    source: str = "rok-jcs",
    party: str = "ROK",
    missile_class: str | None = "SRBM",
    *,
    incident_id: str = "inc-1",
    occurred_at: str | None = "2024-10-31T07:10:00+09:00",
    reported_at: str = "2024-10-31T07:20:00+09:00",
    **fields: Any,
) -> Event:
    """A ballistic-missile launch event of one report (event id `evt-<report_id>`)."""
    return Event(
        event_id=fields.pop("event_id", f"evt-{report_id}"),
        incident_id=incident_id,
        report_id=report_id,
        source=source,
        party=party,
        event_type="ballistic_missile_launch",
        missile_class=missile_class,
        occurred_at=datetime.fromisoformat(occurred_at) if occurred_at else None,
        reported_at=datetime.fromisoformat(reported_at),
        **fields,
    )


def incident_update(
    events: Sequence[Event],
    *,
    matched_at: datetime,
    cause: Event | None = None,
    generation: int | None = None,
    withdrawn: frozenset[str] = frozenset(),
) -> MatchedEvent:
    """The update of the incident of `events` (all in it so far) that the last of them (or `cause`) made, with
    the shipped catalogue's matches of its fused assessment; its generation is the number of events."""
    incident_id = events[0].incident_id
    drill = events[0].drill
    assessment = fuse(
        incident_id,
        events,
        generation=len(events) if generation is None else generation,
        withdrawn=withdrawn,
        drill=drill,
    )
    update = IncidentUpdate(event=cause or events[-1], assessment=assessment, drill=drill)
    return match_update(default_catalogue(), update, matched_at)


def matched_launch(
    report_id: str, *args: Any, matched_at: datetime, drill: bool = False, generation: int = 1, **kwargs: Any
) -> MatchedEvent:
    """`launch_event(...)` as the update of its incident, with the shipped catalogue's matches; `generation`:
    the how-many-th update of the incident it is (a later one is newer)."""
    event = launch_event(report_id, *args, drill=drill, **kwargs)
    return incident_update([event], matched_at=matched_at, generation=generation)


def ingested(store: Store, event: Event, now: datetime, window: timedelta = timedelta(hours=1)) -> list[MatchedEvent]:
    """What ingest and the matcher make of one event against the store: an update per incident it changed."""
    with store.transaction():
        regrouped = regroup(store, event, window)
    return [
        match_update(default_catalogue(), IncidentUpdate(event=regrouped.event, assessment=a, drill=a.drill), now)
        for a in regrouped.assessments
    ]


def alerted(store: Store, event: Event, now: datetime) -> list[tuple[Alert, bool]]:
    """Every alert revision one event makes through ingest, the matcher and the alerts service's store path."""
    return [made for update in ingested(store, event, now) for made in incident_revisions(store, update, now)]
