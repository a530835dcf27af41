"""Alert building: one alert per (incident, commitment), a new revision for each change of the incident.

Pure: no Kafka, no I/O. The previous revision comes in as an argument (from the store); what a revision
shows comes from the incident's fused assessment, never from the one report that caused it.
"""

from __future__ import annotations

from datetime import datetime

from launchwatch.schemas import (
    Acknowledgement,
    Alert,
    AlertMsgType,
    AlertStatus,
    Assessment,
    Event,
    EventType,
    Explanation,
    Facts,
    Match,
    MatchedEvent,
    Precedence,
    alert_id,
)

EXERCISE_BANNER = "EXERCISE EXERCISE EXERCISE"

_EVENT_NOUNS = {
    EventType.BALLISTIC_MISSILE_LAUNCH: "ballistic missile launch",
    EventType.CRUISE_MISSILE_LAUNCH: "cruise missile launch",
    EventType.SATELLITE_LAUNCH: "satellite launch",
    EventType.NUCLEAR_TEST: "nuclear test",
    EventType.NUCLEAR_ACTIVITY: "nuclear-programme activity",
    EventType.ARTILLERY_FIRE: "artillery fire",
    EventType.ARMS_TRANSFER: "arms transfer",
    EventType.TROOP_DEPLOYMENT: "troop deployment",
    EventType.CYBER_INCIDENT: "cyber incident",
    EventType.SANCTIONS_EVASION: "sanctions evasion",
    EventType.TRILATERAL_ACTION: "action",
    EventType.OTHER: "incident",
}


def _time_of(fused: Facts) -> str | None:
    if fused.occurred_at is None:
        return None
    if fused.occurred_precision in ("day", "month", "year"):
        return f"on {fused.occurred_at:%Y-%m-%d}"  # a date is the day, not its midnight
    until = getattr(fused, "occurred_until", None)
    if until is not None and until != fused.occurred_at:
        end = f"{until:%H:%M}" if until.date() == fused.occurred_at.date() else f"{until:%Y-%m-%d %H:%M}"
        return f"at {fused.occurred_at:%Y-%m-%d %H:%M}-{end} {fused.occurred_at:%z}"
    return f"at {fused.occurred_at:%Y-%m-%d %H:%M %z}"


def headline(fused: Facts, drill: bool = False) -> str:
    """The incident in one human sentence."""
    subject = "Trilateral" if fused.event_type == EventType.TRILATERAL_ACTION else fused.actor or "DPRK"
    sentence = f"{subject} {_EVENT_NOUNS[fused.event_type]}"
    if fused.event_type == EventType.ARMS_TRANSFER and fused.counterparty:
        sentence += f" to {'the DPRK' if fused.counterparty == 'DPRK' else fused.counterparty}"
    what = [part for part in (fused.system, fused.missile_class.value if fused.missile_class else None) if part]
    if fused.details is not None and (told := fused.details.headline()):
        what.append(told)
    if fused.count:
        at_least = "at least " if fused.count_qualifier == "at_least" else ""
        what.append(f"{at_least}{fused.count} fired")
    if what:
        sentence += f" ({', '.join(what)})"
    if fused.location and fused.location.site:
        sentence += f" from {fused.location.site}"
    if when := _time_of(fused):
        sentence += f" {when}"
    details = []
    if fused.apogee_km:
        details.append(f"apogee {fused.apogee_km:,.0f} km")
    if fused.range_km:
        details.append(f"range {fused.range_km:,.0f} km")
    if fused.location and fused.location.overflew_japan:
        details.append("flew over Japan")
    if fused.location and fused.location.eez:
        details.append(f"fell {fused.location.eez.value} Japan's EEZ")
    if details:
        sentence += ": " + ", ".join(details)
    systems = [c.value for c in getattr(fused, "claims", ()) if c.field == "system" and c.value]
    if systems and not fused.system:
        sentence += f"; the DPRK calls it {', '.join(dict.fromkeys(systems))}"
    sentence += f"; reported by {fused.reported_by}."
    return f"{EXERCISE_BANNER}: {sentence}" if drill else sentence


