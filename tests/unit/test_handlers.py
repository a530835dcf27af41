"""Every decision of the services' handlers, by calling them: a store on SQLite (dicts for the counts' tables),
no broker."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel
from sqlalchemy import event

from launchwatch.codec import encode
from launchwatch.schemas import (
    Alert,
    AlertMsgType,
    CountChange,
    CountKind,
    IncidentUpdate,
    MatchedEvent,
    TimePrecision,
    WindowCount,
)
from launchwatch.settings import Settings
from launchwatch.storage import Store, StoreUnavailable
from launchwatch.storage.tables import alert_revisions
from launchwatch.streams import Message, Rejected, process_batch
from launchwatch.topics import TopicRegistry
from launchwatch.topology import INGESTED_AT_HEADER, REPLAY_ID_HEADER
from services.alerts.gap_check import GapCheck
from services.alerts.handler import AlertsHandler, Revised
from services.alerts.routing import Router
from services.alerts.sinks import CountSink, TopicSink
from services.counts.handler import Counted, CountsHandler
from services.ingest.handler import Ingested, IngestHandler
from services.matcher.catalogue import default_catalogue
from services.matcher.handler import MatcherHandler

TOPICS = TopicRegistry(prefix="t.")


class Sent:
    """A publisher that keeps what it is given, as the worker's StreamContext would send it."""

    def __init__(self) -> None:
        self.messages: list[tuple[str, BaseModel, dict[str, bytes]]] = []

    async def publish(
        self, topic: str, message: BaseModel, headers: dict[str, bytes] | None = None, value: bytes | None = None
    ) -> None:
        self.messages.append((topic, message, dict(headers or {})))


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    store = Store(f"sqlite:///{tmp_path / 'store.db'}")
    yield store
    store.close()


def raw(offset: int, report: dict[str, Any] | bytes | None, **headers: bytes) -> Message:
    value = report if isinstance(report, bytes | None) else json.dumps(report).encode()
    return Message(value=value, key=b"k", topic=TOPICS.reports_raw, partition=0, offset=offset, headers=headers)


JCS = {
    "id": "jcs-20241031",
    "kind": "text",
    "source": "rok-jcs",
    "published_at": "2024-10-31T07:25:00+09:00",
    "body": "North Korea fired a long-range ballistic missile toward the East Sea at around 7:10 a.m.",
}
MOD = {
    "id": "mod-20241031",
    "kind": "text",
    "source": "japan-mod",
    "published_at": "2024-10-31T09:00:00+09:00",
    "body": "North Korea launched one ICBM-class ballistic missile at around 7:11 a.m.",
}


def ingest(store: Store, settings: Settings | None = None) -> tuple[IngestHandler, Sent]:
    sent = Sent()
    return IngestHandler(store, settings or Settings(topic_prefix="t."), TOPICS, sent), sent


def handled(handler: Any, message: Message) -> Any:
    with handler.store.transaction():
        return handler.handle(message)


# --------------------------------------------------------------------------- ingest


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        (b"{not json", "invalid_json"),
        (None, "empty_message"),
        (json.dumps(JCS | {"drill": True}).encode(), "drill_on_live_topic"),
        (json.dumps(JCS | {"retracts": JCS["id"]}).encode(), "self_retraction"),
    ],
)
def test_ingest_rejects_with_a_reason(store: Store, value: bytes | None, reason: str) -> None:
    handler, _ = ingest(store)
    outcome = handled(handler, raw(0, value))
    assert isinstance(outcome, Rejected) and outcome.reason == reason and outcome.detail


