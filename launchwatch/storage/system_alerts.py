"""Pipeline health in the store: the live workers' presence (`workers`), the system alerts the alerts service keeps
(`system_alerts`), and each raise and clear sent to a receiver once (`system_notices`). What decides is
`launchwatch/health.py`."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import delete, func, select, update

from launchwatch.health import fold, stale
from launchwatch.schemas import SystemAlert, SystemAlertState
from launchwatch.storage import Store
from launchwatch.storage.tables import reports, system_alerts, system_notices, workers

#: Presence rows older than this are deleted (by the watching alerts worker, once a minute): a worker gone for a day
#: is history.
FORGET_WORKERS_S = 86400.0


class Presence:
    """The workers table: each live worker's roles and when it last said it was alive."""

    def __init__(self, store: Store):
        self.store = store

    def seen(self, worker: str, roles: Iterable[str], started_at: datetime, now: datetime) -> None:
        values = {"worker": worker, "roles": ",".join(roles), "started_at": started_at, "seen_at": now}
        statement = self.store._dialect_insert(workers).values(**values)
        statement = statement.on_conflict_do_update(index_elements=["worker"], set_={"seen_at": now})
        with self.store.transaction() as session:
            session.execute(statement)

    def last_seen_by_role(self) -> dict[str, datetime]:
        """Per role, the last time any worker running it said it was alive."""
        with self.store.transaction() as session:
            rows = session.execute(select(workers.c.roles, workers.c.seen_at)).all()
        seen: dict[str, datetime] = {}
        for roles, at in rows:
            for role in roles.split(","):
                seen[role] = max(at, seen.get(role, at))
        return seen

    def forget_before(self, when: datetime) -> None:
        with self.store.transaction() as session:
            session.execute(delete(workers).where(workers.c.seen_at < when))

    def last_report_by_source(self) -> dict[str, datetime]:
        """Per source, when its latest live report was received."""
        with self.store.transaction() as session:
            rows = session.execute(
                select(reports.c.source, func.max(reports.c.received_at))
                .where(reports.c.drill.is_(False))
                .group_by(reports.c.source)
            ).all()
        return {source: at for source, at in rows if at is not None}


class SystemAlerts:
    """The system_alerts and system_notices tables."""

    def __init__(self, store: Store):
        self.store = store

    def _kept(self, session: object, alert_id: str) -> tuple[SystemAlert, int] | None:
        row = session.execute(  # type: ignore[attr-defined]
            select(system_alerts.c.payload, system_alerts.c.revision).where(system_alerts.c.id == alert_id)
        ).first()
        return (SystemAlert.model_validate(row.payload), row.revision) if row is not None else None

    def apply(self, message: SystemAlert, now: datetime) -> SystemAlert | None:
        """Keep a message of `alerts.system`: the new state when the cause was raised or cleared by it, None when
        nothing changed (a raise sent again only refreshes it)."""
        with self.store.transaction() as session:
            kept = self._kept(session, message.id)
            changed = fold(kept[0] if kept else None, message)
            if changed is None:
                if kept is not None and message.state is SystemAlertState.RAISED:
                    session.execute(
                        update(system_alerts).where(system_alerts.c.id == message.id).values(refreshed_at=now)
                    )
                return None
            self._put(session, changed, (kept[1] if kept else 0) + 1, now)
            return changed

    def _put(self, session: object, alert: SystemAlert, revision: int, now: datetime) -> None:
        values = {
            "state": alert.state.value,
            "revision": revision,
            "refreshed_at": now,
            "changed_at": now,
            "payload": alert.model_dump(mode="json"),
        }
        statement = self.store._dialect_insert(system_alerts).values(id=alert.id, **values)
        session.execute(statement.on_conflict_do_update(index_elements=["id"], set_=values))  # type: ignore[attr-defined]

    def expire(self, now: datetime) -> list[SystemAlert]:
        """Clear the raised alerts whose observers stopped sending them; the clears made."""
        cleared = []
        with self.store.transaction() as session:
            rows = session.execute(
                select(system_alerts.c.payload, system_alerts.c.revision, system_alerts.c.refreshed_at).where(
                    system_alerts.c.state == SystemAlertState.RAISED.value
                )
            ).all()
            for payload, revision, refreshed_at in rows:
                clear = stale(SystemAlert.model_validate(payload), refreshed_at, now)
                if clear is not None:
                    self._put(session, clear, revision + 1, now)
                    cleared.append(clear)
        return cleared

    def current(self) -> list[tuple[SystemAlert, int]]:
        """Every cause kept, raised or cleared, with its revision; raised first, newest first."""
        with self.store.transaction() as session:
            rows = session.execute(
                select(system_alerts.c.payload, system_alerts.c.revision).order_by(
                    system_alerts.c.state.desc(), system_alerts.c.changed_at.desc()
                )
            ).all()
        return [(SystemAlert.model_validate(payload), revision) for payload, revision in rows]

    def changed_since(self, when: datetime) -> list[tuple[SystemAlert, int]]:
        """The causes raised or cleared since `when`, oldest change first, with their revisions."""
        with self.store.transaction() as session:
            rows = session.execute(
                select(system_alerts.c.payload, system_alerts.c.revision)
                .where(system_alerts.c.changed_at >= when)
                .order_by(system_alerts.c.changed_at)
            ).all()
        return [(SystemAlert.model_validate(payload), revision) for payload, revision in rows]

    def take_notice(self, receiver: str, alert_id: str, revision: int, now: datetime) -> bool:
        """Whether this worker sends this raise or clear to the receiver: True for the first to ask only."""
        return self.store._insert(system_notices, receiver=receiver, alert_id=alert_id, revision=revision, sent_at=now)
