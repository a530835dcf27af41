"""The reports, events and incidents of the store: the archive of raw reports, and grouping's queries."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from sqlalchemy import ColumnElement, Connection, Result, Select, and_, bindparam, func, or_, select, tuple_

from launchwatch.schemas import Event
from launchwatch.storage.engine import Repository, StoreUnavailable
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
        select(events.c.payload, events.c.incident_id, events.c.pinned)
        .where(ids, events.c.drill == bindparam("drill"))
        .order_by(events.c.reported_at, events.c.event_id)
    ),
)
_STORED_EVENT = select(events.c.payload, events.c.incident_id, events.c.pinned).where(
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


@dataclass
class _Known:
    """An event as this transaction knows it: stored (read) or to be stored, in the incident it is in now."""

    event: Event
    incident_id: str
    pinned: bool
    stored: bool


@dataclass
class _Grouping:
    """What one transaction has read of a namespace's reports, events and incidents, and what it will write of them
    at its end: grouping reads the same rows again and again within a batch, and writes rows it reads back.

    Reads are answered from here once the rows are here (a batch reads them at once: `ReportRepository.prefetch`);
    writes are held here and made at the transaction's end, a statement per table.
    """

    events: dict[str, _Known] = field(default_factory=dict)
    #: The time ranges, by set of event types, whose stored events are all in `events`.
    covered: dict[frozenset[str], list[tuple[datetime, datetime]]] = field(default_factory=dict)
    #: Incidents whose stored events are all in `events`.
    members_read: set[str] = field(default_factory=set)
    #: Events whose withdrawal was looked up in the store, and the events withdrawn (stored or to be).
    retraction_read: set[str] = field(default_factory=set)
    withdrawn: set[str] = field(default_factory=set)
    #: Incidents' states as read or to be written (None: no such incident).
    states: dict[str, IncidentState | None] = field(default_factory=dict)
    #: Reports' receipts found in the store or to be stored: by id, and by source and content.
    report_positions: dict[str, str | None] = field(default_factory=dict)
    report_sources: dict[str, str] = field(default_factory=dict)
    content_positions: dict[tuple[str, str], str | None] = field(default_factory=dict)
    #: Report ids (and their sources and contents) looked up in the store.
    reports_read: set[str] = field(default_factory=set)
    contents_read: set[tuple[str, str]] = field(default_factory=set)
    families_locked: set[str] = field(default_factory=set)
    # Writes held to the transaction's end.
    new_reports: list[dict[str, object]] = field(default_factory=list)
    new_events: dict[str, dict[str, object]] = field(default_factory=dict)
    moves: dict[str, str] = field(default_factory=dict)
    incident_rows: dict[str, dict[str, object]] = field(default_factory=dict)
    new_incidents: set[str] = field(default_factory=set)

    def add_stored(self, event: Event, incident_id: str, pinned: bool) -> None:
        """A stored event read: kept as this transaction knows it when it knew it already (it may have moved)."""
        if event.event_id not in self.events:
            self.events[event.event_id] = _Known(event, incident_id, pinned, stored=True)
            if event.retracts:
                self.withdrawn.add(event.retracts)

    def is_covered(self, types: frozenset[str], start: datetime, end: datetime) -> bool:
        return any(low <= start and end <= high for low, high in self.covered.get(types, ()))

    def in_range(self, types: frozenset[str], start: datetime, end: datetime) -> list[tuple[Event, str, bool]]:
        """`family_events`' answer from the events at hand, in its order (by event id)."""
        found = []
        for known in self.events.values():
            event = known.event
            if event.event_type.value not in types:
                continue
            when = event.occurred_at if event.occurred_at is not None else event.reported_at
            if start <= when <= end:
                found.append((event, known.incident_id, known.pinned))
        return sorted(found, key=lambda item: item[0].event_id)


#: A batch's grouping windows closer than this are read as one range: one statement, a few more rows.
RANGE_JOIN = timedelta(days=2)


def _joined(ranges: Collection[tuple[datetime, datetime]]) -> list[tuple[datetime, datetime]]:
    """The ranges, those overlapping or within RANGE_JOIN of each other made one."""
    joined: list[tuple[datetime, datetime]] = []
    for start, end in sorted(ranges):
        if joined and start - joined[-1][1] <= RANGE_JOIN:
            joined[-1] = (joined[-1][0], max(joined[-1][1], end))
        else:
            joined.append((start, end))
    return joined


