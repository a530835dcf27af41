"""Alert revisions against the store: idempotent, so a redelivered message never makes a second revision."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from launchwatch.schemas import Alert, AlertMsgType, Match, MatchedEvent, alert_id
from launchwatch.storage import Store
from services.alerts import gaps
from services.alerts.build import acknowledged, build_revision, closed

#: How often to rebuild a revision whose number another writer took first (an ack racing an event).
MAX_ATTEMPTS = 5


def commit_revision(
    store: Store, key: str, cause: str, build: Callable[[Alert | None], Alert | None]
) -> tuple[Alert, bool] | None:
    """The revision `cause` makes of alert `key`, and whether it is new; None when `build` makes none.

    A cause already processed (redelivery after a crash, a replay) gives back the revision it made
    before, unchanged, to be published again: consumers deduplicate on (id, revision).

    `build` is given the previous revision, or None for a new alert; it returns None when it makes no revision.
    """
    # Fast path, one statement: build on the latest revision this process knows (none: a new alert) and
    # store it. The store refuses it when that was stale or this cause made a revision before; the loop
    # below then reads the stored state and decides.
    guess = build(store.known_latest(key))
    if guess is not None and store.save_revision(guess, cause):
        return guess, True
    for _ in range(MAX_ATTEMPTS):
        existing, latest = store.revision_state(key, cause)
        if existing:
            return existing, False
        alert = build(latest)
        if alert is None:
            return None
        if store.save_revision(alert, cause):
            return alert, True
        # Another writer stored this revision number (or this cause) first: look again and rebuild.
    raise RuntimeError(f"alert {key}: could not store the revision for {cause} after {MAX_ATTEMPTS} attempts")


def track_gap(store: Store, alert: Alert) -> None:
    """Keep the pending sharing gap of a covered alert's incident in step with the alert's new revision, in its
    transaction: pending while a party is missing (the gap check decides it once due), none once every party has
    reported or the alert ended. A redelivered revision changes nothing: its first processing wrote the row."""
    if alert.commitment_id != gaps.COMMITMENT_ID or alert.gap is not None:
        return
    since = gaps.pending_since(alert)
    if alert.revision == 1:  # a new alert: its incident has no pending gap yet
        if since is not None:
            store.add_pending_gap(alert.incident_id, alert.drill, alert.id, *since)
    elif since is None:
        store.drop_pending_gaps([(alert.incident_id, alert.drill)])
    else:
        store.set_pending_gap(alert.incident_id, alert.drill, alert.id, *since)


def revise(store: Store, matched: MatchedEvent, match: Match, now: datetime) -> tuple[Alert, bool] | None:
    """The alert revision this match makes, and whether it is new; None for a stale update."""
    key = alert_id(matched.assessment.incident_id, match.commitment_id, matched.drill or matched.assessment.drill)
    made = commit_revision(
        store, key, matched.event.event_id, lambda previous: build_revision(matched, match, previous, now)
    )
    if made is not None and made[1]:
        track_gap(store, made[0])
    return made


def incident_revisions(store: Store, matched: MatchedEvent, now: datetime) -> list[tuple[Alert, bool]]:
    """Every revision an incident update makes: one per commitment its assessment now bears on, and a final
    one (Cancel) for each of its other alerts: the incident was merged into another, every report of it was
    withdrawn, or it no longer bears on that commitment."""
    assessment = matched.assessment
    drill = matched.drill or assessment.drill
    made = [revision for match in matched.matches if (revision := revise(store, matched, match, now))]
    if assessment.generation == 1:
        # The incident's first state: every alert it has came from this same update (a redelivery), none to close.
        return made
    matched_alerts = {alert_id(assessment.incident_id, m.commitment_id, drill) for m in matched.matches}
    for key in store.incident_alert_ids(assessment.incident_id, drill):
        if key in matched_alerts:
            continue
        revision = commit_revision(
            store, key, matched.event.event_id, lambda previous: closed(previous, matched, now) if previous else None
        )
        if revision is not None:
            if revision[1]:
                track_gap(store, revision[0])
            made.append(revision)
    return made


class UnknownAlert(LookupError):
    pass


def acknowledge(store: Store, key: str, by: str, now: datetime, comment: str = "", drill: bool = False) -> Alert:
    """Acknowledge the latest revision of an alert of the namespace `drill` names: stored, and a new revision
    (CAP msgType Ack) to publish. An alert of the other namespace is unknown here."""
    latest = store.latest_alert(key)
    if latest is None or latest.drill != drill:
        raise UnknownAlert(f"no {'drill' if drill else 'live'} alert with id {key!r}")
    if latest.msg_type == AlertMsgType.ACK and latest.acknowledgement and latest.acknowledgement.by == by:
        # Acknowledged by them already, and nothing new since: a retry (its publication may have failed)
        # gets the same revision to publish again, never a second one.
        return latest
    store.save_ack(key, latest.revision, by, now, comment)

    def build(previous: Alert | None) -> Alert | None:
        return acknowledged(previous, by, now, comment) if previous else None

    made = commit_revision(store, key, f"ack:{by}:{latest.revision}", build)
    assert made is not None
    return made[0]
