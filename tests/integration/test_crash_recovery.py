"""A worker killed with SIGKILL mid-stream and restarted: nothing lost, nothing doubled."""

from __future__ import annotations

import json
import signal
from collections import defaultdict
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from launchwatch.codec import decode
from launchwatch.kafka import ensure_topics, publish
from launchwatch.schemas import Alert, IncidentUpdate
from launchwatch.settings import Settings
from launchwatch.topics import TopicRegistry
from tests.helpers import read_records, running_worker

pytestmark = pytest.mark.integration

INCIDENTS = 334  # three reports each: 1,002 reports
PARTIES = (("rok-jcs", 3), ("japan-mod", 20), ("kcna", 600))  # source, minutes after the launch


def reports() -> list[tuple[str, bytes]]:
    start = datetime(2024, 1, 1, tzinfo=UTC)
    out = []
    for i in range(INCIDENTS):
        launch = start + timedelta(hours=6 * i)
        for source, delay in PARTIES:
            report = {
                "id": f"{source}-{i}",
                "kind": "event",
                "source": source,
                "published_at": (launch + timedelta(minutes=delay)).isoformat(),
                "event": {
                    "event_type": "ballistic_missile_launch",
                    "incident_id": f"inc-crash-{i}",
                    "missile_class": "SRBM",
                    "occurred_at": launch.isoformat(),
                },
            }
            out.append((report["id"], json.dumps(report).encode()))
    return out


def gap_alerts(records: list) -> dict[str, set[str]]:
    """The sharing-gap alert ids published for each incident (the US never reports here: every launch has one)."""
    out: dict[str, set[str]] = defaultdict(set)
    for alert in (decode(Alert, r.value) for r in records):
        if alert.gap is not None:
            out[alert.incident_id].add(alert.id)
    return out


def launch_alerts(records: list) -> list[Alert]:
    """The alerts of the launches themselves (the US never reports here, so sharing-gap alerts come too)."""
    return [a for a in (decode(Alert, r.value) for r in records) if a.gap is None]


@pytest.mark.parametrize("victim", ["matcher", "alerts"])
async def test_sigkill_mid_stream_loses_nothing_and_doubles_nothing(
    settings: Settings, tmp_path: Path, victim: str
) -> None:
    topics = TopicRegistry.from_settings(settings)
    await ensure_topics(settings, topics.all())
    messages = reports()
    expected_alerts = INCIDENTS * 2  # rtw-sharing and unsc-ballistic for every 2024 launch
    others = [role for role in ("ingest", "matcher", "alerts") if role != victim]
    with (
        running_worker(settings, others[0], tmp_path / f"{others[0]}.log"),
        running_worker(settings, others[1], tmp_path / f"{others[1]}.log"),
    ):
        with running_worker(settings, victim, tmp_path / f"{victim}-1.log") as first:
            await publish(settings, topics.reports_raw, messages)
            # Kill it once it is visibly in the middle of the stream.
            await read_records(settings, topics.alerts, lambda rs: len(rs) >= 50, timeout_s=120)
            first.send_signal(signal.SIGKILL)
            first.wait(timeout=10)
        with running_worker(settings, victim, tmp_path / f"{victim}-2.log"):

            def complete(records: list) -> bool:
                final = {(a.id, a.revision) for a in launch_alerts(records)}
                return len(final) >= expected_alerts * 3 and len(gap_alerts(records)) >= INCIDENTS

            alert_records = await read_records(settings, topics.alerts, complete, timeout_s=240)
        event_records = await read_records(settings, topics.events_normalized, lambda rs: len(rs) >= len(messages))

    events = {decode(IncidentUpdate, r.value).event.report_id for r in event_records}
    assert events == {report_id for report_id, _ in messages}, "a report was lost"

    revisions: dict[str, dict[int, str]] = defaultdict(dict)
    per_incident_commitment: dict[tuple[str, str], set[str]] = defaultdict(set)
    for alert in launch_alerts(alert_records):
        per_incident_commitment[(alert.incident_id, alert.commitment_id)].add(alert.id)
        seen = revisions[alert.id].setdefault(alert.revision, alert.event.event_id)
        assert seen == alert.event.event_id, f"{alert.revision_id} published twice with different content"
    assert len(per_incident_commitment) == expected_alerts
    assert all(len(ids) == 1 for ids in per_incident_commitment.values())
    assert all(sorted(r) == [1, 2, 3] for r in revisions.values()), "a revision was lost or doubled"
    final_sources = {a.id: [s.source for s in a.sources] for a in launch_alerts(alert_records) if a.revision == 3}
    assert all(sorted(sources) == sorted(s for s, _ in PARTIES) for sources in final_sources.values())
    # Gap alerts have no input message to be redelivered with: none may be lost with the worker, none doubled.
    gaps = gap_alerts(alert_records)
    assert set(gaps) == {f"inc-crash-{i}" for i in range(INCIDENTS)}
    assert all(len(ids) == 1 for ids in gaps.values())
