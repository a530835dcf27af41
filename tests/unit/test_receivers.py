"""Receivers without Kafka: the file's schema, routes, bodies, and the delivery loop against a local webhook that
fails, hangs past the timeout and recovers (retried with backoff, never repeated once taken, none lost when the
loop and its store are made anew, as after a restart)."""

from __future__ import annotations

import asyncio
import json
import time
from collections import deque
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from launchwatch import metrics
from launchwatch.schemas import Alert, Precedence, Silence, utcnow
from launchwatch.settings import ConfigurationError
from launchwatch.storage import Store
from launchwatch.storage.deliveries import DELIVERED, FAILED, Deliveries
from services.alerts.receivers import (
    Deliverer,
    Receiver,
    ReceiversConfig,
    ReceiverSink,
    Retry,
    Route,
    load_receivers,
    request_body,
    slack_text,
)
from services.alerts.revisions import acknowledge, revise
from tests.factories import matched_launch
from tests.receiver_hook import Hook

NOW = datetime(2024, 10, 31, tzinfo=UTC)
FAST = Retry(first_delay_seconds=0.05, max_delay_seconds=0.2, poll_interval_seconds=0.05)


def alerts(store: Store, report_id: str = "jcs-1", **kwargs: object) -> list[Alert]:
    matched = matched_launch(report_id, matched_at=NOW, **kwargs)
    return [revise(store, matched, match, NOW)[0] for match in matched.matches]


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'store.db'}"


@pytest.fixture
async def hook() -> AsyncIterator[Hook]:
    server = await Hook(hang_s=2.0).start()
    yield server
    await server.stop()


async def run_until(deliverer: Deliverer, condition, timeout_s: float = 15.0) -> None:  # type: ignore[no-untyped-def]
    """Rounds of the loop, as its timer runs them, until `condition()`; fails at the deadline."""
    deadline = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        await deliverer.run()
        await asyncio.sleep(FAST.poll_interval_seconds)


def count(receiver: str, outcome: str) -> float:
    return metrics.RECEIVER_DELIVERIES.labels(receiver=receiver, outcome=outcome)._value.get()


def test_the_file_is_checked_whole_and_each_problem_is_one_line(tmp_path: Path) -> None:
    good = tmp_path / "receivers.toml"
    good.write_text(
        "[retry]\nfirst_delay_seconds = 2\n\n"
        '[[receivers]]\nname = "floor"\nurl = "https://hooks.example.org/lw"\n'
        'headers = { Authorization = "Bearer x" }\n'
        '[[receivers.routes]]\nprecedence = ["FLASH"]\ncommitments = ["unsc-ballistic"]\nnamespace = "any"\n\n'
        '[[receivers]]\nname = "chat"\nkind = "slack"\nurl = "http://127.0.0.1:9/hook"\n'
    )
    config = load_receivers(good)
    assert [r.name for r in config.receivers] == ["floor", "chat"] and config.retry.first_delay_seconds == 2
    assert config.get("chat").routes == (Route(),) and config.get("floor").where == "https://hooks.example.org"
    problems = {
        'receivers = [{name = "a", url = "ftp://x"}]': "receivers.0.url",
        'receivers = [{name = "a", url = "http://x", kind = "sms"}]': "receivers.0.kind",
        'receivers = [{name = "a", url = "http://x"}, {name = "a", url = "http://y"}]': "unique",
        'receivers = [{name = "a", url = "http://x", routes = [{commitments = ["unsc-balistic"]}]}]': "unsc-balistic",
        'receivers = [{name = "a", url = "http://x", colour = "red"}]': "colour",
        "receivers = [": "not valid TOML",
    }
    for text, expected in problems.items():
        bad = tmp_path / "bad.toml"
        bad.write_text(text)
        with pytest.raises(ConfigurationError) as refused:
            load_receivers(bad)
        assert expected in str(refused.value) and "\n" not in str(refused.value), str(refused.value)
    with pytest.raises(ConfigurationError, match="No such file"):
        load_receivers(tmp_path / "missing.toml")


def test_routes_by_precedence_commitment_and_namespace(db_url: str) -> None:
    store = Store(db_url)
    live = {a.commitment_id: a for a in alerts(store)}
    drill = {a.commitment_id: a for a in alerts(store, drill=True)}
    unsc = live["unsc-ballistic"]
    assert Route().matches(unsc) and not Route().matches(drill["unsc-ballistic"])
    assert Route(namespace="drill").matches(drill["unsc-ballistic"]) and not Route(namespace="drill").matches(unsc)
    assert Route(namespace="any").matches(unsc) and Route(namespace="any").matches(drill["unsc-ballistic"])
    assert Route(precedence=(unsc.precedence,)).matches(unsc)
    assert not Route(precedence=(Precedence.FLASH,)).matches(unsc)  # an SRBM seen by the ROK only: not FLASH
    assert Route(commitments=("unsc-ballistic",)).matches(unsc) and not Route(commitments=("x",)).matches(unsc)
    receiver = Receiver(name="r", url="http://h", routes=(Route(commitments=("x",)), Route(namespace="drill")))
    assert receiver.wants(drill["unsc-ballistic"]) and not receiver.wants(unsc)


