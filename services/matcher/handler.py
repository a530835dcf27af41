"""The matcher's step over one incident update: the commitments its fused assessment bears on, explained.
Module-level and framework-free: tested by calling it (tests/unit/test_handlers.py)."""

from __future__ import annotations

from dataclasses import dataclass

from launchwatch import metrics
from launchwatch.schemas import IncidentUpdate, MatchedEvent, utcnow
from launchwatch.streams import Message, Publisher, Rejected, decoded
from launchwatch.topics import TopicRegistry
from services.matcher.catalogue import Catalogue, match_update


@dataclass
class MatcherHandler:
    catalogue: Catalogue
    topics: TopicRegistry
    publisher: Publisher
    service: str = "matcher"

    def handle(self, message: Message) -> MatchedEvent | Rejected:
        update = decoded(message, IncidentUpdate, "invalid_event", "an incident update")
        if isinstance(update, Rejected):
            return update
        return match_update(self.catalogue, update, utcnow())

    async def emit(self, message: Message, outcome: MatchedEvent | Rejected) -> None:
        if isinstance(outcome, Rejected):
            return
        for match in outcome.matches:
            metrics.MATCHES.labels(commitment=match.commitment_id, kind=match.kind.value).inc()
        await self.publisher.publish(self.topics.events_matched, outcome, message.headers)
