"""The matches and alert revisions of the store, with the latest revisions a process has at hand."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import Connection, and_, bindparam, func, or_, select, tuple_

from launchwatch.schemas import Alert, MatchedEvent, Precedence, gap_alert_id
from launchwatch.storage.engine import Repository, StoreUnavailable
from launchwatch.storage.tables import alert_revisions, matches

#: How many alerts' latest revisions a process keeps at hand: the alerts of recent incidents. About 17 KB each
#: (explanation, assessment, sources; measured): 1,000, the alerts of some 500 incidents, in about 17 MB.
KNOWN_LATEST_MAX = 1_000

# The queries run for every message, built once: building a statement costs more than running it.
_LATEST_REVISION = (
    select(alert_revisions.c.payload)
    .where(alert_revisions.c.alert_id == bindparam("alert_id"))
    .order_by(alert_revisions.c.revision.desc())
    .limit(1)
)
# The revision a cause made and the latest revision, in one query (usually one row: the same revision).
_REVISION_STATE = (
    select(alert_revisions.c.revision, alert_revisions.c.cause, alert_revisions.c.payload)
    .where(
        alert_revisions.c.alert_id == bindparam("alert_id"),
        or_(
            alert_revisions.c.cause == bindparam("cause"),
            alert_revisions.c.revision
            == select(func.max(alert_revisions.c.revision))
            .where(alert_revisions.c.alert_id == bindparam("alert_id"))
            .scalar_subquery(),
        ),
    )
    .order_by(alert_revisions.c.revision.desc())
)


_INCIDENT_ALERT_IDS = (
    select(alert_revisions.c.alert_id)
    .where(
        alert_revisions.c.incident_id == bindparam("incident_id"),
        alert_revisions.c.drill == bindparam("drill"),
        alert_revisions.c.revision == 1,
        alert_revisions.c.alert_id != bindparam("gap_alert_id"),
    )
    .order_by(alert_revisions.c.alert_id)
)


@dataclass
class _Revisions:
    """What one transaction has read of alert revisions, and the revisions it will store at its end: a batch reads
    its alerts' states at once (`AlertRepository.prefetch_alerts`) and stores its revisions a statement a batch."""

    #: The latest revision of each alert read (None: it has none), as the transaction now has it.
    latest: dict[str, Alert | None] = field(default_factory=dict)
    #: The revision each (alert, cause) read made (absent: none).
    made: dict[tuple[str, str], Alert] = field(default_factory=dict)
    causes_read: set[tuple[str, str]] = field(default_factory=set)
    #: The alerts of each incident read (by incident and namespace).
    incident_alerts: dict[tuple[str, bool], set[str]] = field(default_factory=dict)
    pending: list[dict[str, object]] = field(default_factory=list)

    def read(self, alert_id: str, cause: str | None = None) -> bool:
        return alert_id in self.latest and (cause is None or (alert_id, cause) in self.causes_read)


