"""Alert building: one alert per (incident, commitment), a new revision for each new report.

Pure: no Kafka, no I/O. The previous revision comes in as an argument (from the store).
"""

from __future__ import annotations

import re
from datetime import datetime

from launchwatch.schemas import (
    Acknowledgement,
    Alert,
    AlertMsgType,
    AlertStatus,
    Event,
    EventType,
    Match,
    MatchedEvent,
    Precedence,
    SourceReport,
    alert_id,
    event_id,
)

EXERCISE_BANNER = "EXERCISE EXERCISE EXERCISE"

_EVENT_NOUNS = {
    EventType.BALLISTIC_MISSILE_LAUNCH: "ballistic missile launch",
    EventType.CRUISE_MISSILE_LAUNCH: "cruise missile launch",
    EventType.SATELLITE_LAUNCH: "satellite launch",
    EventType.NUCLEAR_TEST: "nuclear test",
    EventType.ARTILLERY_FIRE: "artillery fire",
    EventType.ARMS_TRANSFER: "arms transfer",
    EventType.TROOP_DEPLOYMENT: "troop deployment",
    EventType.CYBER_INCIDENT: "cyber incident",
    EventType.SANCTIONS_EVASION: "sanctions evasion",
    EventType.TRILATERAL_ACTION: "action",
    EventType.OTHER: "incident",
}


def headline(event: Event, drill: bool = False) -> str:
    """The incident in one human sentence."""
    subject = "Trilateral" if event.event_type == EventType.TRILATERAL_ACTION else "DPRK"
    sentence = f"{subject} {_EVENT_NOUNS[event.event_type]}"
    what = [part for part in (event.system, event.missile_class.value if event.missile_class else None) if part]
    if event.count:
        at_least = "at least " if event.count_qualifier == "at_least" else ""
        what.append(f"{at_least}{event.count} fired")
    if what:
        sentence += f" ({', '.join(what)})"
    if event.location and event.location.site:
        sentence += f" from {event.location.site}"
    if event.occurred_at:
        sentence += f" at {event.occurred_at.strftime('%Y-%m-%d %H:%M %z')}"
    details = []
    if event.apogee_km:
        details.append(f"apogee {event.apogee_km:,.0f} km")
    if event.range_km:
        details.append(f"range {event.range_km:,.0f} km")
    if event.location and event.location.overflew_japan:
        details.append("flew over Japan")
    if event.location and event.location.eez:
        details.append(f"fell {event.location.eez.value} Japan's EEZ")
    if details:
        sentence += ": " + ", ".join(details)
    sentence += f"; reported by {event.source}."
    return f"{EXERCISE_BANNER}: {sentence}" if drill else sentence


#: The facts compared across sources: each report's own account is kept, and disagreements are named.
ACCOUNT_FIELDS = ("missile_class", "system", "count", "apogee_km", "range_km", "outcome", "occurred_at")


def account_of(event: Event) -> dict[str, str]:
    values = {name: getattr(event, name) for name in ACCOUNT_FIELDS}
    if values["outcome"] == "unknown":
        values["outcome"] = None
    if event.occurred_at is not None:
        day_only = event.occurred_precision in ("day", "month", "year")
        values["occurred_at"] = event.occurred_at.date().isoformat() if day_only else event.occurred_at.isoformat()
    return {name: str(value) for name, value in values.items() if value is not None}


def source_of(event: Event) -> SourceReport:
    return SourceReport(
        report_id=event.report_id,
        source=event.source,
        party=event.party,
        reported_at=event.reported_at,
        latency_s=event.reporting_latency_s,
        account=account_of(event),
    )


#: Times are kept per source but not called conflicts: detection times differ by a minute between sensors.
COMPARED_FIELDS = tuple(name for name in ACCOUNT_FIELDS if name != "occurred_at")


#: Figures within this fraction of each other are one account (7,687.5 km and 7,687 km are no conflict).
NUMBER_TOLERANCE = 0.02
NUMERIC_FIELDS = frozenset({"apogee_km", "range_km"})


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


