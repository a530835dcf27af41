"""The store: what launchwatch keeps in SQL (SQLite by default, PostgreSQL in production).

The tables are in `tables.py`, built by the Alembic migrations in `migrations/` (every worker upgrades
the database on start). Writes are idempotent: processing the same message twice leaves one row, so
replays and crash recovery never duplicate. SQL goes through SQLAlchemy Core with bound parameters only.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from collections.abc import Collection, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from pydantic_core import to_json
from sqlalchemy import (
    Connection,
    Engine,
    Insert,
    Table,
    and_,
    bindparam,
    create_engine,
    event,
    func,
    literal_column,
    or_,
    select,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import InterfaceError, OperationalError

from launchwatch.schemas import Alert, Event, MatchedEvent, Precedence, Silence, gap_alert_id
from launchwatch.storage.migrate import upgrade
from launchwatch.storage.tables import (
    acks,
    alert_revisions,
    events,
    incidents,
    matches,
    metadata,
    reports,
    silences,
)

__all__ = ["IncidentState", "Receipt", "Store", "StoreUnavailable", "make_engine", "metadata"]


def _json_text(value: object) -> str:
    # pydantic's serializer: the JSON columns hold what model_dump(mode="json") gives, several times faster
    # than the standard library's json.dumps SQLAlchemy uses by default.
    return to_json(value).decode()


def make_engine(url: str) -> Engine:
    engine = create_engine(url, json_serializer=_json_text)
    if engine.dialect.name == "sqlite":

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
            # SQLAlchemy, not the driver, begins transactions (see _begin_immediate).
            dbapi_connection.isolation_level = None
            # WAL lets several worker processes share one SQLite file without "database is locked".
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA busy_timeout=10000")
            # In WAL mode NORMAL loses nothing when a process crashes (only on power loss): Kafka redelivers.
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.close()

        @event.listens_for(engine, "begin")
        def _begin_immediate(connection: Connection) -> None:
            # Take the write lock up front: a transaction that reads and then writes would otherwise fail at
            # once (SQLITE_BUSY, no waiting) when another process wrote in between.
            connection.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


class StoreUnavailable(RuntimeError):
    """The database cannot be reached or written (down, locked too long): no message is to blame."""


class Receipt(StrEnum):
    """What a raw report is to the archive."""

    NEW = "new"
    REDELIVERY = "redelivery"  # the same Kafka message again (after a crash): process it again, idempotently
    DUPLICATE = "duplicate"  # the same report (id, or source and content) sent again: drop it


@dataclass(frozen=True)
class IncidentState:
    """What the store keeps of an incident beyond its events."""

    generation: int
    merged_into: str | None
    latency_parties: frozenset[str]
    family: str = ""
    first_reported_at: datetime | None = None


def content_sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


#: How many alerts' latest revisions a process keeps at hand (a few MB): the alerts of recent incidents.
KNOWN_LATEST_MAX = 5_000

# The queries run for every message, built once: building a statement costs more than running it.
_FAMILY_EVENTS = (
    select(events.c.payload, events.c.incident_id, events.c.pinned)
    .where(
        # The time of occurrence, or of the report when there is none, between start and end: two index ranges
        # over (event_type, drill, time), not one expression that would read every event of the family.
        or_(
            and_(
                events.c.event_type.in_(bindparam("event_types", expanding=True)),
                events.c.drill == bindparam("drill"),
                events.c.occurred_at.between(bindparam("start"), bindparam("end")),
            ),
            and_(
                events.c.event_type.in_(bindparam("event_types", expanding=True)),
                events.c.drill == bindparam("drill"),
                events.c.occurred_at.is_(None),
                events.c.reported_at.between(bindparam("start"), bindparam("end")),
            ),
        )
    )
    .order_by(events.c.event_id)
)
_INCIDENT_STATE = (
    incidents.c.incident_id,
    incidents.c.generation,
    incidents.c.merged_into,
    incidents.c.latency_parties,
    incidents.c.family,
    incidents.c.first_reported_at,
)


def _incident_state(row: object) -> IncidentState:
    return IncidentState(
        row.generation,  # type: ignore[attr-defined]
        row.merged_into,  # type: ignore[attr-defined]
        frozenset(row.latency_parties or ()),  # type: ignore[attr-defined]
        row.family,  # type: ignore[attr-defined]
        row.first_reported_at,  # type: ignore[attr-defined]
    )


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


class Store:
    """The archive of reports, events, incidents, matches, alert revisions, acks and silences."""

    def __init__(self, url: str, migrate: bool = True):
        self.engine = make_engine(url)
        if migrate:
            upgrade(self.engine)
        self._dialect_insert = postgresql.insert if self.engine.dialect.name == "postgresql" else sqlite.insert
        self._idempotent_inserts: dict[str, Insert] = {}
        self._open: Connection | None = None
        # The latest revision of the alerts this process wrote or read lately: what alert updates build on
        # without a query. Only a hint: an insert built on a stale one is refused (see known_latest).
        self._known_latest: OrderedDict[str, Alert] = OrderedDict()
        # Rows nothing reads back before the transaction ends (events, matches), inserted at its end, a statement
        # per table; reads of those tables go through _reading(), which inserts them first.
        self._deferred: dict[Table, list[dict[str, object]]] = {}

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        """A transaction; every store call inside it joins it, so a batch of messages can be one transaction.

        Synchronous code only inside it (no await): the store is shared by the agents of one process. Core
        connections, no ORM session (it costs more than the statements here). A fault of the database
        itself (unreachable, locked too long) is raised as StoreUnavailable.
        """
        if self._open is not None:
            yield self._open
            return
        try:
            with self.engine.begin() as connection:
                self._open = connection
                try:
                    yield connection
                    self._insert_deferred()
                finally:
                    self._open = None
                    self._deferred.clear()
        except BaseException as exc:
            # Rolled back, or its commit failed: revisions noted during it may not be stored.
            self._known_latest.clear()
            if isinstance(exc, OperationalError | InterfaceError):
                raise StoreUnavailable(str(exc).splitlines()[0]) from exc
            raise

    def _idempotent_insert(self, table: Table, returning: bool = True) -> Insert:
        """The table's INSERT … ON CONFLICT DO NOTHING, built once (SQLAlchemy then compiles it once).

        ON CONFLICT DO NOTHING rather than catching the error: a failed statement would abort the batch
        transaction around it on PostgreSQL. RETURNING says whether the row went in (rowcount is not
        reliable on every driver).
        """
        key = f"{table.name}:{returning}"
        statement = self._idempotent_inserts.get(key)
        if statement is None:
            statement = self._dialect_insert(table).on_conflict_do_nothing()
            if returning:
                statement = statement.returning(literal_column("1"))
            self._idempotent_inserts[key] = statement
        return statement

    def _insert_later(self, table: Table, **values: object) -> None:
        """Insert a row at the end of the transaction (now, when there is none), with the table's other rows."""
        with self.transaction():
            self._deferred.setdefault(table, []).append(values)

    def _insert_deferred(self) -> None:
        for table, rows in self._deferred.items():
            if rows:
                self._open.execute(self._idempotent_insert(table, returning=False), rows)  # type: ignore[union-attr]
        self._deferred.clear()

    @contextmanager
    def _reading(self) -> Iterator[Connection]:
        """A transaction for reading a table whose rows may be deferred: they are inserted first."""
        with self.transaction() as session:
            self._insert_deferred()
            yield session

    def _insert(self, table: Table, **values: object) -> bool:
        """Insert one row; False when a row with the same key is already there (idempotent write)."""
        with self.transaction() as session:
            return session.execute(self._idempotent_insert(table), values).first() is not None

    # ------------------------------------------------------------------ reports and events

    def record_report(
        self,
        report_id: str,
        source: str,
        published_at: datetime,
        raw: bytes,
        drill: bool,
        received_at: datetime,
        kafka_position: str | None = None,
    ) -> Receipt:
        """Archive a raw report as received, and say whether it is new, a redelivery or a duplicate."""
        digest = content_sha256(raw)
        if self._insert(
            reports,
            report_id=report_id,
            drill=drill,
            source=source,
            content_sha256=digest,
            published_at=published_at,
            received_at=received_at,
            kafka_position=kafka_position,
            raw=raw,
        ):
            return Receipt.NEW
        with self.transaction() as session:
            stored = session.execute(
                select(reports.c.kafka_position).where(
                    reports.c.drill == drill,
                    or_(
                        reports.c.report_id == report_id,
                        and_(reports.c.source == source, reports.c.content_sha256 == digest),
                    ),
                )
            ).scalar_one_or_none()
        if kafka_position is not None and stored == kafka_position:
            return Receipt.REDELIVERY
        return Receipt.DUPLICATE

    def save_event(self, event_: Event, pinned: bool = False) -> None:
        """Store an event (one stored before is kept as it is); inserted with the transaction's other events.

        `pinned`: its incident was given, not found by grouping, which then never moves it."""
        self._insert_later(
            events,
            retracts=event_.retracts,
            pinned=pinned,
            event_id=event_.event_id,
            drill=event_.drill,
            report_id=event_.report_id,
            incident_id=event_.incident_id,
            source=event_.source,
            party=event_.party.value,
            event_type=event_.event_type.value,
            occurred_at=event_.occurred_at,
            reported_at=event_.reported_at,
            payload=event_.model_dump(mode="json"),
        )

    def stored_event(self, event_id: str, drill: bool) -> Event | None:
        """A stored event, in the incident it is in now."""
        with self._reading() as session:
            row = session.execute(
                select(events.c.payload, events.c.incident_id).where(
                    events.c.event_id == event_id, events.c.drill == drill
                )
            ).first()
        if row is None:
            return None
        return self._event(row.payload).model_copy(update={"incident_id": row.incident_id})

    # ------------------------------------------------------------------ incidents

    def lock_family(self, family: str, drill: bool) -> None:
        """Hold the grouping of one family's reports until the transaction ends, so that workers grouping
        reports of one launch at once see each other's (SQLite's BEGIN IMMEDIATE already serialises)."""
        if self.engine.dialect.name == "postgresql":
            with self.transaction() as session:
                key = int.from_bytes(hashlib.sha256(f"{family}:{drill}".encode()).digest()[:8], "big", signed=True)
                session.execute(select(func.pg_advisory_xact_lock(key)))

    def family_events(
        self, event_types: Collection[str], drill: bool, start: datetime, end: datetime
    ) -> list[tuple[Event, str, bool]]:
        """Events of these types that occurred (or, undated, were reported) between start and end, each with
        its incident and whether it is pinned there."""
        with self._reading() as session:
            rows = session.execute(
                _FAMILY_EVENTS, {"event_types": sorted(event_types), "drill": drill, "start": start, "end": end}
            ).all()
        return [(self._event(row.payload), row.incident_id, row.pinned) for row in rows]

    def incident_events(self, incident_ids: Collection[str], drill: bool) -> dict[str, list[Event]]:
        """The events of each incident, in report order."""
        found: dict[str, list[Event]] = {incident_id: [] for incident_id in incident_ids}
        if not incident_ids:
            return found
        with self._reading() as session:
            rows = session.execute(
                select(events.c.payload, events.c.incident_id)
                .where(events.c.incident_id.in_(sorted(incident_ids)), events.c.drill == drill)
                .order_by(events.c.reported_at, events.c.event_id)
            ).all()
        for row in rows:
            found[row.incident_id].append(self._event(row.payload).model_copy(update={"incident_id": row.incident_id}))
        return found

    def _event(self, payload: dict) -> Event:
        return Event.model_validate(payload)

    def move_events(self, moves: dict[str, str], drill: bool) -> None:
        """Put events (by id) into other incidents: grouping found they belong there."""
        if not moves:
            return
        with self._reading() as session:
            session.execute(
                events.update()
                .where(events.c.event_id == bindparam("moved_id"), events.c.drill == drill)
                .values(incident_id=bindparam("to_incident")),
                [{"moved_id": moved, "to_incident": incident} for moved, incident in sorted(moves.items())],
            )

    def retracted_among(self, event_ids: Collection[str], drill: bool) -> frozenset[str]:
        """Those of the events whose source has withdrawn them (by a later report, or one that came first)."""
        if not event_ids:
            return frozenset()
        with self._reading() as session:
            return frozenset(
                session.execute(
                    select(events.c.retracts).where(events.c.retracts.in_(sorted(event_ids)), events.c.drill == drill)
                ).scalars()
            )

    def incident_states(self, incident_ids: Collection[str], drill: bool) -> dict[str, IncidentState]:
        if not incident_ids:
            return {}
        with self.transaction() as session:
            rows = session.execute(
                select(*_INCIDENT_STATE).where(
                    incidents.c.incident_id.in_(sorted(incident_ids)), incidents.c.drill == drill
                )
            ).all()
        return {row.incident_id: _incident_state(row) for row in rows}

    def merged_by(self, event_id: str, drill: bool) -> dict[str, IncidentState]:
        """The incidents the report of this event merged into others."""
        with self.transaction() as session:
            rows = session.execute(
                select(*_INCIDENT_STATE).where(incidents.c.merged_by == event_id, incidents.c.drill == drill)
            ).all()
        return {row.incident_id: _incident_state(row) for row in rows}

    def incident_known(self, incident_id: str, drill: bool) -> bool:
        """Whether the id is, or was, an incident's (a merged incident's id is never given to another)."""
        return bool(self.incident_states([incident_id], drill))

    def save_incident(
        self,
        incident_id: str,
        drill: bool,
        family: str,
        occurred_at: datetime | None,
        first_reported_at: datetime,
        merged_into: str | None,
        latency_parties: Collection[str],
        merged_by: str | None = None,
    ) -> int:
        """Store the incident's new state; its generation, one more than before (1 for a new incident).
        `merged_by`: the event whose report merged it into `merged_into`."""
        with self.transaction() as session:
            known = self.incident_states([incident_id], drill).get(incident_id)
            values = {
                "family": family,
                "occurred_at": occurred_at,
                "first_reported_at": first_reported_at,
                "merged_into": merged_into,
                "merged_by": merged_by if merged_into else None,
                "latency_parties": sorted(latency_parties),
                "generation": (known.generation if known else 0) + 1,
            }
            if known is None:
                session.execute(incidents.insert().values(incident_id=incident_id, drill=drill, **values))
            else:
                session.execute(
                    incidents.update()
                    .where(incidents.c.incident_id == incident_id, incidents.c.drill == drill)
                    .values(**values)
                )
        return values["generation"]  # type: ignore[return-value]

    def report_sources(self, report_id: str, drill: bool) -> set[str]:
        """The sources that sent a report of this id."""
        with self.transaction() as session:
            return set(
                session.execute(
                    select(reports.c.source).where(reports.c.report_id == report_id, reports.c.drill == drill)
                ).scalars()
            )

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

    def incident_alert_ids(self, incident_id: str, drill: bool) -> list[str]:
        """Ids of the alerts of one incident and namespace (its sharing-gap alert apart)."""
        with self.transaction() as session:
            return list(
                session.execute(
                    select(alert_revisions.c.alert_id)
                    .where(
                        alert_revisions.c.incident_id == incident_id,
                        alert_revisions.c.drill == drill,
                        alert_revisions.c.revision == 1,
                        alert_revisions.c.alert_id != gap_alert_id(incident_id, drill),
                    )
                    .order_by(alert_revisions.c.alert_id)
                ).scalars()
            )

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
        having_cause: str | None = None,
        not_in_incidents_with_cause: str | None = None,
    ) -> list[Alert]:
        """The latest revision of each alert updated since `since`, newest first.

        `having_cause`: only alerts one of whose revisions that cause made; `not_in_incidents_with_cause`:
        only alerts of incidents where no alert has a revision that cause made.
        """
        latest = select(alert_revisions.c.alert_id, func.max(alert_revisions.c.revision).label("revision"))
        if since is not None:
            # Only an alert revised since then can have its latest revision since then: group those alone, found
            # by the updated_at index, not the whole table (a scan at every gap check).
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
        if having_cause is not None:
            caused = select(alert_revisions.c.alert_id).where(alert_revisions.c.cause == having_cause)
            query = query.where(alert_revisions.c.alert_id.in_(caused))
        if not_in_incidents_with_cause is not None:
            caused = select(alert_revisions.c.incident_id).where(alert_revisions.c.cause == not_in_incidents_with_cause)
            if drill is not None:  # a drill replaying history has the same incident ids as the live run had
                caused = caused.where(alert_revisions.c.drill == drill)
            query = query.where(alert_revisions.c.incident_id.not_in(caused))
        query = query.order_by(alert_revisions.c.updated_at.desc(), alert_revisions.c.alert_id).limit(limit)
        with self.transaction() as session:
            return [Alert.model_validate(payload) for payload in session.execute(query).scalars()]

    def incident(self, incident_id: str) -> dict[str, list[dict]] | None:
        """An incident's reports (as received), events and alerts (latest revisions); None when unknown."""
        with self._reading() as session:
            event_rows = session.execute(
                select(events.c.payload, events.c.report_id, events.c.drill)
                .where(events.c.incident_id == incident_id)
                .order_by(events.c.reported_at, events.c.event_id)
            ).all()
            if not event_rows:
                return None
            report_rows = session.execute(
                select(reports.c.report_id, reports.c.source, reports.c.published_at, reports.c.raw).where(
                    or_(*(and_(reports.c.report_id == r.report_id, reports.c.drill == r.drill) for r in event_rows))
                )
            ).all()
        alert_list = [a for a in self.alerts(limit=10_000) if a.incident_id == incident_id]
        return {
            "reports": [
                {
                    "report_id": row.report_id,
                    "source": row.source,
                    "published_at": row.published_at.isoformat(),
                    "raw": row.raw.decode(errors="replace"),
                }
                for row in report_rows
            ],
            "events": [row.payload for row in event_rows],
            "alerts": [a.model_dump(mode="json") for a in alert_list],
        }

    # ------------------------------------------------------------------ acks and silences

    def save_ack(self, alert_id: str, revision: int, by: str, at: datetime, comment: str = "") -> bool:
        return self._insert(acks, alert_id=alert_id, revision=revision, by=by, at=at, comment=comment)

    def acks_of(self, alert_id: str) -> list[tuple[int, str, datetime]]:
        with self.transaction() as session:
            rows = session.execute(
                select(acks.c.revision, acks.c.by, acks.c.at).where(acks.c.alert_id == alert_id).order_by(acks.c.at)
            ).all()
        return [tuple(row) for row in rows]  # type: ignore[misc]

    def save_silence(self, silence: Silence) -> bool:
        return self._insert(
            silences,
            silence_id=silence.id,
            commitment_id=silence.commitment_id,
            precedence=silence.precedence.value if silence.precedence else None,
            starts_at=silence.starts_at,
            ends_at=silence.ends_at,
            created_by=silence.created_by,
            comment=silence.comment,
            drill=silence.drill,
        )

    def active_silences(self, at: datetime, drill: bool) -> list[Silence]:
        """Silences of one namespace in force at `at`: expired ones drop out by themselves."""
        with self.transaction() as session:
            rows = session.execute(
                select(silences)
                .where(silences.c.starts_at <= at, silences.c.ends_at > at, silences.c.drill == drill)
                .order_by(silences.c.ends_at)
            ).all()
        return [
            Silence(
                id=row.silence_id,
                commitment_id=row.commitment_id,
                precedence=row.precedence,
                starts_at=row.starts_at,
                ends_at=row.ends_at,
                created_by=row.created_by,
                comment=row.comment,
                drill=row.drill,
            )
            for row in rows
        ]

    # ------------------------------------------------------------------ replay

    def reports_between(
        self,
        start: datetime | None = None,
        end: datetime | None = None,
        sources: Sequence[str] = (),
        event_types: Sequence[str] = (),
        commitments: Sequence[str] = (),
    ) -> list[bytes]:
        """Live reports as received, in publication order, for replays."""
        query = select(reports.c.raw).where(reports.c.drill.is_(False))
        if start is not None:
            query = query.where(reports.c.published_at >= start)
        if end is not None:
            query = query.where(reports.c.published_at < end)
        if sources:
            query = query.where(reports.c.source.in_(sources))
        if event_types or commitments:
            matched_reports = select(events.c.report_id).where(events.c.drill.is_(False))
            if event_types:
                matched_reports = matched_reports.where(events.c.event_type.in_(event_types))
            if commitments:
                matched_reports = matched_reports.join(
                    matches, and_(matches.c.event_id == events.c.event_id, matches.c.drill == events.c.drill)
                ).where(matches.c.commitment_id.in_(commitments))
            query = query.where(reports.c.report_id.in_(matched_reports))
        query = query.order_by(reports.c.published_at, reports.c.report_id)
        with self._reading() as session:
            return list(session.execute(query).scalars())

    def close(self) -> None:
        self.engine.dispose()
