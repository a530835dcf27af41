"""Fusion: one assessment of an incident from all its reports, each field from the best source for it.

Pure. Officials (Japan, the ROK, the US) come before other sources, and the DPRK's own account last; the
most precise time wins, the largest count, whoever states overflight or the EEZ. Names and figures only the
DPRK gives (KCNA's "Hwasong-19", its claimed apogee, "success") are kept as claims, not as facts. Every
chosen value names its report and the span of its text; each source's own account stays in `sources`.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from typing import Any

from launchwatch.schemas import (
    Assessment,
    Claim,
    Event,
    FieldSource,
    IncidentDetails,
    Location,
    MissileClass,
    Outcome,
    Party,
    SourceReport,
    TimePrecision,
    family_of,
)
from services.ingest.incidents import DISTINCT

OFFICIAL = frozenset({Party.JAPAN, Party.ROK, Party.US})

#: Finest first: the most precise time of launch wins.
PRECISION_ORDER = tuple(TimePrecision)

#: Fields whose DPRK-only values are claims: state media name systems and claim figures and success.
CLAIMED_FIELDS = ("system", "count", "apogee_km", "range_km", "flight_time_min", "outcome")

#: The facts compared across sources: each report's own account is kept, and disagreements are named.
ACCOUNT_FIELDS = ("missile_class", "system", "count", "apogee_km", "range_km", "outcome", "occurred_at")

#: Times are kept per source but not called conflicts: detection times differ by a minute between sensors.
COMPARED_FIELDS = tuple(name for name in ACCOUNT_FIELDS if name != "occurred_at")

#: Figures within this fraction of each other are one account (7,687.5 km and 7,687 km are no conflict).
NUMBER_TOLERANCE = 0.02
NUMERIC_FIELDS = frozenset({"apogee_km", "range_km"})


def tier(party: Party) -> int:
    """0 for officials, 1 for other sources (press, data sets), 2 for the DPRK's own media."""
    return 0 if party in OFFICIAL else 2 if party == Party.DPRK else 1


def _source_order(event: Event) -> tuple[int, datetime, str]:
    return (tier(event.party), event.reported_at, event.event_id)


def account_of(event: Event) -> dict[str, str]:
    values = {name: getattr(event, name) for name in ACCOUNT_FIELDS}
    if values["outcome"] == "unknown":
        values["outcome"] = None
    if event.occurred_at is not None:
        day_only = event.occurred_precision in ("day", "month", "year")
        values["occurred_at"] = event.occurred_at.date().isoformat() if day_only else event.occurred_at.isoformat()
    return {name: str(value) for name, value in values.items() if value is not None}


def source_of(event: Event, launched_at: datetime | None) -> SourceReport:
    """One report as a source of an incident, its latency measured from the incident's fused launch time."""
    return SourceReport(
        report_id=event.report_id,
        source=event.source,
        party=event.party,
        reported_at=event.reported_at,
        latency_s=(event.reported_at - launched_at).total_seconds() if launched_at else None,
        account=account_of(event),
    )


def _same_account(name: str, values: list[str]) -> bool:
    if name in NUMERIC_FIELDS:
        try:
            numbers = [float(value) for value in values]
        except ValueError:
            return len(set(values)) == 1
        low, high = min(numbers), max(numbers)
        return high - low <= NUMBER_TOLERANCE * max(abs(high), 1.0)
    # Names as sources spell them: "New IRBM (2022)" and "New IRBM 2022" are one system.
    normalised = {re.sub(r"[^0-9a-z]+", " ", value.casefold()).strip() for value in values}
    return len(normalised) == 1


def conflicts(sources: Sequence[SourceReport]) -> tuple[str, ...]:
    """The facts the sources give different values for, each with who said what."""
    found = []
    for name in COMPARED_FIELDS:
        said = [(s.source, s.account[name]) for s in sources if name in s.account]
        if said and not _same_account(name, [value for _, value in said]):
            found.append(f"{name}: " + "; ".join(f"{source} {value}" for source, value in said))
    return tuple(found)


class _Fusion:
    """Chooses each field's value and writes down where it came from."""

    def __init__(self, members: Sequence[Event]):
        self.members = sorted(members, key=_source_order)
        self.provenance: list[FieldSource] = []

    def note(self, name: str, event: Event, reason: str, path: str | None = None) -> None:
        span = next((p for p in event.provenance if p.field in (path or name, name)), None)
        self.provenance.append(
            FieldSource(
                field=name,
                event_id=event.event_id,
                report_id=event.report_id,
                source=event.source,
                party=event.party,
                text=span.text if span else None,
                start=span.start if span else None,
                end=span.end if span else None,
                reason=reason,
            )
        )

    def best(self, name: str, value_of: Callable[[Event], Any], reason: str, officials_only: bool = False) -> Any:
        """The value of the best source that states one (officials first, then the first to report it)."""
        for event in self.members:
            if officials_only and event.party == Party.DPRK:
                continue
            value = value_of(event)
            if value is not None:
                self.note(name, event, reason)
                return value
        return None


