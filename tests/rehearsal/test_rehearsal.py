"""The compose deployment rehearsed as local processes: Apache Kafka (KRaft), PostgreSQL, the topics job, ingest,
two matchers, alerts and Prometheus, each launchwatch process with the command and environment its compose service
gives it. Started once for the module; the tests run in file order and the last one kills a matcher.
"""

from __future__ import annotations

import asyncio
import json
import signal
import time
import urllib.error
import urllib.request
import uuid
from collections import Counter
from collections.abc import Iterator
from typing import Any

import aiohttp
import pytest
import yaml
from aiokafka import ConsumerRecord
from aiokafka.admin import AIOKafkaAdminClient
from aiokafka.admin.config_resource import ConfigResource, ConfigResourceType

from launchwatch.cli import sample_feed_path
from launchwatch.codec import decode
from launchwatch.kafka import client_kwargs, consumer, topic_partitions, wait_until_drained
from launchwatch.schemas import Alert, utcnow
from launchwatch.storage import Store
from launchwatch.streams import ROLES, app_id, input_topic
from launchwatch.topics import TopicRegistry
from tests.helpers import read_records, wait_for
from tests.integration.test_prometheus_dashboard import panel_queries, wait_for_queries
from tests.rehearsal.compose import DEPLOY, environment
from tests.rehearsal.deployment import KAFKA_NODES, Deployment, Replica, kafka_properties
from tests.servers import ServerUnavailable, skip_unless_required

pytestmark = pytest.mark.rehearsal

#: `docker compose up --scale matcher=2`: two matchers share the matcher partitions; one is killed at the end.
SCALE = {"matcher": 2}
#: A silence an operator sets before the feed, so the dashboard's silenced-alerts panel has data.
SILENCED_COMMITMENT = "denuclearization"
MALFORMED = b"{not json"


def _set_silence(deployment: Deployment) -> None:
    # As a watch officer would: `docker compose run --rm alerts alerts silence …`, before the services start, so
    # the alerts service loads it at start instead of at its next refresh.
    deployment.run(
        "alerts",
        ["alerts", "silence", "--commitment", SILENCED_COMMITMENT, "--until", "2h", "--comment", "rehearsal"],
        name="alerts-silence",
    )


@pytest.fixture(scope="module")
def deployment(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Deployment]:
    rehearsal = Deployment(tmp_path_factory.mktemp("rehearsal"), scale=SCALE)
    try:
        try:
            rehearsal.start(before_services=_set_silence)
        except ServerUnavailable as exc:
            skip_unless_required(f"rehearsal skipped: {exc}", "LAUNCHWATCH_REQUIRE_KAFKA")
        yield rehearsal
    finally:
        rehearsal.stop()


async def _prometheus_has(deployment: Deployment, exprs: list[str], timeout_s: float) -> dict[str, list[dict]]:
    async with aiohttp.ClientSession() as http:
        return await wait_for_queries(http, deployment.prometheus_url, exprs, timeout_s)


@pytest.fixture(scope="module")
def fed(deployment: Deployment, tmp_path_factory: pytest.TempPathFactory) -> Deployment:
    """The deployment once the sample feed (and an operator's two mistakes) is published and processed."""
    lines = [line for line in sample_feed_path().read_bytes().splitlines() if line.strip()]
    folder = tmp_path_factory.mktemp("feed")
    first, second, mistakes = folder / "feed-1.jsonl", folder / "feed-2.jsonl", folder / "mistakes.jsonl"
    half = len(lines) // 2
    first.write_bytes(b"\n".join(lines[:half]) + b"\n")
    second.write_bytes(b"\n".join(lines[half:]) + b"\n")
    # A report sent twice and a line that is not JSON: the duplicate and dead-letter panels count them.
    mistakes.write_bytes(lines[0] + b"\n" + MALFORMED + b"\n")
    workers = len(deployment.replicas)
    # Every worker scraped before the feed, so rates start from zero as in production.
    asyncio.run(_prometheus_has(deployment, [f'count(up{{job="launchwatch"}} == 1) == {workers}'], timeout_s=60))
    # Every consumer group settled, each of its input partitions owned by one of its replicas: a group still
    # rebalancing when the feed arrives hands a replica's unfinished batch to another, which sends it again
    # (at-least-once: consumers drop such repeats; the exactly-once check below counts them).
    settings = deployment.settings()
    topics = TopicRegistry.from_settings(settings)
    for role in ROLES:
        partitions = {f"{input_topic(topics, role)}:{p}" for p in range(settings.topic_partitions)}
        replicas = deployment.replicas_of(role)
        asyncio.run(
            wait_for(
                lambda replicas=replicas, partitions=partitions: (
                    set().union(*map(_assignment, replicas)) >= partitions
                    and sum(len(_assignment(r) & partitions) for r in replicas) == len(partitions)
                ),
                60,
                f"the {role} replicas to own every partition of {input_topic(topics, role)} once",
            )
        )
    deployment.run("ingest", ["ingest", str(first)], name="ingest-feed-1")
    # The latency histograms' series exist in Prometheus before the second half: its rate() then has increases.
    asyncio.run(_prometheus_has(deployment, ["sum(launchwatch_party_reporting_latency_seconds_count)"], timeout_s=60))
    deployment.run("ingest", ["ingest", str(second), str(mistakes)], name="ingest-feed-2")
    groups = {app_id(settings, role): [input_topic(topics, role)] for role in ROLES}
    asyncio.run(wait_until_drained(settings, groups, timeout_s=120))
    return deployment


