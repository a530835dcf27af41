"""`launchwatch bench` stages run on the real broker (no speed is asserted: the benchmark prints it)."""

from __future__ import annotations

from pathlib import Path

from launchwatch.bench import (
    _encode,
    burst,
    end_to_end,
    framework_ceiling,
    latency,
    raw_three_hops,
    soak,
    structured_reports,
)
from launchwatch.settings import Settings
from launchwatch.streams import ROLES


async def test_the_framework_ceiling_passes_every_message_through_three_hops(settings: Settings) -> None:
    result = await framework_ceiling(settings, 200, timeout_s=60)
    assert result["messages"] == 200 and result["hops"] == 3 and result["messages_per_s"] > 0


async def test_the_raw_limit_passes_every_message_through_three_aiokafka_hops(settings: Settings) -> None:
    result = await raw_three_hops(settings, 200, timeout_s=60)
    assert result["messages"] == 200 and result["hops"] == 3 and result["messages_per_s"] > 0


async def test_an_end_to_end_stage_reports_its_workers_memory(settings: Settings, tmp_path: Path) -> None:
    reports = [_encode(r) for r in structured_reports(20, "mem")]
    result = await end_to_end(settings, tmp_path, reports, "e2e-memory")
    memory = result["memory"]["all"]
    assert result["reports"] == 20 and result["reports_per_s"] > 0
    assert 20 < memory["rss_mib"] <= memory["peak_rss_mib"] < 4_000  # a Python worker's size, in MiB


async def test_the_soak_samples_the_worker_after_every_chunk(settings: Settings, tmp_path: Path) -> None:
    result = await soak(settings, tmp_path, reports=30, chunk=10)
    assert [sample["reports"] for sample in result["samples"]] == [10, 20, 30]
    assert result["rss_growth_mib_after_first_chunk"] == round(
        result["samples"][-1]["rss_mib"] - result["samples"][0]["rss_mib"], 1
    )


async def test_the_postgres_stage_runs_a_process_per_service_on_a_database_of_its_own(
    settings: Settings, tmp_path: Path, postgres_server_url: str
) -> None:
    reports = [_encode(r) for r in structured_reports(20, "pg")]
    result = await end_to_end(settings, tmp_path, reports, "e2e-pg", roles=ROLES, postgres=postgres_server_url)
    assert result["store"] == "postgresql" and result["worker_processes"] == list(ROLES)
    assert result["reports"] == 20 and result["reports_per_s"] > 0 and set(result["memory"]) == set(ROLES)


async def test_a_burst_of_text_reports_is_timed_to_its_first_and_last_alert(settings: Settings, tmp_path: Path) -> None:
    result = await burst(settings, tmp_path, count=12)
    assert result["reports"] == result["alerted"] == 12
    assert 0 < result["first_alert_seconds"] <= result["time_to_alert_p50_s"] <= result["last_alert_seconds"]
    assert result["time_to_alert_p99_s"] == result["last_alert_seconds"]  # of 12, the 99th percentile is the last


async def test_latency_is_measured_for_every_report_sent(settings: Settings, tmp_path: Path) -> None:
    result = await latency(settings, tmp_path, rate=20.0, seconds=0.5)
    assert result["reports"] == result["measured"] == 10
    assert 0 < result["p50_ms"] <= result["p95_ms"] <= result["p99_ms"]
