"""Receiver deliveries in the store: recorded when a revision is routed, claimed, then marked delivered or retried.

One row per (receiver, alert id, revision, notice): an escalation's notice of a revision (`escalations.py`) is a
delivery of its own, sent and retried the same way. Recording twice (a redelivered message, a gap alert published
again after a restart) leaves one row, and a delivered row stays delivered, so nothing is sent twice once a
receiver has taken it. A claim moves a row's due time forward by a lease: a worker that dies mid-delivery
leaves it due again when the lease ends, and two workers never send the same row at once.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import and_, func, select, update

from launchwatch.schemas import Alert
from launchwatch.storage import Store
from launchwatch.storage.tables import alert_revisions, receiver_deliveries, receiver_heartbeats

PENDING, DELIVERED, FAILED = "pending", "delivered", "failed"

_table = receiver_deliveries


@dataclass(frozen=True)
class Delivery:
    """A claimed delivery: what to send (the stored revision) and how often it was tried before."""

    receiver: str
    alert: Alert
    attempts: int
    created_at: datetime
    claimed_until: datetime
    #: '' for the revision itself; an escalation's notice of it (`services/alerts/escalation.py`, Notice).
    notice: str = ""

    @property
    def key(self) -> str:
        """The delivery's id, sent as a header so that a receiver can drop a repeat."""
        return f"{self.receiver}:{self.alert.revision_id}" + (f"/{self.notice}" if self.notice else "")


class Deliveries:
    """The receiver_deliveries table, over a Store (its transactions and engine)."""

    def __init__(self, store: Store):
        self.store = store

    def record(self, receivers: Iterable[str], alert: Alert, now: datetime, notice: str = "") -> None:
        """A pending delivery of this revision (or of an escalation's `notice` of it) to each receiver; one
        recorded before is left as it is."""
        rows = [
            {
                "receiver": name,
                "alert_id": alert.id,
                "revision": alert.revision,
                "notice": notice,
                "drill": alert.drill,
                "status": PENDING,
                "created_at": now,
                "next_attempt_at": now,
                "attempts": 0,
            }
            for name in receivers
        ]
        if rows:
            with self.store.transaction() as session:
                session.execute(self.store._idempotent_insert(_table, returning=False), rows)

    def claim(self, receiver: str, now: datetime, lease: timedelta, limit: int = 50) -> list[Delivery]:
        """The receiver's due deliveries, oldest first, each claimed until now + lease (none another holds)."""
        query = (
            select(
                _table.c.alert_id,
                _table.c.revision,
                _table.c.notice,
                _table.c.attempts,
                _table.c.created_at,
                _table.c.next_attempt_at,
                alert_revisions.c.payload,
            )
            .join(
                alert_revisions,
                and_(alert_revisions.c.alert_id == _table.c.alert_id, alert_revisions.c.revision == _table.c.revision),
            )
            .where(_table.c.receiver == receiver, _table.c.status == PENDING, _table.c.next_attempt_at <= now)
            .order_by(_table.c.created_at, _table.c.alert_id, _table.c.revision, _table.c.notice)
            .limit(limit)
        )
        claimed: list[Delivery] = []
        until = now + lease
        with self.store.transaction() as session:
            for row in session.execute(query).all():
                taken = session.execute(
                    update(_table)
                    .where(
                        _table.c.receiver == receiver,
                        _table.c.alert_id == row.alert_id,
                        _table.c.revision == row.revision,
                        _table.c.notice == row.notice,
                        _table.c.status == PENDING,
                        _table.c.next_attempt_at == row.next_attempt_at,
                    )
                    .values(next_attempt_at=until)
                )
                if taken.rowcount == 1:
                    alert = Alert.model_validate(row.payload)
                    claimed.append(Delivery(receiver, alert, row.attempts, row.created_at, until, row.notice))
        return claimed

    def _set(self, delivery: Delivery, **values: object) -> None:
        with self.store.transaction() as session:
            session.execute(
                update(_table)
                .where(
                    _table.c.receiver == delivery.receiver,
                    _table.c.alert_id == delivery.alert.id,
                    _table.c.revision == delivery.alert.revision,
                    _table.c.notice == delivery.notice,
                    _table.c.status == PENDING,
                )
                .values(**values)
            )

    def delivered(self, delivery: Delivery, now: datetime) -> None:
        self._set(delivery, status=DELIVERED, delivered_at=now, attempts=delivery.attempts + 1, last_error=None)

    def retry(self, delivery: Delivery, at: datetime, error: str | None, attempted: bool = True) -> None:
        """Due again at `at`; `attempted`: it was sent and failed (counted), else only handed back unsent."""
        values: dict[str, object] = {"next_attempt_at": at}
        if attempted:
            values |= {"attempts": delivery.attempts + 1, "last_error": (error or "")[:2_000]}
        self._set(delivery, **values)

    def give_up(self, delivery: Delivery, error: str) -> None:
        self._set(delivery, status=FAILED, attempts=delivery.attempts + 1, last_error=error[:2_000])

    def pending(self, receiver: str) -> int:
        with self.store.transaction() as session:
            return session.execute(
                select(func.count())
                .select_from(_table)
                .where(_table.c.receiver == receiver, _table.c.status == PENDING)
            ).scalar_one()

    def rows(self, receiver: str | None = None) -> list[dict[str, object]]:
        """Every delivery (of one receiver), oldest first: for `launchwatch receivers status` and the tests."""
        query = select(_table).order_by(_table.c.created_at, _table.c.alert_id, _table.c.revision, _table.c.notice)
        if receiver is not None:
            query = query.where(_table.c.receiver == receiver)
        with self.store.transaction() as session:
            return [dict(row._mapping) for row in session.execute(query).all()]


class Heartbeats:
    """The receiver_heartbeats table: which beat of a receiver's heartbeat is taken (by the worker sending it)."""

    def __init__(self, store: Store):
        self.store = store

    def take(self, receiver: str, beat: int, now: datetime) -> bool:
        """Whether this worker sends the beat: True for the first to ask, False for every later ask (another
        worker's, or this one's after a restart)."""
        return self.store._insert(receiver_heartbeats, receiver=receiver, beat=beat, sent_at=now)
