"""Receivers through the real broker: a worker delivers alert revisions to webhooks (a local aiohttp server that
fails, hangs past the timeout and recovers), by route, retried with backoff, none repeated once taken and none
lost across a restart of the worker; a dead receiver holds up neither the alert topics nor the other receivers."""

from __future__ import annotations

import json
from collections import Counter, deque
from pathlib import Path

import aiohttp
import pytest

from launchwatch.codec import decode
from launchwatch.kafka import ensure_topics, free_port, publish
from launchwatch.schemas import Alert, Precedence
from launchwatch.settings import Settings
from launchwatch.storage import Store
from launchwatch.storage.deliveries import DELIVERED, Deliveries
from launchwatch.topics import TopicRegistry
from tests.helpers import read_records, running_worker, wait_for
from tests.integration.test_console_browser import ICBM, JCS
from tests.receiver_hook import FAST_RETRY, Hook

pytestmark = pytest.mark.integration


def receivers_file(path: Path, hook: Hook, dead_port: int) -> Path:
    path.write_text(
        FAST_RETRY
        + f"""
[[receivers]]
name = "floor"
url = "{hook.url}/floor"
timeout_seconds = 3
[[receivers.routes]]
precedence = ["FLASH"]

[[receivers]]
name = "chat"
kind = "slack"
url = "{hook.url}/chat"
timeout_seconds = 3
[[receivers.routes]]
commitments = ["unsc-ballistic"]

[[receivers]]
name = "exercise"
url = "{hook.url}/exercise"
[[receivers.routes]]
namespace = "drill"

[[receivers]]
name = "dead"
url = "http://127.0.0.1:{dead_port}/nobody-listens"
timeout_seconds = 1

[[receivers]]
name = "pulse"
url = "{hook.url}/pulse"
heartbeat_seconds = 60
[[receivers.routes]]
namespace = "drill"
"""
    )
    return path


async def test_webhooks_get_each_revision_once_through_failures_timeouts_and_a_restart(
    settings: Settings, tmp_path: Path
) -> None:
    topics = TopicRegistry.from_settings(settings)
    await ensure_topics(settings, topics.all())
    hook = Hook(hang_s=6.0).start_in_thread()
    hook.plan = deque(["fail", "hang", "fail"])  # the first three requests: 500, no answer in time, 500
    path = receivers_file(tmp_path / "receivers.toml", hook, free_port())
    port = free_port()
    env = {"LAUNCHWATCH_RECEIVERS_FILE": str(path), "LAUNCHWATCH_WEB_PORT": str(port)}

    def taken(receiver: str, revision: int | None = None) -> list:
        return [r for r in hook.taken(f"/{receiver}") if revision is None or r.delivery.endswith(f"#{revision}")]

    try:
        with running_worker(settings, "all", tmp_path / "worker-1.log", **env):
            await publish(settings, topics.reports_raw, [(ICBM["id"], json.dumps(ICBM).encode())])
            # The dead receiver (connection refused) holds up nothing: the topics and the others get theirs.
            first = await read_records(settings, topics.alerts, lambda records: len(records) >= 2)
            flash = {a.id for a in (decode(Alert, r.value) for r in first) if a.precedence == Precedence.FLASH}
            await wait_for(lambda: len(taken("floor")) >= len(flash) and len(taken("chat")) >= 1, 30, "deliveries")
            # A receiver asking for a heartbeat gets one (and no revision: its only route is the drill's).
            await wait_for(lambda: any(r.path == "/pulse" for r in hook.received), 30, "a heartbeat")

            # The receivers go down; a second report revises the alerts; its deliveries fail, then the worker stops.
            hook.then = "fail"
            await publish(settings, topics.reports_raw, [(JCS["id"], json.dumps(JCS).encode())])
            await wait_for(
                lambda: any(r.delivery.endswith("#2") and r.status == 500 for r in hook.received), 30, "a failed try"
            )
            async with aiohttp.ClientSession() as http, http.get(f"http://127.0.0.1:{port}/metrics") as answer:
                exposed = await answer.text()
            assert 'launchwatch_receiver_deliveries_total{outcome="failed_attempt",receiver="floor"}' in exposed
            assert 'launchwatch_receiver_pending{receiver="dead"}' in exposed
        assert taken("floor", 2) == [] and taken("chat", 2) == []

        # Back up, and so is the worker: what was pending is delivered, what was delivered is not sent again.
        hook.then = "ok"
        with running_worker(settings, "all", tmp_path / "worker-2.log", **env):
            await wait_for(lambda: len(taken("floor", 2)) >= len(flash) and len(taken("chat", 2)) >= 1, 60, "rev 2")
            store = Store(settings.database_url)
            deliveries = Deliveries(store)
            await wait_for(
                lambda: {row["status"] for row in deliveries.rows("floor") + deliveries.rows("chat")} == {DELIVERED},
                30,
                "the deliveries marked delivered",
            )
            assert deliveries.pending("dead") >= 2  # still retried, never given up yet
            store.close()
    except AssertionError:
        print("received:", [(r.path, r.delivery, r.status) for r in hook.received])
        raise
    finally:
        hook.stop_thread()

    repeats = {key: n for key, n in Counter(r.delivery for r in hook.taken()).items() if n > 1}
    assert repeats == {}, repeats
    # Each beat went out once, across the restart.
    beats = [r.body["heartbeat"]["beat"] for r in hook.received if r.path == "/pulse"]
    assert beats and len(beats) == len(set(beats))
    assert hook.taken("/exercise") == [] and not any(r.path == "/exercise" for r in hook.received)
    generic = [Alert.model_validate(r.body) for r in taken("floor")]
    assert {a.id for a in generic} == flash and all(a.precedence == Precedence.FLASH for a in generic)
    assert {(a.id, a.revision) for a in generic} == {(alert_id, n) for alert_id in flash for n in (1, 2)}
    chat = taken("chat")
    assert all(set(r.body) == {"text"} and "unsc-ballistic" in r.body["text"] for r in chat)
    # The failed and timed-out attempts were retried with the same delivery id.
    retried = Counter(r.delivery for r in hook.received if r.delivery.endswith("#1"))
    assert max(retried.values()) >= 2