def most_urgent(*precedences: Precedence) -> Precedence:
    return min(precedences, key=lambda p: p.rank)


def _withdrawal_note(event: Event, assessment: Assessment) -> str | None:
    """`kcna withdrew kcna-1`, when the update's report withdraws one of the incident's reports."""
    if event.retracts is None or not assessment.withdrawn:
        return None
    return f"{event.source} withdrew {', '.join(assessment.withdrawn)}"


def _with_grouping(explanation: Explanation, assessment: Assessment) -> Explanation:
    """The match's explanation, and how the incident's reports were put together where it took a decision."""
    if not assessment.notes:
        return explanation
    return explanation.model_copy(update={"text": f"{explanation.text} Grouping: {' '.join(assessment.notes)}."})


def is_stale(matched: MatchedEvent, previous: Alert | None) -> bool:
    """The update is older than what the alert shows already (updates of one incident can overtake each other)."""
    known = previous.assessment if previous else None
    return known is not None and known.generation >= matched.assessment.generation


def build_revision(matched: MatchedEvent, match: Match, previous: Alert | None, now: datetime) -> Alert | None:
    """The next revision of the (incident, commitment) alert, given the previous one (None: first); None
    when the update is stale. Everything shown comes from the incident's fused assessment."""
    if is_stale(matched, previous):
        return None
    assessment = matched.assessment
    drill = matched.drill or assessment.drill
    title = headline(assessment, drill)
    if note := _withdrawal_note(matched.event, assessment):
        title = f"{title} (revised: {note})"
    return Alert(
        id=alert_id(assessment.incident_id, match.commitment_id, drill),
        incident_id=assessment.incident_id,
        commitment_id=match.commitment_id,
        revision=previous.revision + 1 if previous else 1,
        msg_type=AlertMsgType.UPDATE if previous else AlertMsgType.ALERT,
        status=AlertStatus.EXERCISE if drill else AlertStatus.ACTUAL,
        precedence=match.precedence,  # what the incident now is, not the most urgent it ever looked
        kind=match.kind,
        commitment=match.commitment,
        headline=title,
        event=matched.event,
        assessment=assessment,
        sources=assessment.sources,
        explanation=_with_grouping(match.explanation, assessment),
        conflicts=assessment.conflicts,
        references=(*previous.references, previous.revision_id) if previous else (),
        drill=drill,
        acknowledgement=previous.acknowledgement if previous else None,
        # A watch officer who acknowledged an earlier revision must see that there is news.
        updated_since_ack=bool(previous and previous.acknowledgement),
        created_at=previous.created_at if previous else now,
        updated_at=now,
    )


def closing_reason(matched: MatchedEvent, commitment_title: str) -> str:
    """Why an alert of the incident ends with this update."""
    assessment = matched.assessment
    if assessment.merged_into:
        return f"merged into incident {assessment.merged_into}"
    if note := _withdrawal_note(matched.event, assessment):
        return note
    if not assessment.sources:
        return "no report of it stands"
    return f"the incident no longer bears on {commitment_title}"


def closed(previous: Alert, matched: MatchedEvent, now: datetime) -> Alert | None:
    """The final revision (CAP Cancel) of an alert whose incident was merged into another, whose reports were
    all withdrawn, or that no longer bears on the commitment; None when stale or cancelled already."""
    if previous.msg_type == AlertMsgType.CANCEL or is_stale(matched, previous):
        return None
    assessment = matched.assessment
    reason = closing_reason(matched, previous.commitment.title)
    # A merged incident's sources are carried over to the survivor; its last revision still says who reported.
    sources = previous.sources if assessment.merged_into else assessment.sources
    return next_revision(
        previous,
        now,
        msg_type=AlertMsgType.CANCEL,
        event=matched.event,
        assessment=assessment,
        sources=sources,
        conflicts=previous.conflicts if assessment.merged_into else assessment.conflicts,
        headline=f"CANCELLED ({reason}): {previous.headline}",
        updated_since_ack=previous.acknowledgement is not None,
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
