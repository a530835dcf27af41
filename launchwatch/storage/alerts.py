"""The matches and alert revisions of the store, with the latest revisions a process has at hand."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Collection
from datetime import datetime

from sqlalchemy import and_, bindparam, func, or_, select

from launchwatch.schemas import Alert, MatchedEvent, Precedence, gap_alert_id
from launchwatch.storage.engine import Repository
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


class AlertRepository(Repository):
    """Every match of an event, and every revision of every alert (revision numbers without a gap)."""

    def __init__(self, url: str, migrate: bool = True):
        super().__init__(url, migrate)
        # The latest revision of the alerts this process wrote or read lately: what alert updates build on
        # without a query. Only a hint: an insert built on a stale one is refused (see known_latest).
        self._known_latest: OrderedDict[str, Alert] = OrderedDict()

    def _forget_uncommitted(self) -> None:
        # Revisions noted during a transaction that rolled back may not be stored.
        self._known_latest.clear()
        super()._forget_uncommitted()

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
            payload = session.execute(_LATEST_REVISION, {"alert_id": alert_id}).scalar_one_or_none()
        return self._note_latest(Alert.model_validate(payload)) if payload is not None else None

    def revision_state(self, alert_id: str, cause: str) -> tuple[Alert | None, Alert | None]:
        """The revision `cause` made of an alert (None if it made none yet) and the alert's latest revision."""
        with self.transaction() as session:
            rows = session.execute(_REVISION_STATE, {"alert_id": alert_id, "cause": cause}).all()
        if not rows:
            return None, None
        made = next((row for row in rows if row.cause == cause), None)
        latest = self._note_latest(Alert.model_validate(rows[0].payload))
        if made is None:
            return None, latest
        return (latest if made is rows[0] else Alert.model_validate(made.payload)), latest

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
        """Store one alert revision; False when that revision (or that cause's revision) is already stored."""
        stored = self._insert(
            alert_revisions,
            alert_id=alert.id,
            revision=alert.revision,
            cause=cause,
            incident_id=alert.incident_id,
            commitment_id=alert.commitment_id,
            precedence=alert.precedence.value,
            msg_type=alert.msg_type.value,
            drill=alert.drill,
            updated_at=alert.updated_at,
            payload=alert.model_dump(mode="json"),
        )
        if stored:
            self._note_latest(alert)
        return stored

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
        with self.transaction() as session:
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
        with self.transaction() as session:
            found = [Alert.model_validate(payload) for payload in session.execute(query).scalars()]
        return {alert.id: alert for alert in found}

    def incident_alert_ids(self, incident_id: str, drill: bool) -> list[str]:
        """Ids of the alerts of one incident and namespace (its sharing-gap alert apart)."""
        parameters = {"incident_id": incident_id, "drill": drill, "gap_alert_id": gap_alert_id(incident_id, drill)}
        with self.transaction() as session:
            return list(session.execute(_INCIDENT_ALERT_IDS, parameters).scalars())

    def count_revisions(self) -> int:
        with self.transaction() as session:
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
        with self.transaction() as session:
            return [Alert.model_validate(payload) for payload in session.execute(query).scalars()]
