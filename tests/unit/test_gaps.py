"""Sharing gaps, pure: when one opens, how it is revised and resolved, and what it never applies to."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from launchwatch.schemas import AlertMsgType, Event, MatchedEvent, Party
from services.alerts.build import build_revision, closed
from services.alerts.gaps import covered, gap_due, open_gap, pending_since, revise_gap
from tests.factories import incident_update

T0 = datetime(2024, 1, 14, 6, 0, tzinfo=UTC)
WINDOW = timedelta(minutes=30)


def launch(report_id: str, source: str, party: str, minutes: int) -> Event:
    return Event(
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


def report(*events: Event) -> MatchedEvent:
    """The incident update the last of `events` makes, the earlier ones in the incident already."""
    return incident_update(events, matched_at=T0)


def rtw(matched: MatchedEvent):  # type: ignore[no-untyped-def]
    return next(m for m in matched.matches if m.commitment_id == "rtw-sharing")


def test_a_gap_opens_after_the_window_and_resolves_when_all_have_reported() -> None:
    jcs_event, mod_event, us_event = (
        launch("jcs", "rok-jcs", "ROK", 4),
        launch("mod", "japan-mod", "Japan", 37),
        launch("us", "us-indopacom", "US", 75),
    )
    jcs = report(jcs_event)
    first = build_revision(jcs, rtw(jcs), None, T0 + timedelta(minutes=5))
    assert first is not None
    assert gap_due(first, WINDOW, T0 + timedelta(minutes=20), None) is None  # still within the window
    gap = gap_due(first, WINDOW, T0 + timedelta(minutes=40), None)
    assert gap is not None and gap.missing == (Party.JAPAN, Party.US) and gap.reported == (Party.ROK,)
    # Replayed history: the event-time watermark alone opens it, whatever the wall clock says.
    assert gap_due(first, WINDOW, first.created_at, T0 + timedelta(hours=2)) == gap
    gap_alert = open_gap(first, gap, T0 + timedelta(minutes=40))
    assert gap_alert.id != first.id and gap_alert.gap == gap and gap_alert.revision == 1

    mod = report(jcs_event, mod_event)
    second = build_revision(mod, rtw(mod), first, T0 + timedelta(minutes=41))
    assert second is not None
    partly = revise_gap(gap_alert, second, T0 + timedelta(minutes=41))
    assert partly is not None and partly.gap is not None and partly.gap.missing == (Party.US,)
    assert revise_gap(partly, second, T0 + timedelta(minutes=42)) is None  # nothing new
    us = report(jcs_event, mod_event, us_event)
    third = build_revision(us, rtw(us), second, T0 + timedelta(minutes=76))
    assert third is not None
    resolved = revise_gap(partly, third, T0 + timedelta(minutes=76))
    assert resolved is not None and resolved.gap is not None and resolved.gap.resolved
    assert revise_gap(resolved, third, T0 + timedelta(minutes=80)) is None  # resolved stays resolved


def test_no_gap_for_gap_alerts_cancelled_alerts_or_fully_reported_launches() -> None:
    jcs_event = launch("jcs", "rok-jcs", "ROK", 4)
    jcs = report(jcs_event)
    first = build_revision(jcs, rtw(jcs), None, T0)
    assert first is not None
    gap_alert = open_gap(first, gap_due(first, WINDOW, T0 + timedelta(hours=1), None), T0)  # type: ignore[arg-type]
    assert not covered(gap_alert)
    retraction = jcs_event.model_copy(update={"event_id": "evt-jcs-2", "retracts": jcs_event.event_id})
    update = incident_update([jcs_event, retraction], matched_at=T0, withdrawn=frozenset({jcs_event.event_id}))
    assert update.assessment.closed and update.matches == ()
    cancelled = closed(first, update, T0 + timedelta(minutes=10))
    assert cancelled is not None
    assert "rok-jcs withdrew jcs" in cancelled.headline
    assert cancelled.msg_type == AlertMsgType.CANCEL and cancelled.sources == () and not covered(cancelled)
    assert gap_due(cancelled, WINDOW, T0 + timedelta(hours=1), None) is None


def test_a_covered_alert_is_pending_until_every_party_has_reported_and_due_a_window_after_either_time() -> None:
    jcs_event, mod_event, us_event = (
        launch("jcs", "rok-jcs", "ROK", 4),
        launch("mod", "japan-mod", "Japan", 37),
        launch("us", "us-indopacom", "US", 75),
    )
    jcs = report(jcs_event)
    first = build_revision(jcs, rtw(jcs), None, T0 + timedelta(minutes=5))
    assert first is not None
    raised, first_report = pending_since(first)  # type: ignore[misc]
    assert (raised, first_report) == (T0 + timedelta(minutes=5), T0 + timedelta(minutes=4))
    # What the store's pending gap is read by: due a window after it was raised, or once the newest report seen
    # is a window after its first report.
    second = timedelta(seconds=1)
    assert gap_due(first, WINDOW, raised + WINDOW - second, None) is None
    assert gap_due(first, WINDOW, raised + WINDOW, None) is not None
    assert gap_due(first, WINDOW, raised, first_report + WINDOW - second) is None
    assert gap_due(first, WINDOW, raised, first_report + WINDOW) is not None

    both = report(jcs_event, mod_event)
    assert pending_since(build_revision(both, rtw(both), first, T0 + timedelta(minutes=38))) == (raised, first_report)
    every = report(jcs_event, mod_event, us_event)
    assert pending_since(build_revision(every, rtw(every), first, T0 + timedelta(minutes=76))) is None
    gap_alert = open_gap(first, gap_due(first, WINDOW, T0 + timedelta(hours=1), None), T0)  # type: ignore[arg-type]
    assert pending_since(gap_alert) is None
