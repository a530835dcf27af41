"""Incident grouping: the reports of one launch form one incident, whatever order they arrive in.

Pure: `group` takes a set of events and gives the same partition into incidents for the same set, in any
order, batch split or worker spread; `assign_ids` maps that partition onto the incidents already known
(a merge keeps one survivor, chosen deterministically). The store supplies the events (`regroup.py`).

A report's time is the interval its precision allows: "7:10" the minute, "around 7 a.m." the hour, a date
the whole day, no time at all the day and a half before the report. Reports timed to the hour or better
whose intervals meet (widened by the incident window) are one launch. A date-only or undated report does
not tie launches together: it joins the one launch the best evidence points to (class, site, count, then
time), and the decision is written down in the incident's notes.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from launchwatch.schemas import Event, EventType, TimePrecision, family_of, stable_id

#: How far back a report without a time of occurrence may reach: KCNA tells of a launch the morning after,
#: a statement can follow by a day or so.
UNDATED_LOOKBACK = timedelta(hours=36)

#: How long a time of each precision stands for; month and year precision (historical data sets) are too
#: coarse to group by: such a report is an incident of its own.
PRECISION_SPAN: dict[TimePrecision, timedelta] = {
    TimePrecision.SECOND: timedelta(seconds=1),
    TimePrecision.MINUTE: timedelta(minutes=1),
    TimePrecision.HOUR: timedelta(hours=1),
    TimePrecision.DAY: timedelta(days=1),
}

#: Precisions that tell launches apart; coarser reports join a launch, they never tie two together.
DISTINCT = frozenset({TimePrecision.SECOND, TimePrecision.MINUTE, TimePrecision.HOUR})

#: How far from a report's own interval other reports of its incident can lie: what a store must supply
#: around a new report for `group` to decide as it would over every report.
REACH = UNDATED_LOOKBACK + timedelta(days=1)

#: How far apart the reports of one incident of each kind may lie, at the least. A launch is one moment; a
#: shipment, a theft or an exercise is told over days: seen, disclosed, attributed, sanctioned.
FAMILY_WINDOWS: dict[str, timedelta] = {
    EventType.ARMS_TRANSFER.value: timedelta(days=3),
    EventType.TROOP_DEPLOYMENT.value: timedelta(days=3),
    EventType.CYBER_INCIDENT.value: timedelta(days=7),
    EventType.SANCTIONS_EVASION.value: timedelta(days=3),
    EventType.NUCLEAR_ACTIVITY.value: timedelta(days=2),
    EventType.TRILATERAL_ACTION.value: timedelta(days=2),
}


def window_of(family: str, window: timedelta) -> timedelta:
    """The grouping window of a family of incidents: the configured one, or the family's own when wider."""
    return max(window, FAMILY_WINDOWS.get(family, window))


#: The details that name one incident: two reports naming different ones tell two incidents, however close.
IDENTITY = ("victim", "vessel", "exercise")


def _name(value: str) -> str:
    return re.sub(r"[^0-9a-z]+", "", value.casefold())


def _identities(event: Event) -> dict[str, str]:
    """The names that tell the incident apart, written in Latin letters (names in two scripts cannot be compared)."""
    if event.details is None:
        return {}
    named = {key: getattr(event.details, key) for key in IDENTITY}
    return {key: _name(value) for key, value in named.items() if value and value.isascii()}


def _other_incident(event: Event, group: Group) -> bool:
    """Whether the event names another victim, vessel or exercise than a report of the group does."""
    own = _identities(event)
    return bool(own) and any(
        own[key] != value for member in group.members for key, value in _identities(member).items() if key in own
    )


@dataclass(frozen=True)
class Interval:
    start: datetime
    end: datetime

    def gap(self, other: Interval) -> timedelta:
        """Time between the two intervals; zero when they overlap."""
        return max(timedelta(0), other.start - self.end, self.start - other.end)

    def hull(self, other: Interval) -> Interval:
        return Interval(min(self.start, other.start), max(self.end, other.end))


def interval_of(event: Event) -> Interval | None:
    """When the event may have happened; None when it is too coarse to group by."""
    if event.occurred_at is None:
        return Interval(event.reported_at - UNDATED_LOOKBACK, event.reported_at)
    span = PRECISION_SPAN.get(event.occurred_precision)
    if span is None:
        return None
    return Interval(event.occurred_at, event.occurred_at + span)


def is_distinct(event: Event) -> bool:
    """Timed well enough to tell one launch from another on the same day."""
    return event.occurred_at is not None and event.occurred_precision in DISTINCT


@dataclass
class Group:
    """One incident's reports, as `group` found them."""

    members: list[Event]
    span: Interval | None
    notes: list[str] = field(default_factory=list)

    @property
    def anchor(self) -> Event:
        """The member its id is derived from when it is new: the earliest of the best-timed ones."""
        return min(self.members, key=_anchor_key)

    @property
    def event_ids(self) -> frozenset[str]:
        return frozenset(m.event_id for m in self.members)


def _anchor_key(event: Event) -> tuple[int, datetime, str]:
    interval = interval_of(event)
    return (0 if is_distinct(event) else 1, interval.start if interval else event.reported_at, event.event_id)


def _order(events: Iterable[Event]) -> list[Event]:
    return sorted(events, key=lambda e: (interval_of(e).start, e.event_id))  # type: ignore[union-attr]


