"""Windowed counts for consumers that do not scrape Prometheus: events by type and alerts by commitment,
per tumbling window of processing time, published to `metrics.counts` when each window closes.

Pure: the worker feeds `add` and calls `closed` from a timer. Each worker counts what it processed, so
with several alerts workers a window has one message per worker (`worker` tells them apart) and
consumers add them up. Counts live in memory: a worker that crashes loses its open window's counts
(the Prometheus counters are the durable record).
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta

from launchwatch.schemas import WindowCount

EVENTS_BY_TYPE = "events_by_type"
ALERTS_BY_COMMITMENT = "alerts_by_commitment"


class TumblingCounts:
    def __init__(self, window: timedelta, worker: str, drill: bool = False):
        self.window = window
        self.worker = worker
        self.drill = drill
        self._counts: dict[datetime, Counter[tuple[str, str]]] = {}

    def window_start(self, at: datetime) -> datetime:
        seconds = self.window.total_seconds()
        return datetime.fromtimestamp((at.timestamp() // seconds) * seconds, tz=UTC)

    def add(self, kind: str, key: str, at: datetime, count: int = 1) -> None:
        self._counts.setdefault(self.window_start(at), Counter())[(kind, key)] += count

    def closed(self, now: datetime) -> list[WindowCount]:
        """The counts of every window that ended by `now` (each given once), oldest first."""
        current = self.window_start(now)
        done = sorted(start for start in self._counts if start < current)
        out = []
        for start in done:
            for (kind, key), count in sorted(self._counts.pop(start).items()):
                out.append(
                    WindowCount(
                        window_start=start,
                        window_end=start + self.window,
                        kind=kind,
                        key=key,
                        count=count,
                        worker=self.worker,
                        drill=self.drill,
                    )
                )
        return out
