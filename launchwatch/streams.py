"""The faust wiring shared by the services: app factory, topic handles, dead-letters, the runner.

Services declare their agents in ``services/<name>/stream.py`` through :class:`StreamContext`; the
domain logic they call is pure and lives beside them. One process runs one role (``ingest``,
``matcher``, ``alerts``, ``counts``) or all of them; each role is its own consumer group, so workers of one
role share its partitions.
"""

from __future__ import annotations

import asyncio
import base64
import gc
import hashlib
import logging
import os
import shutil
import signal
import sys
import tempfile
import time
import weakref
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar

import faust
from aiokafka import TopicPartition
from aiokafka.errors import KafkaError
from faust.exceptions import ConsumerNotStarted
from pydantic import BaseModel, ValidationError

from launchwatch import metrics
from launchwatch.codec import decode, encode, encode_key
from launchwatch.faust_transport import TRANSPORT_SCHEME
from launchwatch.http_limits import BoundedWeb, HttpLimits
from launchwatch.kafka import client_kwargs, consumer_lags, free_port, start_offsets
from launchwatch.offset_guard import OffsetGuard
from launchwatch.pipeline_health import WorkerHealth
from launchwatch.schemas import DEADLETTER_ORIGINAL_MAX_BYTES, DeadLetter, utcnow
from launchwatch.settings import Settings
from launchwatch.storage import Store, StoreUnavailable
from launchwatch.topics import TopicRegistry
from launchwatch.topology import BY_NAME
from launchwatch.topology import ROLES as ROLE_TOPOLOGY
from launchwatch.transactions import BatchTransactions, batch_offsets, current_transaction
from launchwatch.web import check_binding, check_port_free

log = logging.getLogger(__name__)

ROLES: tuple[str, ...] = tuple(ROLE_TOPOLOGY)

#: Exit code of a worker stopped because a batch could not be finished (EX_TEMPFAIL: restart it).
EXIT_BATCH_UNFINISHED = 75

#: How often a worker checks the partitions of topics under the offset guard for a skipped tail.
TAIL_CHECK_S = 2.0

#: How often each worker measures its consumer lag (and whether the cluster answers) for /metrics.
LAG_REFRESH_S = 5.0

#: Bounds of the offset guard's reads of the group's committed offsets: each attempt's deadline, and the longest
#: wait between attempts while the cluster does not answer (the batch waits for them, as its partitions wait for
#: the broker anyway).
START_OFFSETS_TIMEOUT_S = 10.0
START_OFFSETS_MAX_DELAY_S = 5.0


def roles_of(role: str) -> tuple[str, ...]:
    """The services a worker of `role` runs: `all` is every one."""
    return ROLES if role == "all" else (role,)


def input_topic(topics: TopicRegistry, role: str) -> str:
    """The topic a role consumes (its consumer group's), as the topology declares it."""
    return topics.input_of(ROLE_TOPOLOGY[role])


# --------------------------------------------------------------------------- app factory


def app_id(settings: Settings, role: str) -> str:
    """The faust app id, which is also the consumer group: one per role and namespace (named by the registry,
    as the tables' changelog topics derive from it)."""
    return TopicRegistry.from_settings(settings).group(role)


def _broker_credentials(settings: Settings) -> Any:
    kwargs = client_kwargs(settings)
    if settings.kafka_security_protocol.startswith("SASL"):
        return faust.SASLCredentials(
            username=kwargs["sasl_plain_username"],
            password=kwargs["sasl_plain_password"],
            mechanism=kwargs["sasl_mechanism"],
            ssl_context=kwargs.get("ssl_context"),
        )
    if "ssl_context" in kwargs:
        return faust.SSLCredentials(kwargs["ssl_context"])
    return None


