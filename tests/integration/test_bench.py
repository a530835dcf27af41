"""`launchwatch bench` stages run on the real broker (no speed is asserted: the benchmark prints it)."""

from __future__ import annotations

from launchwatch.bench import framework_ceiling, raw_three_hops
from launchwatch.settings import Settings


async def test_the_framework_ceiling_passes_every_message_through_three_hops(settings: Settings) -> None:
    result = await framework_ceiling(settings, 200, timeout_s=60)
    assert result["messages"] == 200 and result["hops"] == 3 and result["messages_per_s"] > 0


async def test_the_raw_limit_passes_every_message_through_three_aiokafka_hops(settings: Settings) -> None:
    result = await raw_three_hops(settings, 200, timeout_s=60)
    assert result["messages"] == 200 and result["hops"] == 3 and result["messages_per_s"] > 0
