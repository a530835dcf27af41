"""A guard against messages that faust's consumer skips, for topics whose offsets have no holes.

faust's fetcher can pass over messages of a partition around a table's recovery: it starts fetching before the
recovery is over and seeks to the committed offsets after, and messages fetched in between were seen missing
from the stream (counts workers taking over partitions after a crash: runs of a partition's offsets, never
delivered, with the later ones delivered and committed). On a topic written only by producers outside
transactions and never compacted, every offset holds a message, so a hole is such a skip. The guard keeps,
per partition, the next offset the loop must see; a message past it means a hole: the partition is sought
back to it, and messages after the hole are held back (not handled, not committed) until the missing offset
arrives. A message below it was handled already in this generation (the fetcher delivers it again after a
seek) and is dropped.

A skip of a partition's last messages leaves no later message to show the hole: the partition looks drained
while its high watermark is past the next offset, and stays so until more is written (a counts worker sat idle
with lag). So the worker also asks the guard, from time to time, for the partitions its fetcher has passed
without delivering anything for `TAIL_PATIENCE_S` (`behind`), and seeks those back too. Pure: the consume loop
gives it the messages, the generation, the committed offsets and the high watermarks, and performs the seeks
it asks for.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass, field

log = logging.getLogger(__name__)

#: Batches in which one missing offset was sought back to (and `GIVE_UP_AFTER_S` at least) before the guard gives
#: up on it and lets the hole through (a message deleted by retention before it was read is never coming back).
#: Generous: messages the stream had buffered before a seek arrive after it, and each batch of them asks for the
#: seek again.
MAX_SEEKS = 50

#: Seconds since a missing offset was first sought back to before the guard may give up on it. Batches alone are
#: no measure: a worker catching up after a restart gets dozens of batches of buffered messages a second (a
#: counts worker on a three-broker cluster gave up on 167 messages two seconds after the first seek, and their
#: counts were lost).
GIVE_UP_AFTER_S = 60.0

#: Seconds a partition with messages past its next offset may deliver nothing before it is sought back to it.
#: A partition merely waiting its turn behind others' messages is sought back at no cost but a fetch again (what
#: it delivers twice is dropped); a real skip of its tail is mended this long after it.
TAIL_PATIENCE_S = 10.0


@dataclass
class OffsetGuard:
    """Per partition, the next offset the consume loop must see, in the current consumer generation."""

    generation: int = -1
    expected: dict[Hashable, int] = field(default_factory=dict)
    #: Per partition and missing offset: the batches that sought back to it so far, and when the first did.
    tries: dict[tuple[Hashable, int], int] = field(default_factory=dict)
    first_sought: dict[tuple[Hashable, int], float] = field(default_factory=dict)
    #: Holes seen in the current batch: partition → the missing offset.
    holes: dict[Hashable, int] = field(default_factory=dict)
    #: Per partition: when the loop last saw one of its messages (handled, held back or dropped), or began it.
    seen_at: dict[Hashable, float] = field(default_factory=dict)
    clock: Callable[[], float] = time.monotonic

    def _generation(self, generation: int) -> None:
        if generation != self.generation:  # a new assignment: the consumer sought to the committed offsets
            self.generation, self.expected, self.tries, self.holes, self.seen_at = generation, {}, {}, {}, {}
            self.first_sought = {}

    def begin(self, partition: Hashable, generation: int, start: int) -> None:
        """Know where `partition` begins in `generation`: where the consumer began it (its committed offset, or its
        first offset when none is committed), what its first message must be. Known before any of its messages
        arrives, a skip of everything it had to deliver is seen too; not known, its first message sets it."""
        self._generation(generation)
        if partition not in self.expected:
            self.expected[partition], self.seen_at[partition] = start, self.clock()

    def knows(self, partition: Hashable, generation: int) -> bool:
        """Whether the next offset of `partition` is known in `generation` (else it is to `begin`)."""
        return generation == self.generation and partition in self.expected

    def admit(self, partition: Hashable, offset: int, generation: int) -> bool:
        """Whether to handle the message at `offset` of `partition` now."""
        self._generation(generation)
        self.seen_at[partition] = self.clock()
        expected = self.expected.setdefault(partition, offset)
        if offset == expected:
            self.expected[partition] = offset + 1
            self.tries.pop((partition, offset), None)
            self.first_sought.pop((partition, offset), None)
            return True
        if offset < expected:  # handled already in this generation, delivered again after a seek
            return False
        hole = (partition, expected)
        if (
            self.tries.get(hole, 0) >= MAX_SEEKS
            and self.clock() - self.first_sought.get(hole, self.clock()) >= GIVE_UP_AFTER_S
        ):
            log.error("offsets %s to %s of %s never arrived; going on without them", expected, offset - 1, partition)
            self.expected[partition] = offset + 1
            return True
        self.holes[partition] = expected  # held back: handled once the missing offset has come
        return False

    def seeks(self) -> dict[Hashable, int]:
        """At the end of a batch: where to seek the partitions that had a hole in it (each missing offset)."""
        seeks, self.holes = self.holes, {}
        for partition, offset in seeks.items():
            self.tries[(partition, offset)] = self.tries.get((partition, offset), 0) + 1
            self.first_sought.setdefault((partition, offset), self.clock())
        return seeks

    def behind(self, highwaters: Mapping[Hashable, int | None], generation: int) -> dict[Hashable, int]:
        """Where to seek the partitions whose high watermark is past their next offset while none of their
        messages has come for `TAIL_PATIENCE_S` (their tail was skipped); each is asked for again only after as
        long again. `highwaters`: the partitions the worker owns now, with the high watermark its fetcher last
        had (None: not fetched yet)."""
        if generation != self.generation:
            return {}
        now, seeks = self.clock(), {}
        for partition, high in highwaters.items():
            expected = self.expected.get(partition)
            if expected is None or high is None or high <= expected:
                continue
            if now - self.seen_at.get(partition, now) >= TAIL_PATIENCE_S:
                seeks[partition] = expected
                self.seen_at[partition] = now
        return seeks
