"""Scaling by consumer groups: two matcher workers share the partitions, and no event is matched twice."""

from __future__ import annotations

import json
import urllib.request
from collections import Counter
from pathlib import Path

import pytest

from launchwatch.codec import decode
from launchwatch.kafka import ensure_topics, free_port, publish
from launchwatch.schemas import MatchedEvent
from launchwatch.settings import Settings
from launchwatch.topics import TopicRegistry
from tests.helpers import read_records, running_worker, wait_for

pytestmark = pytest.mark.integration


def assignment(port: int) -> list[str]:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as response:
            return json.loads(response.read())["assignment"]
    except OSError:
        return []


async def test_two_matcher_workers_share_partitions(settings: Settings, tmp_path: Path) -> None:
    settings = settings.model_copy(update={"topic_partitions": 4})
    topics = TopicRegistry.from_settings(settings)
    await ensure_topics(settings, topics.all())
    ports = [free_port(), free_port()]
    with (
        running_worker(settings, "ingest", tmp_path / "ingest.log"),
        running_worker(settings, "matcher", tmp_path / "m1.log", LAUNCHWATCH_WEB_PORT=str(ports[0])),
        running_worker(settings, "matcher", tmp_path / "m2.log", LAUNCHWATCH_WEB_PORT=str(ports[1])),
    ):
        owned: dict[int, list[str]] = {}

        def both_assigned() -> bool:
            for port in ports:
                owned[port] = [p for p in assignment(port) if p.startswith(topics.events_normalized + ":")]
            return all(owned.values()) and sum(len(v) for v in owned.values()) == 4

        await wait_for(both_assigned, 60, "both matcher workers to own partitions of events.normalized")
        assert not set(owned[ports[0]]) & set(owned[ports[1]])

        reports = [
            {
                "id": f"jcs-scale-{i}",
                "kind": "text",
                "source": "rok-jcs",
                "published_at": f"2024-{1 + i % 12:02d}-{1 + i % 27:02d}T12:00:00+09:00",
                "body": f"North Korea fired a short-range ballistic missile at around {1 + i % 11}:{i % 60:02d} a.m.",
            }
            for i in range(60)
        ]
        await publish(settings, topics.reports_raw, [(r["id"], json.dumps(r).encode()) for r in reports])
        records = await read_records(settings, topics.events_matched, lambda rs: len(rs) >= 60)

    matched = [decode(MatchedEvent, r.value) for r in records]
    counts = Counter(m.event.event_id for m in matched)
    assert len(counts) == 60 and max(counts.values()) == 1
    partitions_used = {r.partition for r in records}
    assert len(partitions_used) > 1
