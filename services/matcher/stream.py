"""Matcher wiring: `events.normalized` → `events.matched`."""

from __future__ import annotations

import logging
from typing import Any

from pydantic import ValidationError

from launchwatch import metrics
from launchwatch.codec import decode
from launchwatch.schemas import Event, MatchedEvent, utcnow
from launchwatch.streams import Rejected, StreamContext, batches, headers_of, process_batch
from services.matcher.catalogue import default_catalogue

log = logging.getLogger(__name__)
SERVICE = "matcher"


def register(ctx: StreamContext) -> None:
    catalogue = default_catalogue()
    events = ctx.topic(ctx.topics.events_normalized)

    def match_event(message: Any) -> MatchedEvent | Rejected:
        try:
            event = decode(Event, message.value)
        except ValidationError as exc:
            return Rejected("invalid_event", str(exc))
        return MatchedEvent(event=event, matches=catalogue.match(event), matched_at=utcnow(), drill=event.drill)

    @ctx.agent(events, name=f"{ctx.app.conf.id}.matcher")
    async def match(stream: Any) -> None:
        async for batch in batches(ctx.settings, stream, ctx.transactions(SERVICE)):
            for message, outcome in process_batch(batch, match_event, service=SERVICE):
                if isinstance(outcome, Rejected):
                    await ctx.dead_letter(message, outcome.reason, outcome.detail, SERVICE)
                    continue
                for m in outcome.matches:
                    metrics.MATCHES.labels(commitment=m.commitment_id, kind=m.kind.value).inc()
                await ctx.send(ctx.topics.events_matched, outcome.event.incident_id, outcome, headers_of(message))