def _agreement(event: Event, group: Group) -> tuple[int, list[str]]:
    """How the facts of a coarse report agree with a launch's: +1 per fact shared, -1 per fact contradicted."""
    score, said = 0, []
    facts: list[tuple[str, Callable[[Event], object]]] = [
        ("class", lambda e: e.missile_class.value if e.missile_class else None),
        ("site", lambda e: (e.location.site or "").casefold() or None if e.location else None),
        ("count", lambda e: e.count),
    ]
    for name, value_of in facts:
        value = value_of(event)
        if value is None:
            continue
        known = {v for v in (value_of(m) for m in group.members) if v is not None}
        if value in known:
            score += 1
            said.append(f"same {name} {value}")
        elif known:
            score -= 1
    return score, said


def _rank(event: Event, interval: Interval, g: Group) -> tuple[int, timedelta, float, str]:
    """Best agreement first, then the nearest in time, then the latest (reports follow launches)."""
    assert g.span is not None
    return (-_agreement(event, g)[0], g.span.gap(interval), -g.span.start.timestamp(), g.anchor.event_id)


def _when(group: Group) -> str:
    assert group.span is not None
    return group.span.start.strftime("%H:%M")


def _describe(event: Event) -> str:
    timing = f"date only: {event.occurred_at:%Y-%m-%d}" if event.occurred_at else "no time of launch"
    return f"{event.source}'s report {event.report_id} ({timing})"


def _join_or_start(groups: list[Group], event: Event, interval: Interval, window: timedelta) -> None:
    """Events in interval order: one joins the latest group still open within the window that names no other
    incident (victim, vessel, exercise), else starts a group."""
    for g in reversed(groups):
        assert g.span is not None
        if interval.start - window <= g.span.end and not _other_incident(event, g):
            g.members.append(event)
            g.span = g.span.hull(interval)
            return
    groups.append(Group([event], interval))


def group(events: Iterable[Event], window: timedelta) -> list[Group]:
    """The incidents a set of events of one family forms: the same set always gives the same groups.

    Events too coarse to group (month or year precision) are groups of their own.
    """
    distinct: list[Event] = []
    coarse: list[Event] = []
    groups: list[Group] = []
    for event in events:
        interval = interval_of(event)
        if interval is None:
            groups.append(Group([event], None))
        elif is_distinct(event):
            distinct.append(event)
        else:
            coarse.append(event)

    # Reports timed to the hour or better: connected components of "their intervals meet within the window".
    launches: list[Group] = []
    for event in _order(distinct):
        interval = interval_of(event)
        assert interval is not None
        _join_or_start(launches, event, interval, window)

    # Date-only and undated reports: each joins the launch the best evidence points to.
    unplaced: list[Event] = []
    for event in _order(coarse):
        interval = interval_of(event)
        assert interval is not None
        candidates = [
            g for g in launches if g.span and g.span.gap(interval) <= window and not _other_incident(event, g)
        ]
        if not candidates:
            unplaced.append(event)
            continue
        ranked = sorted(candidates, key=lambda g: _rank(event, interval, g))
        chosen = ranked[0]
        chosen.members.append(event)
        if len(ranked) > 1:
            _, said = _agreement(event, chosen)
            nearer = chosen.span.gap(interval) < ranked[1].span.gap(interval)  # type: ignore[union-attr]
            why = ", ".join(said) if said else "nearest in time" if nearer else "the latest of them"
            others = ", ".join(_when(g) for g in sorted(ranked[1:], key=lambda g: g.span.start))  # type: ignore[union-attr]
            chosen.notes.append(f"{_describe(event)} joined the launch at {_when(chosen)}, not {others}: {why}")

    # Coarse reports no launch claims: together when their intervals meet within the window.
    pending: list[Group] = []
    for event in unplaced:
        interval = interval_of(event)
        assert interval is not None
        _join_or_start(pending, event, interval, window)

    found = [*launches, *pending, *groups]
    for g in found:
        g.members.sort(key=lambda e: (e.reported_at, e.event_id))
    return sorted(found, key=lambda g: _anchor_key(g.anchor))


def own_incident_id(event_type: EventType, event_id: str) -> str:
    """The incident of a report alone (what it is before grouping, and the id a new incident takes from it)."""
    return stable_id("inc", family_of(event_type), event_id)


def new_incident_id(anchor: Event, taken: Callable[[str], bool]) -> str:
    """The id of a new incident, from the report it is anchored on; never one an incident had before."""
    family = family_of(anchor.event_type)
    candidate = own_incident_id(anchor.event_type, anchor.event_id)
    attempt = 1
    while taken(candidate):
        attempt += 1
        candidate = stable_id("inc", family, anchor.event_id, str(attempt))
    return candidate


def assign_ids(groups: list[Group], current: Mapping[str, str], taken: Callable[[str], bool]) -> dict[str, str]:
    """The incident id of each group, by the event id of its anchor.

    `current` is each event's incident so far. A group keeps the incident most of its best-timed reports are
    in (then most reports, then the smaller id): when a report ties two incidents together, that one survives
    and the other is merged into it. A group none of whose reports has an incident yet gets a new id.
    """
    ids: dict[str, str] = {}
    used: set[str] = set()
    for g in groups:  # in anchor order: the earliest launch chooses first
        votes: Counter[str] = Counter()
        for member in g.members:
            if (incident := current.get(member.event_id)) is not None and incident not in used:
                votes[incident] += 1000 if is_distinct(member) else 1
        if votes:
            incident_id = min(votes, key=lambda i: (-votes[i], i))
        else:
            incident_id = new_incident_id(g.anchor, lambda i: i in used or taken(i))
        used.add(incident_id)
        ids[g.anchor.event_id] = incident_id
    return ids
