"""The counts of `metrics.counts`: incidents by event type, alerts by commitment and precedence, reports by party
and source, each per hour, day, month and year of event time (UTC). Pure: tested without Kafka.

- What to count comes as `CountChange`s on `metrics.count-changes` (built by `launchwatch.counting`), keyed by
  the count's key (`<kind>:<key>`): every window of a count is on one partition, so exactly one counts worker
  owns it.
- `WindowCounter` applies them to two mappings, the counts service's faust tables (`stream.py`), written to
  their changelog topics and rebuilt from them when a worker (re)starts or takes over partitions:
  `count-windows`, windowed by `CalendarWindows`, holds for every (kind, key) and window the ids of the items
  counted in it, spread over `MEMBER_BUCKETS` records by a stable hash of the id (the total is how many in
  all); `count-items` holds for every (kind, key, item) the version counted and every window the item has
  been in.
- Idempotent: an item is counted by its id, at most once in a window, so a change applied twice (redelivered
  after a crash, or sent again for a redelivered or replayed report) counts once; a change older than the
  item's version is ignored, a newer one moves the item to its new windows (an incident whose fused time
  became precise, or that turned from ballistic to satellite launch) or out of the count (merged into another,
  every report withdrawn). Each record is one changelog message holding its members, so a crash between two
  records leaves nothing that applying the change again does not mend.
- Published: every window the changes of a batch touch, once, with its total after the batch (`WindowCount`),
  keyed `<kind>:<key>:<window>:<window start>`, so the latest message per key is the figure; a late report
  updates its old window. (A year's window touched by every change of a batch is one message, not one a change.)
"""

from __future__ import annotations

import calendar
import zlib
from collections.abc import MutableMapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from faust.windows import Window

from launchwatch.schemas import CountChange, CountKind, CountWindow, TimePrecision, WindowCount

#: A window as faust's windowed tables keep it: (start, end) in epoch seconds, the end 0.1 s before the next start.
WindowRange = tuple[float, float]

WIDTHS: tuple[CountWindow, ...] = (CountWindow.HOUR, CountWindow.DAY, CountWindow.MONTH, CountWindow.YEAR)

_PRECISION_RANK = {p: rank for rank, p in enumerate(TimePrecision)}  # second, minute, hour, day, month, year
_WIDTH_PRECISION = {
    CountWindow.HOUR: TimePrecision.HOUR,
    CountWindow.DAY: TimePrecision.DAY,
    CountWindow.MONTH: TimePrecision.MONTH,
    CountWindow.YEAR: TimePrecision.YEAR,
}


def widths_for(precision: TimePrecision) -> tuple[CountWindow, ...]:
    """The windows a time of this precision can be placed in: a date is in its day, month and year, in no hour."""
    return tuple(w for w in WIDTHS if _PRECISION_RANK[_WIDTH_PRECISION[w]] >= _PRECISION_RANK[precision])


def window_bounds(width: CountWindow, at: datetime) -> tuple[datetime, datetime]:
    """The calendar period of `width` that holds `at`, in UTC: [start, end)."""
    at = at.astimezone(UTC)
    if width is CountWindow.HOUR:
        start = at.replace(minute=0, second=0, microsecond=0)
        return start, start + timedelta(hours=1)
    if width is CountWindow.DAY:
        start = at.replace(hour=0, minute=0, second=0, microsecond=0)
        return start, start + timedelta(days=1)
    if width is CountWindow.MONTH:
        start = at.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
        days = calendar.monthrange(start.year, start.month)[1]
        return start, start + timedelta(days=days)
    start = at.replace(month=1, day=1, hour=0, minute=0, second=0, microsecond=0)
    return start, start.replace(year=start.year + 1)


def to_range(start: datetime, end: datetime) -> WindowRange:
    return (start.timestamp(), end.timestamp() - 0.1)


def width_of(window: WindowRange) -> CountWindow:
    """Which width a window is (their lengths differ: an hour, a day, 28 to 31 days, 365 or 366 days)."""
    seconds = round(window[1] + 0.1 - window[0])
    if seconds == 3_600:
        return CountWindow.HOUR
    if seconds == 86_400:
        return CountWindow.DAY
    return CountWindow.MONTH if seconds <= 31 * 86_400 else CountWindow.YEAR


