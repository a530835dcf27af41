"""Exactly-once processing on Kafka (LAUNCHWATCH_PROCESSING_GUARANTEE=exactly_once).

Each service's consume loop runs every batch in one Kafka transaction of its own transactional producer:
everything the batch sends (events, alert revisions, dead letters) and the batch's input offsets are
committed together, or not at all. A worker killed in the middle of a batch leaves an open transaction
that the broker aborts (after ``TRANSACTION_TIMEOUT_MS`` at most); the batch is delivered again from the
committed offsets and its messages are sent again, so a ``read_committed`` consumer sees each message once.

Count changes (`metrics.count-changes`) are the exception: they are sent outside the transaction and
acknowledged before it commits (they are idempotent, and their topic must have no transaction markers:
`Topic.outside_transactions`, launchwatch/offset_guard.py).

What it covers is Kafka's side only. The store's side (reports, events, alert revisions) is committed
before the Kafka transaction and kept idempotent by the store's unique keys: a batch delivered again finds
its revisions stored and publishes the same ones (same id, revision and bytes), never new ones.

faust's own exactly-once mode is not used: it ties each output to a transaction named after the output's
partition, which breaks as soon as a service re-keys its messages (every launchwatch hop does).
"""

from __future__ import annotations

import contextlib
import logging
import os
import socket
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from contextvars import ContextVar
from typing import Any

from aiokafka import AIOKafkaProducer, TopicPartition
from aiokafka.errors import KafkaError

from launchwatch.kafka import BrokerError, producer
from launchwatch.settings import Settings

log = logging.getLogger(__name__)

#: How long the broker keeps a dead worker's open transaction before aborting it. read_committed consumers
#: wait at most this long past a crash on the partitions that transaction wrote to.
TRANSACTION_TIMEOUT_MS = 10_000

#: The transactional producer of the batch the current task is processing, if any.
_current: ContextVar[AIOKafkaProducer | None] = ContextVar("launchwatch_batch_transaction", default=None)


class TransactionsUnsupported(BrokerError):
    """The broker refused a transactional producer (Tansu has none)."""


def current_transaction() -> AIOKafkaProducer | None:
    """The producer whose transaction the current batch is in; None outside a batch or in at-least-once mode."""
    return _current.get()


def batch_offsets(batch: Sequence[Any]) -> dict[TopicPartition, int]:
    """The offsets to commit once `batch` (faust events) is processed: per partition, its last offset + 1."""
    offsets: dict[TopicPartition, int] = {}
    for event in batch:
        message = event.message
        tp = TopicPartition(message.topic, message.partition)
        offsets[tp] = max(offsets.get(tp, 0), message.offset + 1)
    return offsets


class BatchTransactions:
    """The transactional producer of one service's consume loop, and a transaction per batch.

    The transactional id names the group, the service and the process, so two loops never share one.
    """

    def __init__(self, settings: Settings, group: str, service: str):
        self.settings = settings
        self.group = group
        self.transactional_id = f"{group}.{service}.{socket.gethostname()}.{os.getpid()}"
        self._producer: AIOKafkaProducer | None = None

    async def start(self) -> None:
        sender = producer(
            self.settings,
            transactional_id=self.transactional_id,
            enable_idempotence=True,
            transaction_timeout_ms=TRANSACTION_TIMEOUT_MS,
        )
        try:
            await sender.start()
        except KafkaError as exc:
            await sender.stop()
            raise TransactionsUnsupported(
                f"LAUNCHWATCH_PROCESSING_GUARANTEE=exactly_once needs a broker with transactions (Apache Kafka); "
                f"the broker at {self.settings.kafka_bootstrap} refused a transactional producer ({exc!r})"
            ) from exc
        self._producer = sender

    async def stop(self) -> None:
        if self._producer is not None:
            await self._producer.stop()
            self._producer = None

    @asynccontextmanager
    async def batch(self, batch: Sequence[Any]) -> AsyncIterator[None]:
        """The batch's sends and its input offsets in one transaction, committed when the block ends."""
        sender = self._producer
        assert sender is not None, "BatchTransactions.start() comes first (run_until does it)"
        await sender.begin_transaction()
        token = _current.set(sender)
        try:
            yield
            await sender.send_offsets_to_transaction(batch_offsets(batch), self.group)
            await sender.commit_transaction()
        except BaseException:
            # Nothing of the batch becomes visible; it is delivered again from the committed offsets. An abort
            # that fails too (the producer fenced, the broker gone) leaves it to the broker's timeout.
            with contextlib.suppress(KafkaError, AssertionError):
                await sender.abort_transaction()
            raise
        finally:
            _current.reset(token)
