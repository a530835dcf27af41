"""Real-time sharing gaps: Japan, the ROK and the US should each report a covered launch promptly.

For every `rtw-sharing` violation alert (a launch the mechanism covers), the parties that reported it are
in its sources. When one of the three has not reported within the window of the first report, a gap alert
is raised; it is revised as parties report, and resolved when none is missing. Pure: no Kafka, no SQL.

Time is taken as the later of the wall clock since the alert was raised and the newest report time seen
(the event-time watermark), so a replayed history at any speed opens gaps where the history had them.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from launchwatch.schemas import (
    Alert,
    AlertMsgType,
    MatchKind,
    Party,
    Precedence,
    SharingGap,
    gap_alert_id,
)
from services.alerts.build import EXERCISE_BANNER, next_revision

COMMITMENT_ID = "rtw-sharing"
SHARING_PARTIES: tuple[Party, ...] = (Party.JAPAN, Party.ROK, Party.US)
#: A gap is a warning about the mechanism, not about the launch itself (that has its own alerts).
GAP_PRECEDENCE = Precedence.PRIORITY


def covered(alert: Alert) -> bool:
    """An alert whose incident the real-time sharing mechanism should have reported (not a gap alert itself)."""
    return (
        alert.commitment_id == COMMITMENT_ID
        and alert.kind == MatchKind.VIOLATION
        and alert.gap is None
        and alert.msg_type != AlertMsgType.CANCEL  # every report of it was withdrawn: nothing to share
        and bool(alert.sources)
    )


def sharing_state(alert: Alert, window: timedelta, resolved: bool = False) -> SharingGap:
    reported = tuple(p for p in SHARING_PARTIES if any(s.party == p for s in alert.sources))
    return SharingGap(
        missing=tuple(p for p in SHARING_PARTIES if p not in reported),
        reported=reported,
        first_reported_at=min(s.reported_at for s in alert.sources),
        window_s=window.total_seconds(),
        resolved=resolved,
    )


def pending_since(alert: Alert) -> tuple[datetime, datetime] | None:
    """The two times a covered alert still missing a party falls due from (`gap_due` reads the same): when it was
    raised (wall clock) and its first report (event time); None when it has no gap to decide (not covered, or every
    party has reported)."""
    if not covered(alert) or all(any(s.party == p for s in alert.sources) for p in SHARING_PARTIES):
        return None
    return alert.created_at, min(s.reported_at for s in alert.sources)


def gap_due(alert: Alert, window: timedelta, now: datetime, watermark: datetime | None) -> SharingGap | None:
    """The gap to raise for a covered alert, or None (all reported, or still within the window)."""
    if not covered(alert):
        return None
    state = sharing_state(alert, window)
    if not state.missing:
        return None
    elapsed = now - alert.created_at
    if watermark is not None:
        elapsed = max(elapsed, watermark - state.first_reported_at)
    return state if elapsed >= window else None


def _parties(parties: tuple[Party, ...]) -> str:
    return ", ".join(p.value for p in parties) or "none"


def gap_headline(gap: SharingGap, drill: bool) -> str:
    minutes = gap.window_s / 60
    if gap.resolved:
        text = f"Real-time sharing gap resolved: {_parties(gap.reported)} have now reported the launch."
    else:
        text = (
            f"Real-time sharing gap: {_parties(gap.missing)} had not reported the launch within "
            f"{minutes:g} min of the first report ({gap.first_reported_at:%Y-%m-%d %H:%M %z}); "
            f"reported so far: {_parties(gap.reported)}."
        )
    return f"{EXERCISE_BANNER}: {text}" if drill else text


def open_gap(source: Alert, gap: SharingGap, now: datetime) -> Alert:
    """Revision 1 of the gap alert of `source`'s incident."""
    explanation = source.explanation.model_copy(
        update={
            "text": f"{_parties(gap.missing)} had not reported within {gap.window_s / 60:g} min of the first report "
            f"of a launch covered by the real-time warning-data sharing commitment.",
            "precedence_reason": "sharing gaps are PRIORITY: the launch itself has its own alerts",
        }
    )
    return source.model_copy(
        update={
            "id": gap_alert_id(source.incident_id, source.drill),
            "revision": 1,
            "msg_type": AlertMsgType.ALERT,
            "precedence": GAP_PRECEDENCE,
            "headline": gap_headline(gap, source.drill),
            "explanation": explanation,
            "references": (),
            "acknowledgement": None,
            "updated_since_ack": False,
            "gap": gap,
            "created_at": now,
            "updated_at": now,
        }
    )


def revise_gap(gap_alert: Alert, source: Alert, now: datetime) -> Alert | None:
    """The gap alert's next revision after `source` (a new revision of the covered alert), or None if unchanged."""
    assert gap_alert.gap is not None
    if gap_alert.gap.resolved or gap_alert.msg_type == AlertMsgType.CANCEL:
        return None
    if source.msg_type == AlertMsgType.CANCEL:
        # The launch's own alert ended (its incident merged into another, its reports withdrawn): so does the
        # gap; the surviving incident has a gap alert of its own.
        return next_revision(
            gap_alert,
            now,
            msg_type=AlertMsgType.CANCEL,
            headline=f"CANCELLED: {gap_alert.headline}",
            event=source.event,
            assessment=source.assessment,
            updated_since_ack=gap_alert.acknowledgement is not None,
        )
    window = timedelta(seconds=gap_alert.gap.window_s)
    state = sharing_state(source, window)
    if state.missing == gap_alert.gap.missing:
        return None
    gap = state.model_copy(update={"resolved": not state.missing})
    return next_revision(
        gap_alert,
        now,
        msg_type=AlertMsgType.UPDATE,
        gap=gap,
        headline=gap_headline(gap, gap_alert.drill),
        sources=source.sources,
        event=source.event,
        assessment=source.assessment,
        updated_since_ack=gap_alert.acknowledgement is not None,
    )
