"""The pending sharing gaps of the store: the covered incidents whose gap the gap check is still to decide.

A row is written with a covered alert's revision while a party is missing, read by the check once due (by an index
on each clock: the wall clock since the alert was raised, the event time since its first report), and removed once
decided, so the check reads what is pending, not the alerts of its lookback. A row whose gap alert the check opened
is kept (`opened_at`) until that alert is published: a worker stopped in between has it published again by the next.
What is due and what a gap is are the alerts service's decisions (services/alerts/gaps.py); this stores them.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, delete, func, or_, select, tuple_, update

from launchwatch.storage.engine import Repository
from launchwatch.storage.tables import pending_gaps

_table = pending_gaps

#: (incident id, drill): a pending gap's key.
GapKey = tuple[str, bool]


@dataclass(frozen=True)
class PendingGap:
    incident_id: str
    drill: bool
    alert_id: str
    raised_at: datetime
    first_reported_at: datetime
    opened_at: datetime | None = None

    @property
    def key(self) -> GapKey:
        return self.incident_id, self.drill


def _of_keys(keys: Collection[GapKey]):  # type: ignore[no-untyped-def]
    return tuple_(_table.c.incident_id, _table.c.drill).in_(sorted(keys))


class PendingGapRepository(Repository):
    """Covered incidents whose sharing gap is still to decide, and gap alerts opened but not yet published.

    A transaction's writes of pending gaps are held to its end, the last per incident, and made a statement per
    kind (removed, written, added): a batch of revisions keeps its gaps in step in three statements at most."""

    def __init__(self, url: str, migrate: bool = True):
        super().__init__(url, migrate)
        self._gap_writes: dict[GapKey, tuple[str, dict[str, object]]] = {}

    def _end_transaction(self) -> None:
        self._gap_writes.clear()
        super()._end_transaction()

    def _flush(self) -> None:
        super()._flush()
        if not self._gap_writes:
            return
        writes, self._gap_writes = sorted(self._gap_writes.items()), {}
        session = self._open
        assert session is not None
        dropped = [key for key, (kind, _) in writes if kind == "drop"]
        if dropped:
            session.execute(delete(_table).where(_of_keys(dropped), _table.c.opened_at.is_(None)))
        for kind in ("set", "add"):
            if rows := [
                {"incident_id": i, "drill": d, "opened_at": None, **v} for (i, d), (k, v) in writes if k == kind
            ]:
                session.execute(self._gap_statement(kind), rows)

    def _gap_statement(self, kind: str):  # type: ignore[no-untyped-def]
        if kind == "add":  # its incident has none: a row there already (written before) is kept
            return self._idempotent_insert(_table, returning=False)
        statement = self._dialect_insert(_table)
        return statement.on_conflict_do_update(
            index_elements=[_table.c.incident_id, _table.c.drill],
            set_={name: statement.excluded[name] for name in ("alert_id", "raised_at", "first_reported_at")},
            where=_table.c.opened_at.is_(None),
        )

    def _write_gap(self, key: GapKey, kind: str, values: dict[str, object] | None = None) -> None:
        with self.transaction():
            # One write per incident's gap stands for all of a transaction's, in order: the last, except that an add
            # (kept out by a row there) changes nothing after an add or a set, and is a set after a drop.
            previous = self._gap_writes.get(key)
            if kind == "add" and previous is not None:
                if previous[0] != "drop":
                    return
                kind = "set"
            self._gap_writes[key] = (kind, values or {})

    def add_pending_gap(
        self, incident_id: str, drill: bool, alert_id: str, raised_at: datetime, first_reported_at: datetime
    ) -> None:
        """A new covered alert's pending gap, written with the transaction's other gaps (its incident has none)."""
        values = {"alert_id": alert_id, "raised_at": raised_at, "first_reported_at": first_reported_at}
        self._write_gap((incident_id, drill), "add", values)

    def set_pending_gap(
        self, incident_id: str, drill: bool, alert_id: str, raised_at: datetime, first_reported_at: datetime
    ) -> None:
        """The pending gap of a covered alert revised (its times may have moved): written, unless its gap alert was
        opened and is waiting to be published (that row stays as it is)."""
        values = {"alert_id": alert_id, "raised_at": raised_at, "first_reported_at": first_reported_at}
        self._write_gap((incident_id, drill), "set", values)

    def drop_pending_gaps(self, keys: Collection[GapKey]) -> None:
        """These incidents have no gap to decide any more (every party reported, the incident ended, opened
        already); a gap alert opened and waiting to be published keeps its row."""
        for key in keys:
            self._write_gap(key, "drop")

    def due_gaps(self, drill: bool, raised_before: datetime, reported_before: datetime | None) -> list[PendingGap]:
        """The namespace's pending gaps raised before `raised_before`, or first reported before `reported_before`,
        oldest first (gap alerts opened already, waiting to be published, apart)."""
        due = _table.c.raised_at <= raised_before
        if reported_before is not None:
            due = or_(due, _table.c.first_reported_at <= reported_before)
        query = (
            select(_table)
            .where(and_(_table.c.drill == drill, due), _table.c.opened_at.is_(None))
            .order_by(_table.c.raised_at, _table.c.incident_id)
        )
        with self._reading() as session:
            return [PendingGap(**row._mapping) for row in session.execute(query)]

    def mark_gaps_opened(self, keys: Collection[GapKey], at: datetime) -> None:
        """Their gap alerts are stored: kept until published (`gaps_published`)."""
        if keys:
            with self._reading() as session:
                session.execute(update(_table).where(_of_keys(keys)).values(opened_at=at))

    def opened_gaps(self, drill: bool) -> list[PendingGap]:
        """The namespace's gap alerts opened and not known to be published (a worker may have stopped in between)."""
        query = (
            select(_table).where(_table.c.drill == drill, _table.c.opened_at.is_not(None)).order_by(_table.c.opened_at)
        )
        with self._reading() as session:
            return [PendingGap(**row._mapping) for row in session.execute(query)]

    def gaps_published(self, keys: Collection[GapKey]) -> None:
        """These opened gap alerts are published: nothing is left to do for their incidents."""
        if keys:
            with self._reading() as session:
                session.execute(delete(_table).where(_of_keys(keys), _table.c.opened_at.is_not(None)))

    def count_pending_gaps(self) -> int:
        with self._reading() as session:
            return session.execute(select(func.count()).select_from(_table)).scalar_one()
