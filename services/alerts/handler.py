"""The alerts service's step over one matched incident update: the alert revisions it makes (one per commitment,
Cancels, sharing-gap revisions), then routed. Module-level and framework-free: tested by calling it
(tests/unit/test_handlers.py)."""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field

from launchwatch import metrics
from launchwatch.schemas import Alert, MatchedEvent, alert_id, gap_alert_id, utcnow
from launchwatch.storage import Store
from launchwatch.streams import Message, Rejected, decoded
from launchwatch.topology import INGESTED_AT_HEADER
from services.alerts.gap_check import GapCheck, gap_revisions
from services.alerts.revisions import incident_revisions
from services.alerts.routing import Router


@dataclass(frozen=True)
class Revised:
    """What one update made: its revisions, each with whether it is new (a redelivery republishes old ones)."""

    matched: MatchedEvent
    revisions: list[tuple[Alert, bool]]


def _matched(message: Message) -> MatchedEvent | Rejected:
    return decoded(message, MatchedEvent, "invalid_matched_event", "a matched event")


@dataclass
class AlertsHandler:
    store: Store
    router: Router
    gap_check: GapCheck
    service: str = "alerts"
    #: The batch's updates as `prepare` read them, by message position, until handled.
    _read: dict[str, MatchedEvent | Rejected] = field(default_factory=dict)

    def prepare(self, batch: Sequence[Message]) -> None:
        """The batch's updates read, and the states of the alerts they will revise read at once."""
        self._read = {message.position: _matched(message) for message in batch}
        causes, incidents, gap_alerts = set(), set(), set()
        for matched in self._read.values():
            if isinstance(matched, Rejected):
                continue
            incident, drill = matched.assessment.incident_id, matched.drill or matched.assessment.drill
            causes |= {(alert_id(incident, m.commitment_id, drill), matched.event.event_id) for m in matched.matches}
            if matched.assessment.generation > 1:  # alerts of it to close, a gap alert to revise
                incidents.add((incident, drill))
                gap_alerts.add(gap_alert_id(incident, drill))
        self.store.prefetch_alerts(causes, incidents, gap_alerts)

    def handle(self, message: Message) -> Revised | Rejected:
        matched = self._read.pop(message.position, None) or _matched(message)
        if isinstance(matched, Rejected):
            return matched
        now = utcnow()
        self.store.save_matches(matched)
        revisions = incident_revisions(self.store, matched, now)
        revisions += gap_revisions(self.store, revisions, now)
        return Revised(matched, revisions)

    async def emit(self, message: Message, outcome: Revised | Rejected) -> None:
        if isinstance(outcome, Rejected):
            return
        event = outcome.matched.event
        self.gap_check.observe(event.reported_at)
        for revision, is_new in outcome.revisions:
            await self.router.publish(revision, is_new, message.headers)
        if outcome.revisions and (ingested := message.headers.get(INGESTED_AT_HEADER)):
            metrics.PIPELINE_LATENCY.observe(max(0.0, time.time() - int(ingested) / 1000))
