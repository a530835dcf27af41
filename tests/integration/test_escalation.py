"""Escalation through the real brokers and PostgreSQL: two alerts workers, one killed with SIGKILL mid-escalation;
the other takes over, every notice is taken once, in order, and reaches the receiver (a repeat only with the same
delivery key, as a delivery may repeat when its worker is killed between sending it and marking it sent)."""

from __future__ import annotations

import json
import signal
import time
from collections import Counter
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from launchwatch.kafka import ensure_topics, publish
from launchwatch.schemas import utcnow
from launchwatch.settings import Settings
from launchwatch.storage import Store
from launchwatch.storage.escalations import Escalations
from launchwatch.topics import TopicRegistry
from tests.helpers import running_worker, wait_for
from tests.integration.test_console_browser import ICBM
from tests.receiver_hook import Hook, escalation_file

pytestmark = pytest.mark.integration


async def test_two_alerts_workers_and_a_sigkill_take_every_notice_once(
    settings: Settings, postgres_url: str, tmp_path: Path
) -> None:
    settings = settings.model_copy(update={"database_url": postgres_url})
    topics = TopicRegistry.from_settings(settings)
    await ensure_topics(settings, topics.all())
    hook = Hook().start_in_thread()
    # The duty officer is told a second after a FLASH is raised, then every two seconds until it is acknowledged.
    path = escalation_file(tmp_path / "receivers.toml", hook, 2, [(1, None), (2, 2)], fast=True)
    env = {"LAUNCHWATCH_RECEIVERS_FILE": str(path)}

    def keys() -> list[str]:
        return [r.delivery for r in hook.taken("/duty")]

    try:
        with (
            running_worker(settings, "all", tmp_path / "worker-1.log", **env) as first,
            running_worker(settings, "all", tmp_path / "worker-2.log", **env),
        ):
            await publish(settings, topics.reports_raw, [(ICBM["id"], json.dumps(ICBM).encode())])
            await wait_for(lambda: len(set(keys())) >= 3, 90, "three escalation notices")
            first.send_signal(signal.SIGKILL)
            first.wait(timeout=10)
            killed_at = utcnow()
            before = len(set(keys()))
            started = time.monotonic()
            await wait_for(lambda: len(set(keys())) >= before + 3, 60, "notices from the other worker")
            print(f"three more notices {time.monotonic() - started:.1f} s after the SIGKILL")
            settled = utcnow() - timedelta(seconds=3)
            store = Store(settings.database_url)
            alert_ids = sorted({r.body["alert"]["id"] for r in hook.taken("/duty")})
            recorded = Escalations(store).notices(alert_ids)
            store.close()
            # Every notice taken a while ago reaches the receiver, with its own key: one whose delivery the killed
            # worker had claimed is due again when the claim's lease ends (the receiver's timeout and 10 s).
            taken = {
                f"duty:{alert_id}#{n['revision']}/escalation/flash/1/{n['step']}.{n['repeat']}"
                for alert_id, notices in recorded.items()
                for n in notices
                if datetime.fromisoformat(n["taken_at"]) < settled
            }
            await wait_for(lambda: taken <= set(keys()), 60, f"every notice taken to be delivered: {sorted(taken)}")
    except AssertionError:
        print("received:", [(r.path, r.delivery, r.status) for r in hook.received])
        raise
    finally:
        hook.stop_thread()

    received = set(keys())
    for notices in recorded.values():
        order = [(n["step"], n["repeat"]) for n in notices]
        # In order, none twice: the first step, then the second and its repeats (numbers may jump past repeats
        # missed while no worker ran, never back).
        assert order[:2] == [(1, 0), (2, 0)] and order == sorted(set(order)), order
        assert all(n["arming"] == 1 and n["receivers"] == ["duty"] for n in notices)
    assert taken <= received, sorted(taken - received)
    after_kill = [n for ns in recorded.values() for n in ns if datetime.fromisoformat(n["taken_at"]) > killed_at]
    assert after_kill, "no notice taken after the kill"
    # A notice repeats only as a delivery can (sent, then the worker killed before marking it): same key, once.
    repeats = {key: n for key, n in Counter(keys()).items() if n > 1}
    assert len(repeats) <= 1 and all(n == 2 for n in repeats.values()), repeats
    assert all(r.body["escalation"]["policy"] == "flash" for r in hook.taken("/duty"))
