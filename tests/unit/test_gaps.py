"""Sharing gaps, pure: when one opens, how it is revised and resolved, and what it never applies to."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from launchwatch.schemas import AlertMsgType, Event, MatchedEvent, Party, event_id
from services.alerts.build import build_revision, withdrawn
from services.alerts.gaps import covered, gap_due, open_gap, revise_gap
from services.matcher.catalogue import default_catalogue

T0 = datetime(2024, 1, 14, 6, 0, tzinfo=UTC)
WINDOW = timedelta(minutes=30)


def report(report_id: str, source: str, party: str, minutes: int) -> MatchedEvent:
    event = Event(
        event_id=f"evt-{report_id}",
        incident_id="inc-1",
        report_id=report_id,
        source=source,
        party=party,
        event_type="ballistic_missile_launch",
        missile_class="IRBM",
        occurred_at=T0,
        reported_at=T0 + timedelta(minutes=minutes),
    )
    return MatchedEvent(event=event, matches=default_catalogue().match(event), matched_at=T0)


def rtw(matched: MatchedEvent):  # type: ignore[no-untyped-def]
    return next(m for m in matched.matches if m.commitment_id == "rtw-sharing")


def test_a_gap_opens_after_the_window_and_resolves_when_all_have_reported() -> None:
    jcs = report("jcs", "rok-jcs", "ROK", 4)
    first = build_revision(jcs, rtw(jcs), None, T0 + timedelta(minutes=5))
    assert gap_due(first, WINDOW, T0 + timedelta(minutes=20), None) is None  # still within the window
    gap = gap_due(first, WINDOW, T0 + timedelta(minutes=40), None)
    assert gap is not None and gap.missing == (Party.JAPAN, Party.US) and gap.reported == (Party.ROK,)
    # Replayed history: the event-time watermark alone opens it, whatever the wall clock says.
    assert gap_due(first, WINDOW, first.created_at, T0 + timedelta(hours=2)) == gap
    gap_alert = open_gap(first, gap, T0 + timedelta(minutes=40))
    assert gap_alert.id != first.id and gap_alert.gap == gap and gap_alert.revision == 1

    mod = report("mod", "japan-mod", "Japan", 37)
    second = build_revision(mod, rtw(mod), first, T0 + timedelta(minutes=41))
    partly = revise_gap(gap_alert, second, T0 + timedelta(minutes=41))
    assert partly is not None and partly.gap is not None and partly.gap.missing == (Party.US,)
    assert revise_gap(partly, second, T0 + timedelta(minutes=42)) is None  # nothing new
    us = report("us", "us-indopacom", "US", 75)
    third = build_revision(us, rtw(us), second, T0 + timedelta(minutes=76))
    resolved = revise_gap(partly, third, T0 + timedelta(minutes=76))
    assert resolved is not None and resolved.gap is not None and resolved.gap.resolved
    assert revise_gap(resolved, third, T0 + timedelta(minutes=80)) is None  # resolved stays resolved


def test_no_gap_for_gap_alerts_cancelled_alerts_or_fully_reported_launches() -> None:
    jcs = report("jcs", "rok-jcs", "ROK", 4)
    first = build_revision(jcs, rtw(jcs), None, T0)
    gap_alert = open_gap(first, gap_due(first, WINDOW, T0 + timedelta(hours=1), None), T0)  # type: ignore[arg-type]
    assert not covered(gap_alert)
    retraction = jcs.event.model_copy(update={"event_id": "evt-jcs-2", "retracts": event_id("rok-jcs", "jcs")})
    cancelled = withdrawn(first, retraction, [], T0 + timedelta(minutes=10))
    assert cancelled.msg_type == AlertMsgType.CANCEL and cancelled.sources == () and not covered(cancelled)
    assert gap_due(cancelled, WINDOW, T0 + timedelta(hours=1), None) is None
