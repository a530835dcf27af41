"""The alerts worker's notifications, wired: the receivers' sink and delivery loops, their heartbeats, and the
escalations' sink and loop (`receivers.py` and `escalation.py` hold what each does; this starts them)."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from launchwatch.settings import Settings
from launchwatch.storage import Store
from launchwatch.storage.deliveries import Deliveries, Heartbeats
from launchwatch.storage.escalations import Escalations
from services.alerts.escalation import EscalationSink, Escalator
from services.alerts.receivers import Deliverer, Heartbeat, ReceiverSink, load_receivers
from services.alerts.sinks import Sink
from services.alerts.system import SystemNotifier

if TYPE_CHECKING:
    from launchwatch.streams import StreamContext

log = logging.getLogger(__name__)

#: How often each alerts worker looks for escalation notices due.
ESCALATION_POLL_S = 1.0


def routed_receivers(settings: Settings, store: Store) -> list[Sink]:
    """The sinks recording receiver deliveries and keeping escalations, without the loops (the alerts workers'
    loops send them): what the CLI's ack routes through; none when LAUNCHWATCH_RECEIVERS_FILE is unset."""
    if settings.receivers_file is None:
        return []
    config = load_receivers(settings.receivers_file)
    return [ReceiverSink(config, Deliveries(store)), EscalationSink(config, Escalations(store))]


def receiver_sinks(ctx: StreamContext, store: Store) -> list[Sink]:
    """The alerts worker's receivers (LAUNCHWATCH_RECEIVERS_FILE): the sinks routing records deliveries and
    escalations into, a delivery loop per receiver, the heartbeats and the escalation loop (a faust timer each, off
    the consume loop); none when no file is set."""
    path = ctx.settings.receivers_file
    if path is None:
        return []
    config = load_receivers(path)
    deliveries = Deliveries(store)
    deliverers = [Deliverer(receiver, config.retry, deliveries) for receiver in config.receivers]
    for deliverer in deliverers:
        ctx.app.timer(config.retry.poll_interval_seconds, name=f"{ctx.app.conf.id}.receiver.{deliverer.receiver.name}")(
            deliverer.run
        )
    # Heartbeats come from live workers only: a drill says nothing of whether the watch floor is served.
    beating = [] if ctx.settings.drill else [r for r in config.receivers if r.heartbeat_seconds is not None]
    hearts = [Heartbeat(receiver, Heartbeats(store)) for receiver in beating]
    for heart in hearts:
        # Looked at a few times a beat, so a beat goes out soon after it is due (and a worker that died with it
        # leaves the next to another).
        every = min(max(heart.interval_s / 10, 1.0), 30.0)
        ctx.app.timer(every, name=f"{ctx.app.conf.id}.heartbeat.{heart.receiver.name}")(heart.run)
    notified = [] if ctx.settings.drill else [r for r in config.receivers if r.system_alerts]
    notifier = SystemNotifier(notified, store) if notified else None
    if notifier is not None:
        ctx.app.timer(ESCALATION_POLL_S, name=f"{ctx.app.conf.id}.system-notices")(notifier.run)
    if config.policies:
        escalator = Escalator(config, store, ctx.settings.drill)
        ctx.app.timer(ESCALATION_POLL_S, name=f"{ctx.app.conf.id}.escalations")(escalator.run)

    async def close(_app: Any) -> None:
        for deliverer in deliverers:
            await deliverer.close()
        for heart in hearts:
            await heart.close()
        if notifier is not None:
            await notifier.close()

    ctx.app.web.web_app.on_shutdown.append(close)
    log.info(
        "receivers from %s: %s; escalation policies: %s",
        path,
        ", ".join(f"{r.name} ({r.kind}, {r.where})" for r in config.receivers) or "none",
        ", ".join(p.name for p in config.policies) or "none",
    )
    return [ReceiverSink(config, deliveries), EscalationSink(config, Escalations(store))]
