"""Batch processing: one transaction a batch, and one bad message parked without losing the others."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

import pytest

from launchwatch.storage import StoreUnavailable
from launchwatch.streams import Message, Rejected, process_batch, process_batch_until_stored


def message(value: Any, offset: int) -> Message:
    return Message(value=value, key=None, topic="t", partition=0, offset=offset)


@dataclass
class Transactions:
    """Records what each transaction did: committed writes, or rolled back."""

    committed: list[list[Any]] = field(default_factory=list)
    rolled_back: int = 0
    open: list[Any] | None = None

    @contextmanager
    def __call__(self) -> Iterator[None]:
        self.open = []
        try:
            yield
        except Exception:
            self.rolled_back += 1
            raise
        else:
            self.committed.append(self.open)
        finally:
            self.open = None


def test_a_batch_is_one_transaction() -> None:
    transactions = Transactions()

    def process(msg: Any) -> int:
        assert transactions.open is not None
        transactions.open.append(msg.value)
        return msg.value * 10

    batch = [message(v, i) for i, v in enumerate([1, 2, 3])]
    results = process_batch(batch, process, transactions, "test")
    assert [(m.value, r) for m, r in results] == [(1, 10), (2, 20), (3, 30)]
    assert transactions.committed == [[1, 2, 3]] and transactions.rolled_back == 0


def test_a_rejection_is_a_result_not_a_failure() -> None:
    transactions = Transactions()
    batch = [message(v, i) for i, v in enumerate([1, -1, 3])]
    results = process_batch(batch, lambda m: Rejected("negative", "no") if m.value < 0 else m.value, transactions)
    assert [r for _, r in results] == [1, Rejected("negative", "no"), 3]
    assert len(transactions.committed) == 1 and transactions.rolled_back == 0


def test_an_error_rolls_the_batch_back_and_parks_only_the_bad_message() -> None:
    transactions = Transactions()

    def process(msg: Any) -> int:
        assert transactions.open is not None
        transactions.open.append(msg.value)
        if msg.value == 2:
            raise ZeroDivisionError("a bug")
        return msg.value

    batch = [message(v, i) for i, v in enumerate([1, 2, 3])]
    results = process_batch(batch, process, transactions, "test")
    assert [m.value for m, _ in results] == [1, 2, 3]
    assert results[0][1] == 1 and results[2][1] == 3
    failed = results[1][1]
    assert isinstance(failed, Rejected) and failed.reason == "processing_error" and "a bug" in failed.detail
    # The whole batch rolled back once, then each message in its own transaction: only 1 and 3 are kept.
    assert transactions.committed == [[1], [3]]
    assert transactions.rolled_back == 2


def test_without_a_transaction_a_batch_still_isolates_errors() -> None:
    batch = [message(v, i) for i, v in enumerate([4, 0, 2])]
    results = process_batch(batch, lambda m: 8 // m.value)
    assert [r for _, r in results[::2]] == [2, 4]
    assert isinstance(results[1][1], Rejected)


def test_a_database_fault_parks_no_message() -> None:
    def process(msg: Any) -> int:
        raise StoreUnavailable("could not connect to server")

    with pytest.raises(StoreUnavailable, match="could not connect"):
        process_batch([message(1, 0), message(2, 1)], process, Transactions(), "test")


async def test_a_batch_is_retried_until_the_store_is_back() -> None:
    transactions = Transactions()
    failures = [StoreUnavailable("database is locked")] * 2

    def process(msg: Any) -> int:
        if failures:
            raise failures.pop()
        return msg.value

    batch = [message(v, i) for i, v in enumerate([1, 2])]
    results = await process_batch_until_stored(batch, process, transactions, "test", first_delay_s=0.001)
    assert [r for _, r in results] == [1, 2]
    assert transactions.rolled_back == 2 and transactions.committed == [[]]


def test_a_batch_commits_each_partition_past_its_last_message_in_any_order() -> None:
    from aiokafka import TopicPartition

    from launchwatch.transactions import batch_offsets

    def event(topic: str, partition: int, offset: int) -> Any:
        return SimpleNamespace(message=SimpleNamespace(topic=topic, partition=partition, offset=offset))

    batch = [event("raw", 1, 7), event("raw", 0, 3), event("raw", 1, 5), event("other", 1, 0)]
    assert batch_offsets(batch) == {
        TopicPartition("raw", 1): 8,
        TopicPartition("raw", 0): 4,
        TopicPartition("other", 1): 1,
    }
    assert batch_offsets(list(reversed(batch))) == batch_offsets(batch)


async def test_a_consume_loop_that_fails_ends_the_worker_before_faust_acknowledges_its_batch(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import launchwatch.streams as streams
    from launchwatch.settings import Settings
    from launchwatch.topics import TopicRegistry

    class Exited(Exception):
        pass

    def exit_now(code: int) -> None:  # os._exit, which would end the test run itself
        raise Exited(code)

    monkeypatch.setattr(streams.os, "_exit", exit_now)
    monkeypatch.setattr(streams.logging, "shutdown", lambda: None)
    registered: list[Any] = []
    app = SimpleNamespace(agent=lambda topic, name: lambda fun: registered.append(fun) or fun)
    settings = Settings()
    ctx = streams.StreamContext(app=app, settings=settings, topics=TopicRegistry.from_settings(settings), role="x")

    @ctx.agent("topic", name="x.loop")
    async def loop(stream: Any) -> None:
        raise RuntimeError("the broker refused a send")

    with pytest.raises(Exited) as exited:
        await registered[0](None)
    assert exited.value.args == (streams.EXIT_BATCH_UNFINISHED,)


@pytest.mark.parametrize("exactly_once", [True, False])
async def test_faust_commits_offsets_itself_only_in_at_least_once_mode(exactly_once: bool) -> None:
    # In exactly-once mode the batch's transaction commits its offsets; a regular commit by faust as well could
    # overwrite a later transaction's offsets with older ones (launchwatch.faust_transport).
    from faust.types import TP

    from launchwatch.settings import Settings
    from launchwatch.streams import create_faust_app

    guarantee = "exactly_once" if exactly_once else "at_least_once"
    settings = Settings(kafka_bootstrap="127.0.0.1:9", processing_guarantee=guarantee)
    app = create_faust_app(settings, "matcher", web_port=6066)  # nothing is bound: the app is not started
    consumer = app.consumer
    sent: list[Any] = []

    async def thread_commit(offsets: Any) -> bool:
        sent.append(offsets)
        return True

    consumer._thread = SimpleNamespace(commit=thread_commit)
    assert await consumer._commit({TP("t", 0): 5})
    assert sent == ([] if exactly_once else [{TP("t", 0): 5}])


async def test_in_a_batch_s_transaction_count_changes_are_sent_outside_it_and_the_rest_inside() -> None:
    # Count changes are idempotent and their topic must have no transaction markers (launchwatch/offset_guard.py).
    import launchwatch.transactions as transactions
    from launchwatch.settings import Settings
    from launchwatch.streams import StreamContext
    from launchwatch.topics import TopicRegistry

    settings = Settings()
    topics = TopicRegistry.from_settings(settings)
    plain: list[str] = []
    in_transaction: list[str] = []

    async def send_plain(topic: str, *_: Any) -> None:
        plain.append(topic)

    async def send_in_transaction(topic: str, *_: Any, **__: Any) -> None:
        in_transaction.append(topic)

    app = SimpleNamespace(producer=SimpleNamespace(send=send_plain))
    ctx = StreamContext(app=app, settings=settings, topics=topics, role="ingest")
    token = transactions._current.set(SimpleNamespace(send=send_in_transaction))
    try:
        for topic in (topics.count_changes, topics.events_normalized, topics.reports_deadletter):
            await ctx.send(topic, "k", b"{}")
    finally:
        transactions._current.reset(token)
    assert plain == [topics.count_changes]
    assert in_transaction == [topics.events_normalized, topics.reports_deadletter]


async def test_a_worker_seeks_back_a_partition_whose_tail_its_fetcher_passed_over(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The offset guard's tail check as the worker runs it (launchwatch/offset_guard.py): the partitions it owns
    # begun from the group's committed offsets, their high watermarks from its fetcher, the seek done by faust.
    from faust.types import TP

    import launchwatch.offset_guard as offset_guard
    import launchwatch.streams as streams
    from launchwatch.settings import Settings
    from launchwatch.topics import TopicRegistry

    clock = [0.0]
    settings = Settings()
    topics = TopicRegistry.from_settings(settings)
    topic = topics.count_changes
    owned = [TP(topic, 0), TP(topic, 1), TP(f"{topic}-other", 0)]
    highwaters = {owned[0]: 40, owned[1]: 12, owned[2]: 99}
    sought: list[dict[Any, int]] = []

    async def seek_wait(partitions: dict[Any, int]) -> None:
        sought.append(dict(partitions))

    async def committed(_: Any, group: str, partitions: Any) -> dict[Any, int]:
        assert group == "lw-counts" and {tp.partition for tp in partitions} == {0, 1}
        return {tp: {0: 33, 1: 12}[tp.partition] for tp in partitions}

    monkeypatch.setattr(streams, "start_offsets", committed)
    consumer = SimpleNamespace(assignment=lambda: set(owned), highwater=highwaters.get, seek_wait=seek_wait)
    app = SimpleNamespace(
        rebalancing=False, consumer_generation_id=4, conf=SimpleNamespace(id="lw-counts"), consumer=consumer
    )
    ctx = streams.StreamContext(app=app, settings=settings, topics=topics, role="counts")
    ctx._offsets = offset_guard.OffsetGuard(clock=lambda: clock[0])

    await ctx._seek_skipped_tails(topic)
    assert sought == []  # begun at 33 and 12 just now: partition 0 may only be waiting its turn
    clock[0] += offset_guard.TAIL_PATIENCE_S
    app.rebalancing = True
    await ctx._seek_skipped_tails(topic)
    assert sought == []  # in a rebalance the recovery seeks every partition itself
    app.rebalancing = False
    await ctx._seek_skipped_tails(topic)
    assert sought == [{owned[0]: 33}]  # 33-39 never came; partition 1 is drained, the other topic not guarded


async def test_the_offset_guard_waits_for_the_group_s_offsets_through_a_broker_outage(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Reading where a partition begins failed once the broker was gone and ended the worker (exit 75) in the
    # outage test; the batch now waits for the answer, as its partitions wait for the broker anyway.
    from aiokafka.errors import KafkaConnectionError
    from faust.types import TP

    import launchwatch.streams as streams
    from launchwatch.settings import Settings
    from launchwatch.topics import TopicRegistry

    settings = Settings()
    topics = TopicRegistry.from_settings(settings)
    tp = TP(topics.count_changes, 0)
    asked: list[int] = []

    async def committed(_: Any, group: str, partitions: Any) -> dict[Any, int]:
        asked.append(len(asked))
        if len(asked) == 1:
            raise KafkaConnectionError("Unable to bootstrap from [('127.0.0.1', 9092)]")
        return dict.fromkeys(partitions, 3)

    monkeypatch.setattr(streams, "start_offsets", committed)
    app = SimpleNamespace(consumer_generation_id=1, conf=SimpleNamespace(id="lw-counts"))
    ctx = streams.StreamContext(app=app, settings=settings, topics=topics, role="counts")
    batch = [SimpleNamespace(message=SimpleNamespace(tp=tp, offset=offset)) for offset in (2, 3, 4)]
    admitted = await ctx._guard(batch)
    assert asked == [0, 1]
    assert [event.message.offset for event in admitted] == [3, 4]  # begun at the committed offset, 2 done already


async def test_a_hole_is_sought_back_at_every_batch_that_shows_it_and_said_once(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    from faust.types import TP

    import launchwatch.streams as streams
    from launchwatch.settings import Settings
    from launchwatch.topics import TopicRegistry

    settings = Settings()
    topics = TopicRegistry.from_settings(settings)
    tp = TP(topics.count_changes, 0)
    sought: list[dict[Any, int]] = []

    async def committed(_: Any, group: str, partitions: Any) -> dict[Any, int]:
        return dict.fromkeys(partitions, 0)

    async def seek_wait(partitions: dict[Any, int]) -> None:
        sought.append(dict(partitions))

    monkeypatch.setattr(streams, "start_offsets", committed)
    consumer = SimpleNamespace(seek_wait=seek_wait)
    app = SimpleNamespace(consumer_generation_id=1, conf=SimpleNamespace(id="lw-counts"), consumer=consumer)
    ctx = streams.StreamContext(app=app, settings=settings, topics=topics, role="counts")

    def events(*offsets: int) -> list[Any]:
        return [SimpleNamespace(message=SimpleNamespace(tp=tp, offset=offset)) for offset in offsets]

    with caplog.at_level("INFO", logger="launchwatch.streams"):
        assert [e.message.offset for e in await ctx._guard(events(0, 1, 4, 5))] == [0, 1]
        assert await ctx._guard(events(6, 7)) == []  # buffered before the seek: the hole again
        assert [e.message.offset for e in await ctx._guard(events(2, 3, 4, 5, 6, 7))] == [2, 3, 4, 5, 6, 7]
    assert sought == [{tp: 2}, {tp: 2}]
    assert sum("skipped by the fetcher" in r.getMessage() for r in caplog.records) == 1


def test_a_worker_s_data_folder_goes_with_its_app_and_its_process() -> None:
    # faust makes folders in the data folder; a worker that started and ended leaves none behind.
    import gc
    import subprocess
    import sys
    from pathlib import Path

    from launchwatch.settings import Settings
    from launchwatch.streams import create_faust_app

    app = create_faust_app(Settings(kafka_bootstrap="127.0.0.1:9"), "matcher", web_port=6066)
    folder = Path(app.conf.datadir)
    assert folder.is_dir()
    del app
    gc.collect()
    assert not folder.exists()

    script = (
        "from launchwatch.settings import Settings\n"
        "from launchwatch.streams import create_faust_app\n"
        "app = create_faust_app(Settings(kafka_bootstrap='127.0.0.1:9'), 'alerts', web_port=6067)\n"
        "print(app.conf.datadir)\n"
    )
    printed = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout
    made = Path(printed.strip())
    assert made.name.startswith("launchwatch-alerts-")
    assert not made.exists()


def test_a_started_worker_keeps_its_start_up_heap_out_of_full_collections_and_still_collects_later_garbage() -> None:
    import gc
    import weakref

    from launchwatch.streams import freeze_start_up_heap

    class Node:
        pass

    made_before = Node()
    made_before.itself = made_before  # type: ignore[attr-defined]
    try:
        freeze_start_up_heap()
        frozen = gc.get_freeze_count()
        assert frozen > 0
        assert made_before not in gc.get_objects()  # frozen objects are not tracked by the collector's passes
        later = Node()
        later.itself = later  # type: ignore[attr-defined]  # a cycle: only the collector frees it
        gone = weakref.ref(later)
        del later
        gc.collect()
        assert gone() is None
        assert gc.get_freeze_count() == frozen
    finally:
        gc.unfreeze()
