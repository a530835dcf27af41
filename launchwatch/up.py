"""The main job (`launchwatch up`) and the alert console (`launchwatch alerts tail`)."""

from __future__ import annotations

import asyncio
import math
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from aiokafka import AIOKafkaConsumer

from launchwatch.codec import decode
from launchwatch.kafka import (
    consumer,
    end_offsets,
    ensure_topics,
    topic_partitions,
    wait_until_drained,
    wait_until_ready,
)
from launchwatch.replay import plan_from_files, replay_to_kafka
from launchwatch.schemas import Alert, DeadLetter, Precedence
from launchwatch.settings import Settings
from launchwatch.streams import app_id, run_until
from launchwatch.topics import TopicRegistry
from launchwatch.worker import build_app
from services.alerts.console import format_alert


@dataclass
class Summary:
    reports: int = 0
    dead_letters: Counter[str] = field(default_factory=Counter)
    alerts: dict[str, Alert] = field(default_factory=dict)
    revisions: int = 0
    drained: bool = False

    @property
    def ok(self) -> bool:
        return self.drained

    def counts_line(self) -> str:
        """Alerts so far by precedence and by commitment, for the live view."""
        by_precedence = Counter(a.precedence.value for a in self.alerts.values())
        by_commitment = Counter(a.commitment_id for a in self.alerts.values())
        return (
            " ".join(f"{p.value} {by_precedence.get(p.value, 0)}" for p in Precedence)
            + " | "
            + " ".join(f"{k} {v}" for k, v in sorted(by_commitment.items()))
        )

    def render(self) -> str:
        by_precedence = Counter(a.precedence.value for a in self.alerts.values())
        by_commitment = Counter(a.commitment_id for a in self.alerts.values())
        lines = [
            "",
            "launchwatch summary",
            f"  reports published: {self.reports}",
            f"  dead-lettered:     {sum(self.dead_letters.values())}"
            + (
                f" ({', '.join(f'{k}: {v}' for k, v in sorted(self.dead_letters.items()))})"
                if self.dead_letters
                else ""
            ),
            f"  alerts:            {len(self.alerts)} (in {self.revisions} revisions)",
            f"  sharing gaps:      {sum(1 for a in self.alerts.values() if a.gap is not None)}"
            " (launches Japan, the ROK or the US had not reported in time; among the alerts)",
            "  by precedence:     " + ", ".join(f"{p.value} {by_precedence.get(p.value, 0)}" for p in Precedence),
            "  by commitment:     " + ", ".join(f"{k} {v}" for k, v in sorted(by_commitment.items())),
        ]
        if not self.drained:
            lines.append("  NOT DRAINED: the pipeline did not finish processing the feed in time")
        return "\n".join(lines)


class TopicReader:
    """Reads a topic from a given position onwards, without a consumer group."""

    def __init__(self, settings: Settings, topic: str):
        self.settings = settings
        self.topic = topic
        self.consumer: AIOKafkaConsumer | None = None

    async def start(self, from_beginning: bool) -> None:
        self.consumer = consumer(self.settings, enable_auto_commit=False)
        await self.consumer.start()
        partitions = await topic_partitions(self.consumer, [self.topic])
        self.consumer.assign(partitions)
        if from_beginning:
            await self.consumer.seek_to_beginning(*partitions)
        else:
            await self.consumer.seek_to_end(*partitions)
            for tp in partitions:  # resolve the lazy seek now, so nothing published after this is missed
                await self.consumer.position(tp)

    async def caught_up(self) -> bool:
        assert self.consumer is not None
        partitions = list(self.consumer.assignment())
        ends = await end_offsets(self.settings, partitions)  # right on Tansu too, unlike the listed ones
        return all([await self.consumer.position(tp) >= ends[tp] for tp in partitions])

    async def stop(self) -> None:
        if self.consumer is not None:
            await self.consumer.stop()