def _healthz(replica: Replica) -> tuple[int, dict[str, Any]]:
    """Status and body of the replica's /healthz; status 0 when it does not answer at all."""
    try:
        with urllib.request.urlopen(f"{replica.url}/healthz", timeout=5) as answer:
            return answer.status, json.loads(answer.read())
    except urllib.error.HTTPError as exc:
        return exc.code, {}
    except OSError as exc:
        return 0, {"error": repr(exc)}


def _assignment(replica: Replica) -> set[str]:
    return set(_healthz(replica)[1].get("assignment", ()))


def _keys(records: list[ConsumerRecord]) -> list[tuple[str, int]]:
    return [(alert.id, alert.revision) for alert in (decode(Alert, r.value) for r in records)]


async def _read_to_end(deployment: Deployment, topic: str, timeout_s: float = 60.0) -> list[ConsumerRecord]:
    """Every committed record `topic` holds now: read until each partition's position reaches its end offset.

    Positions rather than a count of records, since transaction markers take offsets too; read_committed, so a
    transactional producer's aborted records are not mistaken for duplicates (no effect without transactions).
    """
    reader = consumer(deployment.settings(), enable_auto_commit=False, isolation_level="read_committed")
    await reader.start()
    # By position: a fetch made before the seek to the beginning may hand over records the seek then fetches
    # again; the same offset read twice is the reader's, not a message published twice.
    records: dict[tuple[int, int], ConsumerRecord] = {}
    try:
        partitions = await topic_partitions(reader, [topic])
        reader.assign(partitions)
        await reader.seek_to_beginning(*partitions)
        ends = await reader.end_offsets(partitions)
        deadline = time.monotonic() + timeout_s
        while any([await reader.position(tp) < ends[tp] for tp in partitions]):
            if time.monotonic() > deadline:
                raise AssertionError(f"{topic} not read to its end offsets {ends} within {timeout_s} s")
            for batch in (await reader.getmany(timeout_ms=500)).values():
                records.update(((r.partition, r.offset), r) for r in batch)
    finally:
        await reader.stop()
    return [records[position] for position in sorted(records)]


# --------------------------------------------------------------------------- the tests, in order


def test_every_service_answers_healthz(deployment: Deployment) -> None:
    names = sorted(deployment.replicas)
    assert names == ["alerts-1", "counts-1", "ingest-1", "matcher-1", "matcher-2"], f"replicas started: {names}"
    for replica in deployment.replicas.values():
        status, body = _healthz(replica)
        assert status == 200, f"{replica.name}: /healthz answered {status} {body}; see {replica.log}"
        # The compose command is `worker ROLE`: the process runs the role its service names.
        assert body["role"] == replica.argv[-1] == replica.service, f"{replica.name}: /healthz says {body}"


