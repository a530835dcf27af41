"""Heartbeats to receivers: each beat goes out once whatever the workers and restarts (the store says who sends
it), on a clock the test moves; the bodies for a webhook, Slack and email; which receivers may have one."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from pydantic import ValidationError

from launchwatch import metrics
from launchwatch.storage import Store
from launchwatch.storage.deliveries import Heartbeats
from services.alerts.mail import Smtp
from services.alerts.receivers import Heartbeat, Receiver, heartbeat_body, send_heartbeat
from tests.receiver_hook import Hook, captured_mail

START = datetime(2026, 12, 6, 12, 0, 0, tzinfo=UTC)


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


async def test_each_beat_goes_out_once_from_whichever_worker_asks_first_and_not_again_after_a_restart(
    tmp_path: Path,
) -> None:
    hook = await Hook().start()
    url = f"sqlite:///{tmp_path / 'store.db'}"
    receiver = Receiver(name="floor", url=f"{hook.url}/beat", heartbeat_seconds=60)
    clock = Clock(START)
    workers = [Heartbeat(receiver, Heartbeats(Store(url)), clock) for _ in range(2)]
    try:
        # Two workers, many rounds within one beat: one request.
        sent = [await worker.run() for _ in range(3) for worker in workers]
        assert sent.count(True) == 1 and len(hook.taken("/beat")) == 1
        # The next beat: one more, from either worker.
        clock.now = START + timedelta(seconds=60)
        sent = [await worker.run() for _ in range(3) for worker in workers]
        assert sent.count(True) == 1 and len(hook.taken("/beat")) == 2
        # A worker made anew within that beat (a restart) sends nothing.
        again = Heartbeat(receiver, Heartbeats(Store(url)), clock)
        assert await again.run() is False
        await again.close()
    finally:
        for worker in workers:
            await worker.close()
        await hook.stop()
    beats = [r.body["heartbeat"]["beat"] for r in hook.taken("/beat")]
    assert beats == [int(START.timestamp() // 60), int(START.timestamp() // 60) + 1]
    assert {r.delivery for r in hook.taken("/beat")} == {f"floor:heartbeat#{b}" for b in beats}


async def test_a_beat_that_fails_is_not_sent_again_and_the_next_one_is(tmp_path: Path) -> None:
    hook = await Hook(then="fail").start()
    receiver = Receiver(name="flaky-beat", url=f"{hook.url}/beat", heartbeat_seconds=60, timeout_seconds=1)
    clock = Clock(START)
    heart = Heartbeat(receiver, Heartbeats(Store(f"sqlite:///{tmp_path / 'store.db'}")), clock)

    def counted(outcome: str) -> float:
        return metrics.RECEIVER_HEARTBEATS.labels(receiver="flaky-beat", outcome=outcome)._value.get()

    try:
        assert await heart.run() is False and await heart.run() is False
        assert len(hook.received) == 1
        hook.then = "ok"
        clock.now = START + timedelta(seconds=61)
        assert await heart.run() is True
    finally:
        await heart.close()
        await hook.stop()
    assert [r.status for r in hook.received] == [500, 200]
    assert (counted("failed"), counted("sent")) == (1, 1)


def test_bodies_for_a_webhook_and_slack() -> None:
    webhook = Receiver(name="w", url="http://h", heartbeat_seconds=300)
    body = json.loads(heartbeat_body(webhook, 7, START))["heartbeat"]
    assert body["beat"] == 7 and body["interval_seconds"] == 300 and body["receiver"] == "w"
    assert body["sent_at"] == START.isoformat()
    slack = json.loads(
        heartbeat_body(Receiver(name="s", kind="slack", url="http://h", heartbeat_seconds=300), 7, START)
    )
    assert slack["text"].startswith("*HEARTBEAT*") and "one every 300 s" in slack["text"]


async def test_an_email_heartbeat_says_what_its_stopping_means(monkeypatch: pytest.MonkeyPatch) -> None:
    sent = captured_mail(monkeypatch)
    smtp = Smtp(host="h", sender="lw@example.org", to=("floor@example.org",))
    receiver = Receiver(name="mail", kind="email", smtp=smtp, heartbeat_seconds=3600)
    assert await send_heartbeat(None, receiver, 9, START) == "taken"  # type: ignore[arg-type]
    [message] = sent
    assert message["Subject"] == "[HEARTBEAT] launchwatch is running"
    assert message["X-Launchwatch-Delivery"] == "mail:heartbeat#9"
    assert "If these stop coming" in message.get_body(("plain",)).get_content()


def test_which_receivers_may_beat_and_how_often() -> None:
    with pytest.raises(ValidationError, match="a pagerduty receiver takes no heartbeat"):
        Receiver(name="p", kind="pagerduty", routing_key="k", heartbeat_seconds=300)
    with pytest.raises(ValidationError, match="greater than or equal to 60"):
        Receiver(name="w", url="http://h", heartbeat_seconds=5)
