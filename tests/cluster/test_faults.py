"""The faults a three-broker cluster meets, with a stream of reports going through every role (ingest, matcher,
alerts, counts), in exactly-once and at-least-once modes:

- `leader_killed`: the broker leading most partitions of the pipeline's topics killed (SIGKILL), then started
  again (it comes back behind, and catches up);
- `controller_killed`: the active controller killed, then started again (the nodes are combined: it is a broker
  too, so this is also a broker lost);
- `rolling_restart`: every role's worker stopped (SIGTERM) and started again, one role after the other;
- `rebalance_storm`: alerts workers joining and leaving every two seconds.

The stream goes on through the fault. After it: every incident's alerts are out for its last update; each (alert
id, revision) is on the alert topics once (read_committed) in exactly-once mode, or repeated only with the same
bytes in at-least-once mode; revisions are numbered without a gap; the counts' totals are those of what the
pipeline published; every group's lag is zero. A probe report, sent after each disruption, measures how long the
pipeline takes to alert on a new report then: the recovery times, printed and recorded with the test.
"""

from __future__ import annotations

import asyncio
import json
import signal
import subprocess
import time
from collections import defaultdict
from collections.abc import AsyncIterator, Callable
from contextlib import ExitStack
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from aiokafka import ConsumerRecord
from aiokafka.admin import AIOKafkaAdminClient

from launchwatch.codec import decode
from launchwatch.kafka import client_kwargs, consumer, ensure_topics, producer, wait_until_drained
from launchwatch.schemas import Alert, MatchedEvent, Precedence, WindowCount, alert_id
from launchwatch.settings import Settings
from launchwatch.streams import EXIT_BATCH_UNFINISHED, ROLES, app_id, input_topic
from launchwatch.topics import TopicRegistry
from tests.helpers import read_to_end, running_worker
from tests.integration.test_counts import (
    PARTIES,
    Topics,
    alert_figures,
    final_updates,
    incident_figures,
    latest,
    launch,
    read_until_counted,
    report,
    report_figures,
)
from tests.integration.test_exactly_once import launch_revisions
from tests.servers import KafkaServer

pytestmark = pytest.mark.cluster

#: At least this many launches (three reports each) go through; the feed goes on until the fault is over.
MIN_LAUNCHES = 40
#: One launch's reports every this many seconds: about 12 reports a second, a busy watch floor.
FEED_INTERVAL_S = 0.25
PROBE_TIMEOUT_S = 120.0
#: The storm's schedule: a worker joins, and leaves this long after; this many times.
STORM_STEP_S = 2.0
STORM_CYCLES = 3
STORM_ROLE = "alerts"


class Workers:
    """One worker of each role, and whatever a fault adds or restarts; all stopped when the block ends.

    Also their supervisor, as compose's `restart: unless-stopped` is: a worker that ends itself because a batch
    could not be finished (exit code 75, EX_TEMPFAIL: in exactly-once mode, a transaction fenced or timed out while
    a broker was lost) is started again, and counted.
    """

    def __init__(self, settings: Settings, folder: Path, env: dict[str, str]) -> None:
        self.settings, self.folder, self.env = settings, folder, env
        self.current: dict[str, subprocess.Popen[bytes]] = {}
        self.revived: list[str] = []
        self._stack = ExitStack()
        self._started = 0
        self._supervisor: asyncio.Task[None] | None = None

    def __enter__(self) -> Workers:
        for role in ROLES:
            self.current[role] = self.start(role)
        self._supervisor = asyncio.get_running_loop().create_task(self._supervise())
        return self

    def __exit__(self, *exc: object) -> None:
        if self._supervisor is not None:
            self._supervisor.cancel()
        # All told to stop at once, then each waited for: they leave their groups side by side, not one by one.
        for process in self.current.values():
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        self._stack.close()

    async def _supervise(self) -> None:
        while True:
            for role, process in list(self.current.items()):
                if process.poll() == EXIT_BATCH_UNFINISHED:
                    self.revived.append(role)
                    self.current[role] = self.start(role)
            await asyncio.sleep(0.5)  # the supervisor's round, as a process manager polls its children

    def start(self, role: str) -> subprocess.Popen[bytes]:
        self._started += 1
        log = self.folder / f"{role}-{self._started}.log"
        return self._stack.enter_context(running_worker(self.settings, role, log, **self.env))

    @staticmethod
    def stop(process: subprocess.Popen[bytes]) -> None:
        """SIGTERM, as a supervisor stops a worker for an upgrade; the worker finishes its batch and leaves."""
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=60)

    def restart(self, role: str) -> None:
        self.stop(self.current[role])
        self.current[role] = self.start(role)

    def crashed(self) -> list[str]:
        """The roles whose current worker has exited (a worker ends itself on a batch it cannot finish)."""
        return [role for role, process in self.current.items() if process.poll() is not None]


