"""Escalations in the store: each alert's escalation while it waits for an acknowledgement, and the notices taken.

One row per alert (`escalations`): written when a revision is routed (armed, kept, stopped), and moved on to
its next notice by the worker that takes the notice due: a compare-and-set on (arming, step, repeat), so of two
workers (or one restarted) only one takes it. The notice taken is recorded (`escalation_notices`) and its
deliveries written in the same transaction (`Deliveries.record` with the notice), so a notice is either taken,
recorded and pending delivery, or none of these. What decides the states is `services/alerts/escalation.py`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select, update

from launchwatch.storage import Store
from launchwatch.storage.tables import escalation_notices, escalations

ARMED, ACKNOWLEDGED, CANCELLED, SILENCED, ENDED = "armed", "acknowledged", "cancelled", "silenced", "ended"

_table = escalations


@dataclass(frozen=True)
class EscalationState:
    """An alert's escalation: its policy, when it was armed and the acknowledgement is due, the latest revision
    routed, whether it still runs, and its next notice (step, repeat, when) while it does."""

    alert_id: str
    drill: bool
    policy: str
    arming: int
    armed_at: datetime
    deadline: datetime
    revision: int
    state: str
    step: int
    repeat: int
    due_at: datetime | None

    def as_json(self) -> dict[str, Any]:
        return {
            "alert_id": self.alert_id,
            "policy": self.policy,
            "arming": self.arming,
            "armed_at": self.armed_at.isoformat(),
            "deadline": self.deadline.isoformat(),
            "state": self.state,
            "next_step": self.step if self.due_at else None,
            "next_repeat": self.repeat if self.due_at else None,
            "next_due_at": self.due_at.isoformat() if self.due_at else None,
        }


def _state(row: Any) -> EscalationState:
    return EscalationState(**{column.name: row._mapping[column.name] for column in _table.columns})


class Escalations:
    """The escalations and escalation_notices tables, over a Store (its transactions and engine)."""

    def __init__(self, store: Store):
        self.store = store

    def get(self, alert_id: str) -> EscalationState | None:
        with self.store.transaction() as session:
            row = session.execute(select(_table).where(_table.c.alert_id == alert_id)).first()
        return _state(row) if row is not None else None

    def put(self, state: EscalationState, previous: EscalationState | None) -> bool:
        """Store `state` if the row is still `previous` (None: no row yet); False when another writer changed it
        first (the caller reads it again)."""
        values = {column.name: getattr(state, column.name) for column in _table.columns}
        with self.store.transaction() as session:
            if previous is None:
                insert = self.store._idempotent_insert(_table)
                return session.execute(insert, values).first() is not None
            moved = session.execute(
                update(_table)
                .where(
                    _table.c.alert_id == previous.alert_id,
                    _table.c.revision == previous.revision,
                    _table.c.arming == previous.arming,
                    _table.c.step == previous.step,
                    _table.c.repeat == previous.repeat,
                    _table.c.state == previous.state,
                )
                .values(**values)
            )
            return moved.rowcount == 1

    def due(self, now: datetime, drill: bool, limit: int = 50) -> list[EscalationState]:
        """Armed escalations of the namespace whose next notice is due, the longest due first."""
        query = (
            select(_table)
            .where(_table.c.state == ARMED, _table.c.drill == drill, _table.c.due_at <= now)
            .order_by(_table.c.due_at, _table.c.alert_id)
            .limit(limit)
        )
        with self.store.transaction() as session:
            return [_state(row) for row in session.execute(query).all()]

    def armed(self, drill: bool) -> list[EscalationState]:
        """Every escalation of the namespace still waiting for an acknowledgement, the soonest deadline first."""
        query = select(_table).where(_table.c.state == ARMED, _table.c.drill == drill).order_by(_table.c.deadline)
        with self.store.transaction() as session:
            return [_state(row) for row in session.execute(query).all()]

    def record_notice(self, state: EscalationState, revision: int, receivers: list[str], now: datetime) -> None:
        """The notice `state` names, taken: who was told, which revision, when."""
        self.store._insert(
            escalation_notices,
            alert_id=state.alert_id,
            arming=state.arming,
            step=state.step,
            repeat=state.repeat,
            policy=state.policy,
            revision=revision,
            receivers=receivers,
            taken_at=now,
        )

    def notices(self, alert_ids: list[str]) -> dict[str, list[dict[str, Any]]]:
        """The notices taken for these alerts, by alert, in the order taken."""
        if not alert_ids:
            return {}
        query = (
            select(escalation_notices)
            .where(escalation_notices.c.alert_id.in_(sorted(alert_ids)))
            .order_by(
                escalation_notices.c.taken_at,
                escalation_notices.c.arming,
                escalation_notices.c.step,
                escalation_notices.c.repeat,
            )
        )
        found: dict[str, list[dict[str, Any]]] = {alert_id: [] for alert_id in alert_ids}
        with self.store.transaction() as session:
            for row in session.execute(query).all():
                found[row.alert_id].append(
                    {
                        "arming": row.arming,
                        "step": row.step,
                        "repeat": row.repeat,
                        "policy": row.policy,
                        "revision": row.revision,
                        "receivers": list(row.receivers),
                        "taken_at": row.taken_at.isoformat(),
                    }
                )
        return found
