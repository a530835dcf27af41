"""A live worker's part in the pipeline's health (a faust timer of every worker, `open_context`): it says it is
alive in the store, and raises and clears the system alerts of what it sees (`launchwatch/health.py` decides).

Each worker watches its own reach: the store (its presence write) and the broker (the lag check). A consumer
group's backlog is watched by the worker holding partition 0 of the topic (one worker per group, whatever the
scaling), from the lag its lag check measures anyway. The roles no worker runs, the silent sources and the
alerts whose observers are gone are watched by the alerts worker holding partition 0 of `events.matched`. What a
round raises or clears goes to `alerts.system`; what the broker does not take is sent at the next round.
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
from collections.abc import Awaitable, Callable, Iterable, Mapping
from datetime import datetime, timedelta
from urllib.parse import urlsplit, urlunsplit

from launchwatch.health import (
    Finding,
    HealthBounds,
    HealthWatch,
    LagTrend,
    poller_finding,
    reachability,
    role_findings,
    source_findings,
)
from launchwatch.schemas import SystemAlert, SystemCondition, utcnow
from launchwatch.settings import Settings
from launchwatch.storage import Store
from launchwatch.storage.system_alerts import FORGET_WORKERS_S, Presence, SystemAlerts
from launchwatch.topics import TopicRegistry
from launchwatch.topology import ROLES

log = logging.getLogger(__name__)

#: How often the watching alerts worker reads the sources' last reports (a GROUP BY over the reports).
SOURCES_EVERY_S = 60.0
#: A role is missing when no worker running it has said so for this many health intervals.
PRESENCE_MISSED = 3
#: How long a send to `alerts.system` may take before it waits for the next round.
SEND_TIMEOUT_S = 5.0


def bounds_of(settings: Settings) -> HealthBounds:
    return HealthBounds(
        lag_s=settings.health_lag_s,
        unreachable_s=settings.health_unreachable_s,
        role_missing_s=settings.health_role_missing_s,
        poller_failing_s=settings.health_poller_failing_s,
    )


def worker_name(role: str) -> str:
    """How system alerts and the workers table name this process: host, process id and role."""
    return f"{socket.gethostname()}:{os.getpid()}:{role}"


class Outbox:
    """System alerts to send to `alerts.system`, in order; what the broker does not take waits for the next round."""

    def __init__(self) -> None:
        self.waiting: list[SystemAlert] = []
        self.last_logged: dict[str, str] = {}

    def queue(self, alerts: Iterable[SystemAlert]) -> None:
        """Add to what is to be sent; a raise sent again replaces one of the same cause still waiting (an outage of
        the broker does not pile them up)."""
        for alert in alerts:
            same = [i for i, queued in enumerate(self.waiting) if queued.id == alert.id]
            if same and self.waiting[same[-1]].state == alert.state:
                self.waiting[same[-1]] = alert
            else:
                self.waiting.append(alert)

    async def flush(self, send: Callable[[SystemAlert], Awaitable[None]]) -> list[SystemAlert]:
        """Send what waits, in order, until the broker does not take one; what was sent."""
        sent: list[SystemAlert] = []
        while self.waiting:
            alert = self.waiting[0]
            try:
                await asyncio.wait_for(send(alert), SEND_TIMEOUT_S)
            except Exception as exc:  # the broker is away (its own alert says so): sent at a later round
                log.debug("health: %s not sent yet (%r)", alert.id, exc)
                break
            self.waiting.pop(0)
            sent.append(alert)
            if self.last_logged.get(alert.id) != alert.state:  # a raise sent again is not news
                self.last_logged[alert.id] = alert.state
                log.warning("system alert %s %s: %s", alert.id, alert.state.value, alert.explanation)
        return sent


class WorkerHealth:
    """One worker's health watch. `owns(topic)` says whether it holds partition 0 of a topic; `send` puts a system
    alert on `alerts.system`."""

    def __init__(
        self,
        settings: Settings,
        role: str,
        roles: Iterable[str],
        group: str,
        store: Callable[[], Store],
        owns: Callable[[str], bool],
        send: Callable[[SystemAlert], Awaitable[None]],
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self.settings = settings
        self.worker = worker_name(role)
        self.roles = tuple(roles)
        self.group = group
        self.topics = TopicRegistry.from_settings(settings)
        self.store = store
        self.owns = owns
        self.send = send
        self.clock = clock
        self.started_at = clock()
        self.watch = HealthWatch(self.worker, bounds_of(settings), settings.health_interval_s)
        self.trend = LagTrend()
        self.lags: dict[str, int] = {}
        self.broker: tuple[bool, str] | None = None
        self.store_ok_since: datetime | None = None
        self.sources_read_at: datetime | None = None
        self.last_reports: dict[str, datetime] = {}
        self.outbox = Outbox()

    # What the lag check tells it.
    def lag_measured(self, lags: Mapping[str, int]) -> None:
        self.lags = dict(lags)
        self.broker = (True, "")

    def broker_missed(self, error: str) -> None:
        self.broker = (False, error)

    @property
    def raised(self) -> list[SystemAlert]:
        """What this worker has raised and not cleared (the console shows them even when the store is away)."""
        return list(self.watch.raised.values())

    async def run(self) -> list[SystemAlert]:
        """One round: presence, findings, the system alerts raised or cleared sent. What was sent."""
        now = self.clock()
        findings: list[Finding] = []
        store = self._store_reached(now, findings)
        if self.broker is not None:
            findings.append(reachability(SystemCondition.BROKER_UNREACHABLE, self.worker, *self.broker))
        for topic, lag in self.lags.items():
            if self.owns(topic):
                findings += self.trend.findings(now, {f"{self.group}/{self.topics.base_of(topic)}": lag})
        if store is not None and self.owns(self.topics.events_matched):
            findings += self._pipeline_findings(store, now)
        self.outbox.queue(self.watch.assess(now, findings))
        return await self.outbox.flush(self.send)

    def _store_reached(self, now: datetime, findings: list[Finding]) -> Store | None:
        try:
            store = self.store()
            Presence(store).seen(self.worker, self.roles, self.started_at, now)
        except Exception as exc:  # unreachable, or not even opened: said once a bound has passed
            self.store_ok_since = None
            findings.append(reachability(SystemCondition.STORE_UNREACHABLE, self.worker, False, str(exc)[:300]))
            return None
        self.store_ok_since = self.store_ok_since or now
        findings.append(reachability(SystemCondition.STORE_UNREACHABLE, self.worker, True))
        return store

    def _pipeline_findings(self, store: Store, now: datetime) -> list[Finding]:
        """The watching alerts worker's: roles, sources, and the clears of alerts whose observers are gone."""
        interval = self.settings.health_interval_s
        presence = Presence(store)
        findings: list[Finding] = []
        try:
            # Only once the workers have had time to say so since the store came back (or this worker started).
            reachable_since = self.store_ok_since or now
            if now - reachable_since >= timedelta(seconds=PRESENCE_MISSED * interval):
                findings += role_findings(now, presence.last_seen_by_role(), ROLES, PRESENCE_MISSED * interval)
            # The reports' last times are read now and then (a GROUP BY over the reports), judged every round (a
            # raise is sent again every round, as the others are); workers gone for a day are forgotten then too.
            if self.sources_read_at is None or now - self.sources_read_at >= timedelta(seconds=SOURCES_EVERY_S):
                self.sources_read_at = now
                self.last_reports = presence.last_report_by_source()
                presence.forget_before(now - timedelta(seconds=FORGET_WORKERS_S))
            findings += source_findings(
                now, self.last_reports, self.settings.health_sources, self.settings.health_source_silent_s
            )
            self.outbox.queue(SystemAlerts(store).expire(now))
        except Exception as exc:  # the store went away in between: the next round says so
            log.warning("health: the pipeline's state could not be read: %s", exc)
        return findings