def create_faust_app(settings: Settings, role: str, web_port: int) -> faust.App:
    servers = ";".join(f"{TRANSPORT_SCHEME}://{server}" for server in settings.bootstrap_servers)
    datadir = tempfile.mkdtemp(prefix=f"launchwatch-{role}-")
    app = faust.App(
        app_id(settings, role),
        broker=servers,
        broker_credentials=_broker_credentials(settings),
        # A small session timeout: a dead worker's partitions move after 6 s, not 60. The rebalance timeout is how
        # long the coordinator waits for the live members to rejoin: 1 s evicted members still finishing a batch
        # under load ("member_id was not recognized"), which then wrote as zombies and rebalanced again; members
        # that are quick to rejoin still make a new worker's join take about 2 s.
        broker_rebalance_timeout=10.0,
        broker_session_timeout=6.0,
        broker_heartbeat_interval=1.0,
        # Commit processed offsets often: a crash replays at most about a second of messages.
        broker_commit_every=100,
        broker_commit_interval=0.5,
        consumer_auto_offset_reset="earliest",
        producer_acks=-1,
        producer_linger_ms=1,
        topic_partitions=settings.topic_partitions,
        topic_replication_factor=settings.topic_replication,
        topic_allow_declare=False,
        web_enabled=True,
        web_host=settings.web_host,
        web_port=web_port,
        web_bind=settings.web_host,
        datadir=datadir,
        store="memory://",
        # Tables live in memory and are rebuilt from their changelogs on every assignment: standby copies on
        # other workers would be dropped at their next recovery anyway.
        table_standby_replicas=0,
    )
    # Exactly-once: the services' consumers skip what aborted transactions wrote, and offsets are committed in
    # the batches' transactions only (read by our transport).
    app.exactly_once = settings.exactly_once
    # Our transport reads the tables' changelog end offsets with these (right on Tansu too).
    app.launchwatch_settings = settings
    # faust's aiohttp driver, with a deadline for request heads and a bound on open connections (faust's `web`
    # setting names a driver by URL scheme only; its `web` property takes one set before first use).
    app.web = BoundedWeb(app, HttpLimits.from_settings(settings))
    # faust makes its folders in the data folder even with tables in memory; nothing is kept there, so it goes
    # with the app (or at the process's exit): a worker started each minute must not leave a folder each time.
    weakref.finalize(app, shutil.rmtree, datadir, ignore_errors=True)
    return app