async def test_every_stored_alert_revision_is_on_the_alert_topic_exactly_once(fed: Deployment) -> None:
    settings = fed.settings()
    topic = TopicRegistry.from_settings(settings).alerts
    store = Store(settings.database_url, migrate=False)
    try:
        stored = store.revisions()
        silences = store.active_silences(utcnow(), False)
    finally:
        store.close()
    muted = {(a.id, a.revision) for a in stored if any(s.mutes(a) for s in silences)}
    expected = {(a.id, a.revision) for a in stored} - muted
    assert expected, "the store holds no published alert revision after the sample feed"
    assert muted, f"the silence of {SILENCED_COMMITMENT} muted no revision: the rehearsal's feed no longer tests it"

    # Stored first, then published: wait until every stored revision is on the topic, then read all it holds.
    await read_records(settings, topic, lambda records: expected <= set(_keys(records)), timeout_s=60)
    records = await _read_to_end(fed, topic)
    counts = Counter(_keys(records))
    assert expected <= set(counts), f"stored revisions missing from {topic}: {sorted(expected - set(counts))}"

    twice = sorted(key for key, count in counts.items() if count > 1)
    where = [
        (alert.revision_id, alert.msg_type.value, alert.event.report_id, f"{r.partition}@{r.offset}", r.timestamp)
        for r, alert in ((r, decode(Alert, r.value)) for r in records)
        if (alert.id, alert.revision) in set(twice)
    ]
    assert not twice, f"(alert id, revision) published more than once on {topic}: {twice}; {where}"
    assert not muted & set(counts), f"silenced revisions were published: {sorted(muted & set(counts))}"
    store = Store(settings.database_url, migrate=False)
    try:
        unknown = set(counts) - {(a.id, a.revision) for a in store.revisions()}
    finally:
        store.close()
    assert not unknown, f"revisions on {topic} that the store does not hold: {sorted(unknown)}"


async def test_prometheus_scrapes_every_service_and_loads_every_rule(deployment: Deployment) -> None:
    [job] = deployment.prometheus_config["scrape_configs"]
    expected_targets = {
        f"127.0.0.1:{r.port}": {"health": "up", "job": job["job_name"], "service": r.service}
        for r in deployment.replicas.values()
    }
    rules_file = yaml.safe_load((DEPLOY / "prometheus" / "rules.yml").read_text())
    expected_rules = {
        group["name"]: {rule.get("alert") or rule["record"]: "ok" for rule in group["rules"]}
        for group in rules_file["groups"]
    }
    targets: dict[str, dict[str, str]] = {}
    rules: dict[str, dict[str, str]] = {}
    async with aiohttp.ClientSession() as http:
        deadline = asyncio.get_running_loop().time() + 60
        while asyncio.get_running_loop().time() < deadline:
            async with http.get(f"{deployment.prometheus_url}/api/v1/targets") as answer:
                active = (await answer.json())["data"]["activeTargets"]
            async with http.get(f"{deployment.prometheus_url}/api/v1/rules") as answer:
                groups = (await answer.json())["data"]["groups"]
            targets = {
                t["labels"]["instance"]: {
                    "health": t["health"],
                    "job": t["labels"]["job"],
                    "service": t["labels"].get("service", ""),
                }
                for t in active
            }
            rules = {g["name"]: {r["name"]: r["health"] for r in g["rules"]} for g in groups}
            if targets == expected_targets and rules == expected_rules:
                break
            await asyncio.sleep(0.5)  # polling interval of the deadline loop
    assert targets == expected_targets, f"Prometheus targets {targets}, expected {expected_targets}"
    assert rules == expected_rules, f"rules loaded (name: health) {rules}, expected every rule of rules.yml ok"


async def test_every_dashboard_query_has_data_from_prometheus(fed: Deployment) -> None:
    panels = panel_queries()
    if "LAUNCHWATCH_RECEIVERS_FILE" not in environment(fed.services["alerts"]):
        # Compose configures no receiver (webhooks are the operator's): the receivers' panels have nothing to show
        # here; tests/integration/test_prometheus_dashboard.py runs them with one.
        panels = [(title, expr) for title, expr in panels if "launchwatch_receiver_" not in expr]
    # Raises, naming the queries without data, when one has none by the deadline.
    results = await _prometheus_has(fed, [expr for _, expr in panels], timeout_s=90)
    by_title = dict(panels)
    # The series are the ones this run made: the operator's silence, mistakes and duplicate.
    silenced = {r["metric"]["commitment"] for r in results[by_title["Alerts silenced (last hour)"]]}
    assert silenced == {SILENCED_COMMITMENT}, f"silenced alerts counted for {silenced}"
    reasons = {r["metric"]["reason"] for r in results[by_title["Dead-letters by reason (last hour)"]]}
    assert "invalid_json" in reasons, f"dead-letter reasons {reasons}: the malformed line is not counted"
    duplicated = {r["metric"]["source"] for r in results[by_title["Duplicate reports dropped (last hour)"]]}
    first_source = json.loads(sample_feed_path().read_bytes().splitlines()[0])["source"]
    assert duplicated == {first_source}, f"duplicates counted for {duplicated}, expected {first_source}"