class AlertWatch:
    """Reads the alert topic as it grows, noting when the first alert of each incident arrived."""

    def __init__(self, settings: Settings, topic: str, isolation_level: str) -> None:
        self.settings, self.topic, self.isolation_level = settings, topic, isolation_level
        self.first_seen: dict[str, float] = {}
        self._task: asyncio.Task[None] | None = None

    async def __aenter__(self) -> AlertWatch:
        reader = consumer(self.settings, self.topic, enable_auto_commit=False, isolation_level=self.isolation_level)
        await reader.start()
        self._task = asyncio.create_task(self._read(reader))
        return self

    async def _read(self, reader: Any) -> None:
        try:
            while True:
                batch = await reader.getmany(timeout_ms=200)
                now = time.monotonic()
                for records in batch.values():
                    for record in records:
                        self.first_seen.setdefault(decode(Alert, record.value).incident_id, now)
        finally:
            await reader.stop()

    async def __aexit__(self, *exc: object) -> None:
        assert self._task is not None
        self._task.cancel()
        await asyncio.gather(self._task, return_exceptions=True)

    async def wait_for(self, incident_id: str, timeout_s: float) -> float:
        deadline = time.monotonic() + timeout_s
        while incident_id not in self.first_seen:
            if self._task is not None and self._task.done():
                self._task.result()  # the reader's error, if it failed
            if time.monotonic() > deadline:
                ends = {
                    level: sum(map(len, (await read_to_end(self.settings, [self.topic], level)).values()))
                    for level in ("read_uncommitted", "read_committed")
                }
                raise AssertionError(
                    f"no alert of {incident_id} within {timeout_s:.0f} s; {len(self.first_seen)} incidents alerted, "
                    f"alerts on the topic now: {ends}"
                )
            await asyncio.sleep(0.05)
        return self.first_seen[incident_id]


class Stream:
    """The reports fed through the fault (launches of three reports), and the probes; all kept for the checks."""

    def __init__(self, settings: Settings, topic: str) -> None:
        self.settings, self.topic = settings, topic
        self.reports: list[dict[str, Any]] = []
        self.expected_generation: dict[str, int] = {}
        self.fault_over = asyncio.Event()
        self._sender = producer(settings)
        self._probes = 0

    async def __aenter__(self) -> Stream:
        await self._sender.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self._sender.stop()

    async def _send(self, reports: list[dict[str, Any]]) -> None:
        for r in reports:
            self.reports.append(r)
            incident = r["event"]["incident_id"]
            self.expected_generation[incident] = self.expected_generation.get(incident, 0) + 1
        futures = [await self._sender.send(self.topic, json.dumps(r).encode(), key=r["id"].encode()) for r in reports]
        await asyncio.gather(*futures)

    async def feed(self) -> None:
        """Launch after launch, paced, until at least MIN_LAUNCHES are out and the fault is over."""
        i = 0
        while i < MIN_LAUNCHES or not self.fault_over.is_set():
            await self._send(launch(i))
            i += 1
            await asyncio.sleep(FEED_INTERVAL_S)  # the feed's pace, not a wait for anything

    async def probe(self, watch: AlertWatch) -> float:
        """A new launch's first report now: seconds until its first alert is out."""
        self._probes += 1
        n = self._probes
        when = datetime(2025, 6, 1, tzinfo=UTC) + timedelta(days=n)
        probe = report(f"probe-{n}", "japan-mod", f"inc-probe-{n}", "ballistic_missile_launch", when, "minute")
        probe["event"]["missile_class"] = "SRBM"
        sent = time.monotonic()
        await self._send([probe])
        return await watch.wait_for(probe["event"]["incident_id"], PROBE_TIMEOUT_S) - sent


