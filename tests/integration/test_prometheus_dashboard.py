"""The Grafana dashboard against a real Prometheus: it scrapes the three workers during a run of the sample
feed on the embedded broker, and every panel's query returns data. (Grafana itself is not installable here.)
"""

from __future__ import annotations

import asyncio
import json
import math
import re
import shutil
import subprocess
import time
from datetime import timedelta
from pathlib import Path

import aiohttp
import pytest

from launchwatch.cli import sample_feed_path
from launchwatch.kafka import ensure_topics, free_port, publish
from launchwatch.schemas import Silence, utcnow
from launchwatch.settings import Settings
from launchwatch.storage import Store
from launchwatch.topics import TopicRegistry
from services.ingest.adapters import iter_report_bytes, report_key
from tests.helpers import running_worker
from tests.receiver_hook import Hook

pytestmark = pytest.mark.integration

DASHBOARD = Path(__file__).resolve().parents[2] / "deploy" / "grafana" / "dashboards" / "launchwatch.json"
ROLES = ("ingest", "matcher", "alerts")


def panel_queries() -> list[tuple[str, str]]:
    dashboard = json.loads(DASHBOARD.read_text())
    return [(panel["title"], target["expr"]) for panel in dashboard["panels"] for target in panel["targets"]]


async def query(http: aiohttp.ClientSession, base: str, expr: str) -> list[dict]:
    async with http.get(f"{base}/api/v1/query", params={"query": expr}) as answer:
        body = await answer.json()
    assert body["status"] == "success", body
    return body["data"]["result"]


def has_numbers(result: list[dict]) -> bool:
    return any(not math.isnan(float(sample["value"][1])) for sample in result)


async def wait_for_queries(
    http: aiohttp.ClientSession, base: str, exprs: list[str], timeout_s: float
) -> dict[str, list[dict]]:
    deadline = time.monotonic() + timeout_s
    while True:
        try:
            results = {expr: await query(http, base, expr) for expr in exprs}
        except aiohttp.ClientConnectionError:  # Prometheus still starting
            results = {expr: [] for expr in exprs}
        missing = [expr for expr, result in results.items() if not has_numbers(result)]
        if not missing:
            return results
        if time.monotonic() > deadline:
            raise AssertionError(f"no data after {timeout_s} s for: {missing}")
        await asyncio.sleep(0.5)


async def test_every_dashboard_panel_has_data_from_a_real_prometheus(settings: Settings, tmp_path: Path) -> None:
    binary = shutil.which("prometheus")
    assert binary, "prometheus is missing: `make tools` installs Debian's prometheus package"
    topics = TopicRegistry.from_settings(settings)
    await ensure_topics(settings, topics.all())
    # A silence in force, so the silenced-alerts panel has something to count.
    store = Store(settings.database_url)
    now = utcnow()
    store.save_silence(
        Silence(
            id="s-denuclearization",
            commitment_id="denuclearization",
            starts_at=now,
            ends_at=now + timedelta(hours=1),
            created_by="test",
            comment="dashboard test",
        )
    )
    store.close()

    ports = {role: free_port("127.0.0.1") for role in ROLES}
    prometheus_port = free_port("127.0.0.1")
    config = tmp_path / "prometheus.yml"
    config.write_text(
        "global: {scrape_interval: 1s, evaluation_interval: 1s}\n"
        "scrape_configs:\n"
        "  - job_name: launchwatch\n"
        f"    static_configs: [{{targets: {json.dumps([f'127.0.0.1:{p}' for p in ports.values()])}}}]\n"
    )
    feed = list(iter_report_bytes(sample_feed_path()))
    base = f"http://127.0.0.1:{prometheus_port}"
    # A receiver, so the receivers panel has deliveries to show.
    hook = Hook().start_in_thread()
    receivers = tmp_path / "receivers.toml"
    receivers.write_text(f'[[receivers]]\nname = "floor"\nurl = "{hook.url}/floor"\n')
    alerts_env = {"LAUNCHWATCH_WEB_PORT": str(ports["alerts"]), "LAUNCHWATCH_RECEIVERS_FILE": str(receivers)}
    with (
        running_worker(settings, "ingest", tmp_path / "ingest.log", LAUNCHWATCH_WEB_PORT=str(ports["ingest"])),
        running_worker(settings, "matcher", tmp_path / "matcher.log", LAUNCHWATCH_WEB_PORT=str(ports["matcher"])),
        running_worker(settings, "alerts", tmp_path / "alerts.log", **alerts_env),
        open(tmp_path / "prometheus.log", "wb") as prometheus_log,
    ):
        prometheus = subprocess.Popen(
            [
                binary,
                f"--config.file={config}",
                f"--storage.tsdb.path={tmp_path / 'tsdb'}",
                f"--web.listen-address=127.0.0.1:{prometheus_port}",
            ],
            stdout=prometheus_log,
            stderr=subprocess.STDOUT,
        )
        try:
            async with aiohttp.ClientSession() as http:
                # Every worker scraped before the feed: rates then start from zero, as in production.
                await wait_for_queries(http, base, ['count(up{job="launchwatch"} == 1) == 3'], timeout_s=60)
                # Half the feed, a malformed report and a duplicate; then, once scraped, the other half.
                first, second = feed[0::2], feed[1::2]
                await publish(settings, topics.reports_raw, [(report_key(d), d) for d in first])
                await publish(
                    settings, topics.reports_raw, [("broken", b"{not json"), (report_key(first[0]), first[0])]
                )
                await wait_for_queries(
                    http, base, ["sum(launchwatch_party_reporting_latency_seconds_count)"], timeout_s=60
                )
                await publish(settings, topics.reports_raw, [(report_key(d), d) for d in second])
                panels = panel_queries()
                results = await wait_for_queries(http, base, [expr for _, expr in panels], timeout_s=90)
                live_metrics = ""
                for port in ports.values():
                    async with http.get(f"http://127.0.0.1:{port}/metrics") as answer:
                        live_metrics += await answer.text()
        finally:
            prometheus.terminate()
            prometheus.wait(timeout=30)
            hook.stop_thread()

    for title, expr in panels:
        assert has_numbers(results[expr]), title
        for name in re.findall(r"launchwatch_[a-z_]+", expr):
            assert f"\n{name}" in live_metrics or f"{name}{{" in live_metrics, f"{title}: {name} not exposed"
    # The series are the ones this run made (increase() of a series born at 1 is 0, so presence is checked).
    by_title = dict(panels)
    reasons = {r["metric"]["reason"] for r in results[by_title["Dead-letters by reason (last hour)"]]}
    assert "invalid_json" in reasons
    duplicated = {r["metric"]["source"] for r in results[by_title["Duplicate reports dropped (last hour)"]]}
    assert duplicated == {json.loads(first[0])["source"]}
    parties = {r["metric"]["party"] for r in results[by_title["Reporting latency by party (p50, last 6 h)"]]}
    assert {"Japan", "ROK"} <= parties
    assert hook.taken("/floor"), "no alert revision reached the receiver"
