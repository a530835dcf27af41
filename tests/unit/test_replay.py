"""Replay planning and pacing, on a virtual clock: speed is checked in replayed time, not wall-clock time."""

from __future__ import annotations

import io
import itertools
import json
import math
from datetime import datetime
from pathlib import Path

import pytest

from launchwatch.replay import (
    Checkpoint,
    Progress,
    ReplayFilter,
    ReplayPlan,
    parse_speed,
    read_item,
    run_replay,
)
from launchwatch.topology import REPLAY_OFFSET_HEADER


def report(report_id: str, published_at: str, source: str = "rok-jcs", body: str = "x") -> bytes:
    return json.dumps(
        {"id": report_id, "kind": "text", "source": source, "published_at": published_at, "body": body}
    ).encode()


FEED = [
    report("b", "2023-12-18T08:40:00+09:00"),
    report("a", "2023-12-18T08:30:00+09:00", source="japan-mod"),
    b"{broken",
    report("c", "2023-12-18T09:30:00+09:00", source="kcna"),
]


class VirtualClock:
    def __init__(self) -> None:
        self.t = 1000.0

    def now(self) -> float:
        return self.t

    async def sleep_until(self, t: float) -> None:
        self.t = max(self.t, t)


def test_plan_is_in_original_order_with_original_spacing() -> None:
    plan = ReplayPlan.build([read_item(d) for d in FEED], drill=False)
    assert [i.report_id for i in plan.items] == ["a", "b", "c", None]
    assert plan.offsets == (0.0, 600.0, 3600.0, 3600.0)
    assert plan.span_s == 3600.0


def test_drill_plan_marks_every_report_and_keeps_malformed_bytes() -> None:
    plan = ReplayPlan.build([read_item(d) for d in FEED], drill=True)
    assert all(json.loads(i.data)["drill"] is True for i in plan.items if i.report_id)
    assert plan.items[-1].data == b"{broken"
    assert plan.replay_id != ReplayPlan.build([read_item(d) for d in FEED], drill=False).replay_id


def test_same_input_same_replay_id() -> None:
    first = ReplayPlan.build([read_item(d) for d in FEED], drill=False)
    again = ReplayPlan.build([read_item(d) for d in reversed(FEED)], drill=False)
    assert first.replay_id == again.replay_id and first.items == again.items


def test_filters_by_time_source_and_content() -> None:
    items = [read_item(d) for d in FEED]
    start = datetime.fromisoformat("2023-12-18T08:35:00+09:00")
    assert [i.report_id for i in ReplayPlan.build(items, False, ReplayFilter(start=start)).items] == ["b", "c"]
    assert [i.report_id for i in ReplayPlan.build(items, False, ReplayFilter(sources=frozenset({"kcna"}))).items] == [
        "c"
    ]
    launch = report("l", "2024-10-31T08:00:00+09:00", body="North Korea fired an ICBM at around 7:11 a.m.")
    balloon = report("t", "2024-10-31T09:00:00+09:00", body="North Korea floated trash balloons across the border.")
    selected = ReplayPlan.build(
        [read_item(launch), read_item(balloon)], False, ReplayFilter(commitments=frozenset({"rtw-sharing"}))
    )
    assert [i.report_id for i in selected.items] == ["l"]


@pytest.mark.parametrize("speed", [1.0, 60.0, 3600.0])
async def test_speed_divides_the_original_spacing(speed: float) -> None:
    plan = ReplayPlan.build([read_item(d) for d in FEED], drill=False)
    clock = VirtualClock()
    sent: list[tuple[float, dict[str, bytes]]] = []

    async def send(key: str, value: bytes, headers: dict[str, bytes]) -> None:
        sent.append((clock.now(), headers))

    result = await run_replay(plan, send, speed, clock=clock)
    assert result.sent == 4 and result.wall_s == pytest.approx(3600.0 / speed)
    gaps = [b[0] - a[0] for a, b in itertools.pairwise(sent)]
    assert gaps == pytest.approx([600.0 / speed, 3000.0 / speed, 0.0])
    assert [float(h[REPLAY_OFFSET_HEADER]) for _, h in sent] == [0.0, 600.0, 3600.0, 3600.0]


async def test_max_speed_does_not_wait() -> None:
    plan = ReplayPlan.build([read_item(d) for d in FEED], drill=False)
    clock = VirtualClock()

    async def send(key: str, value: bytes, headers: dict[str, bytes]) -> None:
        return None

    result = await run_replay(plan, send, math.inf, clock=clock)
    assert result.wall_s == 0.0


