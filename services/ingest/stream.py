"""Ingest wiring: `reports.raw` → `events.normalized` (the step is `handler.py`), and `POST /reports`."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from typing import Any

import faust

from launchwatch.streams import StreamContext
from services.ingest.handler import IngestHandler

log = logging.getLogger(__name__)

#: How long `POST /reports` waits for the broker to acknowledge the reports before answering 503.
HTTP_PUBLISH_TIMEOUT_S = 10.0


def register(ctx: StreamContext) -> None:
    handler = IngestHandler(ctx.store, ctx.settings, ctx.topics, ctx)
    ctx.consume(ctx.topics.reports_raw, handler, ctx.store.transaction)
    register_http(ctx)


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
