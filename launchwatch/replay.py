"""Replay: republish historical raw reports in their original order and spacing, divided by a speed.

The plan (order, spacing, drill marking) is pure; the runner publishes on a clock that tests can replace.
Replayed reports of one replay share one key, so they land on one partition and are processed in their
original order: the same replay twice gives the same events, incidents and alert revisions.
"""

from __future__ import annotations

import asyncio
import json
import math
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, TextIO

from launchwatch.schemas import stable_id
from launchwatch.settings import Settings
from launchwatch.topology import REPLAY_ID_HEADER, REPLAY_OFFSET_HEADER

if TYPE_CHECKING:
    from rich.progress import Progress as RichProgress
    from rich.progress import TaskID

#: Header with the report's offset in the replayed timeline, in seconds from the first report.


@dataclass(frozen=True)
class ReplayItem:
    """One report to replay: its bytes, when it was published (None if unreadable) and its id."""

    data: bytes
    published_at: datetime | None
    report_id: str | None
    source: str | None = None


def read_item(data: bytes) -> ReplayItem:
    """The fields a replay needs from a raw report; malformed bytes are kept as they are (to be dead-lettered)."""
    try:
        value = json.loads(data)
    except (json.JSONDecodeError, UnicodeDecodeError):
        return ReplayItem(data, None, None)
    if not isinstance(value, dict):
        return ReplayItem(data, None, None)
    published: datetime | None = None
    if isinstance(value.get("published_at"), str):
        try:
            published = datetime.fromisoformat(value["published_at"].replace("Z", "+00:00"))
        except ValueError:
            published = None
        if published is not None and published.tzinfo is None:
            published = None
    report_id = value.get("id") if isinstance(value.get("id"), str) else None
    source = value.get("source") if isinstance(value.get("source"), str) else None
    return ReplayItem(data, published, report_id, source)


def mark_drill(data: bytes) -> bytes:
    """The report marked `drill: true` (bytes that are not a JSON object are left as they are)."""
    try:
        value = json.loads(data)
    except (json.JSONDecodeError, UnicodeDecodeError):
        return data
    if not isinstance(value, dict):
        return data
    value["drill"] = True
    return json.dumps(value, ensure_ascii=False).encode()


@dataclass(frozen=True)
class ReplayFilter:
    """Which reports to replay: by publication time and source, and by what they are (analysed offline)."""

    start: datetime | None = None
    end: datetime | None = None
    sources: frozenset[str] = frozenset()
    event_types: frozenset[str] = frozenset()
    commitments: frozenset[str] = frozenset()

    def accepts(self, item: ReplayItem) -> bool:
        if self.sources and item.source not in self.sources:
            return False
        if item.published_at is None:
            if self.start is not None or self.end is not None:
                return False
        elif (self.start and item.published_at < self.start) or (self.end and item.published_at > self.end):
            return False
        if self.event_types or self.commitments:
            return self._matches_content(item)
        return True

    def _matches_content(self, item: ReplayItem) -> bool:
        from launchwatch.analysis import ReportRejected, analyze

        try:
            analysis = analyze(item.data)
        except ReportRejected:
            return False
        if self.event_types and analysis.event.event_type.value not in self.event_types:
            return False
        return not self.commitments or bool(self.commitments & {m.commitment_id for m in analysis.matches})


@dataclass(frozen=True)
class ReplayPlan:
    """Reports in original order, each with its offset (seconds) in the replayed timeline."""

    items: tuple[ReplayItem, ...]
    offsets: tuple[float, ...]
    replay_id: str

    @classmethod
    def build(cls, items: Iterable[ReplayItem], drill: bool, selection: ReplayFilter | None = None) -> ReplayPlan:
        chosen = [item for item in items if (selection or ReplayFilter()).accepts(item)]
        # Original order by publication time; reports without a readable time go last, in file order.
        timed = [i for i in chosen if i.published_at is not None]
        first = min((i.published_at for i in timed), default=None)  # type: ignore[type-var]
        ordered = sorted(
            enumerate(chosen),
            key=lambda pair: (
                (pair[1].published_at - first).total_seconds() if pair[1].published_at and first else math.inf,
                pair[0],
            ),
        )
        offsets, items_out = [], []
        last = 0.0
        for _, item in ordered:
            offset = (item.published_at - first).total_seconds() if item.published_at and first else last
            last = offset
            offsets.append(offset)
            items_out.append(mark_drill(item.data) if drill else item.data)
        fingerprint = stable_id("replay", str(drill), *(i.report_id or i.data.hex()[:64] for _, i in ordered))
        return cls(
            items=tuple(
                ReplayItem(d, i.published_at, i.report_id, i.source)
                for d, (_, i) in zip(items_out, ordered, strict=True)
            ),
            offsets=tuple(offsets),
            replay_id=fingerprint,
        )

    @property
    def span_s(self) -> float:
        return self.offsets[-1] if self.offsets else 0.0

    def __len__(self) -> int:
        return len(self.items)


