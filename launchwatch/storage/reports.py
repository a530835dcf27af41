"""The reports, events and incidents of the store: the archive of raw reports, and grouping's queries."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import ColumnElement, Connection, Result, Select, and_, bindparam, func, or_, select

from launchwatch.schemas import Event
from launchwatch.storage.engine import Repository
from launchwatch.storage.tables import events, incidents, matches, reports


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


@dataclass(frozen=True)
class _ByIds:
    """A query over a collection of ids in two forms: `= :id` for one id (most calls, one report at a time), and
    `IN (:ids)` for several, whose expanding parameter SQLAlchemy renders anew at every execution."""

    one: Select[Any]
    many: Select[Any]

    def run(self, session: Connection, ids: Collection[str], **params: object) -> Result[Any]:
        if len(ids) == 1:
            return session.execute(self.one, {"id": next(iter(ids)), **params})
        return session.execute(self.many, {"ids": sorted(ids), **params})


def _by_ids(column: ColumnElement[Any], query: Callable[[ColumnElement[bool]], Select[Any]]) -> _ByIds:
    return _ByIds(query(column == bindparam("id")), query(column.in_(bindparam("ids", expanding=True))))


_INCIDENT_STATES = _by_ids(
    incidents.c.incident_id, lambda ids: select(*_INCIDENT_STATE).where(ids, incidents.c.drill == bindparam("drill"))
)
_MERGED_BY = select(*_INCIDENT_STATE).where(
    incidents.c.merged_by == bindparam("event_id"), incidents.c.drill == bindparam("drill")
)
_INCIDENT_EVENTS = _by_ids(
    events.c.incident_id,
    lambda ids: (
        select(events.c.payload, events.c.incident_id)
        .where(ids, events.c.drill == bindparam("drill"))
        .order_by(events.c.reported_at, events.c.event_id)
    ),
)
_STORED_EVENT = select(events.c.payload, events.c.incident_id).where(
    events.c.event_id == bindparam("event_id"), events.c.drill == bindparam("drill")
)
_RETRACTED_AMONG = _by_ids(
    events.c.retracts, lambda ids: select(events.c.retracts).where(ids, events.c.drill == bindparam("drill"))
)
_MOVE_EVENT = (
    events.update()
    .where(events.c.event_id == bindparam("moved_id"), events.c.drill == bindparam("moved_drill"))
    .values(incident_id=bindparam("to_incident"))
)
_REPORT_SOURCES = select(reports.c.source).where(
    reports.c.report_id == bindparam("report_id"), reports.c.drill == bindparam("drill")
)
_INSERT_INCIDENT = incidents.insert()
_UPDATE_INCIDENT = incidents.update().where(
    incidents.c.incident_id == bindparam("key_incident_id"), incidents.c.drill == bindparam("key_drill")
)

#: `save_incident`'s default: the incident's state is read there.
UNREAD = object()

#: How many parsed events the store keeps at hand, by id: grouping reads the same recent events again and again,
#: and an event's payload never changes once stored (only its incident, a column of its own). About 9 KB each
#: (measured): 5,000 hold far more than the reports within reach of any launch, in about 45 MB.
PARSED_EVENTS_MAX = 5_000


def _incident_state(row: object) -> IncidentState:
    return IncidentState(
        row.generation,  # type: ignore[attr-defined]
        row.merged_into,  # type: ignore[attr-defined]
        frozenset(row.latency_parties or ()),  # type: ignore[attr-defined]
        row.family,  # type: ignore[attr-defined]
        row.first_reported_at,  # type: ignore[attr-defined]
    )


class ReportRepository(Repository):
    """Raw reports as received (new, redelivered or duplicate), their events, and the incidents they make."""

    def __init__(self, url: str, migrate: bool = True):
        super().__init__(url, migrate)
        # Parsed events by (event id, drill): never invalid, since a stored event's payload never changes.
        self._parsed_events: dict[tuple[object, object], Event] = {}

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
            row = session.execute(_STORED_EVENT, {"event_id": event_id, "drill": drill}).first()
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
            rows = _INCIDENT_EVENTS.run(session, incident_ids, drill=drill).all()
        for row in rows:
            found[row.incident_id].append(self._event(row.payload).model_copy(update={"incident_id": row.incident_id}))
        return found

    def _event(self, payload: dict) -> Event:
        """The event a stored payload holds, parsed once per process (see PARSED_EVENTS_MAX)."""
        key = (payload.get("event_id"), payload.get("drill"))
        event = self._parsed_events.get(key)
        if event is None:
            event = Event.model_validate(payload)
            self._parsed_events[key] = event
            if len(self._parsed_events) > PARSED_EVENTS_MAX:
                self._parsed_events.pop(next(iter(self._parsed_events)))
        return event

    def move_events(self, moves: dict[str, str], drill: bool) -> None:
        """Put events (by id) into other incidents: grouping found they belong there."""
        if not moves:
            return
        with self._reading() as session:
            session.execute(
                _MOVE_EVENT,
                [
                    {"moved_id": moved, "moved_drill": drill, "to_incident": incident}
                    for moved, incident in sorted(moves.items())
                ],
            )

    def retracted_among(self, event_ids: Collection[str], drill: bool) -> frozenset[str]:
        """Those of the events whose source has withdrawn them (by a later report, or one that came first)."""
        if not event_ids:
            return frozenset()
        with self._reading() as session:
            return frozenset(_RETRACTED_AMONG.run(session, event_ids, drill=drill).scalars())

    def incident_states(self, incident_ids: Collection[str], drill: bool) -> dict[str, IncidentState]:
        if not incident_ids:
            return {}
        with self.transaction() as session:
            rows = _INCIDENT_STATES.run(session, incident_ids, drill=drill).all()
        return {row.incident_id: _incident_state(row) for row in rows}

    def merged_by(self, event_id: str, drill: bool) -> dict[str, IncidentState]:
        """The incidents the report of this event merged into others."""
        with self.transaction() as session:
            rows = session.execute(_MERGED_BY, {"event_id": event_id, "drill": drill}).all()
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
        known: IncidentState | object | None = UNREAD,
    ) -> int:
        """Store the incident's new state; its generation, one more than before (1 for a new incident).
        `merged_by`: the event whose report merged it into `merged_into`; `known`: its state as read in this
        transaction (None: there was none, a new incident), read here when not given."""
        with self.transaction() as session:
            if known is UNREAD:
                known = self.incident_states([incident_id], drill).get(incident_id)
            assert known is None or isinstance(known, IncidentState)
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
                session.execute(_INSERT_INCIDENT, {"incident_id": incident_id, "drill": drill, **values})
            else:
                session.execute(_UPDATE_INCIDENT, {"key_incident_id": incident_id, "key_drill": drill, **values})
        return values["generation"]  # type: ignore[return-value]

    def report_sources(self, report_id: str, drill: bool) -> set[str]:
        """The sources that sent a report of this id."""
        with self.transaction() as session:
            return set(session.execute(_REPORT_SOURCES, {"report_id": report_id, "drill": drill}).scalars())

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
