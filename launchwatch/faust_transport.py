"""A faust transport with launchwatch's consumer latency settings, exactly-once offsets, and faust tables whose
writes reach the broker before the offsets that cover them and whose recovery is right on Tansu.

faust hard-codes ``fetch_max_wait_ms=1500`` for its worker consumer: an idle pipeline then waits up to
1.5 s per hop. This transport (scheme ``lwkafka://``) is faust's aiokafka transport with the fetch
wait of :func:`launchwatch.kafka.low_latency_consumer_kwargs`.

In exactly-once mode (``app.exactly_once``) each batch's offsets are committed in its Kafka transaction
(launchwatch.transactions), and by nothing else: faust's own periodic commit is switched off. Both paths at
once let a regular commit of the previous batch's offsets, written after a transaction's offsets, win over
them when that transaction commits (the group coordinator keeps the offset written last), so the group's
position stepped back a batch and a crash then delivered a committed batch again: its alerts twice.

A worker that keeps faust tables (``app.batch_commits``: the counts service, alone or in `all`) commits each
batch's offsets itself in at-least-once mode too (`commit_batch`, called by the consume loop once the batch's
outputs and table writes are acknowledged), and faust's periodic commit is off there as well. faust commits
only the acknowledged offsets that follow the committed one without a hole, and takes them out of its
bookkeeping before the commit (which it drops without a word when the coordinator refuses it in a rebalance).
A counts worker restarted while its tables were recovered was seen with offsets 1062-1100 of a partition
processed but missing from that bookkeeping: every later commit waited for them, and the group stayed at 1062
for good (test_exactly_once, one run in three). A batch's own offsets, committed by its loop, need none of it.

faust sends a table's changelog writes through a buffer, and flushes it before it commits offsets; but its
flush gives up when 0.1 s pass without a message handed to the client, so an offset could be committed before
the table writes of the message it covers were sent (a crash then loses them). This transport's producer
flushes until every buffered message is with the client, which then waits for the broker's acknowledgements.
(The counts service sends its tables' changelog records to the producer itself and awaits each one's
acknowledgement before a batch's offsets are committed: services/counts/stream.py.)

faust recovers a table by reading its changelog up to the end offsets the broker lists. Tansu lists the base
offset of a partition's last batch (plus one), so recovery would stop before the rest of that batch and the
table would come back without its latest changes; the end offsets come from
:func:`launchwatch.kafka.end_offsets` instead, which is right on both brokers.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Mapping
from typing import Any

from aiokafka import TopicPartition
from faust.transport.drivers import TRANSPORTS
from faust.transport.drivers import aiokafka as faust_aiokafka
from faust.transport.producer import ProducerBuffer
from faust.types import TP

from launchwatch.kafka import end_offsets, low_latency_consumer_kwargs


def _exactly_once(app: Any) -> bool:
    return bool(getattr(app, "exactly_once", False))


def _batch_commits(app: Any) -> bool:
    """The consume loops commit their batches' offsets (a transaction each, or `commit_batch`), faust never."""
    return _exactly_once(app) or bool(getattr(app, "batch_commits", False))


class _LowLatencyConsumerThread(faust_aiokafka.AIOKafkaConsumerThread):
    """faust's aiokafka consumer with our fetch wait (faust hard-codes 1,500 ms: 1.5 s a hop when idle)."""

    def _create_worker_consumer(self, transport: Any) -> Any:
        consumer = super()._create_worker_consumer(transport)
        consumer._fetch_max_wait_ms = low_latency_consumer_kwargs()["fetch_max_wait_ms"]
        if _exactly_once(self.app):  # skip what aborted transactions wrote
            consumer._isolation_level = "read_committed"
        return consumer

    async def _highwaters(self, partitions: list[TP]) -> Mapping[TP, int]:
        # Read by faust's table recovery only: the changelogs' true end offsets (see the module docstring).
        settings = getattr(self.app, "launchwatch_settings", None)
        if settings is None:
            return await super()._highwaters(partitions)
        ends = await end_offsets(settings, partitions)
        return {tp: ends[TopicPartition(tp.topic, tp.partition)] for tp in partitions}


class _LowLatencyConsumer(faust_aiokafka.Consumer):
    def _new_consumer_thread(self) -> _LowLatencyConsumerThread:
        return _LowLatencyConsumerThread(self, loop=self.loop, beacon=self.beacon)

    async def _commit(self, offsets: Mapping[TP, int]) -> bool:
        if _batch_commits(self.app):
            # The batch's transaction (or `commit_batch`) committed these offsets already; a second, regular
            # commit could only overwrite a later batch's (see the module docstring).
            return True
        return await super()._commit(offsets)

    async def commit_batch(self, offsets: Mapping[Any, int]) -> bool:
        """Commit one batch's offsets (per partition, its last offset + 1), for a worker with tables in
        at-least-once mode; False when the coordinator refused them (a rebalance: the partition's next owner
        processes the batch again)."""
        return await super()._commit(offsets)


class _DrainingBuffer(ProducerBuffer):
    """faust's producer buffer, whose flush returns only once every message in it is with the client."""

    #: A batch of count changes writes many changelog records at once: faust's 100 made it warn "buffer full".
    max_messages = 10_000
    sending = 0

    async def _send_pending(self, fut: Any) -> None:
        self.sending += 1  # taken from the queue, not yet with the client
        try:
            await super()._send_pending(fut)
        finally:
            self.sending -= 1

    async def flush(self) -> None:
        while self.size or self.sending:
            self.message_sent.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.message_sent.wait(), timeout=0.1)


class _Producer(faust_aiokafka.Producer):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        buffer = _DrainingBuffer(loop=self.loop, beacon=self.beacon)
        buffer.app = self.app
        if self.threaded_producer is not None:
            buffer.threaded_producer = self.threaded_producer
        self.buffer = buffer


class LowLatencyTransport(faust_aiokafka.Transport):
    Consumer = _LowLatencyConsumer
    Producer = _Producer


TRANSPORT_SCHEME = "lwkafka"
TRANSPORTS.data[TRANSPORT_SCHEME] = f"{__name__}:LowLatencyTransport"
