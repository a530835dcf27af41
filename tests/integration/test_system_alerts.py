"""System alerts through the real broker and real workers: a role no worker runs, the store away (PostgreSQL behind a
proxy we cut) with the backlog it holds up, and a feed poller failing are each raised on `alerts.system`, kept and
shown by the alerts worker, sent to a receiver that asks for them, and cleared when the cause ends. Bounds are
seconds here (minutes in production), so every test waits on conditions with deadlines."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path

import aiohttp
import pytest
from aiohttp import web
from aiokafka import ConsumerRecord

from launchwatch.codec import decode
from launchwatch.kafka import ensure_topics, free_port, publish
from launchwatch.schemas import SystemAlert
from launchwatch.settings import Settings
from launchwatch.topics import TopicRegistry
from tests.helpers import read_records, running_worker, wait_for, wait_for_async, worker_env
from tests.proxy import TcpProxy
from tests.receiver_hook import Hook

pytestmark = pytest.mark.integration

#: Small bounds, so that each cause is raised within seconds.
FAST_HEALTH = {
    "LAUNCHWATCH_HEALTH_INTERVAL_SECONDS": "0.5",
    "LAUNCHWATCH_HEALTH_ROLE_MISSING_SECONDS": "2",
    "LAUNCHWATCH_HEALTH_UNREACHABLE_SECONDS": "2",
    "LAUNCHWATCH_HEALTH_LAG_SECONDS": "3",
    "LAUNCHWATCH_HEALTH_POLLER_FAILING_SECONDS": "1",
}


def changes(records: list[ConsumerRecord]) -> list[tuple[str, str]]:
    """(id, state) of each change on `alerts.system`: a raise sent again is not one (one id, one partition: in
    order)."""
    out: list[tuple[str, str]] = []
    last: dict[str, str] = {}
    for record in records:
        alert = decode(SystemAlert, record.value)
        if last.get(alert.id) != alert.state.value:
            last[alert.id] = alert.state.value
            out.append((alert.id, alert.state.value))
    return out


def has(*wanted: tuple[str, str]) -> Callable[[list[ConsumerRecord]], bool]:
    def holds(records: list[ConsumerRecord]) -> bool:
        found = {(decode(SystemAlert, r.value).id, decode(SystemAlert, r.value).state.value) for r in records}
        return set(wanted) <= found

    return holds


async def test_a_role_no_worker_runs_is_raised_shown_sent_and_cleared_when_one_starts(
    settings: Settings, tmp_path: Path
) -> None:
    topics = TopicRegistry.from_settings(settings)
    await ensure_topics(settings, topics.all())
    hook = Hook().start_in_thread()
    path = tmp_path / "receivers.toml"
    path.write_text(f'[[receivers]]\nname = "ops"\nurl = "{hook.url}/ops"\nsystem_alerts = true\n')
    port = free_port()
    env = FAST_HEALTH | {"LAUNCHWATCH_RECEIVERS_FILE": str(path), "LAUNCHWATCH_WEB_PORT": str(port)}
    missing = ("system:role_missing:matcher", "raised")
    back = ("system:role_missing:matcher", "cleared")
    try:
        with running_worker(settings, "alerts", tmp_path / "alerts.log", **env) as alerts:
            await read_records(settings, topics.system_alerts, has(missing), timeout_s=120)

            # Kept by the alerts worker: on its page, and sent to the receiver asking for them, once.
            async def shown() -> dict:
                async with (
                    aiohttp.ClientSession() as session,
                    session.get(f"http://127.0.0.1:{port}/system-alerts") as answer,
                ):
                    return await answer.json()

            page: dict = {}

            async def page_lists_matcher() -> bool:
                nonlocal page
                page = await shown()
                return "matcher" in {a["subject"] for a in page["raised"]}

            await wait_for_async(page_lists_matcher, 60, "the page to list the missing matcher")
            assert {a["subject"] for a in page["raised"]} >= {"matcher", "ingest", "counts"}
            await wait_for(
                lambda: any(r.body["system_alert"]["id"] == missing[0] for r in hook.taken("/ops")),
                60,
                "the receiver to be told",
            )

            with running_worker(settings, "matcher", tmp_path / "matcher.log", **FAST_HEALTH):
                records = await read_records(settings, topics.system_alerts, has(missing, back), timeout_s=120)
                await wait_for_async(
                    lambda: _not_listed(shown, "matcher"), 60, "the page to drop the matcher from what is raised"
                )
                await wait_for(
                    lambda: (
                        [
                            r.body["system_alert"]["state"]
                            for r in hook.taken("/ops")
                            if r.body["system_alert"]["id"] == missing[0]
                        ]
                        == ["raised", "cleared"]
                    ),
                    60,
                    "the receiver to be told of the clear",
                )
            assert alerts.poll() is None
    finally:
        hook.stop_thread()
    # Raised once, then cleared: the alerts worker's resends are the same raise.
    assert [c for c in changes(records) if c[0] == missing[0]] == [missing, back]


async def _not_listed(shown: Callable[[], Awaitable[dict]], subject: str) -> bool:
    return subject not in {a["subject"] for a in (await shown())["raised"]}


async def test_the_store_away_and_the_backlog_it_holds_up_are_raised_then_cleared_when_it_is_back(
    settings: Settings, proxied_database: tuple[str, TcpProxy], tmp_path: Path
) -> None:
    url, proxy = proxied_database
    settings = settings.model_copy(update={"database_url": url})
    topics = TopicRegistry.from_settings(settings)
    await ensure_topics(settings, topics.all())
    report = {
        "id": "jcs-during-outage",
        "kind": "event",
        "source": "rok-jcs",
        "published_at": "2024-06-05T05:40:00+09:00",
        "event": {"event_type": "ballistic_missile_launch", "occurred_at": "2024-06-05T05:30:00+09:00"},
    }
    with running_worker(settings, "all", tmp_path / "worker.log", **FAST_HEALTH) as worker:
        # The worker is up and has said so (a role seen): then the store goes away with a report waiting.
        await wait_for(lambda: "running (web on" in (tmp_path / "worker.log").read_text(), 120, "the worker to start")
        await proxy.cut()
        await publish(settings, topics.reports_raw, [(report["id"], json.dumps(report).encode())])
        records = await read_records(
            settings, topics.system_alerts, has_condition_raised("store_unreachable", "consumer_lag"), 120
        )
        lagging = next(
            decode(SystemAlert, r.value) for r in records if decode(SystemAlert, r.value).condition == "consumer_lag"
        )
        assert lagging.subject == f"{topics.group('all')}/reports.raw"
        await proxy.restore()
        records = await read_records(
            settings, topics.system_alerts, has_condition_cleared("store_unreachable", "consumer_lag"), 120
        )
        assert worker.poll() is None
    ids = {decode(SystemAlert, r.value).id for r in records}
    assert all(
        i.startswith(("system:store_unreachable:", "system:consumer_lag:", "system:role_missing:")) for i in ids
    ), ids


def has_condition_raised(*conditions: str) -> Callable[[list[ConsumerRecord]], bool]:
    return lambda records: (
        set(conditions)
        <= {a.condition.value for a in (decode(SystemAlert, r.value) for r in records) if a.state == "raised"}
    )


def has_condition_cleared(*conditions: str) -> Callable[[list[ConsumerRecord]], bool]:
    return lambda records: (
        set(conditions)
        <= {a.condition.value for a in (decode(SystemAlert, r.value) for r in records) if a.state == "cleared"}
    )


RSS = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><link>http://x</link>
<description>d</description><item><title>North Korea fires ballistic missile</title><link>http://x/1</link>
<guid>item-1</guid><pubDate>Wed, 05 Jun 2024 06:00:00 +0900</pubDate>
<description>The JCS said North Korea fired a ballistic missile.</description></item></channel></rss>"""