async def test_resume_continues_where_it_stopped(tmp_path: Path) -> None:
    plan = ReplayPlan.build([read_item(d) for d in FEED], drill=False)
    checkpoint = Checkpoint(tmp_path / "cp.json", plan.replay_id)
    sent: list[bytes] = []
    next_index = 0

    def on_sent(index: int) -> None:
        nonlocal next_index
        next_index = index + 1

    async def send_then_interrupt(key: str, value: bytes, headers: dict[str, bytes]) -> None:
        if len(sent) == 2:
            raise KeyboardInterrupt
        sent.append(value)

    with pytest.raises(KeyboardInterrupt):
        await run_replay(plan, send_then_interrupt, math.inf, clock=VirtualClock(), on_sent=on_sent)
    checkpoint.save(next_index)
    assert checkpoint.load() == 2
    assert Checkpoint(tmp_path / "cp.json", "another-replay").load() == 0

    async def send(key: str, value: bytes, headers: dict[str, bytes]) -> None:
        sent.append(value)

    result = await run_replay(plan, send, math.inf, clock=VirtualClock(), start_at=checkpoint.load())
    assert result.skipped == 2 and sent == [i.data for i in plan.items]


@pytest.mark.parametrize("text", ["0", "-2", "fast", "nan"])
def test_bad_speeds_are_refused(text: str) -> None:
    with pytest.raises(ValueError, match="positive number or 'max'"):
        parse_speed(text)


def test_a_plan_from_the_store_replays_archived_live_reports_in_order(tmp_path: Path) -> None:
    from launchwatch.replay import plan_from_store
    from launchwatch.storage import Store

    url = f"sqlite:///{tmp_path / 'store.db'}"
    store = Store(url)
    received = datetime.fromisoformat("2024-01-14T16:00:00+09:00")
    archived = [
        report("jmod-2", "2024-01-14T15:30:00+09:00", "japan-mod"),
        report("jcs-1", "2024-01-14T14:59:00+09:00"),
        report("kcna-3", "2024-01-15T06:00:00+09:00", "kcna"),
    ]
    for data in archived:
        item = read_item(data)
        assert item.report_id and item.source and item.published_at
        store.record_report(item.report_id, item.source, item.published_at, data, False, received)
    drill_copy = report("jcs-1", "2024-01-14T14:59:00+09:00")
    store.record_report("jcs-1", "rok-jcs", received, drill_copy, True, received)
    store.close()

    plan = plan_from_store(url, drill=True, selection=ReplayFilter(sources=frozenset({"rok-jcs", "japan-mod"})))
    assert [i.report_id for i in plan.items] == ["jcs-1", "jmod-2"]
    assert plan.offsets == (0.0, 31 * 60.0)
    assert all(json.loads(i.data)["drill"] is True for i in plan.items)


class Captured(io.StringIO):
    def __init__(self, tty: bool) -> None:
        super().__init__()
        self.tty = tty

    def isatty(self) -> bool:
        return self.tty


async def test_progress_off_a_terminal_is_a_plain_line_every_tenth_and_at_the_end() -> None:
    ticks = itertools.count(1000.0, 1.0)  # a second between updates: none is skipped as too soon
    plan = ReplayPlan.build([read_item(report(str(i), f"2023-12-18T08:{i:02d}:00+09:00")) for i in range(20)], False)
    stream = Captured(tty=False)
    await run_replay(
        plan,
        lambda *_: None,
        math.inf,
        clock=VirtualClock(),
        progress=Progress(20, plan.span_s, 60.0, stream, clock=lambda: next(ticks)),
    )
    lines = stream.getvalue().splitlines()
    assert (
        lines[0] == "replay [###---------------------------] 2/20 reports, replayed 00:01:00 of 00:19:00, ETA 00:00:18"
    )
    assert (
        lines[-1]
        == "replay [##############################] 20/20 reports, replayed 00:19:00 of 00:19:00, ETA 00:00:00"
    )
    assert "\r" not in stream.getvalue() and "\x1b" not in stream.getvalue()


async def test_progress_on_a_terminal_is_a_live_bar_stopped_even_when_interrupted() -> None:
    plan = ReplayPlan.build([read_item(report(str(i), f"2023-12-18T08:{i:02d}:00+09:00")) for i in range(5)], False)
    stream = Captured(tty=True)
    progress = Progress(5, plan.span_s, math.inf, stream)
    await run_replay(plan, lambda *_: None, math.inf, clock=VirtualClock(), progress=progress)
    assert "5/5 reports, replayed 00:04:00 of 00:04:00, ETA 00:00:00" in stream.getvalue()
    assert "\x1b[?25l" in stream.getvalue() and stream.getvalue().rstrip().endswith("\x1b[?25h")  # cursor back

    def interrupt(*_: object) -> None:
        raise KeyboardInterrupt

    stream = Captured(tty=True)
    with pytest.raises(KeyboardInterrupt):
        await run_replay(plan, interrupt, math.inf, clock=VirtualClock(), progress=Progress(5, 240.0, 1.0, stream))
    assert not stream.getvalue() or stream.getvalue().rstrip().endswith("\x1b[?25h")