def test_ingest_files_reports_of_one_launch_into_one_incident_and_publishes_its_update(store: Store) -> None:
    handler, sent = ingest(store)
    first = handled(handler, raw(0, JCS))
    second = handled(handler, raw(1, MOD))
    assert isinstance(first, Ingested) and isinstance(second, Ingested)
    [one], [both] = first.updates, second.updates
    assert one.assessment.incident_id == both.assessment.incident_id
    assert [s.report_id for s in both.assessment.sources] == [JCS["id"], MOD["id"]]
    assert both.assessment.missile_class == "ICBM" and both.assessment.generation == 2

    asyncio.run(handler.emit(raw(0, JCS), first))
    asyncio.run(handler.emit(raw(1, MOD), second))
    updates = [(update, headers) for topic, update, headers in sent.messages if topic == TOPICS.events_normalized]
    assert [update for update, _ in updates] == [one, both] and all(INGESTED_AT_HEADER in h for _, h in updates)
    assert not any(topic == TOPICS.count_changes for topic, _, _ in sent.messages)  # sent once the batch is out
    asyncio.run(handler.finish())
    # To be counted: each report under its party and source; the incident under each type of its family, as the
    # batch left it (its second generation: the first's changes would count nothing after it).
    changes = [m for topic, m, _ in sent.messages if topic == TOPICS.count_changes]
    assert all(isinstance(c, CountChange) for c in changes)
    assert [(c.kind, c.key, c.version) for c in changes] == [
        (CountKind.REPORTS, "ROK/rok-jcs", 0),
        (CountKind.REPORTS, "Japan/japan-mod", 0),
        (CountKind.INCIDENTS, "ballistic_missile_launch", 2),
        (CountKind.INCIDENTS, "satellite_launch", 2),
    ]
    assert [c.at is not None for c in changes] == [True, True, True, False]


def test_ingest_drops_a_duplicate_but_processes_a_redelivery_and_a_replay_again(store: Store) -> None:
    handler, _ = ingest(store)
    first = handled(handler, raw(0, JCS))
    assert isinstance(first, Ingested) and first.updates
    again = handled(handler, raw(0, JCS))  # the same Kafka message after a crash: processed again, idempotently
    assert isinstance(again, Ingested) and [u.assessment for u in again.updates] == [
        u.assessment for u in first.updates
    ]
    duplicate = handled(handler, raw(7, JCS))  # the source sent it again
    assert isinstance(duplicate, Ingested) and duplicate.regrouped is None and duplicate.updates == []
    replayed = handled(handler, raw(8, JCS, **{REPLAY_ID_HEADER: b"r-1"}))
    assert (
        isinstance(replayed, Ingested)
        and replayed.updates[0].assessment.incident_id == first.updates[0].assessment.incident_id
    )


@contextmanager
def both_ways(tmp_path: Path, make: Callable[[Store], Any], batch: list[Message]) -> Iterator[dict[str, Any]]:
    """A batch handled message by message, and at once as the consume loop runs it (prepared, one transaction),
    each in a store of its own: per way, its outcomes; and, for the batch at once, its handler, store and SQL."""
    stores = []
    try:
        ways: dict[str, Any] = {}
        for name in ("one by one", "at once"):
            stores.append(store := Store(f"sqlite:///{tmp_path / f'{name}.db'}"))
            handler = make(store)
            with statements(store) as seen:
                if name == "one by one":
                    ways[name] = [handled(handler, m) for m in batch]
                else:
                    processed = process_batch(
                        batch, handler.handle, store.transaction, handler.service, handler.prepare
                    )
                    ways[name] = [outcome for _, outcome in processed]
            ways["handler"], ways["store"], ways["statements"] = handler, store, seen
        yield ways
    finally:
        for store in stores:
            store.close()


def test_a_batch_read_at_once_files_and_deduplicates_as_report_by_report(tmp_path: Path) -> None:
    """Ingest reads a batch's rows at once and writes them at its end: a duplicate within the batch is dropped,
    reports of one launch in one batch make one incident, and the batch delivered again is processed again."""
    batch = [
        raw(0, JCS),
        raw(1, JCS),  # the source sent it twice at once
        raw(3, b"{not json"),
        raw(4, MOD),
        raw(5, MOD | {"id": "mod-2", "retracts": MOD["id"], "body": "Correction."}),
    ]

    def read(outcome: Any) -> Any:
        if isinstance(outcome, Rejected):
            return outcome.reason
        return [(u.assessment.incident_id, u.assessment.withdrawn) for u in outcome.updates]

    with both_ways(tmp_path, lambda store: ingest(store)[0], batch) as ways:
        assert [read(o) for o in ways["at once"]] == [read(o) for o in ways["one by one"]]
        # Reads and writes a statement per table, not per report (the batch's transaction besides).
        seen = ways["statements"]
        assert len([s for s in seen if s.startswith(("SELECT", "INSERT", "UPDATE"))]) <= 8, seen
        handler, store = ways["handler"], ways["store"]
        again = process_batch(batch[:1], handler.handle, store.transaction, "ingest", handler.prepare)
        assert [u.assessment for u in again[0][1].updates] == [u.assessment for u in ways["at once"][-1].updates]
    first, duplicate, invalid, second, correction = (read(o) for o in ways["at once"])
    assert duplicate == [] and invalid == "invalid_json"
    assert first[0][0] == second[0][0] == correction[0][0] and correction[0][1] == (MOD["id"],)