class ReportRepository(Repository):
    """Raw reports as received (new, redelivered or duplicate), their events, and the incidents they make.

    Within a transaction, what grouping reads and writes goes through a `_Grouping` per namespace: a batch reads
    its reports' rows at once (`prefetch`), and its writes are made at the transaction's end, a statement per table.
    """

    def __init__(self, url: str, migrate: bool = True):
        super().__init__(url, migrate)
        # Parsed events by (event id, drill): never invalid, since a stored event's payload never changes.
        self._parsed_events: dict[tuple[object, object], Event] = {}
        self._groupings: dict[bool, _Grouping] = {}

    def _grouping(self, drill: bool) -> _Grouping:
        """The transaction's reads and writes of one namespace (called inside a transaction)."""
        grouping = self._groupings.get(drill)
        if grouping is None:
            grouping = self._groupings[drill] = _Grouping()
        return grouping

    def _end_transaction(self) -> None:
        self._groupings.clear()
        super()._end_transaction()

    def _flush(self) -> None:
        session = self._open
        assert session is not None
        for drill, grouping in self._groupings.items():
            self._write(session, drill, grouping)
        super()._flush()

    def _write(self, session: Connection, drill: bool, grouping: _Grouping) -> None:
        """The namespace's held writes, a statement per table (and kind of write)."""
        if grouping.new_reports:
            rows = grouping.new_reports
            inserted = session.execute(self._idempotent_insert(reports), rows).all()
            grouping.new_reports = []
            if len(inserted) < len(rows):
                # Another worker stored one of these reports since this batch looked (a rebalance, the same
                # report sent twice at once): the batch is rolled back and run again, and then finds it.
                raise StoreUnavailable(
                    f"{len(rows) - len(inserted)} of a batch's reports were stored by another worker meanwhile"
                )
        if grouping.new_events:
            session.execute(self._idempotent_insert(events, returning=False), list(grouping.new_events.values()))
            for event_id in grouping.new_events:
                grouping.events[event_id].stored = True
            grouping.new_events = {}
        if grouping.moves:
            session.execute(
                _MOVE_EVENT,
                [
                    {"moved_id": moved, "moved_drill": drill, "to_incident": incident}
                    for moved, incident in sorted(grouping.moves.items())
                ],
            )
            grouping.moves = {}
        if grouping.incident_rows:
            rows = sorted(grouping.incident_rows.items())
            added = [{"incident_id": i, "drill": drill, **v} for i, v in rows if i in grouping.new_incidents]
            changed = [
                {"key_incident_id": i, "key_drill": drill, **v} for i, v in rows if i not in grouping.new_incidents
            ]
            if added:
                session.execute(_INSERT_INCIDENT, added)
            if changed:
                session.execute(_UPDATE_INCIDENT, changed)
            grouping.incident_rows = {}
            grouping.new_incidents = set()

    # ------------------------------------------------------------------ a batch's reads at once

    def prefetch(
        self,
        drill: bool,
        receipts: Collection[tuple[str, str, bytes]] = (),
        windows: dict[frozenset[str], list[tuple[datetime, datetime]]] | None = None,
        families: Collection[str] = (),
        incident_ids: Collection[str] = (),
        event_ids: Collection[str] = (),
    ) -> None:
        """Read at once what a batch's reports will ask of the store: the receipts of `receipts` (report id,
        source, raw bytes), the events of each set of types in its time ranges (`windows`), the incidents of
        those events and `incident_ids` with all their events and states, and which of all those events and of
        the batch's own (`event_ids`) are withdrawn. `families` are locked first (PostgreSQL), in one order, so
        that what is read stays true to the transaction's end."""
        with self.transaction():
            for family in sorted(families):
                self.lock_family(family, drill)
            if receipts:
                self._read_receipts(drill, [(r, s, content_sha256(raw)) for r, s, raw in receipts])
            grouping = self._grouping(drill)
            for types, ranges in (windows or {}).items():
                for start, end in _joined(ranges):
                    if not grouping.is_covered(types, start, end):
                        self._read_range(grouping, types, drill, start, end)
            nearby = {known.incident_id for known in grouping.events.values()} | set(incident_ids)
            self.incident_events(nearby, drill)
            self.incident_states(nearby, drill)
            self.retracted_among({*grouping.events, *event_ids}, drill)

    def _read_receipts(self, drill: bool, keys: Collection[tuple[str, str, str]]) -> None:
        grouping = self._grouping(drill)
        ids = {report_id for report_id, _, _ in keys} - grouping.reports_read
        contents = {(source, digest) for _, source, digest in keys} - grouping.contents_read
        if not ids and not contents:
            return
        conditions = []
        if ids:
            conditions.append(reports.c.report_id.in_(sorted(ids)))
        if contents:
            conditions.append(tuple_(reports.c.source, reports.c.content_sha256).in_(sorted(contents)))
        query = select(reports.c.report_id, reports.c.source, reports.c.content_sha256, reports.c.kafka_position)
        rows = self._open.execute(query.where(reports.c.drill == drill, or_(*conditions))).all()  # type: ignore[union-attr]
        for row in rows:
            grouping.report_positions.setdefault(row.report_id, row.kafka_position)
            grouping.report_sources.setdefault(row.report_id, row.source)
            grouping.content_positions.setdefault((row.source, row.content_sha256), row.kafka_position)
        grouping.reports_read |= ids
        grouping.contents_read |= contents

    def _read_range(
        self, grouping: _Grouping, types: frozenset[str], drill: bool, start: datetime, end: datetime
    ) -> None:
        rows = self._open.execute(  # type: ignore[union-attr]
            _FAMILY_EVENTS, {"event_types": sorted(types), "drill": drill, "start": start, "end": end}
        ).all()
        for row in rows:
            grouping.add_stored(self._event(row.payload), row.incident_id, row.pinned)
        grouping.covered.setdefault(types, []).append((start, end))

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
        """Archive a raw report as received (stored with the transaction's other reports), and say whether it is
        new, a redelivery or a duplicate."""
        digest = content_sha256(raw)
        with self.transaction():
            self._read_receipts(drill, [(report_id, source, digest)])
            grouping = self._grouping(drill)
            if report_id in grouping.report_positions:
                stored = grouping.report_positions[report_id]
            elif (source, digest) in grouping.content_positions:
                stored = grouping.content_positions[(source, digest)]
            else:
                grouping.report_positions[report_id] = grouping.content_positions[(source, digest)] = kafka_position
                grouping.report_sources[report_id] = source
                grouping.new_reports.append(
                    {
                        "report_id": report_id,
                        "drill": drill,
                        "source": source,
                        "content_sha256": digest,
                        "published_at": published_at,
                        "received_at": received_at,
                        "kafka_position": kafka_position,
                        "raw": raw,
                    }
                )
                return Receipt.NEW
        if kafka_position is not None and stored == kafka_position:
            return Receipt.REDELIVERY
        return Receipt.DUPLICATE

    def save_event(self, event_: Event, pinned: bool = False) -> None:
        """Store an event (one stored before is kept as it is), with the transaction's other events.

        `pinned`: its incident was given, not found by grouping, which then never moves it."""
        with self.transaction():
            grouping = self._grouping(event_.drill)
            if event_.event_id in grouping.events:
                return
            grouping.events[event_.event_id] = _Known(event_, event_.incident_id, pinned, stored=False)
            if event_.retracts:
                grouping.withdrawn.add(event_.retracts)
            grouping.new_events[event_.event_id] = {
                "retracts": event_.retracts,
                "pinned": pinned,
                "event_id": event_.event_id,
                "drill": event_.drill,
                "report_id": event_.report_id,
                "incident_id": event_.incident_id,
                "source": event_.source,
                "party": event_.party.value,
                "event_type": event_.event_type.value,
                "occurred_at": event_.occurred_at,
                "reported_at": event_.reported_at,
                "payload": event_.model_dump(mode="json"),
            }

    def stored_event(self, event_id: str, drill: bool) -> Event | None:
        """A stored event, in the incident it is in now."""
        with self.transaction() as session:
            grouping = self._grouping(drill)
            known = grouping.events.get(event_id)
            if known is None:
                row = session.execute(_STORED_EVENT, {"event_id": event_id, "drill": drill}).first()
                if row is None:
                    return None
                grouping.add_stored(self._event(row.payload), row.incident_id, row.pinned)
                known = grouping.events[event_id]
        return known.event.model_copy(update={"incident_id": known.incident_id})

    # ------------------------------------------------------------------ incidents

    def lock_family(self, family: str, drill: bool) -> None:
        """Hold the grouping of one family's reports until the transaction ends, so that workers grouping
        reports of one launch at once see each other's (SQLite's BEGIN IMMEDIATE already serialises)."""
        if self.engine.dialect.name == "postgresql":
            with self.transaction() as session:
                grouping = self._grouping(drill)
                if family in grouping.families_locked:
                    return
                key = int.from_bytes(hashlib.sha256(f"{family}:{drill}".encode()).digest()[:8], "big", signed=True)
                session.execute(select(func.pg_advisory_xact_lock(key)))
                grouping.families_locked.add(family)

    def family_events(
        self, event_types: Collection[str], drill: bool, start: datetime, end: datetime
    ) -> list[tuple[Event, str, bool]]:
        """Events of these types that occurred (or, undated, were reported) between start and end, each with
        its incident and whether it is pinned there."""
        types = frozenset(event_types)
        with self.transaction():
            grouping = self._grouping(drill)
            if not grouping.is_covered(types, start, end):
                self._read_range(grouping, types, drill, start, end)
            return grouping.in_range(types, start, end)

    def incident_events(self, incident_ids: Collection[str], drill: bool) -> dict[str, list[Event]]:
        """The events of each incident, in report order."""
        found: dict[str, list[Event]] = {incident_id: [] for incident_id in incident_ids}
        if not incident_ids:
            return found
        with self.transaction() as session:
            grouping = self._grouping(drill)
            if unread := set(incident_ids) - grouping.members_read:
                for row in _INCIDENT_EVENTS.run(session, unread, drill=drill).all():
                    grouping.add_stored(self._event(row.payload), row.incident_id, row.pinned)
                grouping.members_read |= unread
            members = [known for known in grouping.events.values() if known.incident_id in found]
        for known in sorted(members, key=lambda k: (k.event.reported_at, k.event.event_id)):
            found[known.incident_id].append(known.event.model_copy(update={"incident_id": known.incident_id}))
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
        """Put events (by id) into other incidents: grouping found they belong there. The events are ones this
        transaction read or saved (grouping moves only events it found)."""
        if not moves:
            return
        with self.transaction():
            grouping = self._grouping(drill)
            for moved, incident in moves.items():
                known = grouping.events[moved]
                known.incident_id = incident
                if known.stored:
                    grouping.moves[moved] = incident
                else:
                    grouping.new_events[moved]["incident_id"] = incident

    def retracted_among(self, event_ids: Collection[str], drill: bool) -> frozenset[str]:
        """Those of the events whose source has withdrawn them (by a later report, or one that came first)."""
        if not event_ids:
            return frozenset()
        with self.transaction() as session:
            grouping = self._grouping(drill)
            if unread := set(event_ids) - grouping.retraction_read:
                grouping.withdrawn |= set(_RETRACTED_AMONG.run(session, unread, drill=drill).scalars())
                grouping.retraction_read |= unread
            return frozenset(grouping.withdrawn.intersection(event_ids))

    def incident_states(self, incident_ids: Collection[str], drill: bool) -> dict[str, IncidentState]:
        if not incident_ids:
            return {}
        with self.transaction() as session:
            grouping = self._grouping(drill)
            if unread := set(incident_ids) - grouping.states.keys():
                rows = _INCIDENT_STATES.run(session, unread, drill=drill).all()
                grouping.states.update(dict.fromkeys(unread))
                grouping.states.update({row.incident_id: _incident_state(row) for row in rows})
            return {i: state for i in incident_ids if (state := grouping.states[i]) is not None}

    def merged_by(self, event_id: str, drill: bool) -> dict[str, IncidentState]:
        """The incidents the report of this event merged into others."""
        with self._reading() as session:
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
        """Store the incident's new state (with the transaction's other incidents); its generation, one more than
        before (1 for a new incident). `merged_by`: the event whose report merged it into `merged_into`; `known`:
        its state as read in this transaction (None: there was none, a new incident), read here when not given."""
        with self.transaction():
            if known is UNREAD:
                known = self.incident_states([incident_id], drill).get(incident_id)
            assert known is None or isinstance(known, IncidentState)
            grouping = self._grouping(drill)
            values = {
                "family": family,
                "occurred_at": occurred_at,
                "first_reported_at": first_reported_at,
                "merged_into": merged_into,
                "merged_by": merged_by if merged_into else None,
                "latency_parties": sorted(latency_parties),
                "generation": (known.generation if known else 0) + 1,
            }
            if known is None and incident_id not in grouping.incident_rows:
                grouping.new_incidents.add(incident_id)
                # Made in this transaction: every event of it is one this transaction saved or moved.
                grouping.members_read.add(incident_id)
            grouping.incident_rows[incident_id] = values
            grouping.states[incident_id] = IncidentState(
                values["generation"],  # type: ignore[arg-type]
                merged_into,
                frozenset(latency_parties),
                family,
                first_reported_at,
            )
        return values["generation"]  # type: ignore[return-value]

    def report_sources(self, report_id: str, drill: bool) -> set[str]:
        """The sources that sent a report of this id."""
        with self.transaction() as session:
            grouping = self._grouping(drill)
            if report_id in grouping.report_sources:
                return {grouping.report_sources[report_id]}
            if report_id in grouping.reports_read:
                return set()
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
