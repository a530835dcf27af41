"""Replays and drills through the real broker: isolation, determinism, resume."""

from __future__ import annotations

import json
import math
import signal
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pytest

from launchwatch.codec import decode
from launchwatch.kafka import ensure_topics, publish
from launchwatch.replay import ReplayPlan, read_item, replay_to_kafka
from launchwatch.schemas import Alert, event_id
from launchwatch.settings import Settings
from launchwatch.topics import TopicRegistry
from tests.helpers import read_records, read_to_end, running_worker, wait_for, worker_env

pytestmark = pytest.mark.integration


def text_report(report_id: str, source: str, published_at: str, body: str) -> dict:
    return {"id": report_id, "kind": "text", "source": source, "published_at": published_at, "body": body}


# The 2024-01-14 IRBM (Hwasong-16B), as three sources reported it, and a cruise-missile day.
HISTORY = [
    text_report(
        "jcs-20240114-1",
        "rok-jcs",
        "2024-01-14T15:10:00+09:00",
        "The JCS said North Korea fired an intermediate-range ballistic missile from the Pyongyang area toward the "
        "East Sea at around 2:55 p.m.",
    ),
    text_report(
        "jmod-2024-01-14b",
        "japan-mod",
        "2024-01-14T16:00:00+09:00",
        "North Korea launched one ballistic missile from near Pyongyang at around 2:53 p.m. toward the east. It flew "
        "about 500 km with a maximum altitude of about 50 km and fell outside Japan's exclusive economic zone.",
    ),
    text_report(
        "kcna-20240115-1",
        "kcna",
        "2024-01-15T06:00:00+09:00",
        "The Missile Administration conducted a test-fire of an intermediate-range solid-fuel ballistic missile "
        "loaded with a hypersonic maneuverable controlled warhead at 14:55 on January 14.",
    ),
    text_report(
        "jcs-20240124-1",
        "rok-jcs",
        "2024-01-24T09:00:00+09:00",
        "North Korea fired several cruise missiles over the Yellow Sea at around 7 a.m.",
    ),
]


def write_feed(path: Path, reports: list[dict], extra: bytes = b"") -> Path:
    path.write_bytes(b"\n".join(json.dumps(r).encode() for r in reports) + b"\n" + extra)
    return path


async def test_drill_and_live_side_by_side_never_leak(settings: Settings, tmp_path: Path) -> None:
    drill = settings.with_drill(True)
    live_topics, drill_topics = TopicRegistry.from_settings(settings), TopicRegistry.from_settings(drill)
    await ensure_topics(settings, live_topics.all() + drill_topics.all())
    plan = ReplayPlan.build([read_item(json.dumps(r).encode()) for r in HISTORY] + [read_item(b"{bad")], drill=True)

    with (
        running_worker(settings, "all", tmp_path / "live.log"),
        running_worker(drill, "all", tmp_path / "drill.log"),
    ):
        live_report = text_report(
            "jcs-live-1",
            "rok-jcs",
            "2024-05-30T06:30:00+09:00",
            "North Korea fired about 18 short-range ballistic missiles toward the East Sea at around 6:14 a.m.",
        )
        await publish(settings, live_topics.reports_raw, [(live_report["id"], json.dumps(live_report).encode())])
        # A drill-marked report sent to a live topic by mistake is refused, not processed.
        stray = HISTORY[0] | {"id": "stray-drill", "drill": True}
        await publish(settings, live_topics.reports_raw, [("stray-drill", json.dumps(stray).encode())])
        await replay_to_kafka(drill, plan, math.inf, show_progress=False)

        live_alerts = await read_records(settings, live_topics.alerts, lambda rs: len(rs) >= 2)
        drill_alerts = await read_records(
            drill, drill_topics.alerts, lambda rs: {decode(Alert, r.value).revision for r in rs} >= {1, 2, 3}
        )
        await read_records(settings, live_topics.reports_deadletter, lambda rs: len(rs) >= 1)
        await read_records(drill, drill_topics.reports_deadletter, lambda rs: len(rs) >= 1)
        # The drill's counts: on its own metrics.counts, from tables whose changelogs are in the drill namespace.
        await read_records(
            drill, drill_topics.metrics_counts, lambda rs: any(b"ROK/rok-jcs:year:2024" in r.key for r in rs)
        )

    assert all(not decode(Alert, r.value).drill for r in live_alerts)
    assert all(decode(Alert, r.value).drill for r in drill_alerts)
    assert all(decode(Alert, r.value).headline.startswith("EXERCISE EXERCISE EXERCISE") for r in drill_alerts)

    live_ids = {"jcs-live-1", "stray-drill"}
    drill_ids = {r["id"] for r in HISTORY}
    live_messages = await read_to_end(settings, live_topics.all())
    drill_messages = await read_to_end(drill, drill_topics.all())
    for topic, values in live_messages.items():
        for value in values:
            text = value.decode(errors="replace")
            assert not any(i in text for i in drill_ids), f"drill report on live topic {topic}"
            if topic != live_topics.reports_raw and topic != live_topics.reports_deadletter:
                assert json.loads(value)["drill"] is False, f"drill message on live topic {topic}"
    for topic, values in drill_messages.items():
        for value in values:
            text = value.decode(errors="replace")
            assert not any(i in text for i in live_ids), f"live report on drill topic {topic}"
            if topic not in (drill_topics.reports_raw,):
                assert json.loads(value)["drill"] is True, f"live message on drill topic {topic}"
    drill_events = {event_id(r["source"], r["id"]) for r in HISTORY}
    drill_state = await read_to_end(drill, drill_topics.changelogs())
    assert any(drill_state.values())
    live_state = await read_to_end(settings, live_topics.changelogs())
    assert not any(e in value.decode() for values in live_state.values() for value in values for e in drill_events)
    stray_letters = [json.loads(v) for v in live_messages[live_topics.reports_deadletter]]
    assert any(letter["reason"] == "drill_on_live_topic" for letter in stray_letters)


