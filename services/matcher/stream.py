"""Matcher wiring: `events.normalized` → `events.matched`."""

from __future__ import annotations

import logging
from typing import Any

from pydantic import ValidationError

from launchwatch import metrics
from launchwatch.codec import decode
from launchwatch.schemas import Event, MatchedEvent, utcnow
from launchwatch.streams import StreamContext, headers_of
from services.matcher.catalogue import default_catalogue

log = logging.getLogger(__name__)
SERVICE = "matcher"


def register(ctx: StreamContext) -> None:
    catalogue = default_catalogue()
    events = ctx.topic(ctx.topics.events_normalized)

    @ctx.app.agent(events, name=f"{ctx.app.conf.id}.matcher")
    async def match(stream: Any) -> None:
        async for message in stream.events():
            try:
                event = decode(Event, message.value)
                matched = MatchedEvent(
                    event=event, matches=catalogue.match(event), matched_at=utcnow(), drill=event.drill
                )
            except ValidationError as exc:
                await ctx.dead_letter(message, "invalid_event", str(exc), SERVICE)
                continue
            except Exception as exc:  # a bug must not block the partition
                log.exception("matcher failed on %s/%s", message.message.partition, message.message.offset)
                await ctx.dead_letter(message, "processing_error", repr(exc), SERVICE)
                continue
            for m in matched.matches:
                metrics.MATCHES.labels(commitment=m.commitment_id, kind=m.kind.value).inc()
            await ctx.send(ctx.topics.events_matched, event.incident_id, matched, headers_of(message))