@dataclass
class StreamContext:
    """What a service needs to declare its agents: the app, settings, topics, and shared helpers."""

    app: faust.App
    settings: Settings
    topics: TopicRegistry
    role: str
    _handles: dict[str, faust.TopicT] = field(default_factory=dict)
    _store: Store | None = None
    _transactions: dict[str, BatchTransactions] = field(default_factory=dict)
    #: The consume loops commit their batches' offsets themselves in at-least-once mode too (a worker with faust
    #: tables: `commit_batches`); faust's periodic commit is then off (launchwatch/faust_transport.py).
    batch_commits: bool = False
    #: The next offsets the consume loops must see on topics without holes (`Topic.outside_transactions`).
    _offsets: OffsetGuard = field(default_factory=OffsetGuard)
    #: Work a service does on demand when a bounded run (`up --once`) has processed everything: the alerts
    #: service runs its gap check then, instead of at its next interval, after the run has ended.
    finishers: list[Callable[[], Awaitable[None]]] = field(default_factory=list)
    #: The worker's health watch (launchwatch/pipeline_health.py); None in a drill worker.
    health: WorkerHealth | None = None

    @property
    def store(self) -> Store:
        """The store, opened (and its schema upgraded) once per process, shared by the services it runs."""
        if self._store is None:
            self._store = Store(self.settings.database_url)
        return self._store

    def agent(self, topic: faust.TopicT, name: str) -> Callable[[Callable[[Any], Awaitable[None]]], Any]:
        """`app.agent` for a service's consume loop, which never lets faust acknowledge an unfinished batch.

        faust acknowledges a batch's messages when the batch iterator is closed, even when the loop raised, so
        their offsets would be committed with their outputs unsent. An error escaping the loop (a send the broker
        refuses, a bug outside the per-message processing) therefore ends the worker at once, before anything is
        committed: its supervisor restarts it, and the batch is delivered again and sent again from the store.
        """

        def decorate(loop: Callable[[Any], Awaitable[None]]) -> Any:
            async def guarded(stream: Any) -> None:
                try:
                    await loop(stream)
                except Exception:
                    log.critical(
                        "%s: a batch could not be finished; the worker stops (exit code %d) so that the batch is "
                        "delivered again",
                        name,
                        EXIT_BATCH_UNFINISHED,
                        exc_info=True,
                    )
                    logging.shutdown()
                    os._exit(EXIT_BATCH_UNFINISHED)

            guarded.__name__ = guarded.__qualname__ = getattr(loop, "__name__", name)
            return self.app.agent(topic, name=name)(guarded)

        return decorate

    def commit_batches(self) -> None:
        """Every consume loop of this worker commits its batches' offsets itself, once a batch's outputs are
        acknowledged; faust commits nothing (what a worker keeping faust tables needs: see faust_transport)."""
        self.batch_commits = True
        self.app.batch_commits = True

    async def _commit_batch(self, batch: Sequence[faust.types.EventT]) -> None:
        """At-least-once, in a worker that commits its batches: the batch's outputs acknowledged, then its
        offsets committed. Exactly-once: what the batch sent outside its transaction (count changes)
        acknowledged before the transaction commits its offsets."""
        if not (self.settings.exactly_once or self.batch_commits):
            return
        await self.app.producer.flush()
        if self.settings.exactly_once:  # the batch's transaction commits its offsets
            return
        if not await self.app.consumer.commit_batch(batch_offsets(batch)):
            log.info(
                "%s: a batch's offsets were refused (a rebalance); its next owner processes it again", self.app.conf.id
            )

    async def _guard(self, batch: Sequence[faust.types.EventT]) -> list[faust.types.EventT]:
        """The messages of `batch` to handle: those the offset guard admits; partitions with a hole are sought
        back to it (launchwatch/offset_guard.py)."""
        generation = self.app.consumer_generation_id
        # Where each partition new in this generation begins, as the broker has it: faust's own bookkeeping of
        # committed offsets follows its acknowledgements, which the loops' batch commits leave behind.
        if unknown := {event.message.tp for event in batch if not self._offsets.knows(event.message.tp, generation)}:
            self._begin(unknown, generation, await self._start_offsets_until_answered(unknown))
        admitted = [event for event in batch if self._offsets.admit(event.message.tp, event.message.offset, generation)]
        seeks = self._offsets.seeks()
        if seeks:
            # Said once per hole: messages buffered before the seek arrive after it and ask for it again.
            first = any(self._offsets.tries[(tp, offset)] == 1 for tp, offset in seeks.items())
            log.log(
                logging.WARNING if first else logging.DEBUG,
                "%s: messages skipped by the fetcher; seeking back to %s",
                self.app.conf.id,
                seeks,
            )
            await self.app.consumer.seek_wait(seeks)
        return admitted

    def _begin(self, partitions: Iterable[Any], generation: int, starts: dict[TopicPartition, int]) -> None:
        """Tell the offset guard where each of `partitions` begins in `generation` (`start_offsets`' answer)."""
        for tp in partitions:
            self._offsets.begin(tp, generation, starts[TopicPartition(tp.topic, tp.partition)])

    async def _start_offsets_until_answered(self, partitions: Iterable[Any], first_delay_s: float = 0.5) -> Any:
        """`start_offsets` of this worker's group, asked again with backoff while the cluster does not answer (a
        broker outage): an error here would end the worker with its batch unfinished. Said once per outage (the
        lag check says when the cluster is back)."""
        delay = first_delay_s
        while True:
            try:
                return await asyncio.wait_for(
                    start_offsets(self.settings, self.app.conf.id, partitions), START_OFFSETS_TIMEOUT_S
                )
            except (KafkaError, OSError, TimeoutError) as exc:
                log.log(
                    logging.WARNING if delay == first_delay_s else logging.DEBUG,
                    "%s: the group's committed offsets could not be read (%r); asking again with backoff",
                    self.app.conf.id,
                    exc,
                )
            await asyncio.sleep(delay)
            delay = min(delay * 2, START_OFFSETS_MAX_DELAY_S)

    async def _seek_skipped_tails(self, topic: str) -> None:
        """For a topic under the offset guard: partitions this worker owns whose last messages the fetcher passed
        over (no later message shows that hole) are sought back to them (`OffsetGuard.behind`)."""
        app = self.app
        if app.rebalancing:  # the recovery seeks every partition to its committed offset at its end
            return
        generation = app.consumer_generation_id
        try:
            owned = [tp for tp in app.consumer.assignment() if tp.topic == topic]
        except ConsumerNotStarted:
            return
        if unknown := [tp for tp in owned if not self._offsets.knows(tp, generation)]:
            found = await asyncio.wait_for(start_offsets(self.settings, app.conf.id, unknown), START_OFFSETS_TIMEOUT_S)
            if app.rebalancing or app.consumer_generation_id != generation:
                return
            self._begin(unknown, generation, found)
        seeks = self._offsets.behind({tp: app.consumer.highwater(tp) for tp in owned}, generation)
        if seeks:
            log.warning(
                "%s: the fetcher passed over the last messages of partitions; seeking back to %s", app.conf.id, seeks
            )
            await app.consumer.seek_wait(seeks)

    def transactions(self, service: str) -> BatchTransactions | None:
        """The transactions of `service`'s consume loop in exactly-once mode; None in at-least-once mode."""
        if not self.settings.exactly_once:
            return None
        if service not in self._transactions:
            self._transactions[service] = BatchTransactions(self.settings, self.app.conf.id, service)
        return self._transactions[service]

    async def start_transactions(self) -> None:
        """Start the transactional producer of each of the role's services and of every consume loop declared."""
        for service in roles_of(self.role):
            self.transactions(service)
        for transactions in self._transactions.values():
            await transactions.start()

    async def close_transactions(self) -> None:
        for transactions in self._transactions.values():
            await transactions.stop()

    def _check_namespace(self, name: str) -> None:
        if not self.topics.owns(name):
            raise ValueError(f"topic {name!r} is not in this namespace ({'drill' if self.topics.drill else 'live'})")

    def topic(self, name: str) -> faust.TopicT:
        """The faust handle of a topic of this namespace (raw bytes in, raw bytes out)."""
        self._check_namespace(name)
        if name not in self._handles:
            self._handles[name] = self.app.topic(
                name,
                key_type=bytes,
                value_type=bytes,
                key_serializer="raw",
                value_serializer="raw",
                partitions=self.settings.topic_partitions,
            )
        return self._handles[name]

    async def send(
        self, topic: str, key: str | None, message: BaseModel | bytes, headers: dict[str, bytes] | None = None
    ) -> None:
        """Hand a message to the producer: a model, or its encoded bytes when it goes to several topics.

        Buffered: the broker acknowledges it before offsets are committed. The producer itself rather than
        faust's topic handle, which costs about as much again per message. Inside a batch in exactly-once
        mode it goes into the batch's transaction.
        """
        self._check_namespace(topic)
        value = message if isinstance(message, bytes) else encode(message)
        declared = BY_NAME.get(self.topics.base_of(topic))
        transaction = None if declared is not None and declared.outside_transactions else current_transaction()
        if transaction is None:
            await self.app.producer.send(topic, encode_key(key), value, None, None, headers)
        else:
            await transaction.send(topic, value, key=encode_key(key), headers=list((headers or {}).items()))

    async def publish(
        self, topic: str, message: BaseModel, headers: dict[str, bytes] | None = None, value: bytes | None = None
    ) -> None:
        """Send a message keyed as the topology declares for its topic (`value`: its bytes, encoded already)."""
        key = BY_NAME[self.topics.base_of(topic)].key_of(message)
        await self.send(topic, key, value if value is not None else message, headers)

    async def dead_letter(self, message: Message, reason: str, detail: str, service: str) -> None:
        """Send a message that cannot be processed to the dead-letter topic, with its original bytes."""
        key = message.key.decode(errors="replace") if message.key is not None else None
        original = message.value or b""
        kept = original[:DEADLETTER_ORIGINAL_MAX_BYTES]
        letter = DeadLetter(
            reason=reason,
            detail=detail[:4_000],
            service=service,
            source_topic=message.topic,
            partition=message.partition,
            offset=message.offset,
            key=key,
            original_base64=base64.b64encode(kept).decode(),
            original_size=len(original),
            original_sha256=hashlib.sha256(original).hexdigest(),
            original_truncated=len(kept) < len(original),
            original_null=message.value is None,
            failed_at=utcnow(),
            drill=self.settings.drill,
        )
        metrics.DEADLETTERS.labels(service=service, reason=reason).inc()
        log.warning("dead-lettered %s@%s/%s: %s: %s", message.topic, message.partition, message.offset, reason, detail)
        await self.publish(self.topics.reports_deadletter, letter)

    def consume(
        self,
        topic: str,
        handler: Handler[Any],
        transaction: Callable[[], AbstractContextManager[Any]],
        settle: Callable[[], Awaitable[None]] | None = None,
    ) -> None:
        """The one consume loop of every service: batches (one Kafka transaction each in exactly-once mode), each
        handled in one `transaction` (retried while the store is unavailable), rejects dead-lettered, then
        `handler.emit` of every outcome (rejects too, for counting) once the transaction is committed.

        `settle`, if given, is awaited once a batch's outcomes are emitted, before the batch's offsets can be
        committed (by its Kafka transaction, by the loop in a worker that commits its batches, or by faust): the
        counts service's table writes reach the broker there, which faust's producer does not otherwise promise
        before a transaction's commit."""
        service = handler.service
        # Declared now, so that the runner starts every loop's transactional producer (the alerts worker's system
        # alerts loop as well as its role's) before the loops run.
        transactions = self.transactions(service)

        guard = None
        if BY_NAME[self.topics.base_of(topic)].outside_transactions:
            guard = self._guard

            @self.app.timer(TAIL_CHECK_S, name=f"{self.app.conf.id}.{service}.tails")
            async def seek_skipped_tails() -> None:
                try:
                    await self._seek_skipped_tails(topic)
                except Exception as exc:  # the cluster unreachable (the lag check says so), a rebalance: next check
                    log.debug("%s: the check for skipped tails did not finish (%r)", self.app.conf.id, exc)

        finish = getattr(handler, "finish", None)

        @self.agent(self.topic(topic), name=f"{self.app.conf.id}.{service}")
        async def loop(stream: Any) -> None:
            async for batch in batches(self.settings, stream, transactions, guard):
                messages = [Message.of(event) for event in batch]
                for message, outcome in await process_batch_until_stored(
                    messages, handler.handle, transaction, service, prepare=getattr(handler, "prepare", None)
                ):
                    if isinstance(outcome, Rejected):
                        await self.dead_letter(message, outcome.reason, outcome.detail, service)
                    await handler.emit(message, outcome)
                if finish is not None:
                    await finish()
                if settle is not None:
                    await settle()
                await self._commit_batch(batch)

        loop.__name__ = service


