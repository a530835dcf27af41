"""The broker unreachable for a while (network cut by a proxy): services survive, nothing is lost."""

from __future__ import annotations

import asyncio
import json
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest

from launchwatch.codec import decode
from launchwatch.kafka import EmbeddedBroker, ensure_topics, free_port, publish
from launchwatch.schemas import Alert, SystemAlert
from launchwatch.settings import Settings
from launchwatch.topics import TopicRegistry
from services.ingest.stream import HTTP_PUBLISH_TIMEOUT_S
from tests.helpers import read_records, running_worker, wait_for, wait_for_async, worker_env
from tests.proxy import TcpProxy

pytestmark = pytest.mark.integration


def report(report_id: str, when: str) -> dict:
    return {
        "id": report_id,
        "kind": "text",
        "source": "rok-jcs",
        "published_at": f"{when}:00+09:00",
        "body": "The JCS said North Korea fired a short-range ballistic missile toward the East Sea at around "
        f"{when[-5:]}.",
    }


@pytest.fixture
async def proxied(tmp_path: Path) -> AsyncIterator[tuple[Settings, TcpProxy]]:
    """A broker that clients reach only through a proxy we can cut."""
    proxy_port = free_port()
    with EmbeddedBroker(advertised=f"127.0.0.1:{proxy_port}") as broker:
        proxy = TcpProxy(proxy_port, broker.port)
        await proxy.start()
        settings = Settings(
            kafka_bootstrap=f"127.0.0.1:{proxy_port}",
            topic_prefix=f"t{uuid.uuid4().hex[:8]}.",
            database_url=f"sqlite:///{tmp_path / 'outage.db'}",
            web_port=0,
        )
        try:
            yield settings, proxy
        finally:
            await proxy.stop()


async def raised_here(port: int, condition: str) -> bool:
    async with aiohttp.ClientSession() as http, http.get(f"http://127.0.0.1:{port}/system-alerts") as answer:
        return any(a["condition"] == condition for a in (await answer.json())["raised"])


async def test_services_ride_out_an_outage_and_file_ingest_waits_for_the_broker(
    proxied: tuple[Settings, TcpProxy], tmp_path: Path
) -> None:
    settings, proxy = proxied
    topics = TopicRegistry.from_settings(settings)
    await ensure_topics(settings, topics.all())
    before = report("jcs-before", "2024-06-26T05:30")
    during = report("jcs-during", "2024-07-01T05:05")
    feed = tmp_path / "during.jsonl"
    feed.write_text(json.dumps(during) + "\n")

    web_port = free_port()
    # Small health bounds: the outage is a system alert within seconds (shown by the worker while the broker is away,
    # on alerts.system once it is back).
    health = {"LAUNCHWATCH_HEALTH_INTERVAL_SECONDS": "0.5", "LAUNCHWATCH_HEALTH_UNREACHABLE_SECONDS": "2"}
    with running_worker(
        settings, "all", tmp_path / "worker.log", LAUNCHWATCH_WEB_PORT=str(web_port), **health
    ) as worker:
        await publish(settings, topics.reports_raw, [(before["id"], json.dumps(before).encode())])
        await read_records(settings, topics.alerts, lambda rs: len(rs) >= 1)

        await proxy.cut()
        # A report posted while the broker is gone is answered 503 within the bound, not left hanging.
        posted = time.monotonic()
        async with (
            aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=60)) as http,
            http.post(f"http://127.0.0.1:{web_port}/reports", json=report("jcs-posted", "2024-06-28T05:30")) as answer,
        ):
            assert answer.status == 503, await answer.text()
            assert (await answer.json())["error"] == "broker_unavailable"
        assert time.monotonic() - posted < HTTP_PUBLISH_TIMEOUT_S + 15
        ingest = subprocess.Popen(
            [sys.executable, "-m", "launchwatch", "ingest", str(feed), "--wait", "120"],
            env=worker_env(settings, LAUNCHWATCH_LOG_LEVEL="WARNING"),
            stderr=subprocess.PIPE,
            text=True,
        )
        assert ingest.stderr is not None
        # The proxy runs on this event loop: blocking calls go to a thread so it keeps serving.
        seen = []
        while line := await asyncio.to_thread(ingest.stderr.readline):  # ends when the process ends
            seen.append(line)
            if "waiting for Kafka" in line:
                break
        assert "waiting for Kafka" in seen[-1], "".join(seen)
        assert ingest.poll() is None, "ingest returned while the broker was unreachable"
        assert worker.poll() is None, "the worker died in the outage"
        worker_log = tmp_path / "worker.log"
        # The worker says once that it lost the broker (its next lag check), not at every retry.
        await wait_for(lambda: "waiting for Kafka at" in worker_log.read_text(), 30, "the worker's 'waiting' line")
        # The worker's own system alert, on its page while nothing can reach the topic.
        await wait_for_async(
            lambda: raised_here(web_port, "broker_unreachable"), 30, "the outage shown as a system alert"
        )

        await proxy.restore()
        _, rest = await asyncio.to_thread(ingest.communicate, timeout=120)
        assert ingest.returncode == 0, rest
        assert "acknowledged by the broker" in rest

        records = await read_records(
            settings,
            topics.alerts,
            lambda rs: any(decode(Alert, r.value).event.report_id == "jcs-during" for r in rs),
            timeout_s=120,
        )
        await wait_for(lambda: worker.poll() is None, 1, "worker still running")
        # Raised, then cleared, on alerts.system once the broker took them.
        await read_records(
            settings,
            topics.system_alerts,
            lambda rs: (
                {(a.condition.value, a.state.value) for a in (decode(SystemAlert, r.value) for r in rs)}
                >= {("broker_unreachable", "raised"), ("broker_unreachable", "cleared")}
            ),
            timeout_s=120,
        )
        back = f"Kafka at {settings.kafka_bootstrap} is back"
        await wait_for(lambda: back in worker_log.read_text(), 30, "the worker's 'back' line")
        lines = worker_log.read_text().splitlines()
        assert sum("waiting for Kafka at" in line for line in lines) == 1
        assert sum(back in line for line in lines) == 1
        # Once the broker is back, SIGTERM stops the worker cleanly within seconds.
        stopping = time.monotonic()
        worker.send_signal(signal.SIGTERM)
        await asyncio.to_thread(worker.wait, 30)
        log = worker_log.read_text()[-3000:]
        assert worker.returncode == 0 and time.monotonic() - stopping < 15, log
    ids = {decode(Alert, r.value).event.report_id for r in records}
    assert ids >= {"jcs-before", "jcs-during"}
