"""The counts service's step over one count change: applied to the tables of its partition, then every window it
touched published with its total. Module-level and framework-free: tested by calling it
(tests/unit/test_handlers.py); the worker gives it the faust tables (`stream.py`), the tests dicts."""

from __future__ import annotations

from collections.abc import Callable, MutableMapping
from dataclasses import dataclass
from typing import Any

from launchwatch.schemas import CountChange, WindowCount, utcnow
from launchwatch.streams import Message, Publisher, Rejected, decoded
from launchwatch.topics import TopicRegistry
from services.counts.counter import WindowCounter

#: The tables of one partition of `metrics.count-changes`: (windows, items), as `WindowCounter` takes them.
Tables = tuple[MutableMapping[Any, Any], MutableMapping[Any, Any]]


@dataclass(frozen=True)
class Counted:
    """What one change made: the totals of the windows it touched (none for a change older than the item's)."""

    totals: list[WindowCount]


@dataclass
class CountsHandler:
    tables_at: Callable[[int], Tables]
    topics: TopicRegistry
    publisher: Publisher
    service: str = "counts"

    def handle(self, message: Message) -> Counted | Rejected:
        change = decoded(message, CountChange, "invalid_count_change", "a count change")
        if isinstance(change, Rejected):
            return change
        if change.drill != self.topics.drill:
            return Rejected("wrong_namespace", f"a {'drill' if change.drill else 'live'} change on {message.topic}")
        windows, items = self.tables_at(message.partition)
        return Counted(WindowCounter(windows, items).apply(change, utcnow()))

    async def emit(self, message: Message, outcome: Counted | Rejected) -> None:
        if isinstance(outcome, Rejected):
            return
        for total in outcome.totals:
            await self.publisher.publish(self.topics.metrics_counts, total)