async def test_kafka_runs_with_the_compose_broker_settings(deployment: Deployment) -> None:
    """Each node of the local cluster runs with what compose sets for its node: checked against the broker itself."""
    assert deployment.kafka is not None and len(deployment.kafka.nodes) == len(KAFKA_NODES)

    def normal(value: str) -> frozenset[str]:  # lists such as the protocol map: the order does not matter
        return frozenset(part.strip() for part in value.split(","))

    admin = AIOKafkaAdminClient(**client_kwargs(deployment.settings()))
    await admin.start()
    try:
        for name in KAFKA_NODES:
            compose = environment(deployment.services[name])
            expected = {key: normal(value) for key, value in kafka_properties(compose).items()}
            [response] = await admin.describe_configs(
                [ConfigResource(ConfigResourceType.BROKER, compose["KAFKA_NODE_ID"])]
            )
            [(error_code, error_message, _, _, entries)] = response.resources
            assert error_code == 0, f"describe_configs of {name} failed: {error_message}"
            actual = {entry[0]: normal(entry[1] or "") for entry in entries if entry[0] in expected}
            assert actual == expected, f"{name}'s settings {actual} differ from compose's {expected}"
    finally:
        await admin.close()


def _report(report_id: str, day: int) -> dict[str, Any]:
    """A minimal valid ROK JCS report (as in tests/integration/test_store_outage.py), one incident per day."""
    return {
        "id": report_id,
        "kind": "event",
        "source": "rok-jcs",
        "published_at": f"2025-03-{day:02d}T05:40:00+09:00",
        "event": {
            "event_type": "ballistic_missile_launch",
            "missile_class": "SRBM",
            "occurred_at": f"2025-03-{day:02d}T05:30:00+09:00",
        },
    }


async def test_a_matcher_killed_leaves_its_partitions_to_the_other(fed: Deployment) -> None:
    """Last: it kills a matcher (the targets test would then see it down)."""
    settings = fed.settings()
    topics = TopicRegistry.from_settings(settings)
    partitions = {f"{topics.events_normalized}:{p}" for p in range(settings.topic_partitions)}
    victim, survivor = fed.replicas_of("matcher")

    def shared() -> bool:
        owned = [_assignment(victim) & partitions, _assignment(survivor) & partitions]
        return all(owned) and owned[0] | owned[1] == partitions

    await wait_for(
        shared, 60, f"{victim.name} and {survivor.name} to share the partitions of {topics.events_normalized}"
    )

    victim.process.send_signal(signal.SIGKILL)
    assert victim.process.wait(timeout=10) == -signal.SIGKILL, f"{victim.name} did not die of SIGKILL"
    await wait_for(
        lambda: partitions <= _assignment(survivor), 60, f"{survivor.name} to take all of {sorted(partitions)}"
    )

    run = uuid.uuid4().hex[:8]
    reports = [_report(f"jcs-rehearsal-{run}-{day}", day) for day in (3, 17)]
    ids = {report["id"] for report in reports}
    [ingest] = fed.replicas_of("ingest")
    async with (
        aiohttp.ClientSession() as http,
        http.post(f"{ingest.url}/reports", json=reports, headers={"Authorization": f"Bearer {fed.token}"}) as answer,
    ):
        body = await answer.json()
        assert answer.status == 202, f"POST /reports answered {answer.status}: {body}"
    assert set(body["accepted"]) == ids, f"POST /reports accepted {body['accepted']}, sent {sorted(ids)}"

    def alerted(records: list[ConsumerRecord]) -> bool:
        return ids <= {decode(Alert, r.value).event.report_id for r in records}

    try:
        await read_records(settings, topics.alerts, alerted, timeout_s=60)
    except AssertionError as exc:
        raise AssertionError(f"no alert of {sorted(ids)} after {victim.name} was killed: {exc}") from None
    assert survivor.process.poll() is None, f"{survivor.name} exited; see {survivor.log}"
