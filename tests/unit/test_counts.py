from __future__ import annotations

from datetime import UTC, datetime, timedelta

from services.alerts.counts import ALERTS_BY_COMMITMENT, EVENTS_BY_TYPE, TumblingCounts

T0 = datetime(2024, 1, 14, 6, 0, 0, tzinfo=UTC)


def test_counts_are_given_once_per_closed_window() -> None:
    counts = TumblingCounts(timedelta(minutes=1), "w1")
    counts.add(EVENTS_BY_TYPE, "ballistic_missile_launch", T0 + timedelta(seconds=5))
    counts.add(EVENTS_BY_TYPE, "ballistic_missile_launch", T0 + timedelta(seconds=59))
    counts.add(ALERTS_BY_COMMITMENT, "unsc-ballistic", T0 + timedelta(seconds=30))
    counts.add(EVENTS_BY_TYPE, "cruise_missile_launch", T0 + timedelta(seconds=61))
    assert counts.closed(T0 + timedelta(seconds=59)) == []  # the first window is still open
    first = counts.closed(T0 + timedelta(seconds=60))
    assert [(c.kind, c.key, c.count) for c in first] == [
        (ALERTS_BY_COMMITMENT, "unsc-ballistic", 1),
        (EVENTS_BY_TYPE, "ballistic_missile_launch", 2),
    ]
    assert all(c.window_start == T0 and c.window_end == T0 + timedelta(minutes=1) and c.worker == "w1" for c in first)
    assert counts.closed(T0 + timedelta(seconds=90)) == []  # given once
    [second] = counts.closed(T0 + timedelta(minutes=5))
    assert (second.key, second.count, second.window_start) == ("cruise_missile_launch", 1, T0 + timedelta(minutes=1))