def conflicts(sources: tuple[SourceReport, ...]) -> tuple[str, ...]:
    """The facts the sources give different values for, each with who said what."""
    found = []
    for name in COMPARED_FIELDS:
        said = [(s.source, s.account[name]) for s in sources if name in s.account]
        if said and not _same_account(name, [value for _, value in said]):
            found.append(f"{name}: " + "; ".join(f"{source} {value}" for source, value in said))
    return tuple(found)


def most_urgent(*precedences: Precedence) -> Precedence:
    return min(precedences, key=lambda p: p.rank)


def build_revision(matched: MatchedEvent, match: Match, previous: Alert | None, now: datetime) -> Alert:
    """The next revision of the (incident, commitment) alert, given the previous one (None: first)."""
    event = matched.event
    drill = matched.drill or event.drill
    # In report order, whichever order the reports arrived in (a redelivery or another worker can reorder).
    sources = tuple(
        sorted(
            (*previous.sources, source_of(event)) if previous else (source_of(event),),
            key=lambda s: (s.reported_at, s.source, s.report_id),
        )
    )
    return Alert(
        id=alert_id(event.incident_id, match.commitment_id, drill),
        incident_id=event.incident_id,
        commitment_id=match.commitment_id,
        revision=previous.revision + 1 if previous else 1,
        msg_type=AlertMsgType.UPDATE if previous else AlertMsgType.ALERT,
        status=AlertStatus.EXERCISE if drill else AlertStatus.ACTUAL,
        precedence=most_urgent(match.precedence, previous.precedence) if previous else match.precedence,
        kind=match.kind,
        commitment=match.commitment,
        headline=headline(event, drill),
        event=event,
        sources=sources,
        explanation=match.explanation,
        conflicts=conflicts(sources),
        references=(*previous.references, previous.revision_id) if previous else (),
        drill=drill,
        acknowledgement=previous.acknowledgement if previous else None,
        # A watch officer who acknowledged an earlier revision must see that there is news.
        updated_since_ack=bool(previous and previous.acknowledgement),
        created_at=previous.created_at if previous else now,
        updated_at=now,
    )


def next_revision(previous: Alert, now: datetime, **changes: object) -> Alert:
    """`previous` as its next revision, with `changes`."""
    return previous.model_copy(
        update={
            "revision": previous.revision + 1,
            "references": (*previous.references, previous.revision_id),
            "updated_at": now,
            **changes,
        }
    )


def acknowledged(previous: Alert, by: str, now: datetime, comment: str = "") -> Alert:
    """The revision that records an acknowledgement (CAP msgType Ack)."""
    ack = Acknowledgement(by=by, at=now, revision=previous.revision, comment=comment)
    return next_revision(previous, now, msg_type=AlertMsgType.ACK, acknowledgement=ack, updated_since_ack=False)


def withdrawn(previous: Alert, retraction: Event, remaining: list[Precedence], now: datetime) -> Alert:
    """The revision after a source withdrew one of the alert's reports (`retraction` is its new report).

    No report left: the alert is cancelled (CAP msgType Cancel). Otherwise it is updated without the
    withdrawn report, at the most urgent precedence the remaining reports still warrant.
    """
    withdrawn_reports = [s for s in previous.sources if event_id(s.source, s.report_id) == retraction.retracts]
    kept = tuple(s for s in previous.sources if s not in withdrawn_reports)
    ids = ", ".join(s.report_id for s in withdrawn_reports) or "an earlier report"
    note = f"{retraction.source} withdrew {ids}"
    if not kept or not remaining:
        return next_revision(
            previous,
            now,
            msg_type=AlertMsgType.CANCEL,
            sources=kept,
            conflicts=conflicts(kept),
            headline=f"CANCELLED ({note}): {previous.headline}",
            updated_since_ack=previous.acknowledgement is not None,
        )
    return next_revision(
        previous,
        now,
        msg_type=AlertMsgType.UPDATE,
        sources=kept,
        conflicts=conflicts(kept),
        precedence=most_urgent(*remaining),
        headline=f"{previous.headline} (revised: {note})",
        updated_since_ack=previous.acknowledgement is not None,
    )