def test_ingest_refuses_a_retraction_of_another_source_s_report(store: Store) -> None:
    handler, _ = ingest(store)
    handled(handler, raw(0, JCS))
    meddling = handled(handler, raw(1, MOD | {"id": "mod-x", "retracts": JCS["id"]}))
    assert isinstance(meddling, Rejected) and meddling.reason == "retraction_of_other_source"


def test_ingest_withdraws_a_report_its_source_retracts(store: Store) -> None:
    handler, _ = ingest(store)
    handled(handler, raw(0, JCS))
    handled(handler, raw(1, MOD))
    correction = handled(handler, raw(2, MOD | {"id": "mod-2", "retracts": MOD["id"], "body": "Correction."}))
    assert isinstance(correction, Ingested)
    [update] = correction.updates
    assert update.assessment.withdrawn == (MOD["id"],)
    assert [s.report_id for s in update.assessment.sources] == [JCS["id"]]


def test_ingest_keeps_a_structured_report_in_the_incident_it_names(store: Store) -> None:
    handler, _ = ingest(store)
    row = {
        "id": "cns-1",
        "kind": "event",
        "source": "cns",
        "published_at": "2024-10-31T12:00:00+09:00",
        "event": {"event_type": "ballistic_missile_launch", "incident_id": "inc-given", "occurred_at": "2024-10"},
    }
    row["event"]["occurred_at"] = "2024-10-01T00:00:00+09:00"
    row["event"]["occurred_precision"] = "month"
    outcome = handled(handler, raw(0, row))
    assert isinstance(outcome, Ingested) and [u.assessment.incident_id for u in outcome.updates] == ["inc-given"]


# --------------------------------------------------------------------------- matcher


def update_of(store: Store) -> IncidentUpdate:
    handler, _ = ingest(store)
    handled(handler, raw(0, JCS))
    outcome = handled(handler, raw(1, MOD))
    return outcome.updates[0]


def test_the_matcher_matches_the_assessment_and_rejects_what_is_not_an_update(store: Store) -> None:
    sent = Sent()
    matcher = MatcherHandler(default_catalogue(), TOPICS, sent)
    update = update_of(store)
    message = Message(value=encode(update), key=b"k", topic=TOPICS.events_normalized, partition=0, offset=0)
    matched = matcher.handle(message)
    assert isinstance(matched, MatchedEvent) and matched.assessment == update.assessment
    assert {m.commitment_id: m.precedence for m in matched.matches}["unsc-ballistic"] == "FLASH"  # the fused ICBM
    for bad, reason in ((b"{}", "invalid_event"), (None, "empty_message")):
        refused = matcher.handle(Message(value=bad, key=None, topic="t", partition=0, offset=1))
        assert isinstance(refused, Rejected) and refused.reason == reason

    asyncio.run(matcher.emit(message, matched))
    assert [(topic, m) for topic, m, _ in sent.messages] == [(TOPICS.events_matched, matched)]


# --------------------------------------------------------------------------- alerts


def alerts(store: Store) -> tuple[AlertsHandler, Sent]:
    sent = Sent()
    router = Router(store, False, [TopicSink(TOPICS, sent), CountSink(TOPICS, sent)])
    return AlertsHandler(store, router, GapCheck(store, timedelta(minutes=30), False, router.publish)), sent


def test_alerts_make_one_revision_per_commitment_once_and_route_it(store: Store) -> None:
    handler, sent = alerts(store)
    matched = match_update_of(store)
    message = Message(value=encode(matched), key=b"k", topic=TOPICS.events_matched, partition=0, offset=0)
    outcome = handled(handler, message)
    assert isinstance(outcome, Revised)
    made = {alert.commitment_id: (alert, new) for alert, new in outcome.revisions}
    assert set(made) == {m.commitment_id for m in matched.matches} and all(new for _, new in made.values())
    again = handled(handler, message)  # redelivered: the same revisions, none new
    assert isinstance(again, Revised) and all(not new for _, new in again.revisions)
    assert [a for a, _ in again.revisions] == [a for a, _ in outcome.revisions]

    asyncio.run(handler.emit(message, outcome))
    routed = {(topic, m.id) for topic, m, _ in sent.messages if isinstance(m, Alert)}
    unsc = made["unsc-ballistic"][0]
    assert (TOPICS.alerts, unsc.id) in routed and (TOPICS.alerts_for(unsc.precedence), unsc.id) in routed
    assert unsc.msg_type == AlertMsgType.ALERT
    counted = {(m.item, m.key, m.version) for topic, m, _ in sent.messages if topic == TOPICS.count_changes}
    assert counted == {(a.id, f"{a.commitment_id}/{a.precedence.value}", -a.revision) for a, _ in outcome.revisions}


