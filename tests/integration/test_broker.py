"""The embedded broker's lifecycle: starts, answers Kafka requests, stops without leaving a process behind."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from launchwatch.kafka import BrokerError, EmbeddedBroker, ensure_topics, wait_until_ready
from launchwatch.settings import Settings

pytestmark = pytest.mark.integration


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie still answers kill(0); it is gone for our purposes once its state is Z.
    status = Path(f"/proc/{pid}/status")
    return status.exists() and "\nState:\tZ" not in status.read_text()


async def test_broker_starts_serves_and_stops() -> None:
    broker = EmbeddedBroker().start()
    pid = broker.pid
    assert pid is not None
    try:
        settings = Settings(kafka_bootstrap=broker.bootstrap)
        await wait_until_ready(settings, timeout_s=10)
        assert await ensure_topics(settings, ["a.b"]) == ["a.b"]
        assert await ensure_topics(settings, ["a.b"]) == []
    finally:
        broker.stop()
    assert not broker.running and not _alive(pid)
    broker.stop()  # idempotent


def test_a_broker_that_cannot_start_gives_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CALF_TANSU_BIN", "/bin/false")
    with pytest.raises(BrokerError, match="exited with code"):
        EmbeddedBroker(start_timeout_s=5).start()


async def test_an_unreachable_cluster_gives_a_clear_error() -> None:
    settings = Settings(kafka_bootstrap="127.0.0.1:1")
    with pytest.raises(BrokerError, match="did not answer within"):
        await wait_until_ready(settings, timeout_s=1)


def test_the_broker_dies_with_its_parent_even_on_sigkill(tmp_path: Path) -> None:
    script = (
        "import sys, time\n"
        "from launchwatch.kafka import EmbeddedBroker\n"
        "b = EmbeddedBroker().start()\n"
        "print(b.pid, flush=True)\n"
        "time.sleep(60)\n"
    )
    parent = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE)
    assert parent.stdout is not None
    broker_pid = int(parent.stdout.readline())
    assert _alive(broker_pid)
    parent.send_signal(signal.SIGKILL)
    parent.wait(timeout=10)
    deadline = time.monotonic() + 10
    while _alive(broker_pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _alive(broker_pid), "embedded broker outlived its parent"


def test_broker_command_prints_its_address_and_stops_on_sigterm() -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "launchwatch", "broker"], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    assert process.stdout is not None
    address = process.stdout.readline().decode().strip()
    assert address.startswith("127.0.0.1:")
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=15) == 0