def feed_subject(location: str) -> str:
    """A feed as system alerts name it: its address without query or fragment (which may hold a key)."""
    parts = urlsplit(location)
    return urlunsplit((parts.scheme, parts.netloc.rpartition("@")[2], parts.path, "", "")) if parts.scheme else location


class PollerHealth:
    """A feed poller's health watch (`launchwatch ingest --poll`): a feed failing for longer than
    LAUNCHWATCH_HEALTH_POLLER_FAILING_SECONDS raises a system alert, sent again every poll while it fails; its next
    good poll clears it."""

    def __init__(
        self,
        settings: Settings,
        interval_s: float,
        send: Callable[[SystemAlert], Awaitable[None]],
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        observer = f"poller {socket.gethostname()}:{os.getpid()}"
        self.watch = HealthWatch(observer, bounds_of(settings), interval_s)
        self.send = send
        self.clock = clock
        self.outbox = Outbox()
        self.failing: dict[str, tuple[datetime, str]] = {}
        self.polled: set[str] = set()

    def succeeded(self, location: str) -> None:
        self.polled.add(feed_subject(location))
        self.failing.pop(feed_subject(location), None)

    def failed(self, location: str, error: str) -> None:
        subject = feed_subject(location)
        self.polled.add(subject)
        since = self.failing.get(subject, (self.clock(), ""))[0]
        # The error names the feed as given: its query (a key, perhaps) is not passed on.
        said = error.replace(location, subject).splitlines()[0][:300] if error else ""
        self.failing[subject] = (since, said)

    async def round(self) -> list[SystemAlert]:
        """After a round of polls: the raises and clears due, sent (what was)."""
        findings = [poller_finding(subject, *self.failing.get(subject, (None, ""))) for subject in sorted(self.polled)]
        self.outbox.queue(self.watch.assess(self.clock(), findings))
        return await self.outbox.flush(self.send)