def test_alerts_revise_a_batch_read_at_once_as_update_by_update(store: Store, tmp_path: Path) -> None:
    """The alerts' states read for a batch at once and its revisions stored at its end: the same revisions as
    update by update (a first report, then a second raising the incident to an ICBM), none new when redelivered."""
    handler, _ = ingest(store)
    matcher = MatcherHandler(default_catalogue(), TOPICS, Sent())
    batch = []
    for offset, report in enumerate((JCS, MOD)):
        [update] = handled(handler, raw(offset, report)).updates
        matched = matcher.handle(Message(value=encode(update), key=None, topic="t", partition=0, offset=offset))
        batch.append(Message(value=encode(matched), key=b"k", topic=TOPICS.events_matched, partition=0, offset=offset))
    batch.append(Message(value=b"[]", key=None, topic=TOPICS.events_matched, partition=0, offset=2))

    def read(outcome: Any) -> Any:
        if isinstance(outcome, Rejected):
            return outcome.reason
        return [(a.id, a.revision, a.precedence, new) for a, new in outcome.revisions]

    with both_ways(tmp_path, lambda alerts_store: alerts(alerts_store)[0], batch) as ways:
        assert [read(o) for o in ways["at once"]] == [read(o) for o in ways["one by one"]]
        revisions = [s for s in ways["statements"] if "alert_revisions" in s]
        assert len(revisions) <= 3, revisions  # the alerts' states, their incident's alerts; the revisions stored
        alerts_handler, alerts_store = ways["handler"], ways["store"]
        again = process_batch(batch, alerts_handler.handle, alerts_store.transaction, "alerts", alerts_handler.prepare)
        assert all(not new for _, o in again[:2] for _, new in o.revisions)
    first, second, invalid = (read(o) for o in ways["at once"])
    assert invalid == "invalid_matched_event" and all(new and revision == 1 for _, revision, _, new in first)
    assert any(revision == 2 for _, revision, _, _ in second)


def test_a_revision_another_writer_stored_first_rolls_the_batch_back(store: Store) -> None:
    """A revision number taken meanwhile (an acknowledgement racing the batch) fails the batch's commit, which the
    consume loop runs again; nothing is stored twice or over another."""
    matched = match_update_of(store)
    message = Message(value=encode(matched), key=b"k", topic=TOPICS.events_matched, partition=0, offset=0)
    handler, _ = alerts(store)
    [(_, outcome)] = process_batch([message], handler.handle, store.transaction, "alerts", handler.prepare)
    [alert, *_] = [a for a, _ in outcome.revisions]
    later = alert.model_copy(update={"revision": 2})
    with pytest.raises(StoreUnavailable), store.transaction() as session:
        store.prefetch_alerts([(alert.id, "ack:x:1")])
        session.execute(alert_revisions.insert().values(
            alert_id=alert.id, revision=2, cause="other-writer", incident_id=alert.incident_id,
            commitment_id=alert.commitment_id, precedence=alert.precedence.value, msg_type=alert.msg_type.value,
            drill=False, updated_at=alert.updated_at, payload=later.model_dump(mode="json"),
        ))  # fmt: skip
        assert store.save_revision(later, "ack:x:1")  # built on revision 1, as read
    assert [a.revision for a in store.revisions(alert_ids=[alert.id])] == [1]


def test_alerts_reject_what_is_not_a_matched_update(store: Store) -> None:
    handler, _ = alerts(store)
    for bad, reason in ((b"[]", "invalid_matched_event"), (None, "empty_message")):
        refused = handled(handler, Message(value=bad, key=None, topic="t", partition=0, offset=1))
        assert isinstance(refused, Rejected) and refused.reason == reason


def match_update_of(store: Store) -> MatchedEvent:
    update = update_of(store)
    matcher = MatcherHandler(default_catalogue(), TOPICS, Sent())
    matched = matcher.handle(Message(value=encode(update), key=None, topic="t", partition=0, offset=0))
    assert isinstance(matched, MatchedEvent)
    return matched


