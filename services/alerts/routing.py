"""Where an alert revision goes: its topics, unless a silence in force mutes it (it is stored either way).

One rule for every path that publishes a revision: the alerts service, its HTTP ack and the CLI's ack.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from launchwatch.schemas import Alert, Silence
from launchwatch.topics import TopicRegistry


def muting_silence(alert: Alert, silences: Iterable[Silence], now: datetime) -> Silence | None:
    """The first silence in force at `now` that mutes `alert`, if any."""
    return next((s for s in silences if s.mutes(alert) and s.starts_at <= now < s.ends_at), None)


def destinations(alert: Alert, topics: TopicRegistry, silences: Iterable[Silence], now: datetime) -> tuple[str, ...]:
    """The topics `alert` is published to: none while a silence mutes it."""
    if muting_silence(alert, silences, now) is not None:
        return ()
    return topics.alert_destinations(alert)
