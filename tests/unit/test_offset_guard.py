"""The offset guard (launchwatch/offset_guard.py): a partition's messages with a hole are held back and the
partition sought back to the hole, whatever order and batches the fetcher delivers them in."""

from __future__ import annotations

import random

import pytest

from launchwatch.offset_guard import GIVE_UP_AFTER_S, MAX_SEEKS, TAIL_PATIENCE_S, OffsetGuard


def run(
    guard: OffsetGuard, deliveries: list[int], generation: int = 1, committed: int | None = 0
) -> tuple[list[int], int | None]:
    """One batch: the offsets handled, and where the partition is sought after it."""
    if committed is not None and not guard.knows("p0", generation):
        guard.begin("p0", generation, committed)
    handled = [o for o in deliveries if guard.admit("p0", o, generation)]
    return handled, guard.seeks().get("p0")


def test_contiguous_messages_pass_and_the_first_must_be_the_committed_offset() -> None:
    assert run(OffsetGuard(), [5, 6, 7], committed=5) == ([5, 6, 7], None)
    # The first message of a generation past the committed offset: sought back to it.
    assert run(OffsetGuard(), [8, 9], committed=5) == ([], 5)
    # No committed offset known (none yet): the first message sets the start.
    assert run(OffsetGuard(), [3, 4], committed=None) == ([3, 4], None)


def test_a_hole_holds_the_rest_back_and_seeks_back_to_it() -> None:
    guard = OffsetGuard()
    # 0-2 delivered, 3-4 skipped by the fetcher, 5-7 delivered: held back, sought back to 3.
    assert run(guard, [0, 1, 2, 5, 6, 7]) == ([0, 1, 2], 3)
    # Buffered before the seek, arriving after it: held back again (and sought again, harmless).
    assert run(guard, [8, 9]) == ([], 3)
    # The fetcher delivers from 3: everything once, in order.
    assert run(guard, [3, 4, 5, 6, 7, 8]) == ([3, 4, 5, 6, 7, 8], None)
    # Delivered again (a fetch from before the seek): dropped, already handled.
    assert run(guard, [6, 7, 8, 9]) == ([9], None)


def test_a_hole_that_never_fills_is_let_through_after_max_seeks_and_the_patience() -> None:
    clock = Clock()
    guard = OffsetGuard(clock=clock)
    run(guard, [0, 1])
    for _ in range(MAX_SEEKS):
        assert run(guard, [4, 5]) == ([], 2)  # 2 and 3 never come: each batch seeks back to 2
    # Many batches in a moment (a worker catching up) are no reason to give up: the seek may not have landed yet.
    assert run(guard, [4, 5]) == ([], 2)
    clock.now += GIVE_UP_AFTER_S
    assert run(guard, [4, 5]) == ([4, 5], None)  # gone for good (retention): let through, logged


def test_a_new_generation_starts_from_its_committed_offset() -> None:
    guard = OffsetGuard()
    run(guard, [0, 1, 2])
    # Reassigned: the consumer starts again at the committed offset 1; nothing is dropped as seen before.
    assert run(guard, [1, 2, 3], generation=2, committed=1) == ([1, 2, 3], None)


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_a_skipped_tail_is_sought_back_once_the_partition_has_been_quiet_for_the_patience() -> None:
    clock = Clock()
    guard = OffsetGuard(clock=clock)
    assert run(guard, [0, 1, 2]) == ([0, 1, 2], None)
    # 3-5 were written and skipped, nothing follows them: no later message shows the hole, the high watermark does.
    clock.now += TAIL_PATIENCE_S - 0.1
    assert guard.behind({"p0": 6}, generation=1) == {}  # not quiet long enough: maybe only waiting its turn
    clock.now += 0.1
    assert guard.behind({"p0": 6}, generation=1) == {"p0": 3}
    assert guard.behind({"p0": 6}, generation=1) == {}  # asked again only after as long again
    assert run(guard, [3, 4, 5]) == ([3, 4, 5], None)
    clock.now += TAIL_PATIENCE_S
    assert guard.behind({"p0": 6}, generation=1) == {}  # drained: nothing past the next offset


def test_a_partition_is_not_sought_for_its_tail_while_it_delivers_or_when_its_high_watermark_is_unknown() -> None:
    clock = Clock()
    guard = OffsetGuard(clock=clock)
    for offset in range(20):  # a long backlog, delivered a message a second: behind its high watermark all along
        clock.now += 1.0
        assert run(guard, [offset]) == ([offset], None)
        assert guard.behind({"p0": 1_000}, generation=1) == {}
    clock.now += TAIL_PATIENCE_S
    assert guard.behind({"p0": None, "p1": 50}, generation=1) == {}  # not fetched yet; a partition never begun
    assert guard.behind({"p0": 1_000}, generation=2) == {}  # a generation the guard has not begun


def test_a_partition_begun_before_its_first_message_is_sought_when_everything_it_had_was_skipped() -> None:
    clock = Clock()
    guard = OffsetGuard(clock=clock)
    run(guard, [0, 1])
    guard.begin("p0", generation=2, start=7)  # reassigned; its committed offset 7, its messages 7-9 all skipped
    assert guard.knows("p0", 2) and not guard.knows("p0", 1)
    clock.now += TAIL_PATIENCE_S
    assert guard.behind({"p0": 10}, generation=2) == {"p0": 7}
    # Where it began holds: a first message past it is a hole, not the start.
    assert run(guard, [8, 9], generation=2, committed=None) == ([], 7)
    assert run(guard, [7, 8, 9], generation=2, committed=None) == ([7, 8, 9], None)


@pytest.mark.parametrize("seed", range(30))
def test_whatever_the_fetcher_skips_or_repeats_each_offset_is_handled_once_and_in_order(seed: int) -> None:
    rng = random.Random(seed)
    end = 60
    clock = Clock()
    guard, handled, position = OffsetGuard(clock=clock), [], 0
    guard.begin("p0", generation=1, start=0)
    while guard.expected.get("p0", 0) < end:
        clock.now += 0.1
        if position >= end:  # the fetcher at the end delivers nothing more: only the high watermark shows a hole
            clock.now += TAIL_PATIENCE_S
            position = guard.behind({"p0": end}, generation=1).get("p0", position)
            continue
        # One batch from the position: some of it skipped, some delivered again from before a seek.
        fetched = list(range(max(0, position - rng.randint(0, 3)), min(end, position + rng.randint(1, 8))))
        handled += [o for o in fetched if rng.random() > 0.2 and guard.admit("p0", o, 1)]
        seek = guard.seeks().get("p0")
        position = seek if seek is not None else fetched[-1] + 1
    assert handled == list(range(end))  # every offset once, in order
