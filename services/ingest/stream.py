"""Ingest wiring: `reports.raw` → `events.normalized`, rejects → `reports.deadletter`."""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Any

import faust

from launchwatch import metrics
from launchwatch.schemas import Event, StructuredReport, TextReport
from launchwatch.streams import INGESTED_AT_HEADER, StreamContext, headers_of
from services.ingest.normalize import ReportRejected, parse_report, to_event

log = logging.getLogger(__name__)
SERVICE = "ingest"


def accept_report(data: bytes, drill_namespace: bool) -> TextReport | StructuredReport:
    """Parse and validate one raw report, enforcing the namespace: drill reports never enter the live pipeline."""
    report = parse_report(data)
    if report.drill and not drill_namespace:
        raise ReportRejected("drill_on_live_topic", "a report marked drill arrived on a live topic")
    return report


def normalise(data: bytes, drill_namespace: bool) -> Event:
    """One raw message to one event (the stream's parse path, shared with `POST /reports`)."""
    event = to_event(accept_report(data, drill_namespace))
    return event.model_copy(update={"drill": True}) if drill_namespace else event


def register(ctx: StreamContext) -> None:
    raw = ctx.topic(ctx.topics.reports_raw)
    register_http(ctx)

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


def register_http(ctx: StreamContext) -> None:
    """`POST /reports` on the worker's web server: reports published to reports.raw once the broker has them."""
    from services.ingest import http

    http.require_token_off_loopback(ctx.settings)
    topic = ctx.topics.reports_raw

    @ctx.app.page("/reports")
    class Reports(faust.web.View):
        async def post(self, request: Any, **kwargs: Any) -> Any:
            settings = ctx.settings
            answer = http.check_request(request.headers.get("Authorization"), request.content_length, settings)
            if answer is None:
                body = await http.read_limited(request.content.read, settings.http_max_body_bytes)
                answer = http.too_large(settings) if body is None else http.decide_reports(body, settings.drill)
            if answer.messages:
                try:
                    producer = ctx.app.producer
                    pending = [
                        await producer.send(topic, key.encode(), value, None, None, None)
                        for key, value in answer.messages
                    ]
                    await asyncio.gather(*pending)  # acknowledged by the broker (acks=all) before answering
                except Exception as exc:
                    log.warning("POST /reports: publishing to %s failed: %r", topic, exc)
                    answer = http.error(503, "broker_unavailable", "the reports could not be published; retry")
            return self.json(answer.body, status=answer.status, headers=answer.headers or None)
