"""Ingest wiring: `reports.raw` → `events.normalized`, rejects → `reports.deadletter`.

Every report is archived as received (the store replays read from); a report received before
(same id, or same source and content) is dropped and counted, unless it is the same Kafka message
redelivered after a crash or it is replayed on purpose: those are processed again, idempotently.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import faust

from launchwatch import metrics
from launchwatch.replay import REPLAY_ID_HEADER
from launchwatch.schemas import IncidentUpdate, StructuredReport, TextReport, utcnow
from launchwatch.storage import Receipt
from launchwatch.streams import (
    INGESTED_AT_HEADER,
    Rejected,
    StreamContext,
    batches,
    headers_of,
    process_batch_until_stored,
)
from services.ingest.normalize import ReportRejected, parse_report, to_event
from services.ingest.regroup import Regrouped, reassess, regroup

log = logging.getLogger(__name__)
SERVICE = "ingest"

#: How long `POST /reports` waits for the broker to acknowledge the reports before answering 503.
HTTP_PUBLISH_TIMEOUT_S = 10.0


def accept_report(data: bytes, drill_namespace: bool) -> TextReport | StructuredReport:
    """Parse and validate one raw report, enforcing the namespace: drill reports never enter the live pipeline."""
    report = parse_report(data)
    if report.drill and not drill_namespace:
        raise ReportRejected("drill_on_live_topic", "a report marked drill arrived on a live topic")
    return report


@dataclass(frozen=True)
class Ingested:
    """What ingest made of one raw report: the incidents it changed, or none for a duplicate."""

    source: str
    report_id: str
    regrouped: Regrouped | None


def register(ctx: StreamContext) -> None:
    store = ctx.store
    window = timedelta(seconds=ctx.settings.incident_window_s)
    drill = ctx.settings.drill
    raw = ctx.topic(ctx.topics.reports_raw)
    register_http(ctx)

    def archive_and_group(message: Any) -> Ingested | Rejected:
        """A raw message archived, and its event grouped into its incident (no event for a duplicate)."""
        try:
            report = accept_report(message.value, drill)
        except ReportRejected as exc:
            return Rejected(exc.reason, exc.detail)
        position = f"{message.message.topic}/{message.message.partition}/{message.message.offset}"
        receipt = store.record_report(
            report.id, report.source, report.published_at, message.value, drill, utcnow(), position
        )
        if receipt == Receipt.DUPLICATE and REPLAY_ID_HEADER not in headers_of(message):
            return Ingested(report.source, report.id, None)
        if report.retracts and (senders := store.report_sources(report.retracts, drill)) - {report.source}:
            detail = f"report {report.retracts!r} is {', '.join(sorted(senders))}'s; a source withdraws only its own"
            return Rejected("retraction_of_other_source", detail)
        event = to_event(report)
        event = event.model_copy(update={"drill": True}) if drill else event
        # A report archived just now has no event yet; one seen before may (a redelivery or a replay).
        if receipt != Receipt.NEW and (stored := store.stored_event(event.event_id, drill)):
            # Processed before (a redelivery or a replay): its incident as it is now, nothing regrouped.
            return Ingested(report.source, report.id, reassess(store, stored))
        pinned = report.event.incident_id if isinstance(report, StructuredReport) else None
        return Ingested(report.source, report.id, regroup(store, event, window, pinned))

    @ctx.agent(raw, name=f"{ctx.app.conf.id}.ingest")
    async def ingest(stream: Any) -> None:
        async for batch in batches(ctx.settings, stream, ctx.transactions(SERVICE)):
            for message, outcome in await process_batch_until_stored(
                batch, archive_and_group, store.transaction, SERVICE
            ):
                if isinstance(outcome, Rejected):
                    metrics.REPORTS.labels(source="unknown", outcome="rejected").inc()
                    await ctx.dead_letter(message, outcome.reason, outcome.detail, SERVICE)
                    continue
                source, regrouped = outcome.source, outcome.regrouped
                metrics.SOURCE_LAST_REPORT.labels(source=source).set(time.time())
                if regrouped is None:
                    metrics.DUPLICATES.labels(source=source).inc()
                    metrics.REPORTS.labels(source=source, outcome="duplicate").inc()
                    log.info("dropped duplicate report %s from %s", outcome.report_id, source)
                    continue
                event = regrouped.event
                metrics.REPORTS.labels(source=source, outcome="accepted").inc()
                metrics.EVENTS.labels(event_type=event.event_type.value).inc()
                for party, latency_s in regrouped.latencies:
                    metrics.PARTY_REPORTING_LATENCY.labels(party=party.value).observe(latency_s)
                headers = headers_of(message)
                headers.setdefault(INGESTED_AT_HEADER, str(int(time.time() * 1000)).encode())
                for assessment in regrouped.assessments:
                    update = IncidentUpdate(event=event, assessment=assessment, drill=assessment.drill)
                    await ctx.send(ctx.topics.events_normalized, assessment.incident_id, update, headers)


def register_http(ctx: StreamContext) -> None:
    """`POST /reports` on the worker's web server: reports published to reports.raw once the broker has them."""
    from services.ingest import http

    topic = ctx.topics.reports_raw

    async def publish(messages: Sequence[tuple[str, bytes]]) -> None:
        producer = ctx.app.producer
        pending = [await producer.send(topic, key.encode(), value, None, None, None) for key, value in messages]
        await asyncio.gather(*pending)

    @ctx.app.page("/reports")
    class Reports(faust.web.View):
        async def post(self, request: Any, **kwargs: Any) -> Any:
            settings = ctx.settings
            answer = http.check_request(request.headers.get("Authorization"), request.content_length, settings)
            if answer is None:
                try:
                    body = await asyncio.wait_for(
                        http.read_limited(request.content.read, settings.http_max_body_bytes),
                        settings.http_body_timeout_s,
                    )
                except TimeoutError:
                    answer = http.body_timeout(settings)
                else:
                    answer = http.too_large(settings) if body is None else http.decide_reports(body, settings.drill)
            if answer.messages:
                try:
                    # Acknowledged by the broker (acks=all) before answering, or 503 within the bound: with the
                    # broker gone the producer would wait for it for minutes, and so would the client.
                    await asyncio.wait_for(publish(answer.messages), HTTP_PUBLISH_TIMEOUT_S)
                except Exception as exc:
                    log.warning("POST /reports: publishing to %s failed: %r", topic, exc)
                    answer = http.error(503, "broker_unavailable", "the reports could not be published; retry")
            return self.json(answer.body, status=answer.status, headers=answer.headers or None)
