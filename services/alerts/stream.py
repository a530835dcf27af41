"""Alerts wiring: `events.matched` → `alerts` and `alerts.<precedence>`, revisions kept in the store.

Also here: the sharing-gap check (a timer), silences (refreshed by the same timer) and the HTTP
endpoints watch officers and tools use (`GET /alerts`, `GET /incidents/{id}`, `POST /alerts/{id}/ack`).
"""

from __future__ import annotations

import logging
import os
import socket
import time
from datetime import datetime, timedelta
from typing import Any

from pydantic import ValidationError

from launchwatch import metrics
from launchwatch.codec import decode
from launchwatch.schemas import Alert, MatchedEvent, gap_alert_id, utcnow
from launchwatch.storage import Store, StoreUnavailable
from launchwatch.streams import (
    INGESTED_AT_HEADER,
    Rejected,
    StreamContext,
    batches,
    headers_of,
    process_batch_until_stored,
)
from services.alerts import gaps
from services.alerts.counts import ALERTS_BY_COMMITMENT, EVENTS_BY_TYPE, TumblingCounts
from services.alerts.revisions import commit_revision, retract, revise
from services.alerts.web import register_endpoints

log = logging.getLogger(__name__)
SERVICE = "alerts"

#: How far back the gap check looks for covered launches still missing a party.
GAP_LOOKBACK = timedelta(days=2)


class Router:
    """Publishes alert revisions to their topics, unless a silence mutes them (they are stored either way)."""

    def __init__(self, ctx: StreamContext, store: Store, counts: TumblingCounts):
        self.ctx = ctx
        self.store = store
        self.counts = counts
        self.silences = store.active_silences(utcnow())

    def refresh_silences(self) -> None:
        self.silences = self.store.active_silences(utcnow())

    async def publish(self, alert: Alert, is_new: bool, headers: dict[str, bytes] | None = None) -> None:
        now = utcnow()
        if is_new:
            metrics.ALERTS.labels(commitment=alert.commitment_id, precedence=alert.precedence.value).inc()
            self.counts.add(ALERTS_BY_COMMITMENT, alert.commitment_id, now)
        if any(s.mutes(alert) and s.ends_at > now for s in self.silences):
            if is_new:
                metrics.ALERTS_SILENCED.labels(commitment=alert.commitment_id).inc()
            return
        for topic in self.ctx.topics.alert_destinations(alert):
            await self.ctx.send(topic, alert.incident_id, alert, headers)


def gap_revisions(store: Store, revisions: list[tuple[Alert, bool]], now: datetime) -> list[tuple[Alert, bool]]:
    """Revisions of open gap alerts that new covered revisions change (a missing party has reported)."""
    updates = []
    for alert, _ in revisions:
        # A gap alert is opened from a stored covered alert, so a covered alert's first revision has none.
        if alert.revision == 1 or not gaps.covered(alert):
            continue
        key = gap_alert_id(alert.incident_id, alert.drill)
        gap_alert = store.latest_alert(key)
        if gap_alert is None:
            continue
        cause = f"gap:{alert.revision_id}"
        made = commit_revision(
            store, key, cause, lambda prev, source=alert: gaps.revise_gap(prev, source, now) if prev else None
        )
        if made is not None:
            updates.append(made)
    return updates