def _outcome(event: Event) -> Outcome | None:
    return None if event.outcome == Outcome.UNKNOWN else event.outcome


def _location(event: Event, name: str) -> Any:
    return getattr(event.location, name) if event.location else None


def _time(fusion: _Fusion) -> tuple[datetime | None, datetime | None, TimePrecision]:
    """The most precise time of launch, as the span of the best sources' times at that precision."""
    timed = [e for e in fusion.members if e.occurred_at is not None]
    if not timed:
        return None, None, TimePrecision.MINUTE
    finest = min(PRECISION_ORDER.index(e.occurred_precision) for e in timed)
    precise = [e for e in timed if PRECISION_ORDER.index(e.occurred_precision) == finest]
    best_tier = min(tier(e.party) for e in precise)
    chosen = sorted((e for e in precise if tier(e.party) == best_tier), key=lambda e: (e.occurred_at, e.event_id))
    first = chosen[0]
    fusion.note("occurred_at", first, f"most precise time ({PRECISION_ORDER[finest].value})")
    # The span ends at the latest of their times, or of the ends of the ranges they state.
    last = max(chosen, key=lambda e: (e.occurred_until or e.occurred_at, e.event_id))
    end = last.occurred_until or last.occurred_at
    until = end if end != first.occurred_at else None
    if until is not None:
        fusion.note("occurred_until", last, f"latest of the {PRECISION_ORDER[finest].value}-precise times")
    return first.occurred_at, until, PRECISION_ORDER[finest]


#: Where the best sources name different classes, the one most of them name, then the longest-range one: a
#: watch floor errs on the side of the graver reading (the disagreement is listed in `conflicts`).
CLASS_GRAVITY = (
    MissileClass.ICBM,
    MissileClass.IRBM,
    MissileClass.SLBM,
    MissileClass.MRBM,
    MissileClass.SRBM,
    MissileClass.SLV,
    MissileClass.CRUISE,
)


def _missile_class(fusion: _Fusion) -> MissileClass | None:
    classed = [e for e in fusion.members if e.missile_class is not None]
    if not classed:
        return None
    best_tier = min(tier(e.party) for e in classed)
    named = [e for e in classed if tier(e.party) == best_tier]
    votes = Counter(e.missile_class for e in named)
    chosen = min(
        named, key=lambda e: (-votes[e.missile_class], CLASS_GRAVITY.index(e.missile_class), e.reported_at, e.event_id)
    )
    reason = "the class the best sources name" if len(votes) == 1 else "the gravest class most of the best sources name"
    fusion.note("missile_class", chosen, reason)
    return chosen.missile_class


def _count(fusion: _Fusion) -> tuple[int | None, Any]:
    """The largest count a source other than the DPRK gives ("at least 2" and "3": 3)."""
    counted = [e for e in fusion.members if e.count is not None and e.party != Party.DPRK]
    if not counted:
        return None, None
    chosen = max(counted, key=lambda e: (e.count, -tier(e.party), e.event_id))
    fusion.note("count", chosen, "largest count")
    return chosen.count, chosen.count_qualifier


#: Figures of an incident's details, with what goes with each: the largest a credible source gives (a later,
#: fuller count supersedes an early one); the DPRK's own only when no one else gives one.
DETAIL_FIGURES = {"quantity": ("unit",), "personnel": (), "casualties": (), "amount_usd": ("amount",)}
_WITH_FIGURES = frozenset(part for parts in DETAIL_FIGURES.values() for part in parts)


def _details(fusion: _Fusion) -> IncidentDetails | None:
    """Each detail from the best source that states it; each figure the largest credible one, with who gives it."""
    told = [e for e in fusion.members if e.details is not None]
    if not told:
        return None
    chosen: dict[str, Any] = {}
    for name, parts in DETAIL_FIGURES.items():
        stated = [e for e in told if getattr(e.details, name) is not None]
        credible = [e for e in stated if e.party != Party.DPRK] or stated
        if credible:
            best = max(credible, key=lambda e: (getattr(e.details, name), -tier(e.party), e.event_id))
            fusion.note(f"details.{name}", best, "largest figure a credible source gives")
            chosen[name] = getattr(best.details, name)
            chosen.update({part: getattr(best.details, part) for part in parts})
    for name in IncidentDetails.model_fields:
        if name in DETAIL_FIGURES or (name in _WITH_FIGURES and name in chosen):
            continue

        def stated(event: Event, detail: str = name) -> Any:
            return getattr(event.details, detail) if event.details else None

        value = fusion.best(f"details.{name}", stated, "stated by the best source")
        if value is not None:
            chosen[name] = value
    return IncidentDetails(**chosen) if chosen else None


