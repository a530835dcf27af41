"""The sharing-gap check against the store (SQLite and PostgreSQL), publishing through a stand-in for Kafka."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest

from launchwatch.schemas import Alert, Party, gap_alert_id
from launchwatch.storage import Store
from services.alerts import gap_check, gaps
from services.alerts.gap_check import GAP_OPEN_CAUSE, GapCheck, gap_revisions
from services.alerts.revisions import revise
from tests.factories import incident_update, launch_event, matched_launch

NOW = datetime(2024, 10, 31, tzinfo=UTC)
WINDOW = timedelta(minutes=30)


class Publisher:
    """Records what the check publishes; fails the next `failures` calls, as an unreachable broker does."""

    def __init__(self) -> None:
        self.published: list[tuple[str, int, bool]] = []
        self.failures = 0

    async def __call__(self, alert: Alert, is_new: bool) -> None:
        if self.failures:
            self.failures -= 1
            raise ConnectionError("broker unreachable")
        self.published.append((alert.id, alert.revision, is_new))


@pytest.fixture
def store(database_url: str) -> Iterator[Store]:
    store = Store(database_url)
    yield store
    store.close()


def covered_launch(store: Store, report_id: str, incident_id: str, at: datetime, drill: bool = False) -> Alert:
    """A launch reported by the ROK alone: its `rtw-sharing` alert misses Japan and the US."""
    matched = matched_launch(report_id, incident_id=incident_id, matched_at=at, drill=drill)
    rtw = next(m for m in matched.matches if m.commitment_id == gaps.COMMITMENT_ID)
    alert, _ = revise(store, matched, rtw, at)
    assert gaps.covered(alert)
    return alert


async def test_a_gap_alert_that_could_not_be_published_is_sent_at_the_next_check_once(store: Store) -> None:
    covered = covered_launch(store, "jcs-1", "inc-1", NOW)
    publisher = Publisher()
    check = GapCheck(store, WINDOW, drill=False, publish=publisher)

    await check.run(NOW + timedelta(minutes=10))  # within the window: nothing is due
    assert publisher.published == [] and check.unpublished == []

    publisher.failures = 1
    await check.run(NOW + timedelta(minutes=31))
    assert publisher.published == []  # stored, not published: kept for the next check
    [(gap_alert, _)] = check.unpublished
    assert gap_alert.incident_id == covered.incident_id and gap_alert.gap is not None
    assert set(gap_alert.gap.missing) == {Party.JAPAN, Party.US}

    await check.run(NOW + timedelta(minutes=32))
    await check.run(NOW + timedelta(minutes=33))
    # Once, and not counted as new a second time (it was counted when first tried).
    assert publisher.published == [(gap_alert.id, 1, False)]
    assert store.latest_alert(gap_alert.id) == gap_alert


async def test_a_restarted_worker_publishes_recent_gap_alerts_again_and_opens_none_twice(store: Store) -> None:
    covered_launch(store, "jcs-1", "inc-1", NOW)
    first_worker = Publisher()
    await GapCheck(store, WINDOW, drill=False, publish=first_worker).run(NOW + timedelta(minutes=31))
    [(gap_id, revision, is_new)] = first_worker.published
    assert revision == 1 and is_new

    # The worker stopped after storing the gap alert; maybe before publishing it. The next one publishes it
    # again on its first check (consumers deduplicate on id and revision), then only what is new.
    covered_launch(store, "jcs-2", "inc-2", NOW + timedelta(hours=5))
    restarted = Publisher()
    check = GapCheck(store, WINDOW, drill=False, publish=restarted)
    await check.run(NOW + timedelta(hours=5, minutes=1))
    assert restarted.published == [(gap_id, 1, False)]
    await check.run(NOW + timedelta(hours=5, minutes=31))
    [_, (second_gap_id, revision, is_new)] = restarted.published
    assert second_gap_id != gap_id and revision == 1 and is_new
    assert store.count_revisions() == 4  # two launch alerts, two gap alerts: none opened twice


async def test_a_first_revision_never_published_is_published_by_the_restarted_worker_though_revised_since(
    store: Store,
) -> None:
    covered = covered_launch(store, "jcs-1", "inc-1", NOW)
    dead_worker = Publisher()
    dead_worker.failures = 1  # stored, then the worker died before publishing it
    await GapCheck(store, WINDOW, drill=False, publish=dead_worker).run(NOW + timedelta(minutes=31))
    assert dead_worker.published == []
    # Before the restarted worker's first check, Japan reports: the gap alert gets revision 2.
    later = NOW + timedelta(minutes=40)
    japan = incident_update(
        [covered.event, launch_event("mod-1", "japan-mod", "Japan", incident_id="inc-1")], matched_at=later
    )
    update = revise(store, japan, next(m for m in japan.matches if m.commitment_id == gaps.COMMITMENT_ID), later)
    [(gap_update, _)] = gap_revisions(store, [update], later)
    restarted = Publisher()
    await GapCheck(store, WINDOW, drill=False, publish=restarted).run(later + timedelta(minutes=1))
    assert [(alert_id, revision) for alert_id, revision, _ in restarted.published] == [
        (gap_update.id, 1),
        (gap_update.id, 2),
    ]


async def test_the_check_reads_only_incidents_without_a_gap_alert(store: Store) -> None:
    covered_launch(store, "jcs-1", "inc-1", NOW)
    covered_launch(store, "jcs-2", "inc-2", NOW)
    await GapCheck(store, WINDOW, drill=False, publish=Publisher()).run(NOW + timedelta(minutes=31))
    covered_launch(store, "jcs-3", "inc-3", NOW + timedelta(minutes=31))
    pending = store.alerts(commitment_id=gaps.COMMITMENT_ID, limit=None, not_in_incidents_with_cause=GAP_OPEN_CAUSE)
    assert [a.incident_id for a in pending] == ["inc-3"]


async def test_a_party_reporting_later_revises_the_open_gap_alert(store: Store) -> None:
    covered = covered_launch(store, "jcs-1", "inc-1", NOW)
    publisher = Publisher()
    await GapCheck(store, WINDOW, drill=False, publish=publisher).run(NOW + timedelta(minutes=31))
    [(gap_id, revision, is_new)] = publisher.published
    assert revision == 1 and is_new

    later = NOW + timedelta(minutes=40)
    japan = incident_update(
        [covered.event, launch_event("mod-1", "japan-mod", "Japan", incident_id="inc-1")], matched_at=later
    )
    rtw = next(m for m in japan.matches if m.commitment_id == gaps.COMMITMENT_ID)
    update = revise(store, japan, rtw, later)
    assert update[0].id == covered.id and update[0].revision == 2
    [(gap_update, is_new)] = gap_revisions(store, [update], later)
    assert is_new and gap_update.id == gap_id and gap_update.revision == 2
    assert gap_update.gap is not None and gap_update.gap.missing == (Party.US,)
    assert gap_revisions(store, [update], later) == [(gap_update, False)]  # redelivered: the same revision


async def test_a_drill_of_an_incident_with_a_live_gap_alert_gets_its_own(store: Store) -> None:
    """A drill replays history: its incidents have the ids the live run gave them, its alerts ids of their own."""
    live = covered_launch(store, "jcs-1", "inc-1", NOW)
    live_publisher = Publisher()
    await GapCheck(store, WINDOW, drill=False, publish=live_publisher).run(NOW + timedelta(minutes=31))
    drill = covered_launch(store, "jcs-1", "inc-1", NOW + timedelta(hours=1), drill=True)
    assert drill.incident_id == live.incident_id and drill.id != live.id
    drill_publisher = Publisher()
    await GapCheck(store, WINDOW, drill=True, publish=drill_publisher).run(NOW + timedelta(hours=1, minutes=31))
    [(drill_gap_id, revision, is_new)] = drill_publisher.published
    assert revision == 1 and is_new and drill_gap_id != live_publisher.published[0][0]
    assert store.latest_alert(drill_gap_id).drill


async def test_a_check_with_many_due_opens_them_a_chunk_a_transaction_and_lets_other_tasks_run(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(gap_check, "GAP_CHUNK", 2)
    for i in range(5):
        covered_launch(store, f"jcs-{i}", f"inc-{i}", NOW)
    publisher = Publisher()
    check = GapCheck(store, WINDOW, drill=False, publish=publisher)
    ticks: list[int] = []

    async def other_work() -> None:  # a consume loop, say: it runs between chunks
        while True:
            ticks.append(len(publisher.published))
            await asyncio.sleep(0)

    other = asyncio.create_task(other_work())
    await asyncio.sleep(0)
    await check.run(NOW + timedelta(minutes=31))
    other.cancel()
    assert sorted(alert_id for alert_id, _, _ in publisher.published) == sorted(
        gap_alert_id(f"inc-{i}", False) for i in range(5)
    )
    # It ran while the check was under way: after the first chunk was published and before the last.
    assert any(0 < published < 5 for published in ticks)