def register(ctx: StreamContext) -> None:
    store = ctx.store
    window = timedelta(seconds=ctx.settings.rtw_gap_window_s)
    watermark: list[datetime] = []  # the newest report time seen (event time), for replays at any speed
    matched_topic = ctx.topic(ctx.topics.events_matched)
    counts = TumblingCounts(
        timedelta(seconds=ctx.settings.counts_window_s), f"{socket.gethostname()}:{os.getpid()}", ctx.settings.drill
    )
    router = Router(ctx, store, counts)

    def make_revisions(message: Any) -> tuple[MatchedEvent, list[tuple[Alert, bool]]] | Rejected:
        try:
            matched = decode(MatchedEvent, message.value)
        except ValidationError as exc:
            return Rejected("invalid_matched_event", str(exc))
        now = utcnow()
        store.save_matches(matched)
        revisions = retract(store, matched.event, now)
        revisions += [revise(store, matched, match, now) for match in matched.matches]
        revisions += gap_revisions(store, revisions, now)
        return matched, revisions

    @ctx.app.agent(matched_topic, name=f"{ctx.app.conf.id}.alerts")
    async def alert(stream: Any) -> None:
        async for batch in batches(ctx, stream):
            for message, outcome in await process_batch_until_stored(batch, make_revisions, store.transaction, SERVICE):
                if isinstance(outcome, Rejected):
                    await ctx.dead_letter(message, outcome.reason, outcome.detail, SERVICE)
                    continue
                matched, revisions = outcome
                counts.add(EVENTS_BY_TYPE, matched.event.event_type.value, utcnow())
                if not watermark or matched.event.reported_at > watermark[0]:
                    watermark[:] = [matched.event.reported_at]
                headers = headers_of(message)
                for revision, is_new in revisions:
                    await router.publish(revision, is_new, headers)
                if revisions and (ingested := headers.get(INGESTED_AT_HEADER)):
                    metrics.PIPELINE_LATENCY.observe(max(0.0, time.time() - int(ingested) / 1000))

    def open_gaps(now: datetime, republish: bool) -> list[tuple[Alert, bool]]:
        """Gap alerts now due for covered launches that have none yet, stored in one transaction.

        With `republish`, also the latest revision of every recent gap alert: a worker that stopped between
        storing a gap alert and publishing it publishes it on its next start (consumers deduplicate).
        """
        recent = store.alerts(since=now - GAP_LOOKBACK, commitment_id=gaps.COMMITMENT_ID, drill=ctx.settings.drill)
        latest_report = watermark[0] if watermark else None
        due = {
            gap_alert_id(source.incident_id, source.drill): (source, gap)
            for source in recent
            if (gap := gaps.gap_due(source, window, now, latest_report))
        }
        made = [(alert, False) for alert in recent if alert.gap is not None] if republish else []
        with store.transaction():
            opened = store.existing_alert_ids(due)
            for key, (source, gap) in due.items():
                if key in opened:
                    continue
                revision = commit_revision(
                    store, key, "gap:open", lambda prev, src=source, g=gap: None if prev else gaps.open_gap(src, g, now)
                )
                if revision is not None:
                    made.append(revision)
        return made

    # Gap revisions stored but not yet published (the broker was unreachable, or the worker stopping): they
    # have no input message to be redelivered with, so they are kept here and sent at the next check.
    unpublished: list[tuple[Alert, bool]] = []
    checked_once = False

    @ctx.app.timer(ctx.settings.gap_check_interval_s, name=f"{ctx.app.conf.id}.gaps")
    async def check_gaps() -> None:
        nonlocal checked_once
        try:
            router.refresh_silences()
            opened = open_gaps(utcnow(), republish=not checked_once)
        except StoreUnavailable as exc:  # the database is down: check again at the next interval
            log.warning("gap check skipped, the store is unavailable: %s", exc)
            return
        checked_once = True
        for gap_alert, is_new in opened:
            if is_new:
                log.info("%s", gap_alert.headline)
            unpublished.append((gap_alert, is_new))
        while unpublished:
            gap_alert, is_new = unpublished[0]
            try:
                await router.publish(gap_alert, is_new)
            except Exception as exc:
                log.warning("gap alert %s not published yet (retried at the next check): %r", gap_alert.id, exc)
                unpublished[0] = (gap_alert, False)  # counted already
                return
            unpublished.pop(0)

    # A tenth of the window: a closed window is published at most that late.
    @ctx.app.timer(min(ctx.settings.counts_window_s / 10, 5.0), name=f"{ctx.app.conf.id}.counts")
    async def publish_counts() -> None:
        for window_count in counts.closed(utcnow()):
            key = f"{window_count.kind}:{window_count.key}"
            await ctx.send(ctx.topics.metrics_counts, key, window_count)

    register_endpoints(ctx, store, router)