class AlertRepository(Repository):
    """Every match of an event, and every revision of every alert (revision numbers without a gap).

    Within a transaction, revisions are checked against the alerts' states as the transaction read them (a batch
    reads them at once: `prefetch_alerts`) and stored at its end, a statement a batch; a revision another writer
    stored meanwhile rolls the transaction back to be run again (`StoreUnavailable`)."""

    def __init__(self, url: str, migrate: bool = True):
        super().__init__(url, migrate)
        # The latest revision of the alerts this process wrote or read lately: what alert updates build on
        # without a query. Only a hint: an insert built on a stale one is refused (see known_latest).
        self._known_latest: OrderedDict[str, Alert] = OrderedDict()
        self._revisions: _Revisions | None = None

    def _forget_uncommitted(self) -> None:
        # Revisions noted during a transaction that rolled back may not be stored.
        self._known_latest.clear()
        super()._forget_uncommitted()

    def _end_transaction(self) -> None:
        self._revisions = None
        super()._end_transaction()

    def _revisions_read(self) -> _Revisions:
        """The transaction's revisions (called inside a transaction)."""
        if self._revisions is None:
            self._revisions = _Revisions()
        return self._revisions

    def _flush(self) -> None:
        if self._revisions is not None and (rows := self._revisions.pending):
            self._revisions.pending = []
            stored = self._open.execute(self._idempotent_insert(alert_revisions), rows).all()  # type: ignore[union-attr]
            if len(stored) < len(rows):
                raise StoreUnavailable(
                    f"another writer stored {len(rows) - len(stored)} of a batch's alert revisions first; the batch "
                    "runs again"
                )
        super()._flush()

    def prefetch_alerts(
        self,
        causes: Collection[tuple[str, str]],
        incidents: Collection[tuple[str, bool]] = (),
        alert_ids: Collection[str] = (),
    ) -> None:
        """Read at once what a batch's updates will ask of the alerts: the alerts of `incidents` (incident id,
        drill), then the latest revision of every alert named in `causes` (alert id, cause), in `alert_ids` or of
        those incidents, and the revision each cause made."""
        with self.transaction() as session:
            state = self._revisions_read()
            if unread := [key for key in set(incidents) if key not in state.incident_alerts]:
                for incident_id, drill in unread:
                    state.incident_alerts[(incident_id, drill)] = set()
                rows = session.execute(
                    select(alert_revisions.c.alert_id, alert_revisions.c.incident_id, alert_revisions.c.drill).where(
                        tuple_(alert_revisions.c.incident_id, alert_revisions.c.drill).in_(sorted(unread)),
                        alert_revisions.c.revision == 1,
                    )
                ).all()
                for row in rows:
                    state.incident_alerts[(row.incident_id, row.drill)].add(row.alert_id)
            wanted = {key for key in causes if not state.read(*key)}
            cause_of = {alert for alert, _ in wanted} | {alert for alert in alert_ids if not state.read(alert)}
            for incident_alerts in (state.incident_alerts.get(key, set()) for key in incidents):
                cause_of |= {alert for alert in incident_alerts if not state.read(alert)}
            if cause_of:
                self._read_states(session, state, sorted(cause_of), sorted({cause for _, cause in wanted}))
            state.causes_read |= wanted

    def _read_states(self, session: Connection, state: _Revisions, alert_ids: list[str], causes: list[str]) -> None:
        """The latest revision of each alert, and the revisions `causes` made of them, into `state`."""
        newest = alert_revisions.alias("newest")
        latest_number = (
            select(func.max(newest.c.revision)).where(newest.c.alert_id == alert_revisions.c.alert_id).scalar_subquery()
        )
        rows = session.execute(
            select(
                alert_revisions.c.alert_id,
                alert_revisions.c.revision,
                alert_revisions.c.cause,
                alert_revisions.c.payload,
            ).where(
                alert_revisions.c.alert_id.in_(alert_ids),
                or_(alert_revisions.c.cause.in_(causes), alert_revisions.c.revision == latest_number),
            )
        ).all()
        for alert_id in alert_ids:
            state.latest.setdefault(alert_id, None)
        for row in sorted(rows, key=lambda r: r.revision):
            alert = Alert.model_validate(row.payload)
            if row.cause in causes:
                state.made[(row.alert_id, row.cause)] = alert
            if (known := state.latest.get(row.alert_id)) is None or known.revision < row.revision:
                state.latest[row.alert_id] = self._note_latest(alert)

    # ------------------------------------------------------------------ matches and alerts

    def save_matches(self, matched: MatchedEvent) -> None:
        """Store every match of an event (those stored before are kept as they are), with the transaction's others."""
        drill = matched.drill or matched.event.drill
        for match in matched.matches:
            self._insert_later(
                matches,
                event_id=matched.event.event_id,
                commitment_id=match.commitment_id,
                drill=drill,
                incident_id=matched.event.incident_id,
                kind=match.kind.value,
                rule_id=match.rule_id,
                rule_version=match.rule_version,
                precedence=match.precedence.value,
                payload=match.model_dump(mode="json"),
            )

    def latest_alert(self, alert_id: str) -> Alert | None:
        with self.transaction() as session:
            state = self._revisions_read()
            if not state.read(alert_id):
                payload = session.execute(_LATEST_REVISION, {"alert_id": alert_id}).scalar_one_or_none()
                state.latest[alert_id] = self._note_latest(Alert.model_validate(payload)) if payload else None
            return state.latest[alert_id]

    def revision_state(self, alert_id: str, cause: str) -> tuple[Alert | None, Alert | None]:
        """The revision `cause` made of an alert (None if it made none yet) and the alert's latest revision."""
        with self.transaction() as session:
            state = self._revisions_read()
            if not state.read(alert_id, cause):
                rows = session.execute(_REVISION_STATE, {"alert_id": alert_id, "cause": cause}).all()
                made = next((row for row in rows if row.cause == cause), None)
                if made is not None:
                    state.made.setdefault((alert_id, cause), Alert.model_validate(made.payload))
                if rows and state.latest.get(alert_id) is None:
                    state.latest[alert_id] = self._note_latest(Alert.model_validate(rows[0].payload))
                state.latest.setdefault(alert_id, None)
                state.causes_read.add((alert_id, cause))
            return state.made.get((alert_id, cause)), state.latest[alert_id]

    def known_latest(self, alert_id: str) -> Alert | None:
        """The latest revision of an alert as this process last wrote or read it; None if it has not lately.

        A hint, not an answer: another process may have stored a newer revision since. A revision built on a
        stale one has a number already taken, so `save_revision` refuses it (revision numbers have no gaps,
        and the hints are dropped when a transaction rolls back).
        """
        return self._known_latest.get(alert_id)

    def _note_latest(self, alert: Alert) -> Alert:
        known = self._known_latest.get(alert.id)
        if known is None or known.revision <= alert.revision:
            self._known_latest[alert.id] = alert
            self._known_latest.move_to_end(alert.id)
            if len(self._known_latest) > KNOWN_LATEST_MAX:
                self._known_latest.popitem(last=False)
        return alert

    def save_revision(self, alert: Alert, cause: str) -> bool:
        """Store one alert revision (with the transaction's others); False when that revision number (or that
        cause's revision) is taken."""
        with self.transaction():
            made, latest = self.revision_state(alert.id, cause)
            if made is not None or (latest is not None and latest.revision >= alert.revision):
                return False
            state = self._revisions_read()
            state.pending.append(
                {
                    "alert_id": alert.id,
                    "revision": alert.revision,
                    "cause": cause,
                    "incident_id": alert.incident_id,
                    "commitment_id": alert.commitment_id,
                    "precedence": alert.precedence.value,
                    "msg_type": alert.msg_type.value,
                    "drill": alert.drill,
                    "updated_at": alert.updated_at,
                    "payload": alert.model_dump(mode="json"),
                }
            )
            state.made[(alert.id, cause)] = state.latest[alert.id] = alert
            if alert.revision == 1 and (incident := (alert.incident_id, alert.drill)) in state.incident_alerts:
                state.incident_alerts[incident].add(alert.id)
        self._note_latest(alert)
        return True

    def revisions(
        self, since: datetime | None = None, drill: bool | None = None, alert_ids: Collection[str] | None = None
    ) -> list[Alert]:
        """Every stored alert revision (updated since `since`, of `alert_ids` only), in the order they were made."""
        query = select(alert_revisions.c.payload)
        if alert_ids is not None:
            if not alert_ids:
                return []
            query = query.where(alert_revisions.c.alert_id.in_(sorted(alert_ids)))
        if since is not None:
            query = query.where(alert_revisions.c.updated_at >= since)
        if drill is not None:
            query = query.where(alert_revisions.c.drill == drill)
        query = query.order_by(alert_revisions.c.updated_at, alert_revisions.c.alert_id, alert_revisions.c.revision)
        with self._reading() as session:
            return [Alert.model_validate(payload) for payload in session.execute(query).scalars()]

    def latest_alerts(self, alert_ids: Collection[str]) -> dict[str, Alert]:
        """The latest revision of each of these alerts, by id (found by the primary key: no other alert is read)."""
        if not alert_ids:
            return {}
        latest = (
            select(alert_revisions.c.alert_id, func.max(alert_revisions.c.revision).label("revision"))
            .where(alert_revisions.c.alert_id.in_(sorted(alert_ids)))
            .group_by(alert_revisions.c.alert_id)
            .subquery()
        )
        query = select(alert_revisions.c.payload).join(
            latest,
            and_(alert_revisions.c.alert_id == latest.c.alert_id, alert_revisions.c.revision == latest.c.revision),
        )
        with self._reading() as session:
            found = [Alert.model_validate(payload) for payload in session.execute(query).scalars()]
        return {alert.id: alert for alert in found}

    def incident_alert_ids(self, incident_id: str, drill: bool) -> list[str]:
        """Ids of the alerts of one incident and namespace (its sharing-gap alert apart)."""
        gap = gap_alert_id(incident_id, drill)
        with self.transaction() as session:
            state = self._revisions_read()
            if (incident_id, drill) not in state.incident_alerts:
                parameters = {"incident_id": incident_id, "drill": drill, "gap_alert_id": gap}
                state.incident_alerts[(incident_id, drill)] = set(
                    session.execute(_INCIDENT_ALERT_IDS, parameters).scalars()
                )
            return sorted(state.incident_alerts[(incident_id, drill)] - {gap})

    def count_revisions(self) -> int:
        with self._reading() as session:
            return session.execute(select(func.count()).select_from(alert_revisions)).scalar_one()

    def alerts(
        self,
        since: datetime | None = None,
        precedence: Precedence | None = None,
        commitment_id: str | None = None,
        drill: bool | None = None,
        limit: int | None = 500,
    ) -> list[Alert]:
        """The latest revision of each alert updated since `since`, newest first."""
        latest = select(alert_revisions.c.alert_id, func.max(alert_revisions.c.revision).label("revision"))
        if since is not None:
            # Only an alert revised since then can have its latest revision since then: group those alone, found
            # by the updated_at index, not the whole table.
            revised = select(alert_revisions.c.alert_id).where(alert_revisions.c.updated_at >= since)
            latest = latest.where(alert_revisions.c.alert_id.in_(revised))
        latest = latest.group_by(alert_revisions.c.alert_id).subquery()
        query = select(alert_revisions.c.payload).join(
            latest,
            and_(alert_revisions.c.alert_id == latest.c.alert_id, alert_revisions.c.revision == latest.c.revision),
        )
        if since is not None:
            query = query.where(alert_revisions.c.updated_at >= since)
        if precedence is not None:
            query = query.where(alert_revisions.c.precedence == precedence.value)
        if commitment_id is not None:
            query = query.where(alert_revisions.c.commitment_id == commitment_id)
        if drill is not None:
            query = query.where(alert_revisions.c.drill == drill)
        query = query.order_by(alert_revisions.c.updated_at.desc(), alert_revisions.c.alert_id).limit(limit)
        with self._reading() as session:
            return [Alert.model_validate(payload) for payload in session.execute(query).scalars()]