def parse_speed(text: str) -> float:
    """`--speed`: a positive factor, or `max` (as fast as possible, returned as infinity)."""
    if text.lower() == "max":
        return math.inf
    try:
        speed = float(text)
    except ValueError as exc:
        raise ValueError(f"speed must be a positive number or 'max', not {text!r}") from exc
    if not speed > 0:
        raise ValueError(f"speed must be a positive number or 'max', not {text!r}")
    return speed


class Clock(Protocol):
    def now(self) -> float: ...

    async def sleep_until(self, t: float) -> None: ...


class WallClock:
    def now(self) -> float:
        return time.monotonic()

    async def sleep_until(self, t: float) -> None:
        delay = t - time.monotonic()
        if delay > 0:
            await asyncio.sleep(delay)


@dataclass
class Progress:
    """Sent, replayed time and ETA: a live progress bar on a terminal (rich), plain periodic lines otherwise (every
    tenth of the plan, and the last), which read well in a log or a captured output."""

    total: int
    span_s: float
    speed: float
    stream: TextIO = field(default_factory=lambda: sys.stderr)
    started: float = field(default_factory=time.monotonic)
    #: Seconds on a monotonic clock: updates closer than a tenth of a second to the last drawn are skipped.
    clock: Callable[[], float] = time.monotonic
    _last_draw: float = 0.0
    _bar: RichProgress | None = None
    _task: TaskID | None = None

    def update(self, sent: int, offset_s: float, final: bool = False) -> None:
        now = self.clock()
        if not final and now - self._last_draw < 0.1:
            return
        self._last_draw = now
        remaining = (self.span_s - offset_s) / self.speed if math.isfinite(self.speed) else 0.0
        replayed = f"replayed {_duration(offset_s)} of {_duration(self.span_s)}, ETA {_duration(max(0.0, remaining))}"
        if self.stream.isatty():
            self._draw(sent, replayed)
            if final:
                self.close()
            return
        if final or sent % max(1, self.total // 10) == 0:
            width = 30
            done = sent / self.total if self.total else 1.0
            bar = "#" * int(done * width) + "-" * (width - int(done * width))
            self.stream.write(f"replay [{bar}] {sent}/{self.total} reports, {replayed}\n")
            self.stream.flush()

    def _draw(self, sent: int, replayed: str) -> None:
        if self._bar is None:
            from rich.console import Console  # on a terminal only: a worker importing this module needs none
            from rich.progress import BarColumn, TextColumn
            from rich.progress import Progress as RichProgress

            self._bar = RichProgress(
                TextColumn("replay"),
                BarColumn(bar_width=30),
                TextColumn("{task.completed}/{task.total} reports, {task.fields[replayed]}"),
                console=Console(file=self.stream),
                # What else is printed meanwhile (`up` prints alerts) goes above the bar, when it is on the same
                # terminal; printed elsewhere (stdout to a file), it stays there.
                redirect_stdout=sys.stdout.isatty(),
            )
            self._task = self._bar.add_task("replay", total=self.total, replayed=replayed)
            self._bar.start()
        self._bar.update(self._task, completed=sent, replayed=replayed)  # type: ignore[arg-type]

    def close(self) -> None:
        """Stop the live bar (at the end, or when the replay is interrupted), leaving its last state on screen."""
        if self._bar is not None:
            self._bar.stop()
            self._bar = None


def _duration(seconds: float) -> str:
    seconds = int(seconds)
    days, rest = divmod(seconds, 86_400)
    hours, rest = divmod(rest, 3_600)
    minutes, secs = divmod(rest, 60)
    return f"{days}d{hours:02d}h{minutes:02d}m" if days else f"{hours:02d}:{minutes:02d}:{secs:02d}"


@dataclass
class ReplayResult:
    sent: int
    skipped: int
    span_s: float
    wall_s: float
    replay_id: str


async def run_replay(
    plan: ReplayPlan,
    send: Callable[[str, bytes, dict[str, bytes]], object],
    speed: float,
    clock: Clock | None = None,
    start_at: int = 0,
    on_sent: Callable[[int], None] | None = None,
    progress: Progress | None = None,
) -> ReplayResult:
    """Send the plan's reports (from index `start_at`) at their offsets divided by `speed`.

    `send(key, value, headers)` publishes one message (may return an awaitable); `on_sent(i)` records
    progress for `--resume` after report i is handed to the producer.
    """
    clock = clock or WallClock()
    began = clock.now()
    origin = plan.offsets[start_at] if start_at < len(plan) else 0.0
    try:
        for index in range(start_at, len(plan)):
            offset = plan.offsets[index]
            if math.isfinite(speed):
                await clock.sleep_until(began + (offset - origin) / speed)
            headers = {REPLAY_OFFSET_HEADER: f"{offset:.3f}".encode(), REPLAY_ID_HEADER: plan.replay_id.encode()}
            pending = send(plan.replay_id, plan.items[index].data, headers)
            if asyncio.isfuture(pending) or asyncio.iscoroutine(pending):
                await pending
            if on_sent:
                on_sent(index)
            if progress:
                progress.update(index + 1, offset)
        if progress:
            progress.update(len(plan), plan.span_s, final=True)
    finally:
        if progress:
            progress.close()  # interrupted (Ctrl-C, a broker error): the terminal gets its cursor back
    return ReplayResult(
        sent=len(plan) - start_at,
        skipped=start_at,
        span_s=plan.span_s,
        wall_s=clock.now() - began,
        replay_id=plan.replay_id,
    )


class Checkpoint:
    """Where a replay got to, in a small file, so `--resume` continues after Ctrl-C without resending."""

    def __init__(self, path: Path, replay_id: str):
        self.path = path
        self.replay_id = replay_id

    def load(self) -> int:
        """Index of the next report to send (0 when there is no checkpoint for this replay)."""
        try:
            saved = json.loads(self.path.read_text())
        except (FileNotFoundError, json.JSONDecodeError):
            return 0
        return int(saved.get("next", 0)) if saved.get("replay_id") == self.replay_id else 0

    def save(self, next_index: int) -> None:
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(json.dumps({"replay_id": self.replay_id, "next": next_index}))
        tmp.replace(self.path)

    def clear(self) -> None:
        self.path.unlink(missing_ok=True)


def plan_from_files(paths: Sequence[Path], drill: bool, selection: ReplayFilter | None = None) -> ReplayPlan:
    from services.ingest.adapters import iter_report_bytes

    items = [read_item(data) for path in paths for data in iter_report_bytes(path)]
    return ReplayPlan.build(items, drill=drill, selection=selection)


def plan_from_store(url: str, drill: bool, selection: ReplayFilter) -> ReplayPlan:
    """A plan of the archived live reports the selection names (filtered in SQL, by what they became)."""
    from launchwatch.storage import Store

    store = Store(url)
    try:
        raw = store.reports_between(
            start=selection.start,
            end=selection.end,
            sources=sorted(selection.sources),
            event_types=sorted(selection.event_types),
            commitments=sorted(selection.commitments),
        )
    finally:
        store.close()
    return ReplayPlan.build((read_item(data) for data in raw), drill=drill)


async def replay_to_kafka(
    settings: Settings,
    plan: ReplayPlan,
    speed: float,
    checkpoint: Checkpoint | None = None,
    resume: bool = False,
    show_progress: bool = True,
) -> ReplayResult:
    """Publish a plan to `reports.raw` of the settings' namespace; the checkpoint survives Ctrl-C."""
    from launchwatch.kafka import producer
    from launchwatch.topics import TopicRegistry

    topic = TopicRegistry.from_settings(settings).reports_raw
    start_at = checkpoint.load() if (checkpoint and resume) else 0
    next_index = start_at
    sender = producer(settings)
    await sender.start()

    def sent(index: int) -> None:
        nonlocal next_index
        next_index = index + 1

    async def send(key: str, value: bytes, headers: dict[str, bytes]) -> None:
        await sender.send(topic, value=value, key=key.encode(), headers=list(headers.items()))

    try:
        result = await run_replay(
            plan,
            send,
            speed,
            start_at=start_at,
            on_sent=sent,
            progress=Progress(len(plan), plan.span_s, speed) if show_progress else None,
        )
    finally:
        await sender.stop()  # flushes: everything counted as sent is acknowledged by the broker
        if checkpoint:
            checkpoint.save(next_index)
    return result