@dataclass(frozen=True)
class Message:
    """One consumed message, free of the framework: what a service's handler is given."""

    value: bytes | None
    key: bytes | None
    topic: str
    partition: int
    offset: int
    headers: dict[str, bytes] = field(default_factory=dict)

    @classmethod
    def of(cls, event: faust.types.EventT) -> Message:
        message = event.message
        value = message.value if isinstance(message.value, bytes | None) else str(message.value).encode()
        key = message.key if isinstance(message.key, bytes | None) else str(message.key).encode()
        headers = message.headers or {}
        pairs = headers.items() if isinstance(headers, dict) else headers
        return cls(
            value=value,
            key=key,
            topic=message.topic,
            partition=message.partition,
            offset=message.offset,
            headers={name: data for name, data in pairs if data is not None},
        )

    @property
    def position(self) -> str:
        return f"{self.topic}/{self.partition}/{self.offset}"


@dataclass(frozen=True)
class Rejected:
    """What processing makes of a message it cannot use: dead-lettered with this reason."""

    reason: str
    detail: str


Model = TypeVar("Model", bound=BaseModel)


def decoded(message: Message, model: type[Model], invalid: str, what: str) -> Model | Rejected:
    """A consumed message's value as `model`, or the Rejected that dead-letters it: `empty_message` for a
    tombstone (not `what`), `invalid` with pydantic's explanation for bytes that are not a valid `model`."""
    if message.value is None:
        return Rejected("empty_message", f"a message with no value (a tombstone) is not {what}")
    try:
        return decode(model, message.value)
    except ValidationError as exc:
        return Rejected(invalid, str(exc))


