"""Alerts wiring: `events.matched` → `alerts` and `alerts.<precedence>`, revisions kept in the store.

Also here: the sharing-gap check (a timer), silences (refreshed by the same timer) and the HTTP
endpoints watch officers and tools use (`GET /alerts`, `GET /incidents/{id}`, `POST /alerts/{id}/ack`).
"""

from __future__ import annotations

import logging
import os
import socket
import time
from collections.abc import Sequence
from datetime import timedelta
from typing import Any

from pydantic import ValidationError

from launchwatch import metrics
from launchwatch.codec import decode
from launchwatch.schemas import Alert, MatchedEvent, utcnow
from launchwatch.storage import Store, StoreUnavailable
from launchwatch.streams import (
    INGESTED_AT_HEADER,
    Rejected,
    StreamContext,
    batches,
    headers_of,
    process_batch_until_stored,
)
from services.alerts.console_web import register_console
from services.alerts.counts import ALERTS_BY_COMMITMENT, EVENTS_BY_TYPE, TumblingCounts
from services.alerts.gap_check import GapCheck, gap_revisions
from services.alerts.receivers import receiver_sinks
from services.alerts.revisions import incident_revisions
from services.alerts.routing import muting_silence
from services.alerts.sinks import Broadcaster, Sink, TopicSink
from services.alerts.web import register_endpoints

log = logging.getLogger(__name__)
SERVICE = "alerts"


class Router:
    """Sends alert revisions to every sink, one path for all: the alert topics, the receivers, the console.

    A silence in force mutes a revision for the topics and the receivers; it is stored and counted either way.
    """

    def __init__(self, ctx: StreamContext, store: Store, counts: TumblingCounts, sinks: Sequence[Sink] = ()):
        self.ctx = ctx
        self.store = store
        self.counts = counts
        self.sinks: list[Sink] = [TopicSink(ctx), *sinks]
        self.silences = store.active_silences(utcnow(), ctx.settings.drill)

    def refresh_silences(self) -> None:
        self.silences = self.store.active_silences(utcnow(), self.ctx.settings.drill)

    async def publish(self, alert: Alert, is_new: bool, headers: dict[str, bytes] | None = None) -> None:
        now = utcnow()
        if is_new:
            metrics.ALERTS.labels(commitment=alert.commitment_id, precedence=alert.precedence.value).inc()
            self.counts.add(ALERTS_BY_COMMITMENT, alert.commitment_id, now)
        silence = muting_silence(alert, self.silences, now)
        if silence is not None and is_new:
            metrics.ALERTS_SILENCED.labels(commitment=alert.commitment_id).inc()
        for sink in self.sinks:
            await sink.deliver(alert, silence, headers)


def register(ctx: StreamContext) -> None:
    store = ctx.store
    window = timedelta(seconds=ctx.settings.rtw_gap_window_s)
    matched_topic = ctx.topic(ctx.topics.events_matched)
    counts = TumblingCounts(
        timedelta(seconds=ctx.settings.counts_window_s), f"{socket.gethostname()}:{os.getpid()}", ctx.settings.drill
    )
    broadcaster = Broadcaster()
    router = Router(ctx, store, counts, [*receiver_sinks(ctx, store), broadcaster])
    gap_check = GapCheck(store, window, ctx.settings.drill, router.publish)

    def make_revisions(message: Any) -> tuple[MatchedEvent, list[tuple[Alert, bool]]] | Rejected:
        try:
            matched = decode(MatchedEvent, message.value)
        except ValidationError as exc:
            return Rejected("invalid_matched_event", str(exc))
        now = utcnow()
        store.save_matches(matched)
        revisions = incident_revisions(store, matched, now)
        revisions += gap_revisions(store, revisions, now)
        return matched, revisions

    @ctx.agent(matched_topic, name=f"{ctx.app.conf.id}.alerts")
    async def alert(stream: Any) -> None:
        async for batch in batches(ctx.settings, stream, ctx.transactions(SERVICE)):
            for message, outcome in await process_batch_until_stored(batch, make_revisions, store.transaction, SERVICE):
                if isinstance(outcome, Rejected):
                    await ctx.dead_letter(message, outcome.reason, outcome.detail, SERVICE)
                    continue
                matched, revisions = outcome
                counts.add(EVENTS_BY_TYPE, matched.event.event_type.value, utcnow())
                gap_check.observe(matched.event.reported_at)
                headers = headers_of(message)
                for revision, is_new in revisions:
                    await router.publish(revision, is_new, headers)
                if revisions and (ingested := headers.get(INGESTED_AT_HEADER)):
                    metrics.PIPELINE_LATENCY.observe(max(0.0, time.time() - int(ingested) / 1000))

    async def check_gaps() -> None:
        try:
            router.refresh_silences()
        except StoreUnavailable as exc:  # keep the silences known; the gap check says the rest
            log.warning("silences not refreshed, the store is unavailable: %s", exc)
        await gap_check.run(utcnow())

    ctx.app.timer(ctx.settings.gap_check_interval_s, name=f"{ctx.app.conf.id}.gaps")(check_gaps)

    # A tenth of the window: a closed window is published at most that late.
    @ctx.app.timer(min(ctx.settings.counts_window_s / 10, 5.0), name=f"{ctx.app.conf.id}.counts")
    async def publish_counts() -> None:
        for window_count in counts.closed(utcnow()):
            key = f"{window_count.kind}:{window_count.key}"
            await ctx.send(ctx.topics.metrics_counts, key, window_count)

    ctx.finishers.append(check_gaps)
    register_endpoints(ctx, store, router)
    register_console(ctx, store, router, broadcaster)
