"""The counts service's step over one count change: applied to the tables of its partition; once the batch is
handled, every window its changes touched published once with its total. Module-level and framework-free: tested
by calling it (tests/unit/test_handlers.py); the worker gives it the faust tables (`stream.py`), the tests dicts."""

from __future__ import annotations

from collections.abc import Callable, MutableMapping
from dataclasses import dataclass, field
from typing import Any

from launchwatch.schemas import CountChange, utcnow
from launchwatch.streams import Message, Publisher, Rejected, decoded
from launchwatch.topics import TopicRegistry
from services.counts.counter import Touched, WindowCounter

#: The tables of one partition of `metrics.count-changes`: (windows, items), as `WindowCounter` takes them.
Tables = tuple[MutableMapping[Any, Any], MutableMapping[Any, Any]]


@dataclass(frozen=True)
class Counted:
    """What one change made: the windows it touched, on its partition (none for a change older than the item's)."""

    partition: int
    touched: list[Touched]


@dataclass
class CountsHandler:
    tables_at: Callable[[int], Tables]
    topics: TopicRegistry
    publisher: Publisher
    service: str = "counts"
    #: The windows touched since the last `finish`, each once, with the partition whose tables hold it.
    _touched: dict[tuple[Any, ...], tuple[int, Touched]] = field(default_factory=dict, init=False, repr=False)

    def handle(self, message: Message) -> Counted | Rejected:
        change = decoded(message, CountChange, "invalid_count_change", "a count change")
        if isinstance(change, Rejected):
            return change
        if change.drill != self.topics.drill:
            return Rejected("wrong_namespace", f"a {'drill' if change.drill else 'live'} change on {message.topic}")
        windows, items = self.tables_at(message.partition)
        return Counted(message.partition, WindowCounter(windows, items).touch(change))

    async def emit(self, message: Message, outcome: Counted | Rejected) -> None:
        if isinstance(outcome, Rejected):
            return
        for touched in outcome.touched:
            self._touched[touched.published_as] = (outcome.partition, touched)

    async def finish(self) -> None:
        """Every window the batch touched, published once with its total now that all its changes are applied."""
        touched, self._touched = self._touched, {}
        now = utcnow()
        for partition, window in touched.values():
            total = WindowCounter(*self.tables_at(partition)).window_count(window, now)
            await self.publisher.publish(self.topics.metrics_counts, total)