Result = TypeVar("Result")
Outcome = TypeVar("Outcome", contravariant=True)


class Handler(Protocol[Outcome]):
    """A service's step over one message: `handle` decides (inside the batch's store transaction: no awaiting,
    no sending) and returns its outcome or a Rejected; `emit` sends what the outcome says and counts it, after
    the commit (a Rejected is dead-lettered by the loop before). A handler may also have `prepare(batch)`,
    called first in the batch's transaction: its reads for the whole batch at once (see process_batch); and
    `finish()`, awaited once the batch's outcomes are emitted: what it sends once for the whole batch (the
    counts' window totals)."""

    service: str

    def handle(self, message: Message) -> Any: ...

    async def emit(self, message: Message, outcome: Outcome | Rejected) -> None: ...


class Publisher(Protocol):
    """Where a handler's outputs go (the worker's StreamContext; a list in tests)."""

    async def publish(
        self, topic: str, message: BaseModel, headers: dict[str, bytes] | None = None, value: bytes | None = None
    ) -> None: ...


def process_batch(
    batch: Sequence[Message],
    process: Callable[[Message], Result | Rejected],
    transaction: Callable[[], AbstractContextManager[Any]] = nullcontext,
    service: str = "",
    prepare: Callable[[Sequence[Message]], None] | None = None,
) -> list[tuple[Message, Result | Rejected]]:
    """Each message with its result, the whole batch in one transaction; side effects belong after it.

    `prepare`, if given, is called with the batch first, in its transaction: the handler's reads for the whole
    batch at once. `process` returns a Rejected for input it refuses. Any other error (a bug) rolls the batch
    back and runs it again one message at a time (unprepared), so one bad message is parked, not the batch. A
    database fault raises StoreUnavailable: no message is to blame, so none is parked.
    """
    try:
        with transaction():
            if prepare is not None:
                prepare(batch)
            return [(message, process(message)) for message in batch]
    except StoreUnavailable:
        raise
    except Exception:
        if len(batch) == 1:
            return [(batch[0], _rejected_on_error(batch[0], service))]
        log.warning("%s: a batch of %d failed; processing its messages one by one", service, len(batch))
    results: list[tuple[Message, Result | Rejected]] = []
    for message in batch:
        try:
            with transaction():
                results.append((message, process(message)))
        except StoreUnavailable:
            raise
        except Exception:
            results.append((message, _rejected_on_error(message, service)))
    return results


