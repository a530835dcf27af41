"""A faust transport with launchwatch's consumer latency settings and exactly-once offsets.

faust hard-codes ``fetch_max_wait_ms=1500`` for its worker consumer: an idle pipeline then waits up to
1.5 s per hop. This transport (scheme ``lwkafka://``) is faust's aiokafka transport with the fetch
wait of :func:`launchwatch.kafka.low_latency_consumer_kwargs`.

In exactly-once mode (``app.exactly_once``) each batch's offsets are committed in its Kafka transaction
(launchwatch.transactions), and by nothing else: faust's own periodic commit is switched off. Both paths at
once let a regular commit of the previous batch's offsets, written after a transaction's offsets, win over
them when that transaction commits (the group coordinator keeps the offset written last), so the group's
position stepped back a batch and a crash then delivered a committed batch again: its alerts twice.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from faust.transport.drivers import TRANSPORTS
from faust.transport.drivers import aiokafka as faust_aiokafka
from faust.types import TP

from launchwatch.kafka import low_latency_consumer_kwargs


def _exactly_once(app: Any) -> bool:
    return bool(getattr(app, "exactly_once", False))


class _LowLatencyConsumerThread(faust_aiokafka.AIOKafkaConsumerThread):
    """faust's aiokafka consumer with our fetch wait (faust hard-codes 1,500 ms: 1.5 s a hop when idle)."""

    def _create_worker_consumer(self, transport: Any) -> Any:
        consumer = super()._create_worker_consumer(transport)
        consumer._fetch_max_wait_ms = low_latency_consumer_kwargs()["fetch_max_wait_ms"]
        if _exactly_once(self.app):  # skip what aborted transactions wrote
            consumer._isolation_level = "read_committed"
        return consumer


class _LowLatencyConsumer(faust_aiokafka.Consumer):
    def _new_consumer_thread(self) -> _LowLatencyConsumerThread:
        return _LowLatencyConsumerThread(self, loop=self.loop, beacon=self.beacon)

    async def _commit(self, offsets: Mapping[TP, int]) -> bool:
        if _exactly_once(self.app):
            # The batch's transaction committed these offsets already; a second, regular commit could only
            # overwrite a later transaction's (see the module docstring).
            return True
        return await super()._commit(offsets)


class LowLatencyTransport(faust_aiokafka.Transport):
    Consumer = _LowLatencyConsumer


TRANSPORT_SCHEME = "lwkafka"
TRANSPORTS.data[TRANSPORT_SCHEME] = f"{__name__}:LowLatencyTransport"
