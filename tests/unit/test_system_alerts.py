"""System alerts: each cause (a backlog not draining, the broker or the store away, a role no worker runs, a silent
source, a failing feed) raised once past its bound, sent again while it lasts, cleared when it ends; kept once by
the alerts service whatever the duplicates; sent to the receivers that ask; CAP status System. On a clock the tests
move, no Kafka (the integration tests run them through the brokers)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest

from launchwatch import metrics
from launchwatch.health import (
    Finding,
    HealthBounds,
    HealthWatch,
    LagTrend,
    fold,
    role_findings,
    source_findings,
    stale,
)
from launchwatch.pipeline_health import PollerHealth, WorkerHealth, feed_subject
from launchwatch.schemas import SystemAlert, SystemAlertState, SystemCondition
from launchwatch.settings import Settings
from launchwatch.storage import Store, StoreUnavailable
from launchwatch.storage.system_alerts import Presence, SystemAlerts
from launchwatch.streams import Message
from services.alerts.cap import system_alert_to_cap
from services.alerts.mail import Smtp
from services.alerts.receivers import Receiver, send_system_alert, system_body
from services.alerts.sinks import Broadcaster
from services.alerts.system import SystemAlertsHandler, SystemNotifier, shown
from tests.receiver_hook import Hook, captured_mail

C = SystemCondition
START = datetime(2026, 12, 6, 12, 0, 0, tzinfo=UTC)
RAISED, CLEARED = SystemAlertState.RAISED, SystemAlertState.CLEARED


class Clock:
    def __init__(self, now: datetime = START) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def move(self, seconds: float) -> datetime:
        self.now += timedelta(seconds=seconds)
        return self.now


def states(alerts: list[SystemAlert]) -> list[tuple[str, str]]:
    return [(a.id, a.state.value) for a in alerts]


# --------------------------------------------------------------------------- the watch


def test_a_cause_is_raised_once_past_its_bound_sent_again_while_it_lasts_and_cleared_when_it_ends() -> None:
    watch = HealthWatch("w1", HealthBounds(unreachable_s=60), resend_s=10)
    bad = Finding(C.STORE_UNREACHABLE, "w1", True, "the store did not answer: refused")
    good = Finding(C.STORE_UNREACHABLE, "w1", False, "the store answers again")
    assert watch.assess(START, [bad]) == []
    assert watch.assess(START + timedelta(seconds=59), [bad]) == []
    raised = watch.assess(START + timedelta(seconds=60), [bad])
    assert states(raised) == [("system:store_unreachable:w1", "raised")]
    assert raised[0].since == START and raised[0].headline == "worker w1 cannot reach the store"
    assert "refused" in raised[0].explanation
    # Sent again each resend interval while it lasts, not more often.
    assert watch.assess(START + timedelta(seconds=65), [bad]) == []
    assert states(watch.assess(START + timedelta(seconds=70), [bad])) == [("system:store_unreachable:w1", "raised")]
    # A round that says nothing of it keeps it.
    assert watch.assess(START + timedelta(seconds=75), []) == []
    cleared = watch.assess(START + timedelta(seconds=80), [good])
    assert states(cleared) == [("system:store_unreachable:w1", "cleared")]
    assert cleared[0].since == START and cleared[0].explanation.startswith("Cleared")
    assert watch.assess(START + timedelta(seconds=90), [good]) == []


def test_a_cause_that_ends_before_its_bound_raises_nothing_and_a_new_one_counts_afresh() -> None:
    watch = HealthWatch("w1", HealthBounds(unreachable_s=60), resend_s=10)
    bad = Finding(C.BROKER_UNREACHABLE, "w1", True)
    good = Finding(C.BROKER_UNREACHABLE, "w1", False)
    watch.assess(START, [bad])
    assert watch.assess(START + timedelta(seconds=50), [good]) == []
    watch.assess(START + timedelta(seconds=55), [bad])
    assert watch.assess(START + timedelta(seconds=100), [bad]) == []  # 45 s of this outage, not 100
    assert len(watch.assess(START + timedelta(seconds=115), [bad])) == 1


def test_a_backlog_that_does_not_fall_is_raised_one_that_drains_is_not_and_zero_clears_it() -> None:
    trend, watch = LagTrend(), HealthWatch("w1", HealthBounds(lag_s=600), resend_s=10)
    subject = "launchwatch-matcher/events.normalized"

    def round_(at: float, lag: int) -> list[SystemAlert]:
        now = START + timedelta(seconds=at)
        return watch.assess(now, trend.findings(now, {subject: lag}))

    # Draining from 500 down: never raised, however long.
    assert [round_(t, 500 - t // 2) for t in range(0, 900, 60)] == [[]] * 15
    # Stuck at 40 and growing from t=900: raised 600 s after it last fell.
    assert round_(900, 40) == []  # fell to 40 here
    assert round_(960, 45) == [] and round_(1440, 80) == []
    raised = round_(1500, 90)
    assert states(raised) == [(f"system:consumer_lag:{subject}", "raised")]
    assert "never fewer than 40" in raised[0].explanation
    # Falling below the least it was while stuck clears it (90 to 60 is not yet); a drained backlog stays clear.
    assert states(round_(1560, 60)) == [(f"system:consumer_lag:{subject}", "raised")]  # sent again
    assert states(round_(1620, 30)) == [(f"system:consumer_lag:{subject}", "cleared")]
    assert round_(1680, 0) == [] and round_(2400, 0) == []


def test_roles_are_missing_when_no_worker_running_them_was_seen_lately() -> None:
    seen = {"ingest": START, "matcher": START - timedelta(seconds=100)}
    findings = {f.subject: f for f in role_findings(START, seen, ["ingest", "matcher", "alerts"], stale_s=30)}
    assert not findings["ingest"].bad
    assert findings["matcher"].bad and findings["matcher"].since == START - timedelta(seconds=100)
    assert findings["alerts"].bad and findings["alerts"].since is None
    assert "no worker" in findings["alerts"].detail


def test_a_source_is_silent_past_its_own_interval_or_the_default_and_one_expected_but_never_heard_is_too() -> None:
    last = {"japan-mod": START - timedelta(days=8), "rok-jcs": START - timedelta(hours=2), "kcna": START}
    found = {f.subject: f for f in source_findings(START, last, {"rok-jcs": 3600, "us-indopacom": 86400}, 7 * 86400)}
    assert found["japan-mod"].bad and found["japan-mod"].since == START - timedelta(days=1)
    assert found["rok-jcs"].bad and found["rok-jcs"].since == START - timedelta(hours=1)
    assert not found["kcna"].bad
    assert found["us-indopacom"].bad and "no report received yet" in found["us-indopacom"].detail
    # Raised at once: the interval is the bound.
    watch = HealthWatch("a1", HealthBounds(), resend_s=10)
    assert {a.subject for a in watch.assess(START, found.values())} == {"japan-mod", "rok-jcs", "us-indopacom"}


# --------------------------------------------------------------------------- what the alerts service keeps


def alert(
    state: SystemAlertState = RAISED, at: datetime = START, observer: str = "w1", resend_s: float = 10
) -> SystemAlert:
    return SystemAlert(
        id="system:role_missing:matcher",
        condition=C.ROLE_MISSING,
        subject="matcher",
        state=state,
        since=START,
        sent_at=at,
        headline="no matcher worker is running",
        explanation="x",
        observed_by=observer,
        resend_s=resend_s,
    )


def test_fold_keeps_a_change_only_and_stale_clears_what_its_observer_stopped_sending() -> None:
    assert fold(None, alert()) == alert()
    assert fold(alert(), alert(observer="w2")) is None  # another worker's duplicate
    assert fold(alert(), alert(CLEARED)) == alert(CLEARED)
    assert fold(alert(CLEARED), alert(CLEARED)) is None
    assert fold(None, alert(CLEARED)) is None
    assert fold(alert(CLEARED), alert()) == alert()  # raised again
    assert stale(alert(), START, START + timedelta(seconds=29)) is None
    gone = stale(alert(), START, START + timedelta(seconds=30))
    assert gone is not None and gone.state is CLEARED and "no longer reported" in gone.explanation
    assert stale(alert(CLEARED), START, START + timedelta(days=1)) is None


def test_the_store_keeps_one_state_per_cause_whatever_the_duplicates_and_expires_the_orphaned(tmp_path: Path) -> None:
    kept = SystemAlerts(Store(f"sqlite:///{tmp_path / 's.db'}"))
    assert kept.apply(alert(), START) == alert()
    assert kept.apply(alert(observer="w2"), START + timedelta(seconds=10)) is None
    assert [(a.state, r) for a, r in kept.current()] == [(RAISED, 1)]
    # Refreshed by the duplicate: not stale 25 s after it, stale 30 s after.
    assert kept.expire(START + timedelta(seconds=35)) == []
    expired = kept.expire(START + timedelta(seconds=40))
    assert states(expired) == [("system:role_missing:matcher", "cleared")]
    assert [(a.state, r) for a, r in kept.current()] == [(CLEARED, 2)]
    assert kept.apply(alert(CLEARED), START + timedelta(seconds=41)) is None
    assert kept.apply(alert(at=START + timedelta(seconds=50)), START + timedelta(seconds=50)) is not None
    assert [r for _, r in kept.changed_since(START)] == [3]
    # Each change goes to a receiver once.
    assert kept.take_notice("floor", "system:role_missing:matcher", 3, START)
    assert not kept.take_notice("floor", "system:role_missing:matcher", 3, START)


def test_presence_says_per_role_when_a_worker_running_it_was_last_seen(tmp_path: Path) -> None:
    presence = Presence(Store(f"sqlite:///{tmp_path / 's.db'}"))
    presence.seen("h:1:all", ["ingest", "matcher", "alerts", "counts"], START, START)
    presence.seen("h:2:matcher", ["matcher"], START, START + timedelta(seconds=5))
    presence.seen("h:1:all", ["ingest", "matcher", "alerts", "counts"], START, START + timedelta(seconds=3))
    seen = presence.last_seen_by_role()
    assert seen["ingest"] == START + timedelta(seconds=3)
    assert seen["matcher"] == START + timedelta(seconds=5)
    presence.forget_before(START + timedelta(seconds=4))
    assert set(presence.last_seen_by_role()) == {"matcher"}


async def test_the_handler_keeps_each_change_once_and_shows_it_on_the_feed(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 's.db'}")
    broadcaster = Broadcaster()
    page = broadcaster.subscribe()
    handler = SystemAlertsHandler(store, broadcaster)

    def message(value: bytes) -> Message:
        return Message(value=value, key=b"k", topic="alerts.system", partition=0, offset=0, headers={})

    def counted(state: str) -> float:
        return metrics.SYSTEM_ALERTS.labels(condition="role_missing", state=state)._value.get()

    before = counted("raised"), counted("cleared")
    outcomes = []
    for value in (alert(), alert(observer="w2"), alert(CLEARED)):
        outcome = handler.handle(message(value.model_dump_json().encode()))
        await handler.emit(message(b""), outcome)
        outcomes.append(outcome)
    assert outcomes == [alert(), None, alert(CLEARED)]
    fed = [json.loads(page.get_nowait())["system_alert"]["state"] for _ in range(page.qsize())]
    assert fed == ["raised", "cleared"]
    assert (counted("raised"), counted("cleared")) == (before[0] + 1, before[1] + 1)  # each change counted once
    rejected = handler.handle(message(b'{"id": 1}'))
    assert getattr(rejected, "reason", None) == "invalid_system_alert"


# --------------------------------------------------------------------------- a worker's and a poller's watch


class FlakyStore:
    """The store callable a worker is given: raises while `down`."""

    def __init__(self, url: str) -> None:
        self.store = Store(url)
        self.down = False

    def __call__(self) -> Store:
        if self.down:
            raise StoreUnavailable("connection refused")
        return self.store


def health_settings(**bounds: Any) -> Settings:
    return Settings(topic_prefix="t.", health_interval_s=10, **bounds)


async def test_a_worker_raises_its_store_away_and_clears_it_when_back_and_the_watching_one_sees_roles(
    tmp_path: Path,
) -> None:
    settings = health_settings(health_unreachable_s=30, health_role_missing_s=60)
    sent: list[SystemAlert] = []

    async def send(alert: SystemAlert) -> None:
        sent.append(alert)

    clock, store = Clock(), FlakyStore(f"sqlite:///{tmp_path / 's.db'}")
    matched = "t.events.matched"
    worker = WorkerHealth(settings, "alerts", ["alerts"], "t.launchwatch-alerts", store, matched.__eq__, send, clock)
    assert await worker.run() == []
    store.down = True
    for _ in range(3):
        clock.move(10)
        await worker.run()
    assert sent == []  # away for 20 s of a 30 s bound
    clock.move(10)
    assert states(await worker.run()) == [(f"system:store_unreachable:{worker.worker}", "raised")]
    assert [a.id for a in worker.raised] == [f"system:store_unreachable:{worker.worker}"]
    store.down = False
    clock.move(10)
    assert states(await worker.run()) == [(f"system:store_unreachable:{worker.worker}", "cleared")]
    # Three intervals after the store came back, the roles this deployment lacks are looked at: only alerts runs.
    for _ in range(9):
        clock.move(10)
        await worker.run()
    missing = {a.subject for a in sent if a.condition is C.ROLE_MISSING and a.state is RAISED}
    assert missing == {"ingest", "matcher", "counts"}
    # A matcher starts: cleared at the next round.
    Presence(store.store).seen("h:9:matcher", ["matcher"], clock.now, clock.now)
    clock.move(10)
    assert ("system:role_missing:matcher", "cleared") in states(await worker.run())


async def test_what_the_broker_does_not_take_waits_for_the_next_round_without_piling_up(tmp_path: Path) -> None:
    settings = health_settings(health_unreachable_s=10)
    sent: list[SystemAlert] = []
    broker_up = False

    async def send(alert: SystemAlert) -> None:
        if not broker_up:
            raise ConnectionError("no broker")
        sent.append(alert)

    clock = Clock()
    worker = WorkerHealth(
        settings,
        "matcher",
        ["matcher"],
        "g",
        FlakyStore(f"sqlite:///{tmp_path / 's.db'}"),
        lambda t: False,
        send,
        clock,
    )
    worker.broker_missed("KafkaConnectionError()")
    for _ in range(10):
        await worker.run()
        clock.move(10)
    assert sent == [] and len(worker.outbox.waiting) == 1  # raised, sent again: one waiting
    broker_up = True
    worker.lag_measured({})
    sent_now = await worker.run()
    key = f"system:broker_unreachable:{worker.worker}"
    assert states(sent_now) == [(key, "raised"), (key, "cleared")]


async def test_a_worker_watches_the_backlog_of_a_topic_only_when_it_holds_its_first_partition(tmp_path: Path) -> None:
    settings = health_settings(health_lag_s=60)
    sent: list[SystemAlert] = []

    async def send(alert: SystemAlert) -> None:
        sent.append(alert)

    clock, store = Clock(), FlakyStore(f"sqlite:///{tmp_path / 's.db'}")
    holder = WorkerHealth(settings, "matcher", ["matcher"], "t.launchwatch-matcher", store, lambda t: True, send, clock)
    other = WorkerHealth(settings, "matcher", ["matcher"], "t.launchwatch-matcher", store, lambda t: False, send, clock)
    for lag in (5, 6, 7, 8, 9, 10, 11, 12):
        for worker in (holder, other):
            worker.lag_measured({"t.events.normalized": lag})
            await worker.run()
        clock.move(10)
    lagging = [a for a in sent if a.condition is C.CONSUMER_LAG]
    assert [(a.subject, a.observed_by) for a in lagging] == [
        ("t.launchwatch-matcher/events.normalized", holder.worker)
    ] * len(lagging)
    assert lagging and lagging[0].since == START


async def test_a_feed_failing_past_its_bound_is_raised_and_its_next_good_poll_clears_it() -> None:
    settings = health_settings(health_poller_failing_s=60)
    sent: list[SystemAlert] = []

    async def send(alert: SystemAlert) -> None:
        sent.append(alert)

    clock = Clock()
    poller = PollerHealth(settings, 30, send, clock)
    feed = "https://feeds.example.org/jcs.xml?key=secret"
    for _ in range(2):  # failing at 0 and 30 s: not yet 60
        poller.failed(feed, f"{feed}: HTTP 503 Service Unavailable\nmore")
        await poller.round()
        clock.move(30)
    assert sent == []
    poller.failed(feed, "HTTP 503 Service Unavailable")
    raised = await poller.round()
    assert states(raised) == [("system:poller_failing:https://feeds.example.org/jcs.xml", "raised")]
    assert "HTTP 503" in raised[0].explanation and "secret" not in raised[0].model_dump_json()
    assert raised[0].resend_s == 30
    clock.move(30)
    poller.succeeded(feed)
    assert states(await poller.round()) == [("system:poller_failing:https://feeds.example.org/jcs.xml", "cleared")]
    assert feed_subject("https://user:pw@h.example/f?x=1#y") == "https://h.example/f"


# --------------------------------------------------------------------------- what people are sent


def test_cap_form_is_status_system_a_raise_an_alert_and_its_clear_a_cancel_referencing_it() -> None:
    ns = {"cap": "urn:oasis:names:tc:emergency:cap:1.2"}
    raise_ = ElementTree.fromstring(system_alert_to_cap(alert(), 1))
    assert raise_.findtext("cap:status", namespaces=ns) == "System"
    assert raise_.findtext("cap:msgType", namespaces=ns) == "Alert"
    assert raise_.findtext("cap:identifier", namespaces=ns) == "system:role_missing:matcher#1"
    assert raise_.findtext("cap:info/cap:category", namespaces=ns) == "Infra"
    clear = ElementTree.fromstring(system_alert_to_cap(alert(CLEARED), 2))
    assert clear.findtext("cap:msgType", namespaces=ns) == "Cancel"
    assert clear.findtext("cap:references", namespaces=ns).split(",")[1] == "system:role_missing:matcher#1"


def test_bodies_for_slack_a_webhook_and_pagerduty() -> None:
    slack = json.loads(system_body(Receiver(name="s", kind="slack", url="https://h.example/x"), alert()))
    assert slack["text"].startswith("*SYSTEM ALERT*\nno matcher worker is running")
    hook = json.loads(system_body(Receiver(name="w", url="https://h.example/x"), alert(CLEARED)))
    assert hook["system_alert"]["state"] == "cleared" and hook["system_alert"]["subject"] == "matcher"
    duty = Receiver(name="p", kind="pagerduty", routing_key="k" * 32)
    trigger, resolve = (json.loads(system_body(duty, alert(s))) for s in (RAISED, CLEARED))
    assert (trigger["event_action"], trigger["dedup_key"]) == ("trigger", "system:role_missing:matcher")
    assert trigger["payload"]["summary"] == "[SYSTEM] no matcher worker is running"
    assert (resolve["event_action"], resolve["dedup_key"], "payload" in resolve) == (
        "resolve",
        "system:role_missing:matcher",
        False,
    )


async def test_receivers_asking_for_system_alerts_get_each_raise_and_clear_once_whatever_the_workers(
    tmp_path: Path,
) -> None:
    hook = await Hook().start()
    try:
        url = f"sqlite:///{tmp_path / 's.db'}"
        receiver = Receiver(name="ops", url=f"{hook.url}/ops", system_alerts=True)
        SystemAlerts(Store(url)).apply(alert(), datetime.now(UTC))
        workers = [SystemNotifier([receiver], Store(url)) for _ in range(2)]
        assert sum([await w.run() for w in workers]) == 1
        SystemAlerts(Store(url)).apply(alert(CLEARED), datetime.now(UTC))
        assert sum([await w.run() for w in reversed(workers)]) == 1
        assert sum([await w.run() for w in workers]) == 0
        bodies = [r.body["system_alert"]["state"] for r in hook.taken("/ops")]
        assert bodies == ["raised", "cleared"]
        assert [r.delivery for r in hook.taken("/ops")] == [
            "ops:system:role_missing:matcher#1",
            "ops:system:role_missing:matcher#2",
        ]
        for w in workers:
            await w.close()
    finally:
        await hook.stop()


async def test_a_notifier_asks_the_store_for_each_notice_once_and_a_store_lost_midway_loses_none(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    hook = await Hook().start()
    try:
        url = f"sqlite:///{tmp_path / 's.db'}"
        receivers = [Receiver(name=n, url=f"{hook.url}/{n}", system_alerts=True) for n in ("ops", "duty")]
        SystemAlerts(Store(url)).apply(alert(), datetime.now(UTC))
        notifier = SystemNotifier(receivers, Store(url))
        take = notifier.alerts.take_notice
        asked: list[str] = []

        def failing_second(receiver: str, *rest: Any) -> bool:
            asked.append(receiver)
            if len(asked) == 2:  # the store goes away after the first notice was taken
                raise StoreUnavailable("gone")
            return take(receiver, *rest)

        monkeypatch.setattr(notifier.alerts, "take_notice", failing_second)
        assert await notifier.run() == 1  # the one taken was sent, not left taken and unsent
        assert [r.path for r in hook.taken()] == ["/ops"]
        assert await notifier.run() == 1  # the other, at the next round
        asked.clear()
        assert await notifier.run() == 0 and asked == []  # each notice asked for once by this worker
        assert sorted(r.path for r in hook.taken()) == ["/duty", "/ops"]
        await notifier.close()
    finally:
        await hook.stop()


async def test_an_email_receiver_gets_a_system_subject_and_a_clear_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    sent = captured_mail(monkeypatch)
    smtp = Smtp(host="h", sender="lw@example.org", to=("ops@example.org",))
    receiver = Receiver(name="mail", kind="email", smtp=smtp, system_alerts=True)
    await send_system_alert(None, receiver, alert(), 1)  # type: ignore[arg-type]
    await send_system_alert(None, receiver, alert(CLEARED), 2)  # type: ignore[arg-type]
    assert [m["Subject"] for m in sent] == [
        "[SYSTEM] no matcher worker is running",
        "[SYSTEM CLEARED] no matcher worker is running",
    ]
    assert sent[1]["X-Launchwatch-Delivery"] == "mail:system:role_missing:matcher#2"


def test_the_console_lists_raised_first_and_what_this_worker_raised_even_when_the_store_is_away(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    class Ctx:
        health = None

    store = Store(f"sqlite:///{tmp_path / 's.db'}")
    SystemAlerts(store).apply(alert(at=datetime.now(UTC)), datetime.now(UTC))
    listed = shown(Ctx(), store)  # type: ignore[arg-type]
    assert [a["id"] for a in listed["raised"]] == ["system:role_missing:matcher"] and listed["cleared"] == []
    assert listed["store_error"] is None

    # The store away: what this worker itself raised is still listed, with why the rest is not.
    watch = HealthWatch("w1", HealthBounds(unreachable_s=0), resend_s=10)
    watch.assess(datetime.now(UTC), [Finding(C.STORE_UNREACHABLE, "w1", True, "refused")])

    class Away:
        health = type("Health", (), {"raised": list(watch.raised.values())})()

    def unreachable(self: SystemAlerts) -> list:
        raise StoreUnavailable("connection refused")

    monkeypatch.setattr(SystemAlerts, "current", unreachable)
    listed = shown(Away(), store)  # type: ignore[arg-type]
    assert [a["id"] for a in listed["raised"]] == ["system:store_unreachable:w1"]
    assert listed["store_error"] == "connection refused"


def received(store: Store, report_id: str, source: str, at: datetime) -> None:
    """A live report of `source` received at `at`, as the store keeps it (what the sources' watch reads)."""
    from launchwatch.storage.tables import reports

    with store.transaction() as session:
        session.execute(
            reports.insert().values(
                report_id=report_id,
                drill=False,
                source=source,
                content_sha256=report_id.ljust(64, "0"),
                published_at=at,
                received_at=at,
                raw=b"{}",
            )
        )


async def test_a_silent_source_stays_raised_round_after_round_and_clears_when_it_reports_again(tmp_path: Path) -> None:
    # The sources' last reports are read once a minute, but judged (and a raise sent again) every round: a raise
    # sent only when they are read would be cleared by the keeper as orphaned in between, and raised again.
    settings = health_settings(health_source_silent_s=3600)
    store = Store(f"sqlite:///{tmp_path / 's.db'}")
    received(store, "r1", "japan-mod", START - timedelta(hours=2))
    kept = SystemAlerts(store)
    clock = Clock()

    async def send(alert: SystemAlert) -> None:
        kept.apply(alert, clock.now)

    matched = "t.events.matched"
    worker = WorkerHealth(settings, "alerts", ["alerts"], "g", lambda: store, matched.__eq__, send, clock)
    for _ in range(30):  # five minutes
        await worker.run()
        clock.move(10)
    silent = [(a.state, r) for a, r in kept.current() if a.condition is C.SOURCE_SILENT]
    assert silent == [(RAISED, 1)], "raised once and kept raised"
    # A report from it: cleared once the sources' last reports are read again (within a minute).
    received(store, "r2", "japan-mod", clock.now)
    for _ in range(6):
        await worker.run()
        clock.move(10)
    silent = [(a.state, r) for a, r in kept.current() if a.condition is C.SOURCE_SILENT]
    assert silent == [(CLEARED, 2)]
