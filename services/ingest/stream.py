"""Ingest wiring: `reports.raw` → `events.normalized`, rejects → `reports.deadletter`."""

from __future__ import annotations

import logging
import time
from typing import Any

from launchwatch import metrics
from launchwatch.schemas import Event
from launchwatch.streams import INGESTED_AT_HEADER, StreamContext, headers_of
from services.ingest.normalize import ReportRejected, parse_report, to_event

log = logging.getLogger(__name__)
SERVICE = "ingest"


def normalise(data: bytes, drill_namespace: bool) -> Event:
    """One raw message to one event, enforcing the namespace: drill reports never enter the live pipeline."""
    report = parse_report(data)
    if report.drill and not drill_namespace:
        raise ReportRejected("drill_on_live_topic", "a report marked drill arrived on a live topic")
    event = to_event(report)
    return event.model_copy(update={"drill": True}) if drill_namespace else event


def register(ctx: StreamContext) -> None:
    raw = ctx.topic(ctx.topics.reports_raw)

    @ctx.app.agent(raw, name=f"{ctx.app.conf.id}.ingest")
    async def ingest(stream: Any) -> None:
        async for message in stream.events():
            try:
                event = normalise(message.value, ctx.settings.drill)
            except ReportRejected as exc:
                metrics.REPORTS.labels(source="unknown", outcome="rejected").inc()
                await ctx.dead_letter(message, exc.reason, exc.detail, SERVICE)
                continue
            except Exception as exc:  # a bug must not block the partition: park the message, go on
                log.exception("ingest failed on %s/%s", message.message.partition, message.message.offset)
                await ctx.dead_letter(message, "processing_error", repr(exc), SERVICE)
                continue
            metrics.REPORTS.labels(source=event.source, outcome="accepted").inc()
            metrics.EVENTS.labels(event_type=event.event_type.value).inc()
            headers = headers_of(message)
            headers.setdefault(INGESTED_AT_HEADER, str(int(time.time() * 1000)).encode())
            await ctx.send(ctx.topics.events_normalized, event.incident_id, event, headers)
