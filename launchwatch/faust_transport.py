"""A faust transport with launchwatch's consumer latency settings.

faust hard-codes ``fetch_max_wait_ms=1500`` for its worker consumer: an idle pipeline then waits up to
1.5 s per hop. This transport (scheme ``lwkafka://``) is faust's aiokafka transport with the fetch
wait of :func:`launchwatch.kafka.low_latency_consumer_kwargs`.
"""

from __future__ import annotations

from typing import Any

from faust.transport.drivers import TRANSPORTS
from faust.transport.drivers import aiokafka as faust_aiokafka

from launchwatch.kafka import low_latency_consumer_kwargs


class _LowLatencyConsumerThread(faust_aiokafka.AIOKafkaConsumerThread):
    """faust's aiokafka consumer with our fetch wait (faust hard-codes 1,500 ms: 1.5 s a hop when idle)."""

    def _create_worker_consumer(self, transport: Any) -> Any:
        consumer = super()._create_worker_consumer(transport)
        consumer._fetch_max_wait_ms = low_latency_consumer_kwargs()["fetch_max_wait_ms"]
        if getattr(self.app, "read_committed", False):  # exactly-once: skip what aborted transactions wrote
            consumer._isolation_level = "read_committed"
        return consumer


class _LowLatencyConsumer(faust_aiokafka.Consumer):
    def _new_consumer_thread(self) -> _LowLatencyConsumerThread:
        return _LowLatencyConsumerThread(self, loop=self.loop, beacon=self.beacon)


class LowLatencyTransport(faust_aiokafka.Transport):
    Consumer = _LowLatencyConsumer


TRANSPORT_SCHEME = "lwkafka"
TRANSPORTS.data[TRANSPORT_SCHEME] = f"{__name__}:LowLatencyTransport"
