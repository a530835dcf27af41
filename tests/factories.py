"""Test data: a launch as the matcher sees it, with only what a test cares about spelled out."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from launchwatch.schemas import Event, MatchedEvent
from services.matcher.catalogue import default_catalogue


def launch_event(
    report_id: str,
    source: str = "rok-jcs",
    party: str = "ROK",
    missile_class: str | None = "SRBM",
    *,
    incident_id: str = "inc-1",
    occurred_at: str = "2024-10-31T07:10:00+09:00",
    reported_at: str = "2024-10-31T07:20:00+09:00",
    **fields: Any,
) -> Event:
    """A ballistic-missile launch event of one report (event id `evt-<report_id>`)."""
    return Event(
        event_id=f"evt-{report_id}",
        incident_id=incident_id,
        report_id=report_id,
        source=source,
        party=party,
        event_type="ballistic_missile_launch",
        missile_class=missile_class,
        occurred_at=datetime.fromisoformat(occurred_at),
        reported_at=datetime.fromisoformat(reported_at),
        **fields,
    )


def matched_launch(
    report_id: str, *args: Any, matched_at: datetime, drill: bool = False, **kwargs: Any
) -> MatchedEvent:
    """`launch_event(...)` with the shipped catalogue's matches."""
    event = launch_event(report_id, *args, drill=drill, **kwargs)
    return MatchedEvent(event=event, matches=default_catalogue().match(event), matched_at=matched_at, drill=drill)
