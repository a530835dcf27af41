"""Sharing-gap alerts against the store: revised as parties report, and opened by a periodic check.

The decisions are in `gaps` (pure); this applies them to the store. The check reads the store's pending gaps
(written with the covered alerts' revisions, `revisions.track_gap`), the due ones alone: what it costs grows with
what is pending, not with the alerts of its lookback. Publishing is handed in (`publish`, `flush`), so the check
runs and is tested without Kafka.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta

from launchwatch.schemas import Alert, AlertMsgType, gap_alert_id
from launchwatch.storage import GapKey, PendingGap, Store, StoreUnavailable
from services.alerts import gaps
from services.alerts.revisions import commit_revision

log = logging.getLogger(__name__)

#: How far back the gap check looks for covered launches still missing a party: a pending gap whose alert was
#: last revised before then is dropped, not opened.
GAP_LOOKBACK = timedelta(days=2)

#: Most gap alerts opened in one store transaction: between two such chunks the check yields to the event loop,
#: so that a check with thousands due (a replay of history, a backlog) never stalls the worker's consume loops.
GAP_CHUNK = 200

#: The cause of a gap alert's first revision; an incident with one has its gap alert.
GAP_OPEN_CAUSE = "gap:open"

Publish = Callable[[Alert, bool], Awaitable[None]]
#: Waits until what was published is acknowledged by the broker (the producer's buffer flushed).
Flush = Callable[[], Awaitable[None]]


async def _nothing_buffered() -> None:
    return None


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
    (broker unreachable, worker stopping) is kept and sent at the next check, and its pending gap stays in the
    store, marked opened, until the broker has acknowledged it: the first check of a worker publishes every
    revision of those gap alerts again in case one stopped in between (consumers deduplicate on id and revision).
    """

    def __init__(self, store: Store, window: timedelta, drill: bool, publish: Publish, flush: Flush | None = None):
        self.store = store
        self.window = window
        self.drill = drill
        self.publish = publish
        self.flush = flush or _nothing_buffered
        #: The newest report time seen (event time), so a replay at any speed opens gaps where history had them.
        self.watermark: datetime | None = None
        self.unpublished: list[tuple[Alert, bool]] = []
        #: Incidents whose opened gap alert is published, their pending gaps still to remove from the store.
        self.published: set[GapKey] = set()
        self.checked_once = False

    def observe(self, reported_at: datetime) -> None:
        if self.watermark is None or reported_at > self.watermark:
            self.watermark = reported_at

    def due(self, now: datetime) -> list[PendingGap]:
        """The pending gaps now due, by the wall clock or by the newest report seen: the store's rows of those
        alone are read, not the alerts of the lookback."""
        reported_before = self.watermark - self.window if self.watermark is not None else None
        return self.store.due_gaps(self.drill, now - self.window, reported_before)

    def recent(self) -> list[tuple[Alert, bool]]:
        """Every revision of the gap alerts opened and not known to be published, to publish again on a worker's
        first check: one that stopped between storing a gap alert's first revision and publishing it may find it
        revised since."""
        ids = [gap_alert_id(gap.incident_id, gap.drill) for gap in self.store.opened_gaps(self.drill)]
        revisions: list[Alert] = []
        for first in range(0, len(ids), GAP_CHUNK):  # a bounded number of parameters a statement
            revisions += self.store.revisions(drill=self.drill, alert_ids=ids[first : first + GAP_CHUNK])
        return [(revision, False) for revision in revisions]

    def open_gaps(self, pending: list[PendingGap], now: datetime) -> list[tuple[Alert, bool]]:
        """Decide these pending gaps on their covered alerts' latest revisions, in one transaction (none for none):
        open the gap alerts due, drop the gaps with nothing left to decide, and move to its new times a gap not due
        after all (a report withdrawn since)."""
        made: list[tuple[Alert, bool]] = []
        if not pending:
            return made
        with self.store.transaction():
            sources = self.store.latest_alerts([gap.alert_id for gap in pending])
            opened: list[GapKey] = []
            decided: list[GapKey] = []
            for row in pending:
                source = sources.get(row.alert_id)
                if source is None or source.updated_at < now - GAP_LOOKBACK:
                    decided.append(row.key)  # not revised within the lookback: the check looks no further back
                    continue
                gap = gaps.gap_due(source, self.window, now, self.watermark)
                if gap is None:
                    since = gaps.pending_since(source)
                    if since is None:
                        decided.append(row.key)  # every party has reported, or the alert ended
                    elif since != (row.raised_at, row.first_reported_at):
                        self.store.set_pending_gap(row.incident_id, row.drill, row.alert_id, *since)
                    continue
                revision = commit_revision(
                    self.store,
                    gap_alert_id(row.incident_id, row.drill),
                    GAP_OPEN_CAUSE,
                    lambda prev, src=source, g=gap: None if prev else gaps.open_gap(src, g, now),
                )
                if revision is not None and revision[1]:
                    opened.append(row.key)
                    made.append(revision)
                else:  # opened before: by another worker, or before the covered alert was revised
                    decided.append(row.key)
            self.store.mark_gaps_opened(opened, now)
            self.store.drop_pending_gaps(decided)
        return made

    async def run(self, now: datetime) -> None:
        """One check: open what is due, a chunk (GAP_CHUNK) a transaction, and publish it and whatever an earlier
        check could not, yielding to the event loop between chunks."""
        try:
            again = [] if self.checked_once else self.recent()
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
            await self._forget_published()
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
            self.published.add((gap_alert.incident_id, gap_alert.drill))
        return True

    async def _forget_published(self) -> None:
        """Once the broker has what was published, remove its pending gaps (at a later check if the store is down)."""
        if not self.published:
            return
        keys = sorted(self.published)
        try:
            await self.flush()
        except Exception as exc:  # the producer stopping: the gaps stay opened, published again by the next worker
            log.warning("gap alerts published, not yet acknowledged by the broker: %r", exc)
            return
        try:
            for first in range(0, len(keys), GAP_CHUNK):
                self.store.gaps_published(keys[first : first + GAP_CHUNK])
                self.published.difference_update(keys[first : first + GAP_CHUNK])
        except StoreUnavailable as exc:
            log.warning("published gap alerts not noted yet, the store is unavailable (at the next check): %s", exc)
