"""Test helpers: read topics and run workers, always with deadlines, never with sleeps."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from aiokafka import ConsumerRecord

from launchwatch.kafka import consumer, topic_partitions
from launchwatch.settings import Settings


async def read_records(
    settings: Settings,
    topic: str,
    until: Callable[[list[ConsumerRecord]], bool],
    timeout_s: float = 60.0,
    more_topics: tuple[str, ...] = (),
    isolation_level: str = "read_uncommitted",
) -> list[ConsumerRecord]:
    """Read `topic` (and `more_topics`) from the beginning until `until(records)` holds; fail at the deadline."""
    reader = consumer(settings, topic, *more_topics, enable_auto_commit=False, isolation_level=isolation_level)
    await reader.start()
    records: list[ConsumerRecord] = []
    deadline = time.monotonic() + timeout_s
    try:
        while not until(records):
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise AssertionError(f"condition not met on {topic} within {timeout_s} s; read {len(records)} records")
            batch = await reader.getmany(timeout_ms=int(min(remaining, 0.5) * 1000))
            for partition_records in batch.values():
                records.extend(partition_records)
    finally:
        await reader.stop()
    return records


async def read_to_end(
    settings: Settings, topics: tuple[str, ...] | list[str], isolation_level: str = "read_uncommitted"
) -> dict[str, list[bytes]]:
    """Every value on each of `topics` right now: read to the end offsets (the last stable offsets when
    read_committed, so messages of open transactions are not waited for)."""
    out: dict[str, list[bytes]] = {}
    for topic in topics:
        reader = consumer(settings, enable_auto_commit=False, isolation_level=isolation_level)
        await reader.start()
        try:
            partitions = await topic_partitions(reader, [topic])
            reader.assign(partitions)
            await reader.seek_to_beginning(*partitions)
            ends = await reader.end_offsets(partitions)
            # By position: the same offset handed over twice (a fetch from before the seek) is read once.
            values: dict[tuple[int, int], bytes] = {}
            while any([await reader.position(tp) < ends[tp] for tp in partitions]):
                batch = await reader.getmany(timeout_ms=500)
                for records in batch.values():
                    values.update(((r.partition, r.offset), r.value) for r in records)
            out[topic] = [values[position] for position in sorted(values)]
        finally:
            await reader.stop()
    return out


def stalled_post(port: int, path: str, token: str) -> str:
    """A POST to `path` whose body stops after 10 of the 100 bytes it announced; the status line of the answer."""
    with socket.create_connection(("127.0.0.1", port), timeout=30) as connection:
        connection.sendall(
            f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n".encode()
            + f"Authorization: Bearer {token}\r\nContent-Length: 100\r\n\r\n".encode()
            + b'{"id": "st'
        )
        return connection.recv(4096).decode(errors="replace").split("\r\n", 1)[0]


def closed_unanswered(port: int, head: bytes, timeout_s: float) -> bool:
    """Send `head`, a request that never finishes; True if the server closes the connection, unanswered, in time."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout_s) as connection:
        connection.sendall(head)
        try:
            return connection.recv(4096) == b""
        except TimeoutError:
            return False


def worker_env(settings: Settings, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KAFKA_", "LAUNCHWATCH_"))}
    env |= {
        "KAFKA_BOOTSTRAP": settings.kafka_bootstrap or "",
        "LAUNCHWATCH_TOPIC_PREFIX": settings.topic_prefix,
        "LAUNCHWATCH_TOPIC_PARTITIONS": str(settings.topic_partitions),
        "LAUNCHWATCH_TOPIC_REPLICATION": str(settings.topic_replication),
        "LAUNCHWATCH_DATABASE_URL": settings.database_url,
        "LAUNCHWATCH_WEB_PORT": "0",
        "LAUNCHWATCH_DRILL": "true" if settings.drill else "false",
        "LAUNCHWATCH_LOG_LEVEL": "INFO",
    }
    if settings.topic_min_insync_replicas is not None:
        env["LAUNCHWATCH_TOPIC_MIN_INSYNC_REPLICAS"] = str(settings.topic_min_insync_replicas)
    return env | extra


@contextmanager
def running_worker(
    settings: Settings, role: str, log_path: Path, module: str = "launchwatch", **env: str
) -> Iterator[subprocess.Popen[bytes]]:
    """`launchwatch worker ROLE` as a real process (`module`: one that runs the command line with a fault
    injected); stopped with SIGTERM (SIGKILL past a deadline) on exit."""
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", module, "worker", role],
            env=worker_env(settings, **env),
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            yield process
        finally:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
                try:
                    process.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait(timeout=10)


async def wait_for_async(condition: Callable[[], Awaitable[bool]], timeout_s: float, what: str) -> None:
    """`wait_for` of a condition that must itself be awaited (an HTTP request, say)."""
    deadline = time.monotonic() + timeout_s
    while not await condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout_s} s waiting for {what}")
        await asyncio.sleep(0.1)


async def wait_for(condition: Callable[[], bool], timeout_s: float, what: str) -> None:
    deadline = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout_s} s waiting for {what}")
        await asyncio.sleep(0.05)
