"""`launchwatch_consumer_lag` counts what a consumer group has not committed: N unconsumed messages, lag N."""

from __future__ import annotations

import pytest

from launchwatch.kafka import consumer, consumer_lags, ensure_topics, producer, publish, topic_partitions
from launchwatch.settings import Settings
from tests.servers import Broker

pytestmark = pytest.mark.integration


async def test_lag_is_every_message_the_group_has_not_committed(settings: Settings) -> None:
    # On Tansu too: it lists a partition's last batch's base offset as its end (1,000 messages once gave a lag of
    # 959), and the lag is taken from the end a fetch reports (`kafka.end_offsets`).
    topic, group, total = f"{settings.topic_prefix}lag", f"{settings.topic_prefix}lag-group", 1_000
    await ensure_topics(settings, [topic])
    await publish(settings, topic, ((f"k{i}", b"x" * 100) for i in range(total)))

    assert await consumer_lags(settings, group, [topic]) == {topic: total}

    reader = consumer(settings, group_id=group, enable_auto_commit=False)
    await reader.start()
    try:
        partitions = await topic_partitions(reader, [topic])
        assert len(partitions) == settings.topic_partitions
        reader.assign(partitions)
        await reader.seek_to_beginning(*partitions)
        # Commit 10 messages of each partition: the lag falls by exactly that many.
        await reader.commit({tp: 10 for tp in partitions})
    finally:
        await reader.stop()
    assert await consumer_lags(settings, group, [topic]) == {topic: total - 10 * len(partitions)}


async def test_in_exactly_once_mode_transaction_markers_are_not_lag(settings: Settings, broker: Broker) -> None:
    if broker.kind == "tansu":
        pytest.skip("Tansu has no transactions")
    settings = settings.model_copy(update={"processing_guarantee": "exactly_once"})
    topic, group = f"{settings.topic_prefix}txn-lag", f"{settings.topic_prefix}txn-lag-group"
    await ensure_topics(settings, [topic])
    sender = producer(settings, transactional_id=f"{topic}-writer", enable_idempotence=True)
    await sender.start()
    try:
        for batch in range(10):  # ten transactions: each leaves a marker on every partition it wrote to
            async with sender.transaction():
                for i in range(30):
                    await sender.send(topic, b"x", key=f"k{batch}-{i}".encode())
    finally:
        await sender.stop()
    reader = consumer(settings, group_id=group, enable_auto_commit=False, isolation_level="read_committed")
    await reader.start()
    try:
        partitions = await topic_partitions(reader, [topic])
        reader.assign(partitions)
        await reader.seek_to_beginning(*partitions)
        last: dict = {}
        while sum(len(v) for v in last.values()) < 300:
            for tp, records in (await reader.getmany(timeout_ms=500)).items():
                last.setdefault(tp, []).extend(records)
        # Everything but the last 5 messages of each partition: the lag is those, not the markers between.
        await reader.commit({tp: records[-5].offset for tp, records in last.items()})
        assert await consumer_lags(settings, group, [topic]) == {topic: 5 * len(last)}
        await reader.commit({tp: records[-1].offset + 1 for tp, records in last.items()})
        assert await consumer_lags(settings, group, [topic]) == {topic: 0}
    finally:
        await reader.stop()