async def busiest_leader(settings: Settings, topics: list[str]) -> int:
    """The broker that leads the most partitions of `topics`."""
    admin = AIOKafkaAdminClient(**client_kwargs(settings))
    await admin.start()
    try:
        led: dict[int, int] = defaultdict(int)
        for topic in await admin.describe_topics(topics):
            for partition in topic["partitions"]:
                led[partition["leader"]] += 1
        return max(sorted(led), key=lambda node: led[node])
    finally:
        await admin.close()


Fault = Callable[[KafkaServer, Workers, Settings, TopicRegistry], AsyncIterator[str]]


async def leader_killed(
    cluster: KafkaServer, workers: Workers, settings: Settings, topics: TopicRegistry
) -> AsyncIterator[str]:
    pipeline = [topics.reports_raw, topics.events_normalized, topics.events_matched, topics.alerts]
    node = await busiest_leader(settings, pipeline)
    cluster.kill(node)
    yield f"broker {node}, leader of the busiest partitions, killed"
    await asyncio.to_thread(cluster.restart, node)
    yield f"broker {node} started again"


async def controller_killed(
    cluster: KafkaServer, workers: Workers, settings: Settings, topics: TopicRegistry
) -> AsyncIterator[str]:
    node = cluster.active_controller()
    cluster.kill(node)
    yield f"node {node}, the active controller, killed"
    await asyncio.to_thread(cluster.restart, node)
    yield f"node {node} started again (controller now: node {cluster.active_controller()})"


async def rolling_restart(
    cluster: KafkaServer, workers: Workers, settings: Settings, topics: TopicRegistry
) -> AsyncIterator[str]:
    for role in ROLES:
        await asyncio.to_thread(workers.restart, role)
        yield f"{role} worker restarted"


async def rebalance_storm(
    cluster: KafkaServer, workers: Workers, settings: Settings, topics: TopicRegistry
) -> AsyncIterator[str]:
    for _ in range(STORM_CYCLES):
        extra = workers.start(STORM_ROLE)
        await asyncio.sleep(STORM_STEP_S)  # the storm's schedule: a join, then a leave, every two seconds
        await asyncio.to_thread(workers.stop, extra)
        await asyncio.sleep(STORM_STEP_S)
    yield f"{STORM_CYCLES} {STORM_ROLE} workers joined and left, {STORM_STEP_S:.0f} s apart"


FAULTS: dict[str, Fault] = {
    "leader_killed": leader_killed,
    "controller_killed": controller_killed,
    "rolling_restart": rolling_restart,
    "rebalance_storm": rebalance_storm,
}


def differences(stream: Stream, topics: TopicRegistry, seen: Topics, records: list[ConsumerRecord]) -> list[Any]:
    """What the published outputs still lack: incidents not at their last update, alerts of that update not out,
    and count figures other than those of what was published (empty when all is right)."""
    finals = final_updates(seen.values(records, topics.events_matched, MatchedEvent))
    behind = sorted(
        (incident, finals[incident].assessment.generation if incident in finals else None, generation)
        for incident, generation in stream.expected_generation.items()
        if incident not in finals or finals[incident].assessment.generation != generation
    )
    if behind:
        return [("incidents not at their last update (incident, generation, expected)", behind[:10])]
    alerts = seen.values(records, topics.alerts, Alert)
    shown = {(a.id, a.assessment.generation) for a in alerts if a.assessment is not None}
    for incident, final in finals.items():
        wanted = {(alert_id(incident, m.commitment_id), final.assessment.generation) for m in final.matches}
        if not wanted <= shown:
            return [("alerts missing", incident, sorted(wanted - shown))]
    expected = (
        report_figures(stream.reports, PARTIES)
        | incident_figures(m.assessment for m in finals.values())
        | alert_figures(alerts)
    )
    counted = latest(seen.values(records, topics.metrics_counts, WindowCount))
    return sorted(
        (figure, counted.get(figure), expected.get(figure))
        for figure in set(counted) | set(expected)
        if counted.get(figure) != expected.get(figure)
    )