async def process_batch_until_stored(
    batch: Sequence[Message],
    process: Callable[[Message], Result | Rejected],
    transaction: Callable[[], AbstractContextManager[Any]],
    service: str,
    first_delay_s: float = 0.5,
    max_delay_s: float = 30.0,
    prepare: Callable[[Sequence[Message]], None] | None = None,
) -> list[tuple[Message, Result | Rejected]]:
    """`process_batch`, retried with exponential backoff while the store is unavailable.

    The batch's offsets are not committed meanwhile: the partition waits for the database, as it should,
    and nothing is dead-lettered for a fault that is not the message's.
    """
    delay = first_delay_s
    while True:
        try:
            return process_batch(batch, process, transaction, service, prepare)
        except StoreUnavailable as exc:
            log.warning(
                "%s: the store is unavailable (%s); retrying a batch of %d in %.1f s", service, exc, len(batch), delay
            )
        await asyncio.sleep(delay)
        delay = min(delay * 2, max_delay_s)


def _rejected_on_error(message: Message, service: str) -> Rejected:
    log.exception("%s failed on %s/%s", service, message.partition, message.offset)
    exc = sys.exc_info()[1]
    return Rejected("processing_error", repr(exc))


async def batches(
    settings: Settings,
    stream: Any,
    transactions: BatchTransactions | None = None,
    guard: Callable[[Sequence[faust.types.EventT]], Awaitable[Sequence[faust.types.EventT]]] | None = None,
) -> AsyncIterator[Sequence[faust.types.EventT]]:
    """The stream's messages in batches of up to LAUNCHWATCH_BATCH_MAX, waiting at most LAUNCHWATCH_BATCH_WAIT_MS.

    Offsets are acknowledged once the caller has handled a batch (at-least-once). With `transactions`
    (exactly-once), what the caller sends while handling a batch and the batch's offsets are committed in
    one transaction when it asks for the next batch. `guard` keeps of each batch what is to be handled (the
    offset guard); a batch with nothing left is not yielded.
    """
    async for taken in stream.take_events(settings.batch_max, settings.batch_wait_ms / 1000):
        batch = taken if guard is None else await guard(taken)
        if not batch:
            continue
        if transactions is None:
            yield batch
        else:
            async with transactions.batch(batch):
                yield batch


