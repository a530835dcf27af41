"""`POST /reports` on a running ingest worker: accepted reports reach reports.raw and become events."""

from __future__ import annotations

import asyncio
import json
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from launchwatch.codec import decode
from launchwatch.kafka import ensure_topics, free_port
from launchwatch.schemas import IncidentUpdate
from launchwatch.settings import Settings
from launchwatch.topics import TopicRegistry
from tests.helpers import closed_unanswered, read_records, running_worker, stalled_post, wait_for

pytestmark = pytest.mark.integration

TOKEN = "integration-token-7f3a"


def post(port: int, body: bytes, token: str | None = TOKEN) -> tuple[int, dict[str, Any]]:
    request = urllib.request.Request(f"http://127.0.0.1:{port}/reports", data=body, method="POST")
    request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read())


def healthy(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as response:
            return bool(json.loads(response.read())["assignment"])
    except OSError:
        return False


def report(report_id: str, **changes: object) -> dict[str, object]:
    value: dict[str, object] = {
        "id": report_id,
        "kind": "text",
        "source": "rok-jcs",
        "published_at": "2023-12-18T08:38:00+09:00",
        "body": "North Korea fired a long-range ballistic missile from the Pyongyang area at around 8:24 a.m.",
    }
    return value | changes


async def test_posted_reports_reach_reports_raw_and_events(settings: Settings, tmp_path: Path) -> None:
    topics = TopicRegistry.from_settings(settings)
    await ensure_topics(settings, topics.all())
    port = free_port()
    log_path = tmp_path / "ingest.log"
    with running_worker(
        settings,
        "ingest",
        log_path,
        LAUNCHWATCH_WEB_PORT=str(port),
        LAUNCHWATCH_API_TOKEN=TOKEN,
        LAUNCHWATCH_HTTP_MAX_BODY_BYTES="4096",
        LAUNCHWATCH_HTTP_BODY_TIMEOUT_SECONDS="1",
        LAUNCHWATCH_HTTP_HEADER_TIMEOUT_SECONDS="1",
    ):
        await wait_for(lambda: healthy(port), 60, "the ingest worker to serve /healthz with its partitions")

        async def send(body: bytes, token: str | None = TOKEN) -> tuple[int, dict[str, Any]]:
            return await asyncio.to_thread(post, port, body, token)

        status, body = await send(json.dumps(report("http-0")).encode(), token=None)
        assert status == 401 and body["error"] == "unauthorized"
        status, body = await send(json.dumps(report("http-0")).encode(), token="wrong")
        assert status == 401
        status, body = await send(json.dumps([report("http-bad"), report("http-bad-2", published_at="x")]).encode())
        assert status == 400 and body["error"] == "invalid_reports" and body["reports"][0]["index"] == 1
        status, body = await send(json.dumps(report("http-big", body="x" * 5000)).encode())
        assert status == 413 and body["error"] == "body_too_large"

        # A body that stops half way is answered 408 once the timeout passes, not left hanging.
        assert "408" in await asyncio.to_thread(stalled_post, port, "/reports", TOKEN)
        # Headers that stop half way are not waited for past the header timeout: the worker closes the connection.
        head = f"POST /reports HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {TOKEN}\r\n".encode()
        assert await asyncio.to_thread(closed_unanswered, port, head, 30), "unfinished headers were left open"

        status, body = await send(json.dumps([report("http-1"), report("http-2", source="japan-mod")]).encode())
        assert status == 202 and body == {"accepted": ["http-1", "http-2"]}
        status, body = await send(json.dumps(report("http-3")).encode())
        assert status == 202 and body == {"accepted": ["http-3"]}

        accepted = {"http-1", "http-2", "http-3"}
        raw = await read_records(
            settings, topics.reports_raw, lambda rs: accepted <= {r.key.decode() for r in rs if r.key}
        )
        events = await read_records(
            settings,
            topics.events_normalized,
            lambda rs: accepted <= {decode(IncidentUpdate, r.value).event.report_id for r in rs},
        )

    raw_ids = [record.key.decode() for record in raw if record.key]
    assert sorted(raw_ids) == sorted(accepted), "rejected requests published nothing"
    assert json.loads(next(r.value for r in raw if r.key == b"http-2"))["source"] == "japan-mod"
    by_report = {e.report_id: e for e in (decode(IncidentUpdate, r.value).event for r in events)}
    assert by_report["http-1"].event_type == "ballistic_missile_launch" and by_report["http-1"].party == "ROK"
    assert by_report["http-2"].party == "Japan"
    assert TOKEN not in log_path.read_text(errors="replace")