def _claims(members: Iterable[Event], used: Assessment) -> tuple[Claim, ...]:
    """Every claim the reports carry, and the DPRK's values that no other source confirms."""
    claims: list[Claim] = []
    for event in members:
        claims.extend(event.claims)
        if event.party != Party.DPRK:
            continue
        for name in CLAIMED_FIELDS:
            value = getattr(event, name)
            if name == "outcome" and value == Outcome.UNKNOWN:
                value = None
            if value is not None and str(value) != str(getattr(used, name)):
                claims.append(
                    Claim(party=Party.DPRK, text=f"{event.source}: {name} {value}", field=name, value=str(value))
                )
    unique = {(c.party, c.field, c.value, c.text): c for c in claims}
    return tuple(unique[key] for key in sorted(unique, key=lambda k: tuple(str(part) for part in k)))


def _unconfirmed(facts: Sequence[Event]) -> str | None:
    """Why the incident still rests on weak evidence: one source alone, none of its reports read with confidence
    (an official source's report is never marked). None once a second source or a confident reading confirms."""
    if len({e.source for e in facts}) > 1 or any(e.unconfirmed is None for e in facts):
        return None
    return facts[0].unconfirmed if facts else None


def fuse(
    incident_id: str,
    members: Sequence[Event],
    *,
    generation: int,
    withdrawn: frozenset[str] = frozenset(),
    notes: Sequence[str] = (),
    merged_into: str | None = None,
    drill: bool = False,
) -> Assessment:
    """The incident as all its reports tell it; `withdrawn` (event ids) are left out as if never sent, and so
    are the retractions that withdrew them. Reports of another kind of event in the incident add no facts."""
    if not members:
        raise ValueError(f"incident {incident_id}: an assessment needs the incident's reports")
    # A retraction is a withdrawal, not an account: it adds no facts and is no source.
    active = [m for m in members if m.event_id not in withdrawn and m.retracts is None]
    gone = tuple(sorted(m.report_id for m in members if m.event_id in withdrawn))
    first = min(members, key=lambda e: (e.reported_at, e.event_id))
    if merged_into is not None or not active:
        return Assessment(
            incident_id=incident_id,
            generation=generation,
            event_type=first.event_type,
            reported_at=first.reported_at,
            notes=tuple(notes),
            withdrawn=gone,
            merged_into=merged_into,
            drill=drill,
        )
    fusion = _Fusion(active)
    event_type = fusion.best("event_type", lambda e: e.event_type, "stated by the best source")
    family = family_of(event_type)
    facts = [e for e in fusion.members if family_of(e.event_type) == family]
    fusion.members = facts
    occurred_at, occurred_until, precision = _time(fusion)
    count, qualifier = _count(fusion)
    location_fields = {
        name: fusion.best(f"location.{name}", lambda e, n=name: _location(e, n), reason)
        for name, reason in (
            ("site", "named by the best source"),
            ("region", "named by the best source"),
            ("lat", "given by the best source"),
            ("lon", "given by the best source"),
            ("landing", "stated by the best source"),
            ("eez", "stated by the best source"),
            ("overflew_japan", "stated by the best source"),
        )
    }
    location_fields = {name: value for name, value in location_fields.items() if value is not None}
    fused = Assessment(
        incident_id=incident_id,
        generation=generation,
        event_type=event_type,
        missile_class=_missile_class(fusion),
        system=fusion.best("system", lambda e: e.system, "named by an official source", officials_only=True),
        count=count,
        count_qualifier=qualifier,
        occurred_at=occurred_at,
        occurred_until=occurred_until,
        occurred_precision=precision,
        reported_at=min(e.reported_at for e in active),
        location=Location(**location_fields) if location_fields else None,
        apogee_km=fusion.best("apogee_km", lambda e: e.apogee_km, "official figure", officials_only=True),
        range_km=fusion.best("range_km", lambda e: e.range_km, "official figure", officials_only=True),
        flight_time_min=fusion.best(
            "flight_time_min", lambda e: e.flight_time_min, "official figure", officials_only=True
        ),
        outcome=fusion.best("outcome", _outcome, "official assessment", officials_only=True) or Outcome.UNKNOWN,
        counterparty=fusion.best("counterparty", lambda e: e.counterparty, "named by the best source"),
        actor=fusion.best("actor", lambda e: e.actor, "named by the best source"),
        unconfirmed=_unconfirmed(facts),
        tags=tuple(sorted({tag for e in facts for tag in e.tags})),
        details=_details(fusion),
        summary=fusion.best("summary", lambda e: e.summary, "headline of the best source"),
        notes=tuple(notes),
        withdrawn=gone,
        drill=drill,
    )
    # Latency counts from a launch time that tells launches apart: from a date's midnight it would mislead.
    launched_at = occurred_at if precision in DISTINCT else None
    sources = tuple(
        sorted((source_of(e, launched_at) for e in facts), key=lambda s: (s.reported_at, s.source, s.report_id))
    )
    return fused.model_copy(
        update={
            "sources": sources,
            "conflicts": conflicts(sources),
            "claims": _claims(facts, fused),
            "provenance": tuple(fusion.provenance),
        }
    )
