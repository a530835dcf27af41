"""The sharing-gap check against the store (SQLite and PostgreSQL), publishing through a stand-in for Kafka."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text

from launchwatch.schemas import Alert, Party, gap_alert_id
from launchwatch.storage import Store
from services.alerts import gap_check, gaps
from services.alerts.gap_check import GapCheck, gap_revisions
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


async def test_a_restarted_worker_publishes_again_what_may_not_have_been_published_and_opens_none_twice(
    store: Store,
) -> None:
    covered_launch(store, "jcs-1", "inc-1", NOW)
    first_worker = Publisher()
    first_worker.failures = 1  # the worker stored the gap alert and stopped before publishing it
    await GapCheck(store, WINDOW, drill=False, publish=first_worker).run(NOW + timedelta(minutes=31))
    assert first_worker.published == []
    gap_id = gap_alert_id("inc-1", False)

    # The next one publishes it again on its first check (consumers deduplicate on id and revision), then only
    # what is new.
    covered_launch(store, "jcs-2", "inc-2", NOW + timedelta(hours=5))
    restarted = Publisher()
    check = GapCheck(store, WINDOW, drill=False, publish=restarted)
    await check.run(NOW + timedelta(hours=5, minutes=1))
    assert restarted.published == [(gap_id, 1, False)]
    await check.run(NOW + timedelta(hours=5, minutes=31))
    [_, (second_gap_id, revision, is_new)] = restarted.published
    assert second_gap_id != gap_id and revision == 1 and is_new
    assert store.count_revisions() == 4  # two launch alerts, two gap alerts: none opened twice

    # Both published and acknowledged: a worker started now has nothing to publish again.
    started_later = Publisher()
    await GapCheck(store, WINDOW, drill=False, publish=started_later).run(NOW + timedelta(hours=5, minutes=32))
    assert started_later.published == []
    assert store.count_pending_gaps() == 0


async def test_a_gap_alert_published_but_not_acknowledged_is_published_again_by_the_next_worker(store: Store) -> None:
    covered_launch(store, "jcs-1", "inc-1", NOW)
    publisher = Publisher()

    async def broker_gone() -> None:  # the producer stopped with the gap alert in its buffer
        raise RuntimeError("Cannot flush: Producer not Running")

    await GapCheck(store, WINDOW, drill=False, publish=publisher, flush=broker_gone).run(NOW + timedelta(minutes=31))
    [(gap_id, _, is_new)] = publisher.published
    assert is_new
    restarted = Publisher()
    await GapCheck(store, WINDOW, drill=False, publish=restarted).run(NOW + timedelta(minutes=32))
    assert restarted.published == [(gap_id, 1, False)]


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
    check = GapCheck(store, WINDOW, drill=False, publish=Publisher())
    assert check.due(NOW + timedelta(minutes=31)) == []  # inc-3 is within its window
    assert [gap.incident_id for gap in check.due(NOW + timedelta(minutes=61))] == ["inc-3"]
    assert store.count_pending_gaps() == 1


@contextmanager
def database_work(store: Store) -> Iterator[Callable[[], int]]:
    """The work the database does for what runs inside, in one transaction: on PostgreSQL the rows its scans read
    (pg_stat_xact_user_tables), on SQLite its virtual machine's instructions (a progress handler at each one)."""
    with store.transaction() as session:
        if store.engine.dialect.name == "postgresql":
            rows_read = text(
                "SELECT COALESCE(SUM(COALESCE(seq_tup_read, 0) + COALESCE(idx_tup_fetch, 0)), 0)"
                " FROM pg_stat_xact_user_tables"
            )
            before = session.execute(rows_read).scalar_one()
            yield lambda: int(session.execute(rows_read).scalar_one() - before)
            return
        steps = [0]

        def step() -> int:
            steps[0] += 1
            return 0

        dbapi_connection = session.connection.dbapi_connection
        dbapi_connection.set_progress_handler(step, 1)
        try:
            yield lambda: steps[0]
        finally:
            dbapi_connection.set_progress_handler(None, 1)


async def test_a_check_reads_what_is_pending_not_every_alert_of_its_lookback(store: Store) -> None:
    """The work of a check with one gap pending is the same after 10 launches as after 100 (their gap alerts open,
    all within the lookback): a check that read every alert of its lookback would do ten times as much."""

    async def work_of_a_check(first: int, launches: int, at: datetime) -> int:
        for i in range(first, first + launches):
            covered_launch(store, f"jcs-{i}", f"inc-{i}", at)
        await GapCheck(store, WINDOW, drill=False, publish=Publisher()).run(at + timedelta(minutes=31))
        covered_launch(store, f"jcs-{first}-new", f"inc-{first}-new", at + timedelta(minutes=31))  # not due yet
        check = GapCheck(store, WINDOW, drill=False, publish=Publisher())
        check.checked_once = True  # a worker's later check (its first also looks for gap alerts to publish again)
        with database_work(store) as work:
            await check.run(at + timedelta(minutes=32))
            return work()

    after_ten = await work_of_a_check(0, 10, NOW)
    after_hundred = await work_of_a_check(10, 100, NOW + timedelta(hours=1))
    assert store.count_pending_gaps() == 1  # the last launch, not due yet: nothing else
    assert after_hundred <= after_ten * 1.2, (after_ten, after_hundred)


async def test_a_launch_every_party_reports_in_time_leaves_nothing_to_decide(store: Store) -> None:
    covered = covered_launch(store, "jcs-1", "inc-1", NOW)
    assert store.count_pending_gaps() == 1
    events = [covered.event]
    for minutes, (report_id, source, party) in enumerate(
        [("mod-1", "japan-mod", "Japan"), ("us-1", "us-indopacom", "US")], start=5
    ):
        later = NOW + timedelta(minutes=minutes)
        events.append(launch_event(report_id, source, party, incident_id="inc-1"))
        update = incident_update(events, matched_at=later)
        revise(store, update, next(m for m in update.matches if m.commitment_id == gaps.COMMITMENT_ID), later)
    assert store.count_pending_gaps() == 0
    publisher = Publisher()
    await GapCheck(store, WINDOW, drill=False, publish=publisher).run(NOW + timedelta(hours=1))
    assert publisher.published == []


async def test_pending_gaps_from_before_the_table_are_decided_at_the_first_check(store: Store) -> None:
    """A row whose times are not known (written by the migration) is read at once, and a gap not due yet is
    given its own times: it opens when due, not before."""
    covered = covered_launch(store, "jcs-1", "inc-1", NOW)
    [row] = store.due_gaps(False, NOW + timedelta(minutes=31), None)
    store.set_pending_gap("inc-1", False, row.alert_id, row.raised_at, datetime(1970, 1, 1, tzinfo=UTC))
    publisher = Publisher()
    check = GapCheck(store, WINDOW, drill=False, publish=publisher)
    check.observe(covered.event.reported_at)
    await check.run(NOW + timedelta(minutes=10))
    assert publisher.published == []
    [row] = store.due_gaps(False, NOW + timedelta(minutes=31), None)
    assert row.first_reported_at == covered.event.reported_at  # its own times again
    await check.run(NOW + timedelta(minutes=31))
    assert [alert_id for alert_id, _, _ in publisher.published] == [gap_alert_id("inc-1", False)]


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
