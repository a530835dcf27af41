"""Matcher wiring: `events.normalized` → `events.matched`."""

from __future__ import annotations

import logging
from typing import Any

from pydantic import ValidationError

from launchwatch import metrics
from launchwatch.codec import decode
from launchwatch.schemas import IncidentUpdate, MatchedEvent, utcnow
from launchwatch.streams import Rejected, StreamContext, batches, headers_of, process_batch
from services.matcher.catalogue import default_catalogue, match_update

log = logging.getLogger(__name__)
SERVICE = "matcher"


def register(ctx: StreamContext) -> None:
    catalogue = default_catalogue()
    events = ctx.topic(ctx.topics.events_normalized)

    def match_event(message: Any) -> MatchedEvent | Rejected:
        try:
            update = decode(IncidentUpdate, message.value)
        except ValidationError as exc:
            return Rejected("invalid_event", str(exc))
        return match_update(catalogue, update, utcnow())

    @ctx.agent(events, name=f"{ctx.app.conf.id}.matcher")
    async def match(stream: Any) -> None:
        async for batch in batches(ctx.settings, stream, ctx.transactions(SERVICE)):
            for message, outcome in process_batch(batch, match_event, service=SERVICE):
                if isinstance(outcome, Rejected):
                    await ctx.dead_letter(message, outcome.reason, outcome.detail, SERVICE)
                    continue
                for m in outcome.matches:
                    metrics.MATCHES.labels(commitment=m.commitment_id, kind=m.kind.value).inc()
                await ctx.send(ctx.topics.events_matched, outcome.assessment.incident_id, outcome, headers_of(message))
