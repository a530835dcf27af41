"""The store on SQLite and on PostgreSQL (the test session's own server): writes are idempotent."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from launchwatch.kafka import free_port
from launchwatch.schemas import (
    Alert,
    AlertMsgType,
    Event,
    MatchedEvent,
    Precedence,
    Silence,
    alert_id,
    event_id,
    gap_alert_id,
    utcnow,
)
from launchwatch.storage import Receipt, Store, StoreUnavailable, make_engine, metadata
from launchwatch.storage.migrate import alembic_config, current_revision, head_revision, upgrade
from services.alerts import gaps
from services.alerts.cap import export_cap
from services.alerts.gap_check import GAP_OPEN_CAUSE, GapCheck
from services.alerts.revisions import UnknownAlert, acknowledge, incident_revisions, revise
from services.ingest.regroup import reassess
from tests.factories import incident_update, ingested, launch_event, matched_launch

NOW = datetime(2024, 10, 31, tzinfo=UTC)


@pytest.fixture
def store(database_url: str) -> Iterator[Store]:
    store = Store(database_url)
    yield store
    store.close()


def matched(report_id: str, generation: int = 1) -> MatchedEvent:
    return matched_launch(report_id, matched_at=NOW, generation=generation)


def test_same_match_processed_twice_leaves_one_revision(store: Store) -> None:
    first = matched("jcs-1")
    unsc = next(m for m in first.matches if m.commitment_id == "unsc-ballistic")
    alert, is_new = revise(store, first, unsc, NOW)
    again, is_new_again = revise(store, first, unsc, NOW)
    assert is_new and not is_new_again
    assert again == alert
    second = incident_update([first.event, launch_event("kcna-1", "kcna", "DPRK")], matched_at=NOW)
    update, _ = revise(store, second, unsc, NOW)
    assert update.revision == 2 and store.latest_alert(alert.id) == update
    assert store.count_revisions() == 2


def test_a_stored_revision_is_not_overwritten(store: Store) -> None:
    first = matched("jcs-1")
    alert, _ = revise(store, first, first.matches[0], NOW)
    assert store.save_revision(alert, "another-cause") is False
    assert store.count_revisions() == 1


def test_migrations_build_exactly_the_tables_the_code_uses(store: Store) -> None:
    with store.engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), metadata)
    assert differences == []
    assert current_revision(store.engine) == head_revision(store.engine)
    upgrade(store.engine)  # a second upgrade (another worker starting) changes nothing
    assert current_revision(store.engine) == head_revision(store.engine)


def test_a_report_is_new_then_a_redelivery_or_a_duplicate(store: Store) -> None:
    raw = b'{"id": "jcs-1", "kind": "text", "source": "rok-jcs"}'
    published = datetime.fromisoformat("2024-10-31T07:20:00+09:00")
    assert store.record_report("jcs-1", "rok-jcs", published, raw, False, NOW, "t/0/5") == Receipt.NEW
    assert store.record_report("jcs-1", "rok-jcs", published, raw, False, NOW, "t/0/5") == Receipt.REDELIVERY
    assert store.record_report("jcs-1", "rok-jcs", published, raw, False, NOW, "t/1/9") == Receipt.DUPLICATE
    # The same content under another id is the same report sent again.
    assert store.record_report("jcs-1b", "rok-jcs", published, raw, False, NOW, "t/2/1") == Receipt.DUPLICATE
    # A drill copy of a live report is its own row.
    assert store.record_report("jcs-1", "rok-jcs", published, raw, True, NOW, "d/0/0") == Receipt.NEW
    assert store.reports_between() == [raw]


def test_incidents_group_reports_of_one_launch(store: Store) -> None:
    jcs = matched("jcs-1").event
    [first] = ingested(store, jcs, NOW)
    japan = launch_event(
        "mod-1", "japan-mod", "Japan", occurred_at="2024-10-31T07:12:00+09:00", reported_at="2024-10-31T07:30:00+09:00"
    )
    kcna = launch_event("kcna-1", "kcna", "DPRK", occurred_at=None, reported_at="2024-11-01T06:00:00+09:00")
    later = launch_event("jcs-2", occurred_at="2024-10-31T12:10:00+09:00")
    incident = first.assessment.incident_id
    assert [u.assessment.incident_id for u in ingested(store, japan, NOW)] == [incident]
    [with_kcna] = ingested(store, kcna, NOW)
    assert with_kcna.assessment.incident_id == incident and with_kcna.assessment.generation == 3
    assert [s.report_id for s in with_kcna.assessment.sources] == ["jcs-1", "mod-1", "kcna-1"]
    assert [u.assessment.incident_id for u in ingested(store, later, NOW)] != [incident]
    # A drill of the same report is an incident of the drill namespace, never the live one.
    [drill] = ingested(store, jcs.model_copy(update={"drill": True}), NOW)
    assert drill.assessment.drill and [s.report_id for s in drill.assessment.sources] == ["jcs-1"]


def test_a_report_that_ties_two_incidents_merges_them(store: Store) -> None:
    """Two reports 100 min apart are two launches; one timed between them ties them: one survives, the other's
    alerts end with a Cancel naming it, and its sources are carried over."""
    early = launch_event("jcs-1", occurred_at="2024-10-31T07:00:00+09:00", reported_at="2024-10-31T07:20:00+09:00")
    late = launch_event(
        "mod-1", "japan-mod", "Japan", occurred_at="2024-10-31T08:40:00+09:00", reported_at="2024-10-31T09:00:00+09:00"
    )
    bridge = launch_event(
        "us-1", "us-indopacom", "US", occurred_at="2024-10-31T07:50:00+09:00", reported_at="2024-10-31T10:00:00+09:00"
    )
    made = {}
    for event in (early, late):
        [update] = ingested(store, event, NOW)
        made[event.report_id] = incident_revisions(store, update, NOW)
    early_incident = made["jcs-1"][0][0].incident_id
    late_incident = made["mod-1"][0][0].incident_id
    assert early_incident != late_incident
    updates = ingested(store, bridge, NOW)
    assert len(updates) == 2
    survivor, merged = updates
    assert survivor.assessment.incident_id == early_incident  # the smaller id survives a tie of votes
    assert merged.assessment.merged_into == early_incident and merged.assessment.closed and merged.matches == ()
    assert [s.report_id for s in survivor.assessment.sources] == ["jcs-1", "mod-1", "us-1"]
    revisions = [a for update in updates for a, _ in incident_revisions(store, update, NOW)]
    cancels = [a for a in revisions if a.msg_type == AlertMsgType.CANCEL]
    assert {a.id for a in cancels} == {a.id for a, _ in made["mod-1"]}
    assert all(f"merged into incident {early_incident}" in a.headline for a in cancels)
    assert all(a.references and a.references[-1] == f"{a.id}#1" for a in cancels)
    kept = [a for a in revisions if a.incident_id == early_incident]
    assert kept and all(len(a.sources) == 3 and a.msg_type == AlertMsgType.UPDATE for a in kept)
    # The merged alert's CAP chain: a Cancel that references the revision it ends and names the survivor.
    [cancel] = [a for a in cancels if a.commitment_id == "unsc-ballistic"]
    [(_, first_xml), (_, cancel_xml)] = export_cap([store.revisions(alert_ids=[cancel.id])[0], cancel])
    assert "<msgType>Cancel</msgType>" in cancel_xml and f"{cancel.id}#1" in cancel_xml
    assert f"merged into incident {early_incident}" in cancel_xml and "<msgType>Alert</msgType>" in first_xml
    # Redelivered: the same revisions, none new.
    again = [made for update in updates for made in incident_revisions(store, update, NOW)]
    assert all(not is_new for _, is_new in again)
    # Delivered again after its first sends failed: ingest republishes both updates, the merge's included.
    stored_bridge = store.stored_event(bridge.event_id, False)
    assert stored_bridge is not None
    republished = reassess(store, stored_bridge).assessments
    assert [(a.incident_id, a.merged_into) for a in republished] == [
        (early_incident, None),
        (late_incident, early_incident),
    ]
    assert [a.generation for a in republished] == [u.assessment.generation for u in updates]


def test_alert_history_incidents_acks_and_silences(store: Store) -> None:
    first = matched("jcs-1")
    store.save_event(first.event)
    store.record_report("jcs-1", "rok-jcs", first.event.reported_at, b"{}", False, NOW, None)
    store.save_matches(first)
    store.save_matches(first)  # idempotent
    made = [revise(store, first, m, NOW)[0] for m in first.matches]
    unsc = next(a for a in made if a.commitment_id == "unsc-ballistic")
    assert {a.id for a in store.alerts()} == {a.id for a in made}
    assert [a.id for a in store.alerts(commitment_id="unsc-ballistic")] == [unsc.id]
    assert store.alerts(since=NOW + timedelta(seconds=1)) == []
    incident = store.incident("inc-1")
    assert incident is not None
    assert [e["event_id"] for e in incident["events"]] == ["evt-jcs-1"]
    assert [r["report_id"] for r in incident["reports"]] == ["jcs-1"]
    assert {a["id"] for a in incident["alerts"]} == {a.id for a in made}
    assert store.incident("inc-unknown") is None

    acked = acknowledge(store, unsc.id, "duty officer", NOW + timedelta(minutes=1), "seen")
    assert acked.revision == 2 and acked.msg_type == AlertMsgType.ACK
    assert acked.acknowledgement is not None and acked.acknowledgement.revision == 1
    assert store.acks_of(unsc.id)[0][:2] == (1, "duty officer")
    both = incident_update([first.event, launch_event("kcna-1", "kcna", "DPRK")], matched_at=NOW)
    update, _ = revise(store, both, unsc_match(both), NOW + timedelta(minutes=2))
    assert update.revision == 3 and update.updated_since_ack and update.acknowledgement == acked.acknowledgement
    with pytest.raises(UnknownAlert):
        acknowledge(store, "alert-none", "x", NOW)

    silence = Silence(
        id="s1",
        commitment_id="unsc-ballistic",
        starts_at=NOW,
        ends_at=NOW + timedelta(hours=1),
        created_by="duty officer",
        comment="known test series",
    )
    assert store.save_silence(silence)
    assert store.active_silences(NOW + timedelta(minutes=5), False) == [silence]
    assert store.active_silences(NOW + timedelta(hours=2), False) == []  # expired by itself
    assert silence.mutes(unsc) and not any(silence.mutes(a) for a in made if a.commitment_id != "unsc-ballistic")


def unsc_match(event: MatchedEvent):  # type: ignore[no-untyped-def]
    return next(m for m in event.matches if m.commitment_id == "unsc-ballistic")


def test_replays_select_archived_reports_by_type_and_commitment(store: Store) -> None:
    first = matched("jcs-1")
    store.record_report("jcs-1", "rok-jcs", first.event.reported_at, b"launch", False, NOW, None)
    store.save_event(first.event)
    store.save_matches(first)
    store.record_report("usgs-1", "usgs", NOW, b"test", False, NOW, None)
    assert store.reports_between(event_types=["ballistic_missile_launch"]) == [b"launch"]
    assert store.reports_between(commitments=["unsc-ballistic"]) == [b"launch"]
    assert store.reports_between(commitments=["denuclearization"]) == []
    assert store.reports_between(sources=["usgs"]) == [b"test"]
    assert store.reports_between(start=NOW) == [b"test"]


def test_workers_starting_together_upgrade_the_schema_once(database_url: str) -> None:
    def start_worker_store(_: int) -> str | None:
        store = Store(database_url)
        try:
            return current_revision(store.engine)
        finally:
            store.close()

    with ThreadPoolExecutor(max_workers=6) as pool:
        revisions = list(pool.map(start_worker_store, range(6)))
    engine = make_engine(database_url)
    assert revisions == [head_revision(engine)] * 6
    engine.dispose()


def test_a_withdrawn_report_downgrades_then_cancels_what_it_caused(store: Store) -> None:
    def report(report_id: str, source: str, party: str, missile_class: str, retracts: str | None = None) -> Event:
        return launch_event(
            report_id,
            source,
            party,
            missile_class,
            event_id=event_id(source, report_id),
            retracts=event_id(source, retracts) if retracts else None,
        )

    def alerts_of(event: Event, minutes: int) -> list[tuple[Alert, bool]]:
        return [
            made
            for u in ingested(store, event, NOW)
            for made in incident_revisions(store, u, NOW + timedelta(minutes=minutes))
        ]

    first = alerts_of(report("jcs-1", "rok-jcs", "ROK", "ICBM"), 0)
    second = alerts_of(report("mod-1", "japan-mod", "Japan", "SRBM"), 1)
    unsc = next(a for a, _ in second if a.commitment_id == "unsc-ballistic")
    assert unsc.precedence == Precedence.FLASH and unsc.id in {a.id for a, _ in first}

    correction = report("jcs-2", "rok-jcs", "ROK", "SRBM", retracts="jcs-1")
    revised = alerts_of(correction, 5)
    downgraded = next(a for a, _ in revised if a.id == unsc.id)
    assert downgraded.msg_type == AlertMsgType.UPDATE and downgraded.revision == 3
    assert downgraded.precedence == Precedence.IMMEDIATE  # only Japan's SRBM report is left
    assert [s.report_id for s in downgraded.sources] == ["mod-1"]
    assert "rok-jcs withdrew jcs-1" in downgraded.headline
    # Redelivered: the same revision again, not a new one.
    assert [(a, new) for a, new in alerts_of(correction, 6) if a.id == unsc.id] == [(downgraded, False)]

    cancelled = next(
        a for a, _ in alerts_of(report("mod-2", "japan-mod", "Japan", "SRBM", retracts="mod-1"), 7) if a.id == unsc.id
    )
    assert cancelled.msg_type == AlertMsgType.CANCEL and cancelled.sources == ()
    assert cancelled.headline.startswith("CANCELLED")


def test_alembic_upgrade_head_builds_the_schema_from_empty(database_url: str) -> None:
    repo = Path(__file__).resolve().parents[2]
    alembic = Path(sys.executable).with_name("alembic")
    env = {**os.environ, "LAUNCHWATCH_DATABASE_URL": database_url}
    result = subprocess.run(
        [str(alembic), "-c", "launchwatch/storage/alembic.ini", "upgrade", "head"],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    engine = make_engine(database_url)
    with engine.connect() as connection:
        assert compare_metadata(MigrationContext.configure(connection), metadata) == []
    assert current_revision(engine) == head_revision(engine)
    engine.dispose()


def test_a_batch_transaction_keeps_going_past_a_duplicate_and_rolls_back_as_one(store: Store) -> None:
    first, second = matched("jcs-1"), matched("jcs-2", generation=2)
    unsc = next(m for m in first.matches if m.commitment_id == "unsc-ballistic")
    revise(store, first, unsc, NOW)
    with store.transaction():
        # A redelivered message inside a batch: its insert conflicts, which must not abort the transaction
        # (PostgreSQL aborts a transaction on a failed statement).
        assert revise(store, first, unsc, NOW)[1] is False
        assert revise(store, second, unsc, NOW)[0].revision == 2
    assert store.latest_alert(unsc_alert_id(first)).revision == 2

    third = matched("jcs-3", generation=3)
    with pytest.raises(RuntimeError), store.transaction():
        revise(store, third, unsc, NOW)
        raise RuntimeError("the batch fails after its writes")
    assert store.latest_alert(unsc_alert_id(first)).revision == 2  # nothing of the failed batch is kept
    # Nor does the revision it made live on in the process: the next one builds on revision 2, not on it.
    assert revise(store, third, unsc, NOW)[0].revision == 3


def test_a_revision_built_on_another_process_s_stale_state_is_refused_and_rebuilt(database_url: str) -> None:
    """Two workers (two stores) revise one alert in turn: each builds on what it saw last, which goes stale."""
    first = matched("jcs-1")
    jma = launch_event("jma-1", "japan-mod", "Japan", reported_at="2024-10-31T07:30:00+09:00")
    us = launch_event("us-1", "us-indopacom", "US", reported_at="2024-10-31T07:40:00+09:00")
    second = incident_update([first.event, jma], matched_at=NOW)
    third = incident_update([first.event, jma, us], matched_at=NOW)
    unsc = next(m for m in first.matches if m.commitment_id == "unsc-ballistic")
    one, other = Store(database_url), Store(database_url, migrate=False)
    try:
        assert revise(one, first, unsc, NOW)[0].revision == 1
        assert revise(other, second, unsc, NOW)[0].revision == 2  # `other` had never seen the alert
        latest, is_new = revise(one, third, unsc, NOW)  # `one` last saw revision 1
        assert is_new and latest.revision == 3
        assert [s.report_id for s in latest.sources] == ["jcs-1", "jma-1", "us-1"]
        assert one.count_revisions() == 3
        # A redelivered message: the revision its cause made before comes back, whatever this process knows.
        again, again_is_new = revise(one, second, unsc, NOW)
        assert not again_is_new and again.revision == 2 and again.sources[-1].report_id == "jma-1"
    finally:
        one.close()
        other.close()


def unsc_alert_id(matched_event: MatchedEvent) -> str:
    return alert_id(matched_event.event.incident_id, "unsc-ballistic", False)


def test_an_unreachable_database_is_reported_as_the_store_unavailable() -> None:
    # Nothing listens on this port: what a PostgreSQL outage looks like to a worker.
    store = Store(f"postgresql+psycopg://postgres@127.0.0.1:{free_port()}/test?connect_timeout=2", migrate=False)
    with pytest.raises(StoreUnavailable, match=r"127\.0\.0\.1"):
        store.latest_alert("alert-1")
    with pytest.raises(StoreUnavailable), store.transaction():
        pass


def test_sqlite_processes_wait_for_each_other_instead_of_failing(tmp_path: Path) -> None:
    """A transaction that reads, then writes, while another connection writes: both go in, one after the other."""
    url = f"sqlite:///{tmp_path / 'shared.db'}"
    first, second = Store(url), Store(url)
    second_done = threading.Event()

    def second_writes() -> None:
        second.save_incident("inc-second", False, "launch", None, NOW, None, ())
        second_done.set()

    with ThreadPoolExecutor(max_workers=1) as pool, first.transaction():
        assert first.incident_states(["inc-first", "inc-second"], False) == {}  # a read first
        writer = pool.submit(second_writes)
        # Without the write lock taken up front the other write goes in at once, and this transaction's own
        # write then fails (its snapshot is stale); with it, the other write waits for this one to commit.
        assert not second_done.wait(timeout=1.0)
        assert first.save_incident("inc-first", False, "launch", None, NOW, None, ()) == 1
    writer.result(timeout=30)
    assert sorted(first.incident_states(["inc-first", "inc-second"], False)) == ["inc-first", "inc-second"]


def test_events_and_matches_written_at_the_end_of_a_batch_are_read_back_within_it(store: Store) -> None:
    first, second = matched("jcs-1"), matched("jcs-2")
    store.record_report("jcs-1", "rok-jcs", first.event.reported_at, b"launch", False, NOW, None)
    with store.transaction():
        store.save_event(first.event)
        store.save_matches(first)
        # Read in the same transaction (a replayed report, a retraction): the rows are there.
        assert store.stored_event(first.event.event_id, False) == first.event
        assert store.reports_between(commitments=["unsc-ballistic"]) == [b"launch"]
        store.save_event(second.event)
        store.save_event(second.event)  # twice in one batch (a redelivery): one row
    assert store.stored_event(second.event.event_id, False) == second.event
    assert [e["event_id"] for e in store.incident("inc-1")["events"]] == ["evt-jcs-1", "evt-jcs-2"]


def test_a_failed_batch_leaves_none_of_its_events_behind(store: Store) -> None:
    first, second = matched("jcs-1"), matched("jcs-2")
    with pytest.raises(RuntimeError), store.transaction():
        store.save_event(first.event)
        store.save_matches(first)
        raise RuntimeError("the batch fails after its writes")
    store.save_event(second.event)  # the next transaction inserts its own rows only
    assert store.stored_event(first.event.event_id, False) is None
    assert store.incident_events(["inc-1"], False) == {"inc-1": [second.event]}
    assert store.stored_event(second.event.event_id, False) == second.event


def test_the_pending_gaps_migration_starts_from_what_the_gap_check_read(database_url: str, tmp_path: Path) -> None:
    """Upgrading a database that has alerts: the covered launches revised within the check's lookback, without a
    gap alert, become pending gaps, each in its namespace; a launch with a gap alert, or older, does not. The check
    then decides them on their alerts. Downgrading removes the table."""
    engine = make_engine(database_url)
    config = alembic_config(engine)

    def migrate(to: str, down: bool = False) -> None:
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            (command.downgrade if down else command.upgrade)(config, to)

    migrate("0005")
    scratch = Store(f"sqlite:///{tmp_path / 'scratch.db'}")  # builds the revisions a worker of then stored
    before = Store(database_url, migrate=False)
    now = utcnow()

    def covered(report_id: str, incident_id: str, at: datetime, drill: bool = False) -> Alert:
        launch = matched_launch(report_id, incident_id=incident_id, matched_at=at, drill=drill)
        rtw = next(m for m in launch.matches if m.commitment_id == gaps.COMMITMENT_ID)
        alert, _ = revise(scratch, launch, rtw, at)
        assert before.save_revision(alert, launch.event.event_id)
        return alert

    live = covered("jcs-1", "inc-1", now - timedelta(hours=1))
    drill = covered("jcs-1", "inc-1", now - timedelta(hours=1), drill=True)
    with_gap = covered("jcs-2", "inc-2", now - timedelta(hours=3))
    gap = gaps.gap_due(with_gap, timedelta(minutes=30), now, None)
    assert gap is not None and before.save_revision(gaps.open_gap(with_gap, gap, now), GAP_OPEN_CAUSE)
    covered("jcs-3", "inc-3", now - timedelta(days=3))  # beyond the lookback
    before.close()
    scratch.close()

    migrate("head")
    store = Store(database_url)
    try:
        pending = store.due_gaps(False, now, None) + store.due_gaps(True, now, None)
        assert sorted((p.incident_id, p.drill, p.alert_id, p.raised_at) for p in pending) == [
            ("inc-1", False, live.id, live.created_at),
            ("inc-1", True, drill.id, drill.created_at),
        ]
        published: list[Alert] = []

        async def publish(alert: Alert, is_new: bool) -> None:
            published.append(alert)

        asyncio.run(GapCheck(store, timedelta(minutes=30), False, publish).run(now))
        assert [(a.id, a.drill) for a in published] == [(gap_alert_id("inc-1", False), False)]
        assert [p.key for p in store.due_gaps(True, now, None)] == [("inc-1", True)]  # the drill's, its own
    finally:
        store.close()

    migrate("0005", down=True)
    with engine.connect() as connection:
        assert "pending_gaps" not in inspect(connection).get_table_names()
    engine.dispose()


def test_writes_another_worker_committed_after_a_batch_read_roll_the_batch_back(postgres_url: str) -> None:
    """On PostgreSQL a batch reads its rows at once and writes at its end; a report or an alert revision another
    worker committed in between fails the batch's commit as a store fault (run again by the consume loop), never a
    second row or one written over another's. (SQLite takes the write lock at the batch's start.)"""
    one, other = Store(postgres_url), Store(postgres_url, migrate=False)
    try:
        raw = b'{"id": "jcs-1"}'
        with pytest.raises(StoreUnavailable), one.transaction():
            one.prefetch(False, [("jcs-1", "rok-jcs", raw)])
            assert other.record_report("jcs-1", "rok-jcs", NOW, raw, False, NOW, "t/0/1") == Receipt.NEW
            assert one.record_report("jcs-1", "rok-jcs", NOW, raw, False, NOW, "t/0/7") == Receipt.NEW  # as read
        assert one.record_report("jcs-1", "rok-jcs", NOW, raw, False, NOW, "t/0/7") == Receipt.DUPLICATE

        first = matched("jcs-1")
        unsc = next(m for m in first.matches if m.commitment_id == "unsc-ballistic")
        key = unsc_alert_id(first)
        with pytest.raises(StoreUnavailable), one.transaction():
            one.prefetch_alerts([(key, first.event.event_id)])
            assert revise(other, first, unsc, NOW)[0].revision == 1
            made, is_new = revise(one, first, unsc, NOW)  # built on no revision, as read
            assert is_new and made.revision == 1
        again, is_new = revise(one, first, unsc, NOW)
        assert not is_new and again.revision == 1 and one.count_revisions() == 1
    finally:
        one.close()
        other.close()