@pytest.mark.timeout(900)
@pytest.mark.parametrize("guarantee", ["exactly_once", "at_least_once"])
@pytest.mark.parametrize("fault", list(FAULTS))
async def test_a_stream_through_every_role_survives(
    running_cluster: KafkaServer,
    settings: Settings,
    tmp_path: Path,
    fault: str,
    guarantee: str,
    record_property: pytest.RecordProperty,
) -> None:
    settings = settings.model_copy(update={"processing_guarantee": guarantee})
    topics = TopicRegistry.from_settings(settings)
    await ensure_topics(settings, topics.provisioned())
    isolation = "read_committed" if guarantee == "exactly_once" else "read_uncommitted"
    # No sharing-gap alerts: a timer's, not a report's; the crash tests of the integration tier cover them.
    env = {"LAUNCHWATCH_RTW_GAP_WINDOW_SECONDS": str(10**9), "LAUNCHWATCH_PROCESSING_GUARANTEE": guarantee}
    recovery: list[tuple[str, float]] = []
    seen = Topics()
    remaining: list[Any] = []
    with Workers(settings, tmp_path, env) as workers:
        async with (
            AlertWatch(settings, topics.alerts, isolation) as watch,
            Stream(settings, topics.reports_raw) as stream,
        ):
            recovery.append(("start", await stream.probe(watch)))
            feeding = asyncio.create_task(stream.feed())
            try:
                await watch.wait_for(
                    "inc-count-4", PROBE_TIMEOUT_S
                )  # the stream is visibly under way (a ballistic launch)
                async for disruption in FAULTS[fault](running_cluster, workers, settings, topics):
                    recovery.append((disruption, await stream.probe(watch)))
                stream.fault_over.set()
                await feeding
            finally:
                feeding.cancel()

            def complete(records: list[ConsumerRecord]) -> bool:
                remaining[:] = differences(stream, topics, seen, records)
                return not remaining

            await read_until_counted(settings, topics, complete, remaining, isolation)
        groups = {app_id(settings, role): [input_topic(topics, role)] for role in ROLES}
        await wait_until_drained(settings, groups, 120)
        assert not workers.crashed(), f"workers ended: {workers.crashed()}; see {tmp_path}"
        alert_topics = [topics.alerts, *(topics.alerts_for(precedence) for precedence in Precedence)]
        committed = await read_to_end(settings, alert_topics, isolation_level="read_committed")

    report = "; ".join(f"{what}: {seconds:.1f} s" for what, seconds in recovery)
    revived = f"; restarted by their supervisor (exit 75): {', '.join(workers.revived)}" if workers.revived else ""
    print(f"{fault}, {guarantee}, {len(stream.reports)} reports: time to alert on a new report after {report}{revived}")
    record_property("recovery_s", dict(recovery))
    record_property("revived", workers.revived)
    seen_revisions, variants = launch_revisions(committed[topics.alerts])
    numbers: dict[str, list[int]] = defaultdict(list)
    for alert, revision in sorted(seen_revisions):
        numbers[alert].append(revision)
    assert all(revisions == list(range(1, len(revisions) + 1)) for revisions in numbers.values()), "a revision skipped"
    for topic in alert_topics[1:]:
        assert set(launch_revisions(committed[topic])[0]) <= set(seen_revisions), f"{topic} has revisions of its own"
    precedence_seen = {key for topic in alert_topics[1:] for key in launch_revisions(committed[topic])[0]}
    assert precedence_seen == set(seen_revisions), "an alert revision is missing from its precedence topic"
    assert all(len(v) == 1 for v in variants.values()), "an alert revision was repeated with different bytes"
    if guarantee == "exactly_once":
        repeats = {
            key: n for topic in alert_topics for key, n in launch_revisions(committed[topic])[0].items() if n > 1
        }
        assert not repeats, f"alert revisions seen more than once in exactly-once mode: {sorted(repeats)[:10]}"
