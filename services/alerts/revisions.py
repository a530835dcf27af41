"""Alert revisions against the store: idempotent, so a redelivered match never makes a second revision."""

from __future__ import annotations

from datetime import datetime

from launchwatch.schemas import Alert, Match, MatchedEvent, alert_id
from launchwatch.storage import Store
from services.alerts.build import build_revision


def revise(store: Store, matched: MatchedEvent, match: Match, now: datetime) -> tuple[Alert, bool]:
    """The alert revision this match makes, and whether it is new.

    A match already processed (redelivery after a crash, a replay) gives back the revision it made
    before, unchanged, to be published again: consumers deduplicate on (id, revision).
    """
    event = matched.event
    key = alert_id(event.incident_id, match.commitment_id, matched.drill or event.drill)
    if existing := store.revision_for_event(key, event.event_id):
        return existing, False
    alert = build_revision(matched, match, store.latest_alert(key), now)
    if store.save_revision(alert):
        return alert, True
    # Another worker stored this revision first (possible only around a rebalance): use theirs.
    existing = store.revision_for_event(key, event.event_id)
    if existing is None:
        raise RuntimeError(f"revision {alert.revision_id} conflicts with a stored revision of another event")
    return existing, False
