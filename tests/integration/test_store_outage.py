"""The database unreachable for a while (PostgreSQL behind a proxy we cut): partitions wait, nothing is parked."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from aiokafka import ConsumerRecord

from launchwatch.codec import decode
from launchwatch.kafka import consumer, ensure_topics, publish, topic_partitions
from launchwatch.schemas import Alert
from launchwatch.settings import Settings
from launchwatch.topics import TopicRegistry
from tests.helpers import read_records, running_worker, wait_for
from tests.proxy import TcpProxy

pytestmark = pytest.mark.integration


def report(report_id: str, day: int) -> tuple[str, bytes]:
    body = {
        "id": report_id,
        "kind": "event",
        "source": "rok-jcs",
        "published_at": f"2024-06-{day:02d}T05:40:00+09:00",
        "event": {
            "event_type": "ballistic_missile_launch",
            "missile_class": "SRBM",
            "occurred_at": f"2024-06-{day:02d}T05:30:00+09:00",
        },
    }
    return report_id, json.dumps(body).encode()


async def dead_letter_count(settings: Settings, topic: str) -> int:
    reader = consumer(settings, enable_auto_commit=False)
    await reader.start()
    try:
        partitions = await topic_partitions(reader, [topic])
        ends = await reader.end_offsets(partitions)
        return sum(ends.values())
    finally:
        await reader.stop()


async def test_workers_wait_for_the_database_and_park_nothing(
    settings: Settings, proxied_database: tuple[str, TcpProxy], tmp_path: Path
) -> None:
    url, proxy = proxied_database
    settings = settings.model_copy(update={"database_url": url})
    topics = TopicRegistry.from_settings(settings)
    await ensure_topics(settings, topics.all())
    log_path = tmp_path / "worker.log"

    def has_alert_of(report_id: str) -> Callable[[list[ConsumerRecord]], bool]:
        return lambda records: any(decode(Alert, r.value).event.report_id == report_id for r in records)

    with running_worker(settings, "all", log_path) as worker:
        await publish(settings, topics.reports_raw, [report("jcs-before", 1)])
        await read_records(settings, topics.alerts, has_alert_of("jcs-before"), timeout_s=120)

        await proxy.cut()
        await publish(settings, topics.reports_raw, [report("jcs-during", 5)])
        await wait_for(lambda: "the store is unavailable" in log_path.read_text(), 60, "the worker to notice")
        assert worker.poll() is None, "the worker died while the database was down"

        await proxy.restore()
        records = await read_records(settings, topics.alerts, has_alert_of("jcs-during"), timeout_s=120)
        assert worker.poll() is None

    assert {decode(Alert, r.value).event.report_id for r in records} >= {"jcs-before", "jcs-during"}
    assert await dead_letter_count(settings, topics.reports_deadletter) == 0, "a report was parked for a database fault"