async def _replay_alerts(settings: Settings, tmp_path: Path, name: str) -> list[tuple[str, str, int]]:
    topics = TopicRegistry.from_settings(settings)
    await ensure_topics(settings, topics.all())
    plan = ReplayPlan.build([read_item(json.dumps(r).encode()) for r in HISTORY], drill=False)
    with running_worker(settings, "all", tmp_path / f"{name}.log"):
        await replay_to_kafka(settings, plan, math.inf, show_progress=False)
        records = await read_records(settings, topics.alerts, lambda rs: len(rs) >= 6)
    return [(a.incident_id, a.id, a.revision) for a in (decode(Alert, r.value) for r in records)]


async def test_the_same_replay_twice_gives_the_same_alerts(settings: Settings, tmp_path: Path) -> None:
    second = settings.model_copy(
        update={"topic_prefix": settings.topic_prefix + "again.", "database_url": f"sqlite:///{tmp_path / 'b.db'}"}
    )
    first_run = await _replay_alerts(settings, tmp_path, "first")
    second_run = await _replay_alerts(second, tmp_path, "second")

    def per_incident(run: list[tuple[str, str, int]]) -> dict[str, list[tuple[str, int]]]:
        grouped: dict[str, list[tuple[str, int]]] = defaultdict(list)
        for incident, alert, revision in run:
            grouped[incident].append((alert, revision))
        return dict(grouped)

    assert per_incident(first_run) == per_incident(second_run)
    assert sorted(r for _, _, r in first_run) == [1, 1, 2, 2, 3, 3]  # two commitments, three reports


async def test_interrupted_replay_resumes_without_duplicates(settings: Settings, tmp_path: Path) -> None:
    topics = TopicRegistry.from_settings(settings)
    await ensure_topics(settings, topics.all())
    feed = write_feed(tmp_path / "feed.jsonl", HISTORY[:3])
    command = [sys.executable, "-m", "launchwatch", "replay", str(feed), "--checkpoint", str(tmp_path / "cp.json")]
    env = worker_env(settings)
    # 2024-01-14 15:10 → 16:00 → next day 06:00 at 600x: about 5 s, then 84 s between reports.
    replay = subprocess.Popen([*command, "--speed", "600"], env=env, stderr=subprocess.PIPE)
    await read_records(settings, topics.reports_raw, lambda rs: len(rs) >= 1)
    replay.send_signal(signal.SIGINT)
    assert replay.wait(timeout=30) == 130
    saved = json.loads((tmp_path / "cp.json").read_text())
    assert 1 <= saved["next"] < 3

    resumed = subprocess.run([*command, "--speed", "max", "--resume"], env=env, capture_output=True, timeout=60)
    assert resumed.returncode == 0, resumed.stderr.decode()
    assert "already sent" in resumed.stderr.decode()
    raw = await read_records(settings, topics.reports_raw, lambda rs: len(rs) >= 3)
    assert sorted(json.loads(r.value)["id"] for r in raw) == sorted(r["id"] for r in HISTORY[:3])

    with running_worker(settings, "all", tmp_path / "worker.log") as worker:
        records = await read_records(settings, topics.alerts, lambda rs: len(rs) >= 6)
        await wait_for(lambda: worker.poll() is None, 1, "worker alive")
    revisions = [(a.id, a.revision) for a in (decode(Alert, r.value) for r in records)]
    assert len(revisions) == len(set(revisions)) == 6
