"""`launchwatch bench`: throughput and latency on a real broker, printed as JSON.

Stages, all in one run so the ratios compare like with like:
  (a) raw aiokafka baseline: produce then consume the same messages;
  (b) ingest text extraction, reports/s on one core (pure code, no Kafka);
  (c) matcher, events/s on one core (pure code); and the three services' steps (`handle`, a store transaction a
      batch) over structured reports without Kafka: what their own work costs, and SQL statements per report;
  (d) end to end, reports/s from `reports.raw` until the pipeline has drained, the three services in one worker
      process, as `launchwatch up` runs them (structured reports and text reports measured apart), then a worker
      process per service, as deployed (structured reports); and the framework's ceiling for it: three faust
      agents that only pass messages on, with the services' settings;
  (e) latency produce → alert at a fixed rate, p50/p95/p99;
  (f) replay of the bundled history with `--speed max`.
"""

from __future__ import annotations

import asyncio
import json
import math
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager, suppress
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cached_property
from pathlib import Path
from typing import Any

from launchwatch.bench_stages import DEFAULT_STAGES
from launchwatch.codec import decode, encode
from launchwatch.kafka import (
    consumer,
    consumer_lag,
    ensure_topics,
    free_port,
    producer,
    publish,
    topic_partitions,
    wait_until_drained,
    wait_until_ready,
)
from launchwatch.replay import ReplayPlan, plan_from_files, replay_to_kafka
from launchwatch.schemas import Alert, MatchedEvent
from launchwatch.settings import Settings
from launchwatch.streams import (
    ROLES,
    Message,
    Rejected,
    app_id,
    batches,
    create_faust_app,
    input_topic,
    process_batch,
    roles_of,
)
from launchwatch.topics import TopicRegistry


def percentiles(values: list[float]) -> dict[str, float]:
    if not values:
        return {"p50": math.nan, "p95": math.nan, "p99": math.nan}
    ordered = sorted(values)

    def pick(q: float) -> float:
        return ordered[min(len(ordered) - 1, max(0, math.ceil(q * len(ordered)) - 1))]

    return {"p50": pick(0.50), "p95": pick(0.95), "p99": pick(0.99)}


def _rate(count: int, seconds: float) -> float:
    return round(count / seconds, 1) if seconds > 0 else math.inf


# --------------------------------------------------------------------------- report generators


LAUNCH_TEXT = (
    "North Korea launched {n} ballistic missiles from near Pyongyang at around {h}:{m:02d} a.m. toward the northeast. "
    "They flew about {r} km with a maximum altitude of about {a} km and fell in the Sea of Japan outside Japan's "
    "exclusive economic zone."
)


#: The same launch in the words of Japan MoD (in Japanese, written full-width) and ROK JCS (in Korean).
LAUNCH_TEXT_JA = (
    "北朝鮮は、本日{h}時{m:02d}分頃、平壌近郊から、{n}発の弾道ミサイルを北東方向に発射しました。いずれも最高高度約{a}kmで"
    "約{r}km飛翔し、日本海の我が国の排他的経済水域(EEZ)外に落下したものと推定されます。"
)
LAUNCH_TEXT_KO = (
    '합참은 "북한은 오늘 오전 {h}시 {m}분경 평양 일대에서 동해상으로 단거리탄도미사일 {n}발을 발사했다"며 '
    '"미사일은 고도 약 {a}km로 약 {r}km를 비행했다"고 밝혔다.'
)
#: Digits, letters and brackets as full-width forms (ASCII + 0xFEE0), as MoD writes them.
_FULL_WIDTH = {code: code + 0xFEE0 for code in range(0x21, 0x7F)}
#: language -> (source, title, body template, how the body is written down)
TEXT_STYLES: dict[str, tuple[str, str, str, Callable[[str], str]]] = {
    "en": ("japan-mod", "North Korea's ballistic missile launch", LAUNCH_TEXT, str),
    "ja": ("japan-mod", "北朝鮮のミサイル等関連情報", LAUNCH_TEXT_JA, lambda body: body.translate(_FULL_WIDTH)),
    "ko": ("rok-jcs", "", LAUNCH_TEXT_KO, str),
}


def text_reports(count: int, tag: str, language: str = "en") -> Iterator[dict[str, Any]]:
    """Distinct launch reports, each its own incident (a day apart), in Japan MoD style (or ROK JCS, in Korean)."""
    source, title, template, written = TEXT_STYLES[language]
    start = datetime(2024, 1, 1, 9, 30, tzinfo=UTC)
    for i in range(count):
        published = start + timedelta(days=i)
        yield {
            "id": f"bench-{tag}-{i}",
            "kind": "text",
            "source": source,
            "published_at": published.isoformat(),
            "title": title,
            "body": written(template.format(n=2 + i % 3, h=1 + i % 9, m=i % 60, r=300 + i % 500, a=50 + i % 100)),
            "language": language,
        }


