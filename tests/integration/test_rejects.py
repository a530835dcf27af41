"""Rejects that must not cost other reports: oversized and hostile messages are dead-lettered, all else flows."""

from __future__ import annotations

import base64
import hashlib
import json
import os
from pathlib import Path

import pytest

from launchwatch.codec import decode
from launchwatch.kafka import ensure_topics, publish
from launchwatch.schemas import DEADLETTER_ORIGINAL_MAX_BYTES, DeadLetter, IncidentUpdate
from launchwatch.settings import Settings
from launchwatch.topics import TopicRegistry
from tests.helpers import read_records, running_worker

pytestmark = pytest.mark.integration


def valid(i: int) -> tuple[str, bytes]:
    body = {
        "id": f"after-big-{i}",
        "kind": "event",
        "source": "rok-jcs",
        "published_at": f"2024-07-{i + 1:02d}T05:40:00+09:00",
        "event": {"event_type": "ballistic_missile_launch", "occurred_at": f"2024-07-{i + 1:02d}T05:30:00+09:00"},
    }
    return body["id"], json.dumps(body).encode()


def oversized(size: int, report_id: str) -> bytes:
    """An invalid report (no source) of about `size` bytes of incompressible text."""
    filler = base64.b64encode(os.urandom(size * 3 // 4)).decode()
    return json.dumps({"id": report_id, "kind": "text", "body": filler}).encode()


async def test_large_invalid_reports_are_dead_lettered_in_bounded_form_and_lose_no_other(
    settings: Settings, tmp_path: Path
) -> None:
    topics = TopicRegistry.from_settings(settings)
    await ensure_topics(settings, topics.all())
    # Over the report limit (refused as too large), and under it but invalid: both make dead letters whose
    # whole original (base64 and envelope) would not fit in the producer's 1 MiB request.
    big, bigger = oversized(450_000, "big"), oversized(900_000, "bigger")
    messages = [("big", big), *[valid(i) for i in range(10)], ("bigger", bigger), *[valid(i) for i in range(10, 20)]]
    with running_worker(settings, "ingest", tmp_path / "ingest.log") as worker:
        for message in messages:  # one at a time, so they land in one batch or several, as a feed would
            await publish(settings, topics.reports_raw, [message])
        letters = await read_records(settings, topics.reports_deadletter, lambda rs: len(rs) >= 2)
        events = await read_records(settings, topics.events_normalized, lambda rs: len(rs) >= 20)
        assert worker.poll() is None, (tmp_path / "ingest.log").read_text()[-3000:]

    assert sorted(decode(IncidentUpdate, r.value).event.report_id for r in events) == sorted(
        f"after-big-{i}" for i in range(20)
    )
    by_size = {letter.original_size: letter for letter in (decode(DeadLetter, r.value) for r in letters)}
    assert set(by_size) == {len(big), len(bigger)}
    assert by_size[len(bigger)].reason == "report_too_large"
    assert by_size[len(big)].reason == "validation_error"
    for original in (big, bigger):
        letter = by_size[len(original)]
        assert letter.original_truncated and letter.original_sha256 == hashlib.sha256(original).hexdigest()
        assert base64.b64decode(letter.original_base64) == original[:DEADLETTER_ORIGINAL_MAX_BYTES]
    assert all(len(r.value) < 1_000_000 for r in letters)


async def test_a_tombstone_is_dead_lettered_as_one_not_as_the_text_none(settings: Settings, tmp_path: Path) -> None:
    topics = TopicRegistry.from_settings(settings)
    await ensure_topics(settings, topics.all())
    with running_worker(settings, "ingest", tmp_path / "ingest.log"):
        await publish(settings, topics.reports_raw, [("gone", None)])  # type: ignore[list-item]
        letters = await read_records(settings, topics.reports_deadletter, lambda rs: len(rs) >= 1)
    letter = decode(DeadLetter, letters[0].value)
    assert letter.reason == "empty_message" and letter.original_null
    assert letter.original_base64 == "" and letter.original_size == 0


async def test_a_retraction_of_another_source_s_report_is_refused(settings: Settings, tmp_path: Path) -> None:
    """KCNA cannot withdraw the ROK's report: refused with its reason, the ROK's report and alerts untouched."""
    topics = TopicRegistry.from_settings(settings)
    await ensure_topics(settings, topics.all())
    report_id, report = valid(0)
    meddling = json.loads(report) | {"id": "kcna-1", "source": "kcna", "retracts": report_id}
    with running_worker(settings, "ingest", tmp_path / "ingest.log"):
        await publish(settings, topics.reports_raw, [(report_id, report)])
        await read_records(settings, topics.events_normalized, lambda rs: len(rs) >= 1)
        await publish(settings, topics.reports_raw, [("kcna-1", json.dumps(meddling).encode())])
        letters = await read_records(settings, topics.reports_deadletter, lambda rs: len(rs) >= 1)
    letter = decode(DeadLetter, letters[0].value)
    assert letter.reason == "retraction_of_other_source" and "rok-jcs" in letter.detail
    assert json.loads(base64.b64decode(letter.original_base64))["id"] == "kcna-1"
