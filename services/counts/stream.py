"""Counts wiring: `metrics.count-changes` → `metrics.counts` (the step is `handler.py`), and its faust tables.

The two tables (`count-windows`, windowed by `CalendarWindows`, and `count-items`) live in memory and in their
changelog topics, named after the worker's app id in its namespace (`TopicRegistry.changelog`); faust rebuilds
a partition's tables from them whenever a worker is given the partition, before it processes its changes.

The changes of a batch are applied through `BatchTables`: reads and writes go to the tables at once; each key
written is sent to its changelog once per batch, with its last value, to the partition of the change that
wrote it (the partition faust recovers it with), and the batch is settled (`StreamContext.consume`) only once
the broker has them all: before the batch's offsets are committed, by its Kafka transaction or, in
at-least-once mode, by the loop itself (`StreamContext.commit_batches`: faust's own commits are off in a worker
with tables, see launchwatch/faust_transport.py), whichever services the worker runs.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator, MutableMapping
from contextlib import nullcontext
from typing import Any

from faust.serializers import codecs

from launchwatch.streams import StreamContext
from launchwatch.topology import ROLES
from services.counts.counter import CALENDAR
from services.counts.handler import CountsHandler, Tables

WINDOWS_TABLE, ITEMS_TABLE = ROLES["counts"].tables


class BatchTables:
    """faust tables as the counter sees them, per partition; changelog records sent once per key and batch."""

    def __init__(self, ctx: StreamContext, *tables: Any):
        self.ctx = ctx
        self.tables = {table.name: table for table in tables}
        self._written: dict[tuple[str, Any], int] = {}  # (table, key) → partition, in order of first write

    def at(self, partition: int) -> Tables:
        windows, items = (_Partition(self, name, partition) for name in (WINDOWS_TABLE, ITEMS_TABLE))
        return windows, items

    def write(self, table: str, key: Any, value: Any, partition: int) -> None:
        self.tables[table].data[key] = value
        self._written[(table, key)] = partition

    async def settle(self) -> None:
        """Send every key written since the last settle to its changelog; return once the broker has them.

        Straight to the producer, encoded as faust encodes a table's changelog (JSON key and value, which its
        recovery decodes), rather than through faust's producer buffer: each record's acknowledgement is
        awaited, not the buffer's draining."""
        written, self._written = self._written, {}
        producer = self.ctx.app.producer
        pending = []
        for (name, key), partition in written.items():
            table = self.tables[name]
            record_key = codecs.dumps(table.key_serializer, key)
            value = codecs.dumps(table.value_serializer, table.data[key])
            topic = table.changelog_topic.get_topic_name()
            pending.append(await producer.send(topic, record_key, value, partition, None, None))
        await asyncio.gather(*pending)


class _Partition(MutableMapping[Any, Any]):
    """One table as seen from one partition's changes: its writes go to that changelog partition."""

    def __init__(self, tables: BatchTables, name: str, partition: int):
        self.tables, self.name, self.partition = tables, name, partition
        self.data = tables.tables[name].data
        # The in-memory store's own dict: the counter reads 64 buckets of each window it touches, most of them
        # absent, and the store's mapping methods raise and catch a KeyError for each.
        store_dict = getattr(self.data, "data", None)
        self._dict: dict[Any, Any] | None = store_dict if isinstance(store_dict, dict) else None

    def __getitem__(self, key: Any) -> Any:
        return self.data[key] if self._dict is None else self._dict[key]

    def get(self, key: Any, default: Any = None) -> Any:
        return self.data.get(key, default) if self._dict is None else self._dict.get(key, default)

    def __setitem__(self, key: Any, value: Any) -> None:
        self.tables.write(self.name, key, value, self.partition)

    def __delitem__(self, key: Any) -> None:
        raise NotImplementedError("the counter never deletes: an emptied window keeps its record (count 0)")

    def __iter__(self) -> Iterator[Any]:
        return iter(self.data)

    def __len__(self) -> int:
        return len(self.data)


def register(ctx: StreamContext) -> None:
    app, partitions = ctx.app, ctx.settings.topic_partitions
    windows = app.Table(WINDOWS_TABLE, partitions=partitions).using_window(CALENDAR).table
    items = app.Table(ITEMS_TABLE, partitions=partitions)
    tables = BatchTables(ctx, windows, items)
    ctx.commit_batches()  # a worker with tables: see launchwatch/faust_transport.py
    handler = CountsHandler(tables.at, ctx.topics, ctx)
    ctx.consume(ctx.topics.count_changes, handler, nullcontext, settle=tables.settle)
