"""`launchwatch up --once`: the main job, as a user runs it, on the embedded broker it starts itself."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.integration


def up_once(feed: Path, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    """`launchwatch up --once --feed FEED` as a user runs it: its own embedded broker and a fresh store."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KAFKA_", "LAUNCHWATCH_"))}
    env |= {"LAUNCHWATCH_DATABASE_URL": f"sqlite:///{tmp_path / 'up.db'}", "LAUNCHWATCH_WEB_PORT": "0"}
    result = subprocess.run(
        [sys.executable, "-m", "launchwatch", "up", "--once", "--feed", str(feed), "--timeout", "90"],
        env=env,
        capture_output=True,
        text=True,
        timeout=150,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result


def test_up_once_prints_alerts_and_a_summary(tmp_path: Path) -> None:
    feed = tmp_path / "feed.jsonl"
    reports = [
        {
            "id": "jmod-2022-10-04a",
            "kind": "text",
            "source": "japan-mod",
            "published_at": "2022-10-04T08:30:00+09:00",
            "body": "North Korea launched one ballistic missile from inland at around 7:22 a.m. toward the east. "
            "It passed over Japan (Aomori Prefecture) and fell in the Pacific outside Japan's EEZ.",
        },
        {
            "id": "jcs-20221004-1",
            "kind": "text",
            "source": "rok-jcs",
            "published_at": "2022-10-04T07:45:00+09:00",
            "body": "The JCS said North Korea fired an intermediate-range ballistic missile from Mupyong-ri, Jagang "
            "Province, at around 7:23 a.m.",
        },
    ]
    feed.write_text("\n".join(json.dumps(r) for r in reports) + "\nnot a report\n")
    result = up_once(feed, tmp_path)
    out = result.stdout
    assert "FLASH" in out and "unsc-ballistic" in out and "Update rev 2" in out
    assert "reports published: 3" in out
    assert "dead-lettered:     1 (invalid_json: 1)" in out
    assert "alerts:            1 (in 2 revisions)" in out
    assert "embedded broker on 127.0.0.1:" in result.stderr


def test_up_once_summary_has_the_sharing_gaps_of_the_feed(tmp_path: Path) -> None:
    # A 2024 launch only the ROK reports, then a report a day later: by then Japan and the US are late.
    reports = [
        {
            "id": "jcs-20240114",
            "kind": "event",
            "source": "rok-jcs",
            "published_at": "2024-01-14T14:55:00+09:00",
            "event": {"event_type": "ballistic_missile_launch", "occurred_at": "2024-01-14T14:55:00+09:00"},
        },
        {
            "id": "jcs-20240115",
            "kind": "event",
            "source": "rok-jcs",
            "published_at": "2024-01-15T10:00:00+09:00",
            "event": {"event_type": "artillery_fire", "occurred_at": "2024-01-15T09:00:00+09:00"},
        },
    ]
    feed = tmp_path / "feed.jsonl"
    feed.write_text("\n".join(json.dumps(r) for r in reports) + "\n")
    result = up_once(feed, tmp_path)
    assert "sharing gaps:      1" in result.stdout, result.stdout[-3000:]