async def _print_alerts(reader: TopicReader, summary: Summary, colour: bool) -> None:
    assert reader.consumer is not None
    seen: set[str] = set()
    async for record in reader.consumer:
        alert = decode(Alert, record.value)
        if alert.revision_id in seen:
            continue  # a redelivered revision: printed already
        seen.add(alert.revision_id)
        summary.alerts[alert.id] = alert
        summary.revisions += 1
        print(format_alert(alert, colour=colour), flush=True)
        print(f"    [{summary.counts_line()}]\n", flush=True)


async def _count_dead_letters(reader: TopicReader, summary: Summary) -> None:
    assert reader.consumer is not None
    async for record in reader.consumer:
        letter = decode(DeadLetter, record.value)
        summary.dead_letters[letter.reason] += 1
        print(f"DEAD-LETTER {letter.reason}: {letter.detail[:200]}", file=sys.stderr, flush=True)


async def run_up(
    settings: Settings,
    feed: Sequence[Path],
    once: bool,
    colour: bool,
    timeout_s: float = 300.0,
    speed: float = math.inf,
) -> Summary:
    """Run all three services in this process, replay the feed into them, print alerts as they arrive.

    With `once`, stop when the feed is fully processed. The feed is replayed in its original order at
    `speed` (as fast as possible by default).
    """
    await wait_until_ready(settings)
    topics = TopicRegistry.from_settings(settings)
    await ensure_topics(settings, topics.provisioned())
    context = build_app(settings, "all")
    summary = Summary()

    async def feed_and_watch() -> None:
        alerts_reader = TopicReader(settings, topics.alerts)
        letters_reader = TopicReader(settings, topics.reports_deadletter)
        await alerts_reader.start(from_beginning=False)
        await letters_reader.start(from_beginning=False)
        printers = [
            asyncio.create_task(_print_alerts(alerts_reader, summary, colour)),
            asyncio.create_task(_count_dead_letters(letters_reader, summary)),
        ]
        try:
            plan = plan_from_files(feed, drill=settings.drill)
            result = await replay_to_kafka(settings, plan, speed, show_progress=True)
            summary.reports = result.sent
            if not once:
                await asyncio.Event().wait()  # until Ctrl-C
            group = app_id(settings, "all")
            await wait_until_drained(
                settings, {group: [topics.reports_raw, topics.events_normalized, topics.events_matched]}, timeout_s
            )
            for finish in context.finishers:  # the gap check, so the summary has the feed's sharing gaps
                await finish()
            await context.app.producer.flush()  # what they published is on the broker before the readers look
            for reader in (alerts_reader, letters_reader):
                while not await reader.caught_up():
                    await asyncio.sleep(0.05)
            summary.drained = True
        except TimeoutError:
            summary.drained = False
        finally:
            for task in printers:
                task.cancel()
            await asyncio.gather(*printers, return_exceptions=True)
            await alerts_reader.stop()
            await letters_reader.stop()

    await run_until(context, until=feed_and_watch)
    return summary


async def tail_alerts(
    settings: Settings,
    precedence: str | None = None,
    commitment: str | None = None,
    from_beginning: bool = False,
    colour: bool = False,
    limit: int | None = None,
) -> int:
    """Print alerts as they arrive (deduplicated by revision); returns how many were printed."""
    await wait_until_ready(settings)
    topics = TopicRegistry.from_settings(settings)
    topic = topics.alerts_for(Precedence(precedence)) if precedence else topics.alerts
    reader = TopicReader(settings, topic)
    await reader.start(from_beginning=from_beginning)
    printed = 0
    seen: set[str] = set()
    try:
        assert reader.consumer is not None
        async for record in reader.consumer:
            alert = decode(Alert, record.value)
            if alert.revision_id in seen or (commitment and alert.commitment_id != commitment):
                continue
            seen.add(alert.revision_id)
            print(format_alert(alert, colour=colour) + "\n", flush=True)
            printed += 1
            if limit is not None and printed >= limit:
                break
    finally:
        await reader.stop()
    return printed