def open_context(settings: Settings, role: str) -> StreamContext:
    """The faust app of a worker running `role` ('ingest', 'matcher', 'alerts', 'counts' or 'all'), before its services
    declare their agents: its web port checked and its pages (`/metrics`, `/healthz`) and lag timer installed."""
    roles = roles_of(role)
    unknown = set(roles) - set(ROLES)
    if unknown:
        raise ValueError(f"unknown role {role!r}; choose one of {', '.join((*ROLES, 'all'))}")
    check_binding(settings)
    port = settings.web_port_for(role) or free_port(settings.web_host)
    check_port_free(settings.web_host, port)
    app = create_faust_app(settings, role, port)
    context = StreamContext(app=app, settings=settings, topics=TopicRegistry.from_settings(settings), role=role)

    reachable = True  # what the last lag check found, so that only a change is logged

    def owns_first_partition(topic: str) -> bool:
        try:
            return any(tp.topic == topic and tp.partition == 0 for tp in app.consumer.assignment())
        except ConsumerNotStarted:
            return False

    async def send_system_alert(alert: Any) -> None:
        await context.publish(context.topics.system_alerts, alert)
        await app.producer.flush()

    # System alerts come from live workers only: a drill says nothing of whether the watch floor is served.
    if not settings.drill:
        health = WorkerHealth(
            settings, role, roles, app.conf.id, lambda: context.store, owns_first_partition, send_system_alert
        )
        context.health = health
        app.timer(settings.health_interval_s, name=f"{app.conf.id}.health")(health.run)

    @app.timer(LAG_REFRESH_S, name=f"{app.conf.id}.lag")
    async def refresh_lag() -> None:
        nonlocal reachable
        group = app.conf.id
        try:
            lags = await asyncio.wait_for(
                consumer_lags(settings, group, [input_topic(context.topics, name) for name in roles]), LAG_REFRESH_S
            )
        except Exception as exc:  # the cluster is unreachable or slow: say so once, keep the last lag values
            metrics.BROKER_REACHABLE.set(0)
            if context.health is not None:
                context.health.broker_missed(repr(exc))
            if reachable:
                log.warning(
                    "waiting for Kafka at %s (%r): the services retry with backoff; a line follows when it is back",
                    settings.kafka_bootstrap,
                    exc,
                )
            reachable = False
            return
        metrics.BROKER_REACHABLE.set(1)
        if not reachable:
            log.warning("Kafka at %s is back", settings.kafka_bootstrap)
        reachable = True
        for topic, lag in lags.items():
            metrics.CONSUMER_LAG.labels(group=group, topic=topic).set(lag)
        if context.health is not None:
            context.health.lag_measured(lags)

    @app.page("/metrics")
    async def metrics_page(web: Any, request: Any) -> Any:
        body, content_type = metrics.exposition()
        return web.bytes(body, content_type=content_type.split(";")[0])

    @app.page("/healthz")
    async def healthz(web: Any, request: Any) -> Any:
        try:
            assignment = sorted(f"{tp.topic}:{tp.partition}" for tp in app.consumer.assignment())
        except ConsumerNotStarted:  # asked while the worker starts: it owns nothing yet
            assignment = []
        return web.json({"status": "ok", "role": role, "drill": settings.drill, "port": port, "assignment": assignment})

    return context


# --------------------------------------------------------------------------- runner


def freeze_start_up_heap() -> None:
    """Keep what start-up made out of the garbage collector's full passes.

    Modules, classes, the app and its services live as long as the worker; a full pass scanned them all and stalled
    every consume loop for 100 to 150 ms every 15 s or so (at 10 reports/s, most of the p99 latency). Start-up's own
    garbage is collected first; what is made later is collected as before.
    """
    gc.collect()
    gc.freeze()


async def run_until(
    context: StreamContext,
    until: Callable[[], Awaitable[Any]] | None = None,
    on_started: Iterable[Callable[[], Awaitable[Any]]] = (),
) -> Any:
    """Run the app until SIGINT/SIGTERM, or until the `until` coroutine returns (its result is returned)."""
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    app = context.app
    started = time.monotonic()
    if context.settings.exactly_once:
        # Each consume loop's transactional producer before anything else: refused at once on a broker without
        # them.
        await context.start_transactions()
    await app.start()
    freeze_start_up_heap()
    log.info(
        "%s running (web on %s:%s) after %.1f s",
        app.conf.id,
        app.conf.web_host,
        app.conf.web_port,
        time.monotonic() - started,
    )
    result: Any = None
    try:
        tasks = [asyncio.create_task(callback()) for callback in on_started]
        waiter = asyncio.create_task(stop.wait())
        pending: set[asyncio.Task[Any]] = {waiter}
        target = asyncio.create_task(until()) if until else None
        if target:
            pending.add(target)
        done, _ = await asyncio.wait(pending, return_when=asyncio.FIRST_COMPLETED)
        if target in done:
            result = target.result()
        for task in (*tasks, *pending):
            task.cancel()
    finally:
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.remove_signal_handler(sig)
        await app.stop()
        await context.close_transactions()
    return result
