"""`launchwatch` as a process whose faust fetcher passes over some offsets once, as faust's was seen to around a
table's recovery: the offset guard's fault for its integration test (tests/integration/test_counts.py).

`python -m tests.skipping_fetcher worker counts`, with LAUNCHWATCH_TEST_SKIP=`<topic>:<partition>:<first>-<last>`
(several, comma-separated): each of those offsets is fetched from the broker and not delivered, the first time.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import AsyncIterator
from typing import Any

from faust.transport import consumer as faust_consumer

from launchwatch.cli import main

log = logging.getLogger("tests.skipping_fetcher")


def offsets_to_skip(spec: str) -> set[tuple[str, int, int]]:
    out = set()
    for part in filter(None, spec.split(",")):
        topic, partition, span = part.rsplit(":", 2)
        first, last = span.split("-")
        out |= {(topic, int(partition), offset) for offset in range(int(first), int(last) + 1)}
    return out


SKIP = offsets_to_skip(os.environ.get("LAUNCHWATCH_TEST_SKIP", ""))
_fetch = faust_consumer.Consumer.getmany


async def getmany(self: Any, timeout: float) -> AsyncIterator[tuple[Any, Any]]:
    async for tp, message in _fetch(self, timeout):
        if (tp.topic, tp.partition, message.offset) in SKIP:
            SKIP.discard((tp.topic, tp.partition, message.offset))
            log.warning(
                "test fault: the fetcher passed over %s:%s at offset %s", tp.topic, tp.partition, message.offset
            )
            continue
        yield tp, message


faust_consumer.Consumer.getmany = getmany  # type: ignore[method-assign]

if __name__ == "__main__":
    sys.exit(main())
