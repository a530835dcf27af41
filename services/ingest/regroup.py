"""A new report against the incidents the store knows: where it goes, what merges, what each incident now is.

The decisions are the pure ones of `incidents.py` (grouping) and `fusion.py` (the assessment), over the
reports the store holds around the new one; this module reads and writes the store around them. One
family's grouping is serialised across workers (`Store.lock_family`), so two workers grouping reports of one
launch at once decide as one would.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from launchwatch.schemas import INCIDENT_FAMILIES, Assessment, Event, Party, family_of
from launchwatch.storage import Store
from services.ingest.fusion import fuse
from services.ingest.incidents import (
    REACH,
    assign_ids,
    group,
    interval_of,
    new_incident_id,
    own_incident_id,
    window_of,
)


@dataclass
class Regrouped:
    """What one report changed: the assessment of every incident it touched (the report's own first), and
    the reporting latencies measured for the first time (each party once per incident)."""

    event: Event
    assessments: list[Assessment]
    latencies: list[tuple[Party, float]] = field(default_factory=list)


def _types_of(family: str) -> set[str]:
    types = {t.value for t, f in INCIDENT_FAMILIES.items() if f == family}
    return types or {family}


def prefetch(
    store: Store,
    events: Sequence[Event],
    drill: bool,
    window: timedelta,
    receipts: Collection[tuple[str, str, bytes]] = (),
    pinned_to: Collection[str] = (),
) -> None:
    """Read at once, in the batch's transaction, what `regroup` will read for each of a batch's events: the
    events within reach of each (the same ranges it asks for), their incidents, and the incidents the batch's
    reports name (`pinned_to`); with the receipts of the reports (`Store.record_report`)."""
    windows: dict[frozenset[str], list[tuple[datetime, datetime]]] = {}
    families = set()
    for event in events:
        family = family_of(event.event_type)
        families.add(family)
        interval = interval_of(event)
        if interval is not None:
            reach = window_of(family, window) + REACH
            windows.setdefault(frozenset(_types_of(family)), []).append((interval.start - reach, interval.end + reach))
    store.prefetch(drill, receipts, windows, families, pinned_to, [event.event_id for event in events])


def regroup(store: Store, event: Event, window: timedelta, pinned_to: str | None = None) -> Regrouped:
    """File a new event, not stored before, into its incident (`pinned_to`: the incident it names), regrouping its
    neighbours."""
    drill = event.drill
    own = own_incident_id(event.event_type, event.event_id)

    def taken(incident_id: str) -> bool:
        # An incident takes the id of the report it is anchored on when it is made, storing that report with it:
        # the id of a report never stored is no incident's, no statement needed (every new report's own case).
        return incident_id != own and store.incident_known(incident_id, drill)

    family = family_of(event.event_type)
    window = window_of(family, window)
    store.lock_family(family, drill)
    if pinned_to is None and event.retracts and (withdrawn := store.stored_event(event.retracts, drill)):
        pinned_to = withdrawn.incident_id  # a retraction goes with the report it withdraws
    if pinned_to is not None:
        placed = event.model_copy(update={"incident_id": pinned_to})
        store.save_event(placed, pinned=True)
        return _assess(store, placed, {pinned_to: []})
    interval = interval_of(event)
    if interval is None:
        placed = event.model_copy(update={"incident_id": new_incident_id(event, taken)})
        store.save_event(placed)
        return _assess(store, placed, {placed.incident_id: []})

    reach = window + REACH
    nearby = store.family_events(_types_of(family), drill, interval.start - reach, interval.end + reach)
    current = {e.event_id: incident for e, incident, _ in nearby}
    free = [e for e, _, pinned in nearby if not pinned and e.event_id != event.event_id]
    groups = group([*free, event], window)
    ids = assign_ids(groups, current, taken)

    moves: dict[str, str] = {}
    notes: dict[str, list[str]] = {}
    placed = event
    for g in groups:
        incident_id = ids[g.anchor.event_id]
        if g.notes:
            notes[incident_id] = g.notes
        for member in g.members:
            if member.event_id == event.event_id:
                placed = event.model_copy(update={"incident_id": incident_id})
            elif current.get(member.event_id) != incident_id:
                moves[member.event_id] = incident_id
    store.save_event(placed)
    store.move_events(moves, drill)
    # The reports each incident lost: one left with none was merged into the incident most of them went to.
    left: dict[str, list[Event]] = {}
    for e in free:
        if e.event_id in moves:
            left.setdefault(current[e.event_id], []).append(e)
    touched = {placed.incident_id, *moves.values(), *left}
    # A new incident's reports are all in its group: nothing of it to read back from the store.
    known = set(current.values())
    fresh = {
        ids[g.anchor.event_id]: [placed if m.event_id == placed.event_id else m for m in g.members]
        for g in groups
        if ids[g.anchor.event_id] in touched and ids[g.anchor.event_id] not in known
    }
    fresh = {i: [m.model_copy(update={"incident_id": i}) for m in members] for i, members in fresh.items()}
    return _assess(store, placed, {i: notes.get(i, []) for i in touched}, left, moves, fresh)


def reassess(store: Store, event: Event) -> Regrouped:
    """A stored event's incident as it is now (its report delivered again, or replayed): its assessment, and
    the closing one of every incident the report merged into it, so that a redelivery after a failed send
    publishes all the first delivery made."""
    drill = event.drill
    state = store.incident_states([event.incident_id], drill).get(event.incident_id)
    members = store.incident_events([event.incident_id], drill)[event.incident_id]
    if state is None or not members:
        return Regrouped(event, [])
    withdrawn = store.retracted_among([m.event_id for m in members], drill)
    result = Regrouped(
        event, [fuse(event.incident_id, members, generation=state.generation, withdrawn=withdrawn, drill=drill)]
    )
    for incident_id, merged in sorted(store.merged_by(event.event_id, drill).items()):
        closing = Assessment(
            incident_id=incident_id,
            generation=merged.generation,
            event_type=members[0].event_type,
            reported_at=merged.first_reported_at or event.reported_at,
            merged_into=merged.merged_into,
            drill=drill,
        )
        result.assessments.append(closing)
    return result


def _assess(
    store: Store,
    event: Event,
    touched: dict[str, list[str]],
    left: dict[str, list[Event]] | None = None,
    moves: dict[str, str] | None = None,
    fresh: dict[str, list[Event]] | None = None,
) -> Regrouped:
    """Store and return the new assessment of every touched incident (with its grouping notes), the event's
    own first. `fresh`: the incidents this report creates, with their reports (none of it is stored yet)."""
    drill = event.drill
    fresh = fresh or {}
    stored = [i for i in touched if i not in fresh]
    members_of = {**store.incident_events(stored, drill), **fresh}
    states = store.incident_states(stored, drill)
    withdrawn = store.retracted_among([m.event_id for ms in members_of.values() for m in ms], drill)
    result = Regrouped(event, [])
    for incident_id in sorted(touched, key=lambda i: (i != event.incident_id, i)):
        members = members_of[incident_id]
        state = states.get(incident_id)
        merged_into = None
        if not members and left and moves and (gone := left.get(incident_id)):
            went = Counter(moves[e.event_id] for e in gone)
            merged_into = min(went, key=lambda i: (-went[i], i))
            members = gone
        measured = set(state.latency_parties) if state else set()
        assessment = fuse(
            incident_id,
            members,
            generation=0,
            withdrawn=withdrawn,
            notes=touched[incident_id],
            merged_into=merged_into,
            drill=drill,
        )
        for source in assessment.sources:  # in report order: a party's first report
            if source.latency_s is not None and source.latency_s >= 0 and source.party.value not in measured:
                measured.add(source.party.value)
                result.latencies.append((source.party, source.latency_s))
        generation = store.save_incident(
            incident_id,
            drill,
            family_of(assessment.event_type),
            assessment.occurred_at,
            assessment.reported_at,
            merged_into,
            measured,
            merged_by=event.event_id,
            known=state,
        )
        result.assessments.append(assessment.model_copy(update={"generation": generation}))
    return result