class CalendarWindows(Window):
    """faust window type of calendar periods: a timestamp is in its hour, day, month and year (like a hopping
    window, one timestamp, several windows). Windows never expire: a late report still updates its window."""

    expires = None

    def ranges(self, timestamp: float) -> list[WindowRange]:
        return self.ranges_for(datetime.fromtimestamp(timestamp, UTC), TimePrecision.SECOND)

    def ranges_for(self, at: datetime, precision: TimePrecision) -> list[WindowRange]:
        """The windows of every width a time of `precision` can be placed in."""
        return [to_range(*window_bounds(width, at)) for width in widths_for(precision)]

    def stale(self, timestamp: float, latest_timestamp: float) -> bool:
        return False

    def current(self, timestamp: float) -> WindowRange:
        return self.ranges(timestamp)[0]

    def earliest(self, timestamp: float) -> WindowRange:
        return self.ranges(timestamp)[-1]

    def delta(self, timestamp: float, d: Any) -> WindowRange:
        seconds = d.total_seconds() if isinstance(d, timedelta) else float(d)
        return self.current(timestamp - seconds)


CALENDAR = CalendarWindows()

#: A window's members are spread over this many records of `count-windows`, by a stable hash of the item's id:
#: one record holding every id of a busy year would pass the broker's 1 MB message limit at about 30,000
#: items, and would be copied at every change. With 64, a record reaches 1 MB at about two million items.
MEMBER_BUCKETS = 64


def bucket_of(item: str) -> int:
    """The record of a window that holds `item` (crc32: the same in every process, unlike `hash`)."""
    return zlib.crc32(item.encode()) % MEMBER_BUCKETS


@dataclass(frozen=True)
class Touched:
    """A window a change touched: its total is to be published (once per batch, however many changes touched it)."""

    kind: CountKind
    key: str
    window: WindowRange
    labels: dict[str, str] = field(default_factory=dict, compare=False, hash=False)
    drill: bool = False

    @property
    def published_as(self) -> tuple[str, str, WindowRange, bool]:
        """What one published total stands for: the count, its window and namespace (its message key's parts)."""
        return (self.kind.value, self.key, self.window, self.drill)


class WindowCounter:
    """Applies changes to two mappings (faust tables in the worker, dicts in the tests):

    - `windows[((kind, key), window, bucket)]`: the sorted ids of the items of that bucket counted in that
      window;
    - `items[(kind, key, item)]`: `{"version": v, "windows": [...]}`, the version applied and every window the
      item has been in (so a change applied again after a crash publishes the windows it left, too).
    """

    def __init__(
        self, windows: MutableMapping[Any, Any], items: MutableMapping[Any, Any], window: CalendarWindows = CALENDAR
    ):
        self.windows = windows
        self.items = items
        self.window = window

    def apply(self, change: CountChange, now: datetime) -> list[WindowCount]:
        """Apply one change; the totals of every window it touches (none when it is older than the item's)."""
        return [self.window_count(touched, now) for touched in self.touch(change)]

    def touch(self, change: CountChange) -> list[Touched]:
        """Apply one change; every window it touches, hours first (none when it is older than the item's)."""
        count = (change.kind.value, change.key)
        item_key = (*count, change.item)
        known = self.items.get(item_key)
        if known is not None and change.version < known["version"]:
            return []
        target = set(self.window.ranges_for(change.at, change.precision)) if change.at is not None else set()
        seen = {(float(start), float(end)) for start, end in known["windows"]} if known else set()
        touched = sorted(seen | target, key=lambda w: (w[1] - w[0], w[0]))  # hours first, then days ...
        if known is None or known["version"] != change.version or not target <= seen:
            # Every window the item has been in: the change applied again after a crash reaches (and publishes)
            # the windows it left, too.
            self.items[item_key] = {"version": change.version, "windows": [list(w) for w in touched]}
        bucket = bucket_of(change.item)
        for window in touched:
            members: list[str] = list(self.windows.get((count, window, bucket)) or ())
            if (window in target) != (change.item in members):
                if window in target:
                    members = sorted({*members, change.item})
                else:
                    members = [m for m in members if m != change.item]
                self.windows[(count, window, bucket)] = members
        return [Touched(change.kind, change.key, window, change.labels, change.drill) for window in touched]

    def window_count(self, touched: Touched, now: datetime) -> WindowCount:
        """A touched window's current total, as published."""
        start, end = touched.window
        return WindowCount(
            kind=touched.kind,
            key=touched.key,
            labels=touched.labels,
            window=width_of(touched.window),
            window_start=datetime.fromtimestamp(start, UTC),
            window_end=datetime.fromtimestamp(round(end + 0.1), UTC),
            count=self.total((touched.kind.value, touched.key), touched.window),
            updated_at=now,
            drill=touched.drill,
        )

    def total(self, count: tuple[str, str], window: WindowRange) -> int:
        """How many items a window holds: the members of all its buckets."""
        return sum(len(self.windows.get((count, window, b)) or ()) for b in range(MEMBER_BUCKETS))
