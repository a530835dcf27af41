"""Repeated library log lines are folded: an outage is a few lines, not a hundred a second."""

from __future__ import annotations

import logging

from launchwatch.logs import RepeatFilter


def record(name: str, msg: str, *args: object) -> logging.LogRecord:
    return logging.LogRecord(name, logging.ERROR, __file__, 1, msg, args, None)


def test_a_library_message_repeated_is_shown_once_a_window_with_the_count_folded() -> None:
    now = [0.0]
    folding = RepeatFilter(window_s=30, clock=lambda: now[0])
    passed = []
    for second in range(100):  # an attempt a second for 100 s, each with its own node id
        now[0] = float(second)
        line = record("aiokafka.conn", "Unable connect to node with id %s: %s", second, "refused")
        if folding.filter(line):
            passed.append(line.getMessage())
    assert len(passed) == 4  # at 0, 30, 60 and 90 s
    assert passed[1].endswith("(and 29 more like it in the last 30 s)")


def test_launchwatch_s_own_messages_and_different_messages_are_never_folded() -> None:
    folding = RepeatFilter(window_s=30, clock=lambda: 0.0)
    assert all(folding.filter(record("launchwatch.streams", "waiting for Kafka")) for _ in range(5))
    assert folding.filter(record("aiokafka.conn", "one thing"))
    assert folding.filter(record("aiokafka.conn", "another thing"))
    assert not folding.filter(record("aiokafka.conn", "one thing"))
