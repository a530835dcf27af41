"""Alerts wiring: `events.matched` → `alerts` and `alerts.<precedence>`, revisions kept in the store."""

from __future__ import annotations

import logging
import time
from typing import Any

from pydantic import ValidationError

from launchwatch import metrics
from launchwatch.codec import decode
from launchwatch.schemas import MatchedEvent, utcnow
from launchwatch.storage import Store
from launchwatch.streams import INGESTED_AT_HEADER, StreamContext, headers_of
from services.alerts.revisions import revise

log = logging.getLogger(__name__)
SERVICE = "alerts"


def register(ctx: StreamContext) -> None:
    store = Store(ctx.settings.database_url)
    matched_topic = ctx.topic(ctx.topics.events_matched)

    @ctx.app.agent(matched_topic, name=f"{ctx.app.conf.id}.alerts")
    async def alert(stream: Any) -> None:
        async for message in stream.events():
            try:
                matched = decode(MatchedEvent, message.value)
                revisions = [revise(store, matched, match, utcnow()) for match in matched.matches]
            except ValidationError as exc:
                await ctx.dead_letter(message, "invalid_matched_event", str(exc), SERVICE)
                continue
            except Exception as exc:  # a bug must not block the partition
                log.exception("alerts failed on %s/%s", message.message.partition, message.message.offset)
                await ctx.dead_letter(message, "processing_error", repr(exc), SERVICE)
                continue
            headers = headers_of(message)
            for revision, is_new in revisions:
                await ctx.send(ctx.topics.alerts, revision.incident_id, revision, headers)
                await ctx.send(ctx.topics.alerts_for(revision.precedence), revision.incident_id, revision, headers)
                if is_new:
                    metrics.ALERTS.labels(commitment=revision.commitment_id, precedence=revision.precedence.value).inc()
                    if ingested := headers.get(INGESTED_AT_HEADER):
                        metrics.PIPELINE_LATENCY.observe(max(0.0, time.time() - int(ingested) / 1000))
