"""`launchwatch ingest` with source formats against the real broker: data-set files and a polled feed.

`main` runs in a thread: it starts its own event loop.
"""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest

from launchwatch.cli import main
from launchwatch.settings import Settings
from launchwatch.topics import TopicRegistry
from tests.conftest import FIXTURES
from tests.helpers import read_records

pytestmark = pytest.mark.integration


@pytest.fixture
def cli_env(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Settings:
    monkeypatch.setenv("KAFKA_BOOTSTRAP", settings.kafka_bootstrap or "")
    monkeypatch.setenv("LAUNCHWATCH_TOPIC_PREFIX", settings.topic_prefix)
    monkeypatch.setenv("LAUNCHWATCH_TOPIC_PARTITIONS", str(settings.topic_partitions))
    return settings


async def test_ingest_a_data_set_file_publishes_every_row_keyed_by_its_id(
    cli_env: Settings, shared_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = shared_dir / "data/japan-mod-launch-reports/launch-reports.jsonl"
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert await asyncio.to_thread(main, ["ingest", "--wait", "30", str(path)]) == 0  # detected: jmod
    assert f"{len(rows)} reports (jmod)" in capsys.readouterr().err
    records = await read_records(cli_env, TopicRegistry.from_settings(cli_env).reports_raw, lambda rs: len(rs) >= 73)
    assert sorted(r.key.decode() for r in records) == sorted(row["id"] for row in rows)
    assert {json.loads(r.value)["source"] for r in records} == {"japan-mod"}


async def test_ingest_a_feed_twice_publishes_its_entries_once(
    cli_env: Settings, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    state = tmp_path / "feeds.json"
    feed = FIXTURES / "feed-atom.xml"
    arguments = ["ingest", "--format", "rss", "--source", "japan-mod", "--state", str(state), str(feed)]
    assert await asyncio.to_thread(main, arguments) == 0
    # Again, as after a restart, and with the format detected: the state file remembers what was published.
    detected = [argument for argument in arguments if argument not in ("--format", "rss")]
    assert await asyncio.to_thread(main, detected) == 0
    err = capsys.readouterr().err
    assert "2 new entries" in err and "0 new entries" in err
    raw = TopicRegistry.from_settings(cli_env).reports_raw
    records = await read_records(cli_env, raw, lambda rs: len(rs) >= 2)
    assert sorted(r.key.decode() for r in records) == ["urn:example:jmod:2023-12-18d", "urn:example:jmod:2023-12-18e"]
    assert json.loads(state.read_text())["feeds"][str(feed)]["seen"] == [
        "urn:example:jmod:2023-12-18d",
        "urn:example:jmod:2023-12-18e",
    ]