#: How far apart the bench's launches are: each its own incident (incidents group reports within an hour), and the
#: soak's 100,000 all in years a report may carry (2024 to 2092; a day apart, the 64,649th on were dead-lettered).
REPORT_SPACING = timedelta(hours=6)


def structured_reports(count: int, tag: str, first: int = 0) -> Iterator[dict[str, Any]]:
    """Distinct launch reports, each its own incident (REPORT_SPACING apart; `first`: the number of the first)."""
    start = datetime(2024, 1, 1, 0, 0, tzinfo=UTC)
    for i in range(first, first + count):
        occurred = start + i * REPORT_SPACING
        yield {
            "id": f"bench-{tag}-{i}",
            "kind": "event",
            "source": "rok-jcs",
            "published_at": (occurred + timedelta(minutes=5)).isoformat(),
            "event": {
                "event_type": "ballistic_missile_launch",
                "missile_class": "SRBM",
                "count": 1,
                "occurred_at": occurred.isoformat(),
            },
        }


def _encode(report: dict[str, Any]) -> bytes:
    return json.dumps(report).encode()


# --------------------------------------------------------------------------- stages


async def raw_baseline(settings: Settings, messages: int, size: int = 530) -> dict[str, Any]:
    topic = f"{settings.topic_prefix}bench.raw"
    await ensure_topics(settings, [topic])
    payload = os.urandom(size // 2).hex().encode()[:size]
    sender = producer(settings, compression_type=None, linger_ms=5, max_batch_size=256 * 1024)
    await sender.start()
    started = time.perf_counter()
    try:
        batch = [await sender.send(topic, payload, key=str(i).encode()) for i in range(messages)]
        await asyncio.gather(*batch)
    finally:
        await sender.stop()
    produce_s = time.perf_counter() - started

    reader = consumer(settings, topic, enable_auto_commit=False, max_partition_fetch_bytes=4 * 1024 * 1024)
    await reader.start()
    received = 0
    started = time.perf_counter()
    try:
        while received < messages:
            batch_records = await reader.getmany(timeout_ms=1000, max_records=10_000)
            received += sum(len(v) for v in batch_records.values())
    finally:
        await reader.stop()
    consume_s = time.perf_counter() - started
    return {
        "messages": messages,
        "message_bytes": size,
        "produce_per_s": _rate(messages, produce_s),
        "consume_per_s": _rate(messages, consume_s),
    }


def _time_loop(function: Callable[[Any], Any], items: list[Any], min_seconds: float = 2.0) -> tuple[int, float]:
    done, started = 0, time.perf_counter()
    while time.perf_counter() - started < min_seconds:
        for item in items:
            function(item)
        done += len(items)
    return done, time.perf_counter() - started


def extraction_rate(count: int = 500) -> dict[str, Any]:
    """Reports/s of parsing and extraction on one core: English, Japanese and Korean reports in turn (count of
    each), and each language alone (`by_language`)."""
    from launchwatch.analysis import analyze
    from services.matcher.catalogue import default_catalogue

    catalogue = default_catalogue()  # loaded before the clock starts; no match is asked for below

    def extract(data: bytes) -> None:
        analyze(data, catalogue)

    by_language = {language: [_encode(r) for r in text_reports(count, "extract", language)] for language in TEXT_STYLES}
    mixed = [report for reports in zip(*by_language.values(), strict=True) for report in reports]
    done, seconds = _time_loop(extract, mixed)
    rates = {language: _rate(*_time_loop(extract, reports, 1.0)) for language, reports in by_language.items()}
    return {"reports": done, "reports_per_s": _rate(done, seconds), "by_language": rates}


def matcher_rate(count: int = 500) -> dict[str, Any]:
    from launchwatch.analysis import analyze
    from services.matcher.catalogue import default_catalogue

    catalogue = default_catalogue()
    events = [analyze(_encode(r), catalogue).event for r in text_reports(count, "match")]
    done, seconds = _time_loop(catalogue.match, events)
    return {"events": done, "events_per_s": _rate(done, seconds)}


def handler_steps(workdir: Path, count: int = 1_000, batch: int = 100) -> dict[str, Any]:
    """The three services' steps (`handle`, inside a store transaction a batch, as the consume loop runs them)
    over structured reports, without Kafka or the framework: reports/s on one core and SQL statements per
    report, by service. What the services' own work costs, apart from the hops (the counts role keeps faust
    tables, which need the framework: it is measured end to end only)."""
    from sqlalchemy import event as sql_event

    from launchwatch.storage import Store
    from services.alerts.gap_check import GapCheck
    from services.alerts.handler import AlertsHandler
    from services.alerts.routing import Router
    from services.ingest.handler import IngestHandler
    from services.matcher.catalogue import default_catalogue
    from services.matcher.handler import MatcherHandler

    settings = Settings(database_url=f"sqlite:///{workdir / f'steps-{uuid.uuid4().hex[:6]}.db'}")
    store = Store(settings.database_url)
    topics = TopicRegistry.from_settings(settings)
    statements: dict[str, int] = {}
    current = ["ingest"]

    @sql_event.listens_for(store.engine, "before_cursor_execute")
    def count_statement(*_: Any) -> None:
        statements[current[0]] = statements.get(current[0], 0) + 1

    router = Router(store, False, [])
    services = {
        "ingest": IngestHandler(store, settings, topics, _Discard()),
        "matcher": MatcherHandler(default_catalogue(), topics, _Discard()),
        "alerts": AlertsHandler(store, router, GapCheck(store, timedelta(hours=1), False, router.publish)),
    }
    inputs = [_encode(report) for report in structured_reports(count, f"steps-{uuid.uuid4().hex[:6]}")]
    seconds: dict[str, float] = dict.fromkeys(services, 0.0)
    for first in range(0, count, batch):
        values = inputs[first : first + batch]
        for name, handler in services.items():
            current[0] = name
            messages = [Message(value, None, name, 0, first + i) for i, value in enumerate(values)]
            started = time.perf_counter()
            prepare = getattr(handler, "prepare", None)
            processed = process_batch(messages, handler.handle, store.transaction, name, prepare)
            outcomes = [outcome for _, outcome in processed]
            seconds[name] += time.perf_counter() - started
            values = [encode(out) for o in outcomes for out in _outputs(o)]
    total = sum(seconds.values())
    return {
        "reports": count,
        "batch": batch,
        "reports_per_s": _rate(count, total),
        "per_service_reports_per_s": {name: _rate(count, s) for name, s in seconds.items()},
        "sql_statements_per_report": {name: round(n / count, 2) for name, n in statements.items()},
    }


class _Discard:
    async def publish(self, *_: Any, **__: Any) -> None:
        return None


def _outputs(outcome: Any) -> list[Any]:
    """What a step hands to the next one: ingest's incident updates, the matcher's matched event."""
    if isinstance(outcome, Rejected):
        raise RuntimeError(f"a bench report was rejected: {outcome.reason}: {outcome.detail}")
    updates = getattr(outcome, "updates", None)
    if updates is not None:
        return list(updates)
    return [outcome] if isinstance(outcome, MatchedEvent) else []


@dataclass
class Worker:
    """A worker process of a stage; under `py-spy record` when the bench profiles (its samples in `profile`)."""

    process: subprocess.Popen[bytes]
    profile: Path | None = None

    @cached_property
    def pid(self) -> int:
        """The worker's own pid (py-spy's child when profiled), looked up once."""
        if self.profile is None:
            return self.process.pid
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if children.exists() and (pids := children.read_text().split()):
                return int(pids[0])
            time.sleep(0.05)
        raise RuntimeError("py-spy started no worker process within 10 s")

    def memory(self) -> dict[str, float]:
        """The worker's resident set now and its peak, in MiB (Linux /proc)."""
        fields = {}
        for line in Path(f"/proc/{self.pid}/status").read_text().splitlines():
            name, _, value = line.partition(":")
            if name in ("VmRSS", "VmHWM"):
                fields[name] = round(int(value.split()[0]) / 1024, 1)
        return {"rss_mib": fields.get("VmRSS", 0.0), "peak_rss_mib": fields.get("VmHWM", 0.0)}


#: Samples a second when profiling (py-spy's default is 100).
PROFILE_RATE = 200


@contextmanager
def worker_process(settings: Settings, role: str = "all", profile: Path | None = None) -> Iterator[Worker]:
    """A `launchwatch worker ROLE` process for a stage; with `profile`, under py-spy, its folded stacks there."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KAFKA_", "LAUNCHWATCH_"))}
    env |= {
        "KAFKA_BOOTSTRAP": settings.kafka_bootstrap or "",
        "LAUNCHWATCH_TOPIC_PREFIX": settings.topic_prefix,
        "LAUNCHWATCH_TOPIC_PARTITIONS": str(settings.topic_partitions),
        "LAUNCHWATCH_DATABASE_URL": settings.database_url,
        "LAUNCHWATCH_WEB_PORT": "0",
        "LAUNCHWATCH_LOG_LEVEL": "WARNING",
    }
    command = [sys.executable, "-m", "launchwatch", "worker", role]
    if profile is not None:
        spy = shutil.which("py-spy", path=str(Path(sys.executable).parent)) or shutil.which("py-spy")
        if spy is None:
            raise RuntimeError("--profile needs py-spy (pip install py-spy; `make install` installs it)")
        sampler = [spy, "record", "--format", "raw", "--rate", str(PROFILE_RATE), "--nonblocking", "-o", str(profile)]
        command = [*sampler, "--", *command]
    process = subprocess.Popen(
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL if profile else None
    )
    worker = Worker(process, profile)
    try:
        yield worker
    finally:
        # Stop the worker itself (py-spy then writes its samples and exits).
        target = worker.pid if profile is not None and process.poll() is None else process.pid
        with suppress(ProcessLookupError):
            os.kill(target, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()


#: Where a profile's samples are spent, by the file of the innermost frame that is in one of these (first match).
PROFILE_AREAS: tuple[tuple[str, str], ...] = (
    ("services/ingest/", "ingest service"),
    ("services/matcher/", "matcher service"),
    ("services/alerts/", "alerts service"),
    ("launchwatch/storage/", "launchwatch storage"),
    ("launchwatch/", "launchwatch wiring"),
    ("sqlalchemy/", "sqlalchemy"),
    ("pydantic", "pydantic"),
    ("aiokafka/", "aiokafka"),
    ("faust/", "faust"),
    ("mode/", "faust (mode)"),
)


def _frame_file(frame: str) -> str:
    return frame[frame.rfind("(") + 1 : frame.rfind(":")] if "(" in frame else ""


def summarise_profile(path: Path, top: int = 15) -> dict[str, Any]:
    """py-spy's folded stacks as shares: samples by area (the leaf's library, or our own code when the leaf is
    there), the functions where samples end (self), and our own functions with what they call (inclusive)."""
    areas: dict[str, int] = {}
    leaves: dict[str, int] = {}
    inclusive: dict[str, int] = {}
    total = 0
    for line in path.read_text(errors="replace").splitlines():
        stack, _, count_text = line.rpartition(" ")
        if not stack or not count_text.isdigit():
            continue
        count = int(count_text)
        total += count
        frames = stack.split(";")
        leaf = frames[-1]
        leaf_file = _frame_file(leaf)
        area = next((name for part, name in PROFILE_AREAS if part in leaf_file), "other (stdlib, C)")
        areas[area] = areas.get(area, 0) + count
        name = leaf.split(" (")[0] + " " + leaf_file.rsplit("site-packages/", 1)[-1]
        leaves[name] = leaves.get(name, 0) + count
        # py-spy names files by their import path: ours begin with the package names.
        own = {
            f"{f.split(' (')[0]} {_frame_file(f)}"
            for f in frames
            if _frame_file(f).startswith(("launchwatch/", "services/"))
        }
        for function in own:
            inclusive[function] = inclusive.get(function, 0) + count

    def shares(counts: dict[str, int], limit: int | None = None) -> dict[str, float]:
        ranked = sorted(counts.items(), key=lambda item: -item[1])[:limit]
        return {key: round(100 * value / max(total, 1), 1) for key, value in ranked}

    return {
        "samples": total,
        "percent_by_area": shares(areas),
        "percent_self_top": shares(leaves, top),
        "percent_inclusive_own_top": shares(inclusive, top),
    }


async def _through(
    sender: Any, first: str, last: Any, messages: int, payload: bytes, timeout_s: float, stage: str
) -> float:
    """Seconds from producing `messages` to `first` until `last` (a consumer of the last hop) has them all."""
    started = time.perf_counter()
    futures = [await sender.send(first, payload, key=str(i).encode()) for i in range(messages)]
    await asyncio.gather(*futures)
    received = 0
    while received < messages:
        if time.perf_counter() - started > timeout_s:
            raise TimeoutError(f"{stage}: {received} of {messages} messages through in {timeout_s:.0f} s")
        batch = await last.getmany(timeout_ms=200)
        received += sum(len(records) for records in batch.values())
    return time.perf_counter() - started


async def raw_three_hops(
    settings: Settings, messages: int, size: int = 530, timeout_s: float = 300.0
) -> dict[str, Any]:
    """Three pass-through hops on raw aiokafka in one process: each consumes a batch (getmany), sends it on in
    batched sends and commits once a batch. No framework and no work: the limit of any three-hop pipeline on
    this broker and machine, which the framework ceiling and the end-to-end figures are read against."""
    prefix = f"{settings.topic_prefix}rawhops-{uuid.uuid4().hex[:6]}."
    names = [f"{prefix}hop{i}" for i in range(4)]
    await ensure_topics(settings, names)
    sender = producer(settings)
    readers = [consumer(settings, names[i], group_id=f"{prefix}hop{i}", enable_auto_commit=False) for i in range(3)]
    final = consumer(settings, names[-1], enable_auto_commit=False)
    await sender.start()
    for reader in (*readers, final):
        await reader.start()

    async def hop(i: int) -> None:
        while True:
            batch = await readers[i].getmany(timeout_ms=100, max_records=500)
            pending = [await sender.send(names[i + 1], r.value, key=r.key) for rs in batch.values() for r in rs]
            if pending:
                await asyncio.gather(*pending)  # acknowledged before the batch's offsets are committed
                await readers[i].commit()

    hops = [asyncio.create_task(hop(i)) for i in range(3)]
    payload = os.urandom(size // 2).hex().encode()[:size]
    try:
        deadline = time.monotonic() + 60  # the hops' groups are joined before the clock starts
        while not all(reader.assignment() for reader in readers):
            if time.monotonic() > deadline:
                raise TimeoutError("raw three hops: the consumer groups were not joined within 60 s")
            await asyncio.sleep(0.05)
        seconds = await _through(sender, names[0], final, messages, payload, timeout_s, "raw three hops")
    finally:
        for task in hops:
            task.cancel()
        await asyncio.gather(*hops, return_exceptions=True)
        for reader in (*readers, final):
            await reader.stop()
        await sender.stop()
    return {"messages": messages, "hops": 3, "seconds": round(seconds, 2), "messages_per_s": _rate(messages, seconds)}


async def framework_ceiling(
    settings: Settings, messages: int, size: int = 530, timeout_s: float = 300.0
) -> dict[str, Any]:
    """Three faust hops that pass each message on and do nothing else, in one process: what (d) could reach.

    Same app settings, batches and send path as the services, so the gap between this and (d) is the
    services' own work (parsing, matching, the store), and the gap between this and (a) is the framework's.
    """
    settings = settings.model_copy(update={"topic_prefix": f"{settings.topic_prefix}ceiling-{uuid.uuid4().hex[:6]}."})
    names = [f"{settings.topic_prefix}hop{i}" for i in range(4)]
    await ensure_topics(settings, names)
    app = create_faust_app(settings, "ceiling", free_port(settings.web_host))
    app.conf.web_enabled = False
    raw = {"key_type": bytes, "value_type": bytes, "key_serializer": "raw", "value_serializer": "raw"}
    handles = [app.topic(name, **raw) for name in names]

    def pass_on(hop: int) -> None:
        async def agent(stream: Any) -> None:
            async for batch in batches(settings, stream):
                for event in batch:
                    await app.producer.send(names[hop + 1], event.message.key, event.message.value, None, None, None)

        app.agent(handles[hop], name=f"{app.conf.id}.hop{hop}")(agent)

    for hop in range(3):
        pass_on(hop)
    app.finalize()
    await app.start()
    reader = consumer(settings, names[-1], enable_auto_commit=False)
    await reader.start()
    sender = producer(settings)
    await sender.start()
    payload = os.urandom(size // 2).hex().encode()[:size]
    try:
        seconds = await _through(sender, names[0], reader, messages, payload, timeout_s, "framework ceiling")
    finally:
        await sender.stop()
        await reader.stop()
        await app.stop()
    return {"messages": messages, "hops": 3, "seconds": round(seconds, 2), "messages_per_s": _rate(messages, seconds)}


def _fresh(settings: Settings, name: str, workdir: Path, postgres: str | None = None) -> Settings:
    """Topics and a store of the stage's own: no stage sees another's reports (they would be duplicates). The
    store is a SQLite file, or with `postgres` (a server's URL) a new database on that server."""
    run = f"{name}-{uuid.uuid4().hex[:6]}"
    database_url = f"sqlite:///{workdir / f'{run}.db'}"
    if postgres is not None:
        from sqlalchemy import create_engine, make_url, text

        database = f"lw_{run.replace('-', '_')}"
        server = create_engine(postgres, isolation_level="AUTOCOMMIT")
        try:
            with server.connect() as connection:
                connection.execute(text(f'CREATE DATABASE "{database}"'))
        finally:
            server.dispose()
        database_url = make_url(postgres).set(database=database).render_as_string(hide_password=False)
    return settings.model_copy(update={"topic_prefix": f"{settings.topic_prefix}{run}.", "database_url": database_url})


#: The worker processes of a stage: one running every service, as `launchwatch up` does, or one per service.
ALL_IN_ONE: tuple[str, ...] = ("all",)


async def _drain(settings: Settings, timeout_s: float, roles: tuple[str, ...] = ALL_IN_ONE) -> None:
    topics = TopicRegistry.from_settings(settings)
    await wait_until_drained(
        settings,
        {app_id(settings, role): [input_topic(topics, name) for name in roles_of(role)] for role in roles},
        timeout_s,
        settle_polls=1,
    )


async def _warm_up(settings: Settings, roles: tuple[str, ...] = ALL_IN_ONE) -> None:
    """One report through the workers first, so the measurement excludes start-up and the group joins."""
    topics = TopicRegistry.from_settings(settings)
    sender = producer(settings)
    await sender.start()
    try:
        await sender.send_and_wait(topics.reports_raw, _encode(next(structured_reports(1, "warm"))), key=b"warm")
    finally:
        await sender.stop()
    await _drain(settings, 120, roles)


async def _drain_while_moving(settings: Settings, stall_s: float) -> None:
    """Wait until one worker process has committed everything, however long that takes while its lag keeps
    falling; TimeoutError once it has not fallen for `stall_s` (a soak's pace may fall far, its chunks take long)."""
    topics = TopicRegistry.from_settings(settings)
    groups = {app_id(settings, role): [input_topic(topics, name) for name in roles_of(role)] for role in ALL_IN_ONE}
    least: int | None = None
    moved = time.monotonic()
    while lag := sum([await consumer_lag(settings, group, names) for group, names in groups.items()]):
        if least is None or lag < least:
            least, moved = lag, time.monotonic()
        elif time.monotonic() - moved > stall_s:
            raise TimeoutError(f"the worker's lag stayed at {least:,} messages or more for {stall_s:.0f} s")
        await asyncio.sleep(0.2)


async def end_to_end(
    settings: Settings,
    workdir: Path,
    reports: list[bytes],
    name: str,
    roles: tuple[str, ...] = ALL_IN_ONE,
    profile_dir: Path | None = None,
    postgres: str | None = None,
) -> dict[str, Any]:
    """Reports/s from `reports.raw` until the workers have drained, their memory, and with `profile_dir` where
    their time went (py-spy; the warm-up report is sampled too). The store is SQLite, or a new database on the
    PostgreSQL server `postgres` names."""
    settings = _fresh(settings, name, workdir, postgres)
    topics = TopicRegistry.from_settings(settings)
    await ensure_topics(settings, topics.provisioned())
    profiles = {role: profile_dir / f"{name}-{role}.txt" if profile_dir else None for role in roles}
    with ExitStack() as stack:
        workers = {role: stack.enter_context(worker_process(settings, role, profiles[role])) for role in roles}
        await _warm_up(settings, roles)
        sender = producer(settings)
        await sender.start()
        started = time.perf_counter()
        try:
            futures = [
                await sender.send(topics.reports_raw, data, key=str(i).encode()) for i, data in enumerate(reports)
            ]
            await asyncio.gather(*futures)
        finally:
            await sender.stop()
        await _drain(settings, 600, roles)
        seconds = time.perf_counter() - started
        memory = {role: worker.memory() for role, worker in workers.items()}
    result: dict[str, Any] = {
        "reports": len(reports),
        "worker_processes": list(roles),
        "store": "postgresql" if postgres else "sqlite",
        "seconds": round(seconds, 2),
        "reports_per_s": _rate(len(reports), seconds),
        "memory": memory,
    }
    if profile_dir is not None:
        result["profile"] = {role: summarise_profile(path) for role, path in profiles.items() if path and path.exists()}
    return result


async def soak(
    settings: Settings, workdir: Path, reports: int, chunk: int = 5_000, profile_dir: Path | None = None
) -> dict[str, Any]:
    """`reports` structured reports through one worker process in chunks, its resident set and the time after each
    drained chunk: what it holds does not grow with what it has processed beyond the caches' bounds, and whether
    its pace does."""
    settings = _fresh(settings, "soak", workdir)
    topics = TopicRegistry.from_settings(settings)
    await ensure_topics(settings, topics.provisioned())
    samples: list[dict[str, float]] = []
    started = time.perf_counter()
    profile = profile_dir / "soak-all.txt" if profile_dir else None
    with worker_process(settings, profile=profile) as worker:
        await _warm_up(settings)
        for first in range(0, reports, chunk):
            count = min(chunk, reports - first)
            chunk_reports = structured_reports(count, "soak", first)
            await publish(settings, topics.reports_raw, [(report["id"], _encode(report)) for report in chunk_reports])
            await _drain_while_moving(settings, stall_s=600)
            elapsed = round(time.perf_counter() - started, 1)
            samples.append({"reports": first + count, "seconds": elapsed, **worker.memory()})
            print(f"bench: soak {first + count:,} of {reports:,} reports", file=sys.stderr, flush=True)
    seconds = time.perf_counter() - started
    # Growth after the first chunk (imports, caches filling and the allocator's arenas come with the first one).
    growth = samples[-1]["rss_mib"] - samples[0]["rss_mib"]
    return {
        "reports": reports,
        "seconds": round(seconds, 1),
        "reports_per_s": _rate(reports, seconds),
        "rss_mib_after_first_chunk": samples[0]["rss_mib"],
        "rss_mib_at_end": samples[-1]["rss_mib"],
        "rss_growth_mib_after_first_chunk": round(growth, 1),
        "samples": samples,
        **({"profile": summarise_profile(profile)} if profile and profile.exists() else {}),
    }


class _AlertClock:
    """Reads the alert topic from its end (as it is when started), noting when the first alert made from each
    report arrived (`time.perf_counter`)."""

    def __init__(self, settings: Settings, topic: str) -> None:
        self.settings, self.topic = settings, topic
        self.first: dict[str, float] = {}
        self._reader = consumer(settings, enable_auto_commit=False)
        self._task: asyncio.Task[None] | None = None

    async def __aenter__(self) -> _AlertClock:
        reader = self._reader
        await reader.start()
        partitions = await topic_partitions(reader, [self.topic])
        reader.assign(partitions)
        await reader.seek_to_end(*partitions)
        for tp in partitions:
            await reader.position(tp)
        self._task = asyncio.create_task(self._read())
        return self

    async def _read(self) -> None:
        while True:
            batch = await self._reader.getmany(timeout_ms=100)
            now = time.perf_counter()
            for records in batch.values():
                for record in records:
                    self.first.setdefault(decode(Alert, record.value).event.report_id, now)

    async def wait_for(self, report_ids: set[str], timeout_s: float) -> None:
        """Until every one of `report_ids` has an alert, or the deadline (then what came is what is measured)."""
        deadline = time.perf_counter() + timeout_s
        while not report_ids <= self.first.keys() and time.perf_counter() < deadline:
            await asyncio.sleep(0.05)

    async def __aexit__(self, *exc: object) -> None:
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
        await self._reader.stop()


async def latency(settings: Settings, workdir: Path, rate: float, seconds: float) -> dict[str, Any]:
    settings = _fresh(settings, "latency", workdir)
    topics = TopicRegistry.from_settings(settings)
    await ensure_topics(settings, topics.provisioned())
    total = int(rate * seconds)
    reports = list(structured_reports(total, "lat"))
    sent_at: dict[str, float] = {}
    with worker_process(settings):
        await _warm_up(settings)
        async with _AlertClock(settings, topics.alerts) as clock:
            sender = producer(settings, linger_ms=0)
            await sender.start()
            try:
                began = time.perf_counter()
                for i, report in enumerate(reports):
                    await asyncio.sleep(max(0.0, began + i / rate - time.perf_counter()))
                    sent_at[report["id"]] = time.perf_counter()
                    await sender.send(topics.reports_raw, _encode(report), key=report["id"].encode())
                await sender.flush()
                await clock.wait_for(set(sent_at), timeout_s=120)
            finally:
                await sender.stop()
    latencies = [clock.first[i] - sent for i, sent in sent_at.items() if i in clock.first]
    result = {k: round(v * 1000, 1) for k, v in percentiles(latencies).items()}
    return {
        "rate_per_s": rate,
        "reports": total,
        "measured": len(latencies),
        **{f"{k}_ms": v for k, v in result.items()},
    }


async def burst(settings: Settings, workdir: Path, count: int = 1_000) -> dict[str, Any]:
    """A news flood: `count` text reports (each its own launch) published at once to a running worker; how long
    until the first and the last of their alerts are out, and the percentiles of each report's time to its first
    alert, from the moment the flood began."""
    settings = _fresh(settings, "burst", workdir)
    topics = TopicRegistry.from_settings(settings)
    await ensure_topics(settings, topics.provisioned())
    reports = list(text_reports(count, "burst"))
    with worker_process(settings):
        await _warm_up(settings)
        async with _AlertClock(settings, topics.alerts) as clock:
            sender = producer(settings)
            await sender.start()
            try:
                began = time.perf_counter()
                for report in reports:
                    await sender.send(topics.reports_raw, _encode(report), key=report["id"].encode())
                await sender.flush()
                published_s = time.perf_counter() - began
                await clock.wait_for({r["id"] for r in reports}, timeout_s=600)
            finally:
                await sender.stop()
    times = sorted(clock.first[r["id"]] - began for r in reports if r["id"] in clock.first)
    return {
        "reports": count,
        "alerted": len(times),
        "published_seconds": round(published_s, 2),
        "first_alert_seconds": round(times[0], 2) if times else None,
        "last_alert_seconds": round(times[-1], 2) if times else None,
        **{f"time_to_alert_{k}_s": round(v, 2) for k, v in percentiles(times).items()},
    }


async def replay_history(settings: Settings, workdir: Path, feed: Path) -> dict[str, Any]:
    settings = _fresh(settings, "replay", workdir)
    topics = TopicRegistry.from_settings(settings)
    await ensure_topics(settings, topics.provisioned())
    plan: ReplayPlan = plan_from_files([feed], drill=False)
    with worker_process(settings):
        await _warm_up(settings)
        started = time.perf_counter()
        result = await replay_to_kafka(settings, plan, math.inf, show_progress=False)
        sent_s = time.perf_counter() - started
        await _drain(settings, 300)
        total_s = time.perf_counter() - started
    return {
        "reports": result.sent,
        "history_span_days": round(plan.span_s / 86_400, 1),
        "publish_per_s": _rate(result.sent, sent_s),
        "processed_seconds": round(total_s, 2),
        "processed_per_s": _rate(result.sent, total_s),
    }


def _ratios(results: dict[str, Any], base: float, figures: dict[str, tuple[str, str]]) -> dict[str, float]:
    """Each figure that was measured, over `base`."""
    return {
        name: round(results[stage][field] / base, 4)
        for name, (stage, field) in figures.items()
        if stage in results and base
    }


END_TO_END = {
    "end_to_end_structured": ("d_end_to_end_structured", "reports_per_s"),
    "end_to_end_text": ("d_end_to_end_text", "reports_per_s"),
    "end_to_end_structured_process_per_service": ("d_end_to_end_structured_process_per_service", "reports_per_s"),
    "end_to_end_structured_process_per_service_postgres": (
        "d_end_to_end_structured_process_per_service_postgres",
        "reports_per_s",
    ),
}


async def run_bench(
    settings: Settings,
    scale: float = 1.0,
    feed: Path | None = None,
    stages: tuple[str, ...] = DEFAULT_STAGES,
    profile_dir: Path | None = None,
    soak_reports: int = 100_000,
    postgres: str | None = None,
) -> dict[str, Any]:
    """The chosen stages in one run, and every ratio between figures of this run (`profile_dir`: py-spy samples
    of the end-to-end workers written there and summarised in the results)."""
    await wait_until_ready(settings)
    results: dict[str, Any] = {
        "machine": {"cpus": os.cpu_count(), "python": sys.version.split()[0], "broker": settings.kafka_bootstrap},
    }
    if profile_dir is not None:
        profile_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="launchwatch-bench-") as tmp:
        workdir = Path(tmp)
        progress = lambda stage: print(f"bench: {stage}", file=sys.stderr, flush=True)  # noqa: E731
        structured = [_encode(r) for r in structured_reports(int(2_000 * scale), "e2e-s")]
        if "raw" in stages:
            progress("(a) raw broker baseline")
            results["a_raw_baseline"] = await raw_baseline(settings, int(20_000 * scale))
        if "extraction" in stages:
            progress("(b) ingest extraction")
            results["b_ingest_extraction"] = extraction_rate()
        if "matcher" in stages:
            progress("(c) matcher")
            results["c_matcher"] = matcher_rate()
        if "steps" in stages:
            progress("(c) the three services' steps without Kafka")
            results["c_service_steps"] = handler_steps(workdir, int(1_000 * scale))
        if "raw-hops" in stages:
            progress("(d) raw limit: three aiokafka hops that only pass messages on")
            results["d_raw_three_hops"] = await raw_three_hops(settings, int(5_000 * scale))
        if "ceiling" in stages:
            progress("(d) framework ceiling: three faust hops that only pass messages on")
            results["d_framework_ceiling"] = await framework_ceiling(settings, int(5_000 * scale))
        if "e2e-structured" in stages:
            progress("(d) end to end, structured reports")
            results["d_end_to_end_structured"] = await end_to_end(
                settings, workdir, structured, "e2e-structured", profile_dir=profile_dir
            )
        if "e2e-text" in stages:
            progress("(d) end to end, text reports")
            texts = [_encode(r) for r in text_reports(int(2_000 * scale), "e2e-t")]
            results["d_end_to_end_text"] = await end_to_end(
                settings, workdir, texts, "e2e-text", profile_dir=profile_dir
            )
        if "e2e-split" in stages:
            progress("(d) end to end, structured reports, a worker process per service")
            results["d_end_to_end_structured_process_per_service"] = await end_to_end(
                settings, workdir, structured, "e2e-split", roles=ROLES, profile_dir=profile_dir
            )
        if "e2e-postgres" in stages and postgres is not None:
            progress("(d) end to end, structured reports, a worker process per service, PostgreSQL")
            results["d_end_to_end_structured_process_per_service_postgres"] = await end_to_end(
                settings, workdir, structured, "e2e-postgres", roles=ROLES, profile_dir=profile_dir, postgres=postgres
            )
        if "latency" in stages:
            progress("(e) latency at fixed rates")
            results["e_latency"] = await latency(settings, workdir, rate=1_000.0, seconds=max(1.0, 3.0 * scale))
            # The same at a rate the pipeline sustains: how long one report takes to become an alert, over 600
            # reports (a p99 of 200 was the second-largest figure, and moved from run to run).
            results["e_latency_10_per_s"] = await latency(settings, workdir, rate=10.0, seconds=max(5.0, 60.0 * scale))
        if "burst" in stages:
            progress("(e) burst: a flood of text reports published at once")
            results["e_burst"] = await burst(settings, workdir, max(10, int(1_000 * scale)))
        if "replay" in stages and feed is not None:
            progress("(f) replay of the bundled history")
            results["f_replay"] = await replay_history(settings, workdir, feed)
        if "soak" in stages:
            progress(f"(g) soak: {soak_reports:,} structured reports, the worker's memory after each 5,000")
            results["g_soak"] = await soak(settings, workdir, soak_reports, profile_dir=profile_dir)
    if "a_raw_baseline" in results:
        results["ratios_to_raw_produce"] = _ratios(
            results,
            results["a_raw_baseline"]["produce_per_s"],
            {
                "raw_three_hops": ("d_raw_three_hops", "messages_per_s"),
                "framework_ceiling": ("d_framework_ceiling", "messages_per_s"),
                **END_TO_END,
                "ingest_extraction": ("b_ingest_extraction", "reports_per_s"),
                "matcher": ("c_matcher", "events_per_s"),
            },
        )
    # The limit of a three-hop pipeline here: what the framework and the services make of it.
    if "d_raw_three_hops" in results:
        results["ratios_to_raw_three_hops"] = _ratios(
            results,
            results["d_raw_three_hops"]["messages_per_s"],
            {"framework_ceiling": ("d_framework_ceiling", "messages_per_s"), **END_TO_END},
        )
    if "d_end_to_end_structured_process_per_service" in results:
        results["ratios_to_sqlite_process_per_service"] = _ratios(
            results,
            results["d_end_to_end_structured_process_per_service"]["reports_per_s"],
            {"postgres": ("d_end_to_end_structured_process_per_service_postgres", "reports_per_s")},
        )
    return results
