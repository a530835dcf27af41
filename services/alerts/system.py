"""The system alerts, kept: `alerts.system` read by the alerts workers (one consume loop like every service's), each
cause's state kept in the store, what changed (a raise, a clear) shown on the consoles' feed, the receivers asking
for system alerts sent each change once, and `GET /system-alerts` for the console's banner. Their observers are
the workers' health watches (`launchwatch/pipeline_health.py`) and the feed pollers."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from aiohttp import web as aiohttp_web
from faust.web import Request, Response, View

from launchwatch import metrics
from launchwatch.schemas import SystemAlert, utcnow
from launchwatch.storage import Store, StoreUnavailable
from launchwatch.storage.system_alerts import SystemAlerts
from launchwatch.streams import Message, Rejected, StreamContext, decoded
from services.alerts.cap import system_alert_to_cap
from services.alerts.receivers import DeliveryFailed, HttpSession, Receiver, send_system_alert
from services.alerts.sinks import Broadcaster

log = logging.getLogger(__name__)

#: Changes older than this are not sent to a receiver (one added to the file later gets the last hour's).
NOTICE_HORIZON = timedelta(hours=1)
#: How long a cleared system alert stays in `GET /system-alerts` (and on the console).
CLEARED_SHOWN = timedelta(hours=1)


@dataclass
class SystemAlertsHandler:
    """Keeps each message of `alerts.system`: the change it makes, if any (another worker's duplicate makes none)."""

    store: Store
    broadcaster: Broadcaster
    service: str = "system-alerts"

    def handle(self, message: Message) -> SystemAlert | Rejected | None:
        alert = decoded(message, SystemAlert, "invalid_system_alert", "a system alert")
        if isinstance(alert, Rejected):
            return alert
        return SystemAlerts(self.store).apply(alert, utcnow())

    async def emit(self, message: Message, outcome: SystemAlert | Rejected | None) -> None:
        if not isinstance(outcome, SystemAlert):
            return
        metrics.SYSTEM_ALERTS.labels(condition=outcome.condition.value, state=outcome.state.value).inc()
        self.broadcaster.send(json.dumps({"system_alert": outcome.model_dump(mode="json")}).encode())


class SystemNotifier:
    """Each raise and clear sent to the receivers that ask for system alerts, once whatever the workers (the store's
    `system_notices` says who took it); one attempt, as a heartbeat: a receiver down misses it, the console keeps it.
    This worker asks the store for each notice once: what it asked (taken here or by another) is not asked again."""

    def __init__(self, receivers: list[Receiver], store: Store) -> None:
        self.receivers = receivers
        self.alerts = SystemAlerts(store)
        self.http = HttpSession()
        self.asked: set[tuple[str, str, int]] = set()

    async def run(self) -> int:
        """Send what is due; how many were sent."""
        now = utcnow()
        sent = 0
        try:
            changes = self.alerts.changed_since(now - NOTICE_HORIZON)
            due = [(r, a, rev) for a, rev in changes for r in self.receivers]
            # Forget what fell out of the horizon: it is not asked again anyway.
            self.asked &= {(r.name, a.id, rev) for r, a, rev in due}
            for receiver, alert, revision in due:
                key = (receiver.name, alert.id, revision)
                if key in self.asked:
                    continue
                taken = self.alerts.take_notice(receiver.name, alert.id, revision, now)
                self.asked.add(key)
                # Sent as soon as taken: a store lost between two takes leaves none taken and unsent.
                if taken and await self._send(receiver, alert, revision):
                    sent += 1
        except StoreUnavailable as exc:
            log.warning("system alerts wait for the store: %s", exc)
        return sent

    async def _send(self, receiver: Receiver, alert: SystemAlert, revision: int) -> bool:
        try:
            await send_system_alert(self.http.get(), receiver, alert, revision)
        except DeliveryFailed as exc:
            log.warning("receiver %s: system alert %s not delivered: %s", receiver.name, alert.id, exc)
            return False
        return True

    async def close(self) -> None:
        await self.http.close()


def shown(ctx: StreamContext, store: Store) -> dict[str, Any]:
    """What `GET /system-alerts` says: the causes raised and those cleared within the hour (from the store), and
    what this worker itself has raised (shown even when the store or the broker is away)."""
    now = utcnow()
    kept: list[dict[str, Any]] = []
    store_error = None
    try:
        for alert, revision in SystemAlerts(store).current():
            if alert.state == "raised" or now - alert.sent_at <= CLEARED_SHOWN:
                kept.append(alert.model_dump(mode="json") | {"revision": revision})
    except StoreUnavailable as exc:
        store_error = str(exc)
    known = {(a["id"], a["state"]) for a in kept}
    local = [a.model_dump(mode="json") for a in (ctx.health.raised if ctx.health else [])]
    kept += [a for a in local if (a["id"], a["state"]) not in known]
    raised = sorted((a for a in kept if a["state"] == "raised"), key=lambda a: a["since"])
    cleared = sorted((a for a in kept if a["state"] == "cleared"), key=lambda a: a["sent_at"], reverse=True)
    return {"raised": raised, "cleared": cleared, "store_error": store_error}


def register_system_alerts(ctx: StreamContext, store: Store, broadcaster: Broadcaster) -> None:
    """The alerts worker's part: the consume loop keeping `alerts.system` and the endpoints."""
    ctx.consume(ctx.topics.system_alerts, SystemAlertsHandler(store, broadcaster), store.transaction)

    @ctx.app.page("/system-alerts")
    class SystemAlertsView(View):
        async def get(self, request: Request) -> Response:
            return self.json(shown(ctx, store))

    @ctx.app.page("/system-alerts/{alert_id}/cap")
    class SystemAlertCap(View):
        async def get(self, request: Request, alert_id: str) -> Any:
            found = next(((a, r) for a, r in SystemAlerts(store).current() if a.id == alert_id), None)
            if found is None:
                return self.json({"error": "not_found", "detail": f"no system alert {alert_id!r}"}, status=404)
            return aiohttp_web.Response(text=system_alert_to_cap(*found), content_type="application/xml")