async def test_a_feed_poller_failing_raises_and_its_next_good_poll_clears(settings: Settings, tmp_path: Path) -> None:
    topics = TopicRegistry.from_settings(settings)
    await ensure_topics(settings, topics.all())
    failing = True

    async def feed(request: web.Request) -> web.Response:
        if failing:
            return web.Response(status=503, text="down for maintenance")
        return web.Response(body=RSS, content_type="application/rss+xml")

    app = web.Application()
    app.router.add_get("/feed.xml", feed)
    runner = web.AppRunner(app)
    await runner.setup()
    port = free_port()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    url = f"http://127.0.0.1:{port}/feed.xml"
    subject = f"system:poller_failing:{url}"
    log_path = tmp_path / "poller.log"
    try:
        with open(log_path, "wb") as log:
            poller = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "launchwatch",
                    "ingest",
                    f"{url}?token=hidden",
                    "--poll",
                    "0.3",
                    "--state",
                    str(tmp_path / "state.json"),
                    "--source",
                    "yonhap",
                ],
                env=worker_env(settings, **FAST_HEALTH),
                stdout=log,
                stderr=subprocess.STDOUT,
            )
            try:
                records = await read_records(settings, topics.system_alerts, has((subject, "raised")), 120)
                raised = next(decode(SystemAlert, r.value) for r in records)
                assert "503" in raised.explanation and "hidden" not in records[0].value.decode()
                failing = False
                await read_records(settings, topics.system_alerts, has((subject, "cleared")), 120)
                await read_records(settings, topics.reports_raw, lambda rs: len(rs) >= 1, 60)
            finally:
                poller.terminate()
                poller.wait(timeout=30)
    finally:
        await runner.cleanup()
