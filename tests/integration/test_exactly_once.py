"""Exactly-once on Apache Kafka: a worker of each role killed with SIGKILL mid-stream and restarted.

In exactly-once mode a read_committed consumer of the alert topics sees every (alert id, revision) made from
the reports exactly once, none missing, and every alert ends with all its incident's reports; in at-least-once
mode it may see repeats, which the test counts and which must be the same id, revision and bytes (what a
consumer drops). Tansu has no transactions: there the mode is refused in one line.
"""

from __future__ import annotations

import signal
import subprocess
import sys
from collections import Counter, defaultdict
from contextlib import ExitStack
from pathlib import Path

import pytest

from launchwatch.codec import decode
from launchwatch.kafka import ensure_topics, publish, wait_until_drained
from launchwatch.schemas import Alert, Precedence
from launchwatch.settings import Settings
from launchwatch.streams import ROLES, app_id, input_topic
from launchwatch.topics import TopicRegistry
from tests.helpers import read_records, read_to_end, running_worker, worker_env
from tests.integration.test_crash_recovery import INCIDENTS, reports
from tests.servers import Broker

pytestmark = pytest.mark.integration

LAUNCH_ALERTS = INCIDENTS * 2  # two commitments an incident
SOURCES = 3  # each incident's three reports


def launch_revisions(values: list[bytes]) -> tuple[Counter[tuple[str, int]], dict[tuple[str, int], set[bytes]]]:
    """How often each (alert id, revision) of a launch alert was seen on one topic, and its distinct bytes."""
    seen: Counter[tuple[str, int]] = Counter()
    variants: dict[tuple[str, int], set[bytes]] = defaultdict(set)
    for value in values:
        alert = decode(Alert, value)
        if alert.gap is None:  # gap alerts come from a timer, not from a report: see the module docstring
            seen[(alert.id, alert.revision)] += 1
            variants[(alert.id, alert.revision)].add(value)
    return seen, variants


def complete_alerts(values: list[bytes]) -> set[str]:
    """The launch alerts seen with all their incident's reports among their sources."""
    alerts = (decode(Alert, value) for value in values)
    return {a.id for a in alerts if a.gap is None and len(a.sources) == SOURCES}


@pytest.mark.timeout(600)
@pytest.mark.parametrize("guarantee", ["exactly_once", "at_least_once"])
async def test_each_role_killed_mid_stream(
    settings: Settings, broker: Broker, tmp_path: Path, guarantee: str, record_property: pytest.RecordProperty
) -> None:
    if broker.kind == "tansu" and guarantee == "exactly_once":
        pytest.skip("Tansu has no transactions: the refusal is tested by test_exactly_once_is_refused_on_tansu")
    topics = TopicRegistry.from_settings(settings)
    await ensure_topics(settings, topics.all())
    messages = reports()
    tranche = len(messages) // len(ROLES)
    # Each role's own output, watched to kill it once it is visibly in the middle of its tranche.
    output_of = {
        "ingest": topics.events_normalized,
        "matcher": topics.events_matched,
        "alerts": topics.alerts,
        "counts": topics.metrics_counts,
    }
    env = {"LAUNCHWATCH_PROCESSING_GUARANTEE": guarantee}
    with ExitStack() as stack:
        workers: dict[str, subprocess.Popen[bytes]] = {
            role: stack.enter_context(running_worker(settings, role, tmp_path / f"{role}-1.log", **env))
            for role in ROLES
        }
        for i, victim in enumerate(ROLES):
            part = messages[i * tranche : None if i == len(ROLES) - 1 else (i + 1) * tranche]
            done_before = len((await read_to_end(settings, [output_of[victim]]))[output_of[victim]])
            await publish(settings, topics.reports_raw, part)
            await read_records(settings, output_of[victim], lambda rs, n=done_before: len(rs) >= n + 30)
            workers[victim].send_signal(signal.SIGKILL)
            workers[victim].wait(timeout=10)
            workers[victim] = stack.enter_context(running_worker(settings, victim, tmp_path / f"{victim}-2.log", **env))

        def complete(records: list) -> bool:
            return len(complete_alerts([r.value for r in records])) >= LAUNCH_ALERTS

        await read_records(settings, topics.alerts, complete, timeout_s=300, isolation_level="read_committed")
        # Whatever a redelivered batch sends comes before its input is committed: drained means all is out.
        groups = {app_id(settings, role): [input_topic(topics, role)] for role in ROLES}
        await wait_until_drained(settings.model_copy(update={"processing_guarantee": guarantee}), groups, 120)
        alert_topics = [topics.alerts, *(topics.alerts_for(precedence) for precedence in Precedence)]
        committed = await read_to_end(settings, alert_topics, isolation_level="read_committed")
        everything = await read_to_end(settings, [topics.alerts])  # aborted transactions' records too

    per_topic = {topic: launch_revisions(values) for topic, values in committed.items()}
    seen, variants = per_topic[topics.alerts]
    assert len(complete_alerts(committed[topics.alerts])) == LAUNCH_ALERTS
    # A revision per change of the incident: three, or fewer where a batch delivered again after the crash found
    # its incident complete already (it then shows all its reports at once); never a number skipped.
    numbers: dict[str, list[int]] = defaultdict(list)
    for alert_id, revision in sorted(seen):
        numbers[alert_id].append(revision)
    assert len(numbers) == LAUNCH_ALERTS
    assert all(
        revisions == list(range(1, len(revisions) + 1)) and len(revisions) <= SOURCES for revisions in numbers.values()
    )
    precedence_seen = sum((counts for name, (counts, _) in per_topic.items() if name != topics.alerts), Counter())
    assert set(precedence_seen) == set(seen), "an alert revision is missing from its precedence topic"
    repeats = sum(n - 1 for n in seen.values()) + sum(n - 1 for n in precedence_seen.values())
    uncommitted_repeats = sum(n - 1 for n in launch_revisions(everything[topics.alerts])[0].values())
    record_property("repeats", repeats)
    print(
        f"{guarantee}: {repeats} repeated alert revisions on the alert topics read_committed; "
        f"{uncommitted_repeats} on {topics.alerts} read_uncommitted (aborted transactions included)"
    )
    if guarantee == "exactly_once":
        repeated = sorted(key for key, n in seen.items() if n > 1)
        what = sorted(
            {
                (a.revision_id, a.msg_type.value, a.event.report_id, len(a.sources))
                for a in (decode(Alert, v) for v in committed[topics.alerts])
                if (a.id, a.revision) in set(repeated[:10])
            }
        )
        assert repeats == 0, f"{repeats} alert revisions seen more than once in exactly-once mode: {what}"
    assert all(len(v) == 1 for v in variants.values()), "an alert revision was repeated with different bytes"


def test_exactly_once_is_refused_on_tansu(settings: Settings, broker: Broker) -> None:
    if broker.kind != "tansu":
        pytest.skip("the refusal is Tansu's: Apache Kafka has transactions")
    env = worker_env(settings, LAUNCHWATCH_PROCESSING_GUARANTEE="exactly_once")
    result = subprocess.run(
        [sys.executable, "-m", "launchwatch", "worker", "ingest"], env=env, capture_output=True, timeout=60
    )
    output = result.stderr.decode()
    errors = [line for line in output.splitlines() if line.startswith("error:")]
    assert result.returncode != 0
    assert len(errors) == 1 and "needs a broker with transactions" in errors[0], output[-2000:]
    assert output.strip().splitlines()[-1] == errors[0] and "Traceback" not in output
