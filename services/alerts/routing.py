"""Where an alert revision goes: every sink (the alert topics, the receivers, the console), through one Router;
a silence in force mutes it for the topics and the receivers (it is stored and counted either way).

One path for every revision: the alerts service's, its HTTP ack's and the CLI's ack. The counts of
`metrics.counts` are one of the sinks (`CountSink`), which a silence does not mute.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from launchwatch import metrics
from launchwatch.schemas import Alert, Silence, utcnow
from launchwatch.storage import Store
from services.alerts.sinks import Sink


def muting_silence(alert: Alert, silences: Iterable[Silence], now: datetime) -> Silence | None:
    """The first silence in force at `now` that mutes `alert`, if any."""
    return next((s for s in silences if s.mutes(alert) and s.starts_at <= now < s.ends_at), None)


class Router:
    """Sends alert revisions to every sink, one path for all: the alerts worker's, its HTTP ack's and the CLI's
    ack (the alert topics, the receivers, the console, the counts). A silence in force mutes a revision for the
    topics and the receivers; it is stored and counted either way. Framework-free: the sinks hold what sends."""

    def __init__(self, store: Store, drill: bool, sinks: Sequence[Sink]):
        self.store = store
        self.drill = drill
        self.sinks = list(sinks)
        self.silences = store.active_silences(utcnow(), drill)

    def refresh_silences(self) -> None:
        self.silences = self.store.active_silences(utcnow(), self.drill)

    async def publish(self, alert: Alert, is_new: bool, headers: dict[str, bytes] | None = None) -> None:
        now = utcnow()
        if is_new:
            metrics.ALERTS.labels(commitment=alert.commitment_id, precedence=alert.precedence.value).inc()
        silence = muting_silence(alert, self.silences, now)
        if silence is not None and is_new:
            metrics.ALERTS_SILENCED.labels(commitment=alert.commitment_id).inc()
        for sink in self.sinks:
            await sink.deliver(alert, silence, headers)