@contextmanager
def statements(store: Store) -> Iterator[list[str]]:
    """The SQL statements the store runs inside the block."""
    seen: list[str] = []

    def note(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        seen.append(" ".join(statement.split()))

    event.listen(store.engine, "before_cursor_execute", note)
    try:
        yield seen
    finally:
        event.remove(store.engine, "before_cursor_execute", note)


def test_a_new_report_s_own_incident_id_is_not_looked_up(store: Store) -> None:
    handler, _ = ingest(store)
    with statements(store) as seen:
        outcome = handled(handler, raw(0, JCS))
    assert isinstance(outcome, Ingested)
    incident_lookups = [s for s in seen if s.startswith("SELECT") and "FROM incidents" in s]
    assert incident_lookups == [], incident_lookups


def test_an_incident_s_first_update_does_not_look_for_alerts_to_close(store: Store) -> None:
    ingest_handler, _ = ingest(store)
    first = handled(ingest_handler, raw(0, JCS))
    matched = MatcherHandler(default_catalogue(), TOPICS, Sent()).handle(
        Message(value=encode(first.updates[0]), key=None, topic="t", partition=0, offset=0)
    )
    assert isinstance(matched, MatchedEvent) and matched.assessment.generation == 1
    handler, _ = alerts(store)
    message = Message(value=encode(matched), key=b"k", topic=TOPICS.events_matched, partition=0, offset=0)
    with statements(store) as seen:
        outcome = handled(handler, message)
    assert isinstance(outcome, Revised) and outcome.revisions
    assert not [s for s in seen if s.startswith("SELECT") and "alert_revisions.alert_id != " in s], seen


# --------------------------------------------------------------------------- counts


def count_message(offset: int, value: bytes | None, partition: int = 0) -> Message:
    return Message(value=value, key=b"k", topic=TOPICS.count_changes, partition=partition, offset=offset)


def test_counts_apply_a_change_to_its_partition_s_tables_once_and_publish_each_window_s_total_once_a_batch() -> None:
    tables: dict[int, tuple[dict[Any, Any], dict[Any, Any]]] = {}
    sent = Sent()
    handler = CountsHandler(lambda p: tables.setdefault(p, ({}, {})), TOPICS, sent)

    def made(item: str, at: str) -> CountChange:
        return CountChange(
            kind=CountKind.REPORTS,
            key="ROK/rok-jcs",
            item=item,
            version=0,
            at=datetime.fromisoformat(at),
            precision=TimePrecision.MINUTE,
        )

    change = made("evt-1", "2024-10-31T10:10:00+09:00")
    message = count_message(0, encode(change), partition=3)
    first = handler.handle(message)
    twice = count_message(1, encode(change), partition=3)
    again = handler.handle(twice)  # delivered twice: counted once
    assert isinstance(first, Counted) and isinstance(again, Counted)
    assert [t.window for t in first.touched] == [t.window for t in again.touched] and len(first.touched) == 4
    assert set(tables) == {3} and len(tables[3][0]) == 4 and len(tables[3][1]) == 1
    # A second report of the same day, another hour: five windows touched by the batch, each published once, with
    # its total after the whole batch (the day's, month's and year's: 2).
    later = count_message(2, encode(made("evt-2", "2024-10-31T12:10:00+09:00")), partition=3)
    for msg, outcome in ((message, first), (twice, again), (later, handler.handle(later))):
        asyncio.run(handler.emit(msg, outcome))
    assert sent.messages == []  # nothing before the batch is finished
    asyncio.run(handler.finish())
    published = {(m.window.value, m.window_start.hour): m.count for topic, m, _ in sent.messages}
    assert all(topic == TOPICS.metrics_counts and isinstance(m, WindowCount) for topic, m, _ in sent.messages)
    assert len(sent.messages) == 5
    assert published == {("hour", 1): 1, ("hour", 3): 1, ("day", 0): 2, ("month", 0): 2, ("year", 0): 2}
    asyncio.run(handler.finish())
    assert len(sent.messages) == 5  # a finished batch's windows are not sent again
    for bad, reason in ((b"{}", "invalid_count_change"), (None, "empty_message")):
        refused = handler.handle(count_message(2, bad))
        assert isinstance(refused, Rejected) and refused.reason == reason
    drill = handler.handle(count_message(3, encode(change.model_copy(update={"drill": True}))))
    assert isinstance(drill, Rejected) and drill.reason == "wrong_namespace"
