"""Sharing-gap alerts against the store: revised as parties report, and opened by a periodic check.

The decisions are in `gaps` (pure); this applies them to the store. Publishing is handed in (`publish`), so
the check runs and is tested without Kafka.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta

from launchwatch.schemas import Alert, AlertMsgType, SharingGap, gap_alert_id
from launchwatch.storage import Store, StoreUnavailable
from services.alerts import gaps
from services.alerts.revisions import commit_revision

log = logging.getLogger(__name__)

#: How far back the gap check looks for covered launches still missing a party.
GAP_LOOKBACK = timedelta(days=2)

#: Most gap alerts opened in one store transaction: between two such chunks the check yields to the event loop,
#: so that a check with thousands due (a replay of history, a backlog) never stalls the worker's consume loops.
GAP_CHUNK = 200

#: The cause of a gap alert's first revision; an incident with one has its gap alert.
GAP_OPEN_CAUSE = "gap:open"

Publish = Callable[[Alert, bool], Awaitable[None]]


def gap_revisions(store: Store, revisions: list[tuple[Alert, bool]], now: datetime) -> list[tuple[Alert, bool]]:
    """Revisions of open gap alerts that new covered revisions change (a missing party has reported)."""
    updates = []
    for alert, _ in revisions:
        # A gap alert is opened from a stored covered alert, so a covered alert's first revision has none.
        cancelled = alert.msg_type == AlertMsgType.CANCEL and alert.commitment_id == gaps.COMMITMENT_ID
        if alert.revision == 1 or not (gaps.covered(alert) or cancelled):
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


class GapCheck:
    """Opens gap alerts for covered launches a party has not reported in time, and publishes them.

    A gap revision has no input message that Kafka would redeliver, so one that could not be published
    (broker unreachable, worker stopping) is kept and sent at the next check, and the first check of a
    worker publishes every revision of the recent gap alerts again in case it stopped between storing and
    publishing one (consumers deduplicate on id and revision).
    """

    def __init__(self, store: Store, window: timedelta, drill: bool, publish: Publish):
        self.store = store
        self.window = window
        self.drill = drill
        self.publish = publish
        #: The newest report time seen (event time), so a replay at any speed opens gaps where history had them.
        self.watermark: datetime | None = None
        self.unpublished: list[tuple[Alert, bool]] = []
        self.checked_once = False

    def observe(self, reported_at: datetime) -> None:
        if self.watermark is None or reported_at > self.watermark:
            self.watermark = reported_at

    def due(self, now: datetime) -> list[tuple[str, Alert, SharingGap]]:
        """The gap alerts now due: (key, covered alert, gap). Only covered alerts of incidents without a gap
        alert are read: the check costs what is pending, not everything recent."""
        pending = self.store.alerts(
            since=now - GAP_LOOKBACK,
            commitment_id=gaps.COMMITMENT_ID,
            drill=self.drill,
            limit=None,
            not_in_incidents_with_cause=GAP_OPEN_CAUSE,
        )
        due = {
            gap_alert_id(source.incident_id, source.drill): (source, gap)
            for source in pending
            if (gap := gaps.gap_due(source, self.window, now, self.watermark))
        }
        return [(key, source, gap) for key, (source, gap) in due.items()]

    def recent(self, now: datetime) -> list[tuple[Alert, bool]]:
        """Every revision of the recent gap alerts, to publish again on a worker's first check: one that stopped
        between storing a gap alert's first revision and publishing it may find it revised since."""
        since = now - GAP_LOOKBACK
        recent = self.store.alerts(since=since, drill=self.drill, limit=None, having_cause=GAP_OPEN_CAUSE)
        ids = {alert.id for alert in recent}
        return [(r, False) for r in self.store.revisions(since=since, drill=self.drill, alert_ids=ids)]

    def open_gaps(self, due: list[tuple[str, Alert, SharingGap]], now: datetime) -> list[tuple[Alert, bool]]:
        """Open these gap alerts, stored in one transaction (none for none)."""
        made: list[tuple[Alert, bool]] = []
        if not due:
            return made
        with self.store.transaction():
            for key, source, gap in due:
                revision = commit_revision(
                    self.store,
                    key,
                    GAP_OPEN_CAUSE,
                    lambda prev, src=source, g=gap: None if prev else gaps.open_gap(src, g, now),
                )
                if revision is not None:
                    made.append(revision)
        return made

    async def run(self, now: datetime) -> None:
        """One check: open what is due, a chunk (GAP_CHUNK) a transaction, and publish it and whatever an earlier
        check could not, yielding to the event loop between chunks."""
        try:
            again = [] if self.checked_once else self.recent(now)
            due = self.due(now)
        except StoreUnavailable as exc:  # the database is down: check again at the next interval
            log.warning("gap check skipped, the store is unavailable: %s", exc)
            return
        self.checked_once = True
        self.unpublished.extend(again)
        # At least one pass, due or not: what earlier checks could not publish goes out in it.
        for first in range(0, max(len(due), 1), GAP_CHUNK):
            try:
                opened = self.open_gaps(due[first : first + GAP_CHUNK], now)
            except StoreUnavailable as exc:
                log.warning("gap check stopped, the store is unavailable (the rest at the next check): %s", exc)
                return
            for gap_alert, is_new in opened:
                if is_new:
                    log.info("%s", gap_alert.headline)
            self.unpublished.extend(opened)
            if not await self._publish_unpublished():
                return
            await asyncio.sleep(0)  # the consume loops run between chunks

    async def _publish_unpublished(self) -> bool:
        """Publish what is waiting, in order; False when the broker refused (the rest waits for the next check)."""
        while self.unpublished:
            gap_alert, is_new = self.unpublished[0]
            try:
                await self.publish(gap_alert, is_new)
            except Exception as exc:
                log.warning("gap alert %s not published yet (retried at the next check): %r", gap_alert.id, exc)
                self.unpublished[0] = (gap_alert, False)  # counted already
                return False
            self.unpublished.pop(0)
        return True