def test_bodies_generic_json_and_slack_text(db_url: str) -> None:
    alert = alerts(Store(db_url))[0]
    generic = json.loads(request_body(Receiver(name="g", url="http://h"), alert))
    assert Alert.model_validate(generic) == alert
    slack = json.loads(request_body(Receiver(name="s", url="http://h", kind="slack"), alert))
    assert set(slack) == {"text"} and slack["text"] == slack_text(alert)
    assert alert.headline in slack["text"] and f"*{alert.precedence.value}*" in slack["text"]


def test_backoff_doubles_up_to_its_ceiling() -> None:
    retry = Retry(first_delay_seconds=1, max_delay_seconds=5)
    assert [retry.delay(n).total_seconds() for n in range(1, 6)] == [1, 2, 4, 5, 5]


async def test_a_silenced_revision_is_not_routed_to_receivers(db_url: str) -> None:
    store = Store(db_url)
    deliveries = Deliveries(store)
    config = ReceiversConfig(receivers=(Receiver(name="r", url="http://h"),))
    sink = ReceiverSink(config, deliveries)
    first, second = alerts(store)[:2]
    silence = Silence(
        id="s", commitment_id=first.commitment_id, starts_at=NOW, ends_at=NOW + timedelta(hours=1),
        created_by="me", comment="test",
    )  # fmt: skip
    await sink.deliver(first, silence, None)
    await sink.deliver(second, None, None)
    assert [(row["alert_id"], row["status"]) for row in deliveries.rows()] == [(second.id, "pending")]


async def test_failing_hanging_then_recovering_receiver_gets_each_revision_once(db_url: str, hook: Hook) -> None:
    store = Store(db_url)
    deliveries = Deliveries(store)
    receiver = Receiver(name="flaky", url=f"{hook.url}/flaky", timeout_seconds=0.3)
    made = alerts(store)
    hook.plan = deque(["fail", "hang", "fail"])
    before = {outcome: count("flaky", outcome) for outcome in ("delivered", "failed_attempt")}
    for alert in made:
        deliveries.record([receiver.name], alert, utcnow())
        deliveries.record([receiver.name], alert, utcnow())  # recorded twice (a redelivery): one delivery
    deliverer = Deliverer(receiver, FAST, deliveries)
    await run_until(deliverer, lambda: len(hook.taken()) == len(made))
    await deliverer.close()

    # The first revision was tried three times (500, no answer in time, 500), then taken; the rest at once.
    first = made[0].revision_id
    assert [r.status for r in hook.received if r.delivery == f"flaky:{first}"] == [500, 504, 500, 200]
    assert sorted(r.delivery for r in hook.taken()) == sorted(f"flaky:{a.revision_id}" for a in made)
    assert [Alert.model_validate(r.body) for r in hook.taken()] == made  # oldest first, the stored revisions
    rows = deliveries.rows("flaky")
    assert {row["status"] for row in rows} == {DELIVERED} and rows[0]["attempts"] == 4
    assert count("flaky", "failed_attempt") - before["failed_attempt"] == 3
    assert count("flaky", "delivered") - before["delivered"] == len(made)
    assert metrics.RECEIVER_PENDING.labels(receiver="flaky")._value.get() == 0

    # Made anew (a restart): recording the same revisions again sends nothing more.
    again = Deliverer(receiver, FAST, Deliveries(Store(db_url)))
    for alert in made:
        again.deliveries.record([receiver.name], alert, utcnow())
    for _ in range(5):
        assert await again.run() == 0
    assert len(hook.received) == len(made) + 3
    await again.close()


async def test_deliveries_pending_when_the_loop_stops_are_sent_by_the_next_one(db_url: str, hook: Hook) -> None:
    store = Store(db_url)
    receiver = Receiver(name="down", url=f"{hook.url}/down", timeout_seconds=0.3)
    hook.then = "fail"
    first = Deliverer(receiver, FAST, Deliveries(store))
    alert = alerts(store)[0]
    first.deliveries.record([receiver.name], alert, utcnow())
    acked = acknowledge(store, alert.id, "duty officer", NOW + timedelta(minutes=1))
    first.deliveries.record([receiver.name], acked, utcnow())
    await run_until(first, lambda: len(hook.received) >= 2)
    await first.close()
    assert hook.taken() == [] and first.deliveries.pending("down") == 2

    hook.then = "ok"  # the receiver is back; so is the worker, with a store opened anew
    second = Deliverer(receiver, FAST, Deliveries(Store(db_url)))
    await run_until(second, lambda: len(hook.taken()) == 2)
    # The Ack revision, never tried, may go before the first one, whose retry was not due yet: receivers keep
    # the highest revision of an alert (and drop repeats by the delivery header).
    assert sorted(r.delivery for r in hook.taken()) == [f"down:{alert.revision_id}", f"down:{acked.revision_id}"]
    for _ in range(3):
        await second.run()
    assert len(hook.taken()) == 2 and second.deliveries.pending("down") == 0
    await second.close()


async def test_a_delivery_failing_past_the_give_up_time_is_given_up(db_url: str, hook: Hook) -> None:
    store = Store(db_url)
    receiver = Receiver(name="gone", url=f"{hook.url}/gone", timeout_seconds=0.3)
    hook.then = "fail"
    deliverer = Deliverer(receiver, Retry(give_up_after_seconds=60), Deliveries(store))
    alert = alerts(store)[0]
    deliverer.deliveries.record([receiver.name], alert, datetime.now(UTC) - timedelta(minutes=2))
    await deliverer.run()
    assert [row["status"] for row in deliverer.deliveries.rows("gone")] == [FAILED]
    assert deliverer.deliveries.pending("gone") == 0
    await deliverer.close()
