"""Drill and live are separate worlds in the store: retractions, acks, silences, incident lookups and gap
checks of one namespace never see the other's alerts, both ways (SQLite and PostgreSQL)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest

from launchwatch.schemas import Alert, Event, Silence, event_id
from launchwatch.storage import Store
from services.alerts.gap_check import GapCheck
from services.alerts.revisions import UnknownAlert, acknowledge
from tests.factories import alerted, launch_event

NOW = datetime(2024, 10, 31, tzinfo=UTC)
JCS_1 = event_id("rok-jcs", "jcs-1")
DIRECTIONS = pytest.mark.parametrize(("ours", "theirs"), [(False, True), (True, False)], ids=["live", "drill"])


@pytest.fixture
def store(database_url: str) -> Iterator[Store]:
    store = Store(database_url)
    yield store
    store.close()


def alerts_of_a_launch(store: Store, drill: bool) -> list[Alert]:
    """The alerts one ROK JCS report makes in namespace `drill` (the same ids of history in both)."""
    # Ids as ingest derives them, which a retraction names.
    return [alert for alert, _ in alerted(store, launch_event("jcs-1", event_id=JCS_1, drill=drill), NOW)]


def retraction(drill: bool) -> Event:
    return launch_event("jcs-2", event_id=event_id("rok-jcs", "jcs-2"), retracts=JCS_1, drill=drill)


@DIRECTIONS
def test_a_retraction_withdraws_only_its_own_namespace_s_alerts(store: Store, ours: bool, theirs: bool) -> None:
    made = alerts_of_a_launch(store, ours)
    later = NOW + timedelta(minutes=5)
    assert [a for a, _ in alerted(store, retraction(theirs), later) if a.drill == ours] == []
    assert [store.latest_alert(a.id) for a in made] == made, "the other namespace's retraction revised an alert"
    withdrawn = alerted(store, retraction(ours), later)
    assert {a.id for a, _ in withdrawn} == {a.id for a in made}
    assert all(a.drill == ours and a.msg_type == "Cancel" for a, _ in withdrawn)


@DIRECTIONS
def test_an_alert_is_acknowledged_only_from_its_own_namespace(store: Store, ours: bool, theirs: bool) -> None:
    alert = alerts_of_a_launch(store, ours)[0]
    with pytest.raises(UnknownAlert):
        acknowledge(store, alert.id, "duty officer", NOW + timedelta(minutes=1), drill=theirs)
    assert store.acks_of(alert.id) == [] and store.latest_alert(alert.id) == alert
    acked = acknowledge(store, alert.id, "duty officer", NOW + timedelta(minutes=1), drill=ours)
    assert acked.revision == 2 and acked.drill == ours


@DIRECTIONS
def test_a_silence_mutes_only_its_own_namespace(store: Store, ours: bool, theirs: bool) -> None:
    alert = alerts_of_a_launch(store, ours)[0]
    silence = Silence(
        id="s-1",
        commitment_id=alert.commitment_id,
        starts_at=NOW,
        ends_at=NOW + timedelta(hours=1),
        created_by="exercise control",
        comment="quiet, please",
        drill=theirs,
    )
    store.save_silence(silence)
    assert store.active_silences(NOW + timedelta(minutes=1), ours) == []
    assert store.active_silences(NOW + timedelta(minutes=1), theirs) == [silence]
    assert not silence.mutes(alert)
    assert silence.model_copy(update={"drill": ours}).mutes(alert)


@DIRECTIONS
def test_incident_lookups_see_only_their_namespace(store: Store, ours: bool, theirs: bool) -> None:
    [incident] = {a.incident_id for a in alerts_of_a_launch(store, ours)}
    window = (NOW - timedelta(days=1), NOW + timedelta(days=1))
    assert [e.event_id for e, _, _ in store.family_events(["ballistic_missile_launch"], ours, *window)] == [JCS_1]
    assert store.family_events(["ballistic_missile_launch"], theirs, *window) == []
    assert list(store.incident_states([incident], ours)) == [incident]
    assert store.incident_states([incident], theirs) == {}
    assert store.stored_event(JCS_1, theirs) is None and store.stored_event(JCS_1, ours) is not None


@DIRECTIONS
async def test_a_gap_check_opens_gap_alerts_only_for_its_own_namespace(store: Store, ours: bool, theirs: bool) -> None:
    alerts_of_a_launch(store, ours)  # only the ROK has reported: a sharing gap once the window has passed
    published: dict[bool, list[Alert]] = {ours: [], theirs: []}
    for drill in (theirs, ours):

        async def publish(alert: Alert, is_new: bool, drill: bool = drill) -> None:
            published[drill].append(alert)

        await GapCheck(store, timedelta(minutes=30), drill, publish).run(NOW + timedelta(hours=2))
    assert published[theirs] == []
    assert published[ours] and all(a.gap is not None and a.drill == ours for a in published[ours])
