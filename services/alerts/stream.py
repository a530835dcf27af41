"""Alerts wiring: `events.matched` → `alerts` and `alerts.<precedence>` (the step is `handler.py`).

Also here: the sharing-gap check (a timer), silences (refreshed by the same timer) and the HTTP
endpoints watch officers and tools use (`GET /alerts`, `GET /incidents/{id}`, `POST /alerts/{id}/ack`).
"""

from __future__ import annotations

import logging
from datetime import timedelta

from launchwatch.schemas import utcnow
from launchwatch.storage import StoreUnavailable
from launchwatch.streams import StreamContext
from services.alerts.console_web import register_console
from services.alerts.gap_check import GapCheck
from services.alerts.handler import AlertsHandler
from services.alerts.notifications import receiver_sinks
from services.alerts.routing import Router
from services.alerts.sinks import Broadcaster, CountSink, TopicSink
from services.alerts.system import register_system_alerts
from services.alerts.web import register_endpoints

log = logging.getLogger(__name__)


def register(ctx: StreamContext) -> None:
    store = ctx.store
    window = timedelta(seconds=ctx.settings.rtw_gap_window_s)
    broadcaster = Broadcaster()
    sinks = [TopicSink(ctx.topics, ctx), *receiver_sinks(ctx, store), broadcaster, CountSink(ctx.topics, ctx)]
    router = Router(store, ctx.settings.drill, sinks)
    gap_check = GapCheck(store, window, ctx.settings.drill, router.publish, flush=lambda: ctx.app.producer.flush())

    ctx.consume(ctx.topics.events_matched, AlertsHandler(store, router, gap_check), store.transaction)

    async def check_gaps() -> None:
        try:
            router.refresh_silences()
        except StoreUnavailable as exc:  # keep the silences known; the gap check says the rest
            log.warning("silences not refreshed, the store is unavailable: %s", exc)
        await gap_check.run(utcnow())

    ctx.app.timer(ctx.settings.gap_check_interval_s, name=f"{ctx.app.conf.id}.gaps")(check_gaps)

    ctx.finishers.append(check_gaps)
    register_endpoints(ctx, store, router)
    register_console(ctx, store, router, broadcaster)
    register_system_alerts(ctx, store, broadcaster)
