"""`metrics.counts` through the real broker: the figures a consumer keeping the latest message per key ends with.

Two alerts workers send what to count and two counts workers share the counts; one counts worker is killed with
SIGKILL in the middle (in at-least-once and in exactly-once mode); the CNS history replayed (twice) gives the
data set's launches per year; late and duplicate reports, and a count change delivered twice, count once. The
expected figures come from what the pipeline published (the incidents' final assessments, the alert revisions)
or from the input, never from the counts themselves.
"""

from __future__ import annotations

import asyncio
import csv
import json
import re
import signal
import subprocess
import sys
import time
import urllib.request
from collections import Counter
from collections.abc import Callable, Iterable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from aiokafka import ConsumerRecord, TopicPartition

from launchwatch.codec import decode, encode
from launchwatch.counting import event_time
from launchwatch.kafka import end_offsets, ensure_topics, free_port, publish
from launchwatch.schemas import (
    Alert,
    Assessment,
    CountChange,
    CountKind,
    IncidentUpdate,
    MatchedEvent,
    TimePrecision,
    WindowCount,
    alert_id,
)
from launchwatch.settings import Settings
from launchwatch.topics import TopicRegistry
from launchwatch.topology import ROLES, count_change_key
from services.counts.counter import widths_for, window_bounds
from tests.helpers import read_records, running_worker, wait_for, worker_env
from tests.servers import Broker

pytestmark = pytest.mark.integration

Figure = tuple[str, str, str, str]  # kind, key, window, window start (ISO)


def windows_of(at: datetime, precision: TimePrecision) -> list[tuple[str, str]]:
    return [(width.value, window_bounds(width, at)[0].isoformat()) for width in widths_for(precision)]


def tally(counted: Iterable[tuple[str, str, datetime, TimePrecision]]) -> dict[Figure, int]:
    """Expected figures from (kind, key, time, precision), one per thing counted."""
    out: Counter[Figure] = Counter()
    for kind, key, at, precision in counted:
        for window, start in windows_of(at, precision):
            out[(kind, key, window, start)] += 1
    return dict(out)


class Topics:
    """Records of several topics read together, each decoded once."""

    def __init__(self) -> None:
        self._decoded: dict[tuple[str, int, int], Any] = {}

    def values(self, records: list[ConsumerRecord], topic: str, model: type[Any]) -> list[Any]:
        out = []
        for r in records:
            if r.topic == topic:
                key = (r.topic, r.partition, r.offset)
                if key not in self._decoded:
                    self._decoded[key] = decode(model, r.value)
                out.append(self._decoded[key])
        return out


def latest(totals: Iterable[WindowCount]) -> dict[Figure, int]:
    """What a consumer keeping the latest message per key has, zeros left out (a window an item left)."""
    out: dict[Figure, int] = {}
    for c in totals:  # in partition order: one key is on one partition
        out[(c.kind.value, c.key, c.window.value, c.window_start.isoformat())] = c.count
    return {figure: count for figure, count in out.items() if count}


def final_updates(updates: Iterable[Any]) -> dict[str, Any]:
    """The last update of each incident (its highest generation): what the incident ends as."""
    out: dict[str, Any] = {}
    for update in updates:
        known = out.get(update.assessment.incident_id)
        if known is None or known.assessment.generation < update.assessment.generation:
            out[update.assessment.incident_id] = update
    return out


def incident_figures(assessments: Iterable[Assessment]) -> dict[Figure, int]:
    return tally(
        ("incidents", a.event_type.value, *event_time(a.occurred_at, a.occurred_precision, a.reported_at))
        for a in assessments
        if not a.closed
    )


def alert_figures(alerts: Iterable[Alert]) -> dict[Figure, int]:
    """Each alert once per precedence it took, at its incident's time in its first revision of that precedence."""
    first: dict[tuple[str, str], Alert] = {}
    for alert in alerts:
        known = first.get((alert.id, alert.precedence.value))
        if known is None or alert.revision < known.revision:
            first[(alert.id, alert.precedence.value)] = alert
    counted = []
    for (_, precedence), alert in first.items():
        facts = alert.assessment or alert.event
        at, precision = event_time(facts.occurred_at, facts.occurred_precision, facts.reported_at)
        counted.append(("alerts", f"{alert.commitment_id}/{precedence}", at, precision))
    return tally(counted)


def report(
    report_id: str, source: str, incident: str, event_type: str, when: datetime, precision: str, **facts: Any
) -> dict[str, Any]:
    return {
        "id": report_id,
        "kind": "event",
        "source": source,
        "published_at": (when + timedelta(minutes=20)).isoformat(),
        "event": {
            "event_type": event_type,
            "incident_id": incident,
            "occurred_at": when.isoformat(),
            "occurred_precision": precision,
            **facts,
        },
    }


INCIDENTS = 80
KINDS = (  # event type, what the ROK calls it, what Japan calls it
    ("ballistic_missile_launch", "SRBM", "ICBM"),  # the precedence rises with Japan's report
    ("ballistic_missile_launch", "MRBM", "MRBM"),
    ("satellite_launch", "SLV", "SLV"),
    ("cruise_missile_launch", "cruise", "cruise"),
)


def launch(i: int) -> list[dict[str, Any]]:
    """The three reports of launch `i`: the ROK gives only its date in Korea (a launch after 15:00 UTC is in
    another UTC day), Japan and the US the minute; the incident's windows move when the minute arrives."""
    launch_at = datetime(2023, 12, 20, 1, 7, tzinfo=UTC) + timedelta(hours=61 * i)
    event_type, rok_class, japan_class = KINDS[i % len(KINDS)]
    korean_date = datetime.combine((launch_at + timedelta(hours=9)).date(), datetime.min.time(), UTC)
    incident = f"inc-count-{i}"
    return [
        report(f"jcs-{i}", "rok-jcs", incident, event_type, korean_date, "day", missile_class=rok_class),
        report(f"mod-{i}", "japan-mod", incident, event_type, launch_at, "minute", missile_class=japan_class),
        report(f"us-{i}", "us-indopacom", incident, event_type, launch_at, "minute"),
    ]


def launches() -> list[dict[str, Any]]:
    return [r for i in range(INCIDENTS) for r in launch(i)]


def report_figures(reports: Iterable[dict[str, Any]], party: dict[str, str]) -> dict[Figure, int]:
    return tally(
        (
            "reports",
            f"{party[r['source']]}/{r['source']}",
            datetime.fromisoformat(r["event"]["occurred_at"]),
            TimePrecision(r["event"]["occurred_precision"]),
        )
        for r in reports
    )


PARTIES = {"rok-jcs": "ROK", "japan-mod": "Japan", "us-indopacom": "US", "kcna": "DPRK", "cns-missile-db": "other"}


async def read_until_counted(
    settings: Settings,
    topics: TopicRegistry,
    complete: Callable[[list[ConsumerRecord]], bool],
    differences: list[Any],
    isolation: str,
) -> list[ConsumerRecord]:
    """The counts, the incidents' updates and the alerts read until `complete` holds; past the deadline, the error
    says what still differs (`complete` keeps `differences` up to date)."""
    try:
        return await read_records(
            settings,
            topics.metrics_counts,
            complete,
            timeout_s=300,
            more_topics=(topics.events_matched, topics.alerts),
            isolation_level=isolation,
        )
    except AssertionError as exc:
        raise AssertionError(f"{exc}; (figure, counted, expected) differing: {differences[:20]}") from None


def assignment(port: int) -> list[str]:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as response:
            return json.loads(response.read())["assignment"]
    except OSError:
        return []


@pytest.mark.timeout(900)
@pytest.mark.parametrize("guarantee", ["at_least_once", "exactly_once"])
async def test_two_workers_of_each_and_a_crash_end_with_every_window_right(
    settings: Settings, broker: Broker, tmp_path: Path, guarantee: str
) -> None:
    if broker.kind == "tansu" and guarantee == "exactly_once":
        pytest.skip("Tansu has no transactions")
    settings = settings.model_copy(update={"topic_partitions": 4, "processing_guarantee": guarantee})
    topics = TopicRegistry.from_settings(settings)
    await ensure_topics(settings, topics.provisioned())
    reports = launches()
    # No sharing-gap alerts: every launch has its three reports, and the window outlasts the replayed months.
    env = {"LAUNCHWATCH_RTW_GAP_WINDOW_SECONDS": str(10**9), "LAUNCHWATCH_PROCESSING_GUARANTEE": guarantee}
    isolation = "read_committed" if guarantee == "exactly_once" else "read_uncommitted"
    ports = [free_port(), free_port()]
    seen = Topics()
    differences: list[tuple[Any, ...]] = []  # (figure, counted, expected), or what is not out yet

    def complete(records: list[ConsumerRecord]) -> bool:
        finals = final_updates(seen.values(records, topics.events_matched, MatchedEvent))
        if len(finals) < INCIDENTS or any(m.assessment.generation < 3 for m in finals.values()):
            differences[:] = [("incidents not all updated", len(finals), INCIDENTS)]
            return False
        alerts = seen.values(records, topics.alerts, Alert)
        shown = {(a.id, a.assessment.generation) for a in alerts if a.assessment is not None}
        for incident, final in finals.items():
            wanted = {(alert_id(incident, m.commitment_id), final.assessment.generation) for m in final.matches}
            if not wanted <= shown:  # the alerts of the incident's last update are not all out yet
                differences[:] = [("alerts missing", incident, sorted(wanted - shown))]
                return False
        expected = (
            report_figures(reports, PARTIES)
            | incident_figures(m.assessment for m in finals.values())
            | alert_figures(alerts)
        )
        counted = latest(seen.values(records, topics.metrics_counts, WindowCount))
        differences[:] = sorted(
            (figure, counted.get(figure), expected.get(figure))
            for figure in set(counted) | set(expected)
            if counted.get(figure) != expected.get(figure)
        )
        return not differences

    with (
        running_worker(settings, "ingest", tmp_path / "ingest.log", **env),
        running_worker(settings, "matcher", tmp_path / "matcher.log", **env),
        running_worker(settings, "alerts", tmp_path / "alerts-a.log", **env),
        running_worker(settings, "alerts", tmp_path / "alerts-b.log", **env),
        running_worker(settings, "counts", tmp_path / "counts-b.log", LAUNCHWATCH_WEB_PORT=str(ports[1]), **env),
    ):
        with running_worker(
            settings, "counts", tmp_path / "counts-a1.log", LAUNCHWATCH_WEB_PORT=str(ports[0]), **env
        ) as first:
            owned: dict[int, set[str]] = {}

            def both_count() -> bool:
                for port in ports:
                    owned[port] = {p for p in assignment(port) if p.startswith(topics.count_changes + ":")}
                return all(owned.values()) and sum(len(v) for v in owned.values()) == 4

            await wait_for(both_count, 90, "both counts workers to own partitions of metrics.count-changes")
            assert not owned[ports[0]] & owned[ports[1]]  # each count key has one owner
            changelog = topics.changelog("counts", ROLES["counts"].tables[0])
            theirs = [TopicPartition(changelog, int(p.rsplit(":", 1)[1])) for p in owned[ports[0]]]
            await publish(settings, topics.reports_raw, [(r["id"], json.dumps(r).encode()) for r in reports])
            # Killed once it is visibly in the middle of counting: its partitions of the windows table's changelog
            # hold what the other worker must recover, and the pipeline is still at it.
            await read_records(settings, topics.metrics_counts, lambda rs: len(rs) >= 100, timeout_s=120)
            deadline = time.monotonic() + 60
            while not sum((await end_offsets(settings, theirs)).values()):
                assert time.monotonic() < deadline, "the first counts worker wrote nothing to its tables"
                await asyncio.sleep(0.1)
            first.send_signal(signal.SIGKILL)
            first.wait(timeout=10)
        with running_worker(settings, "counts", tmp_path / "counts-a2.log", **env) as second:
            records = await read_until_counted(settings, topics, complete, differences, isolation)
            assert second.poll() is None, (tmp_path / "counts-a2.log").read_text()[-3000:]

    figures = latest(seen.values(records, topics.metrics_counts, WindowCount))
    # What the figures say, spelled out: 80 launches over 28 weeks, each in its own hour; three reports each.
    assert sum(v for k, v in figures.items() if k[0] == "incidents" and k[2] == "year") == INCIDENTS
    hours = [v for k, v in figures.items() if k[0] == "incidents" and k[2] == "hour"]
    assert len(hours) == INCIDENTS and set(hours) == {1}
    assert figures[("reports", "ROK/rok-jcs", "year", "2024-01-01T00:00:00+00:00")] == sum(
        1 for r in reports if r["source"] == "rok-jcs" and r["event"]["occurred_at"].startswith("2024")
    )
    assert not any(k[0] == "reports" and k[1] == "ROK/rok-jcs" and k[2] == "hour" for k in figures)  # dates only
    flash = sum(v for k, v in figures.items() if k[:3] == ("alerts", "unsc-ballistic/FLASH", "year"))
    assert flash == INCIDENTS // len(KINDS)  # the SRBM that Japan called an ICBM, once each
    assert all(c.drill is False for c in seen.values(records, topics.metrics_counts, WindowCount))


def cns_rows_per_year(path: Path) -> Counter[int]:
    """The data set's own launches per year: one row per missile, its year from `Date` (`9-Apr-84`, `Sep-84`)."""
    counts: Counter[int] = Counter()
    with open(path, encoding="cp1252", newline="") as f:
        for row in csv.DictReader(f):
            two_digits = int(row["Date"].strip()[-2:])
            counts[1900 + two_digits if two_digits >= 84 else 2000 + two_digits] += 1
    return counts


@pytest.mark.timeout(600)
async def test_a_replay_of_the_cns_history_gives_its_launches_per_year(
    settings: Settings, tmp_path: Path, shared_dir: Path
) -> None:
    """Launches per year are the data set's rows (missiles) per year: `reports` of `other/cns-missile-db`,
    exact per row. Incidents per year are launch events: the rows of one day's salvo are one incident."""
    data = shared_dir / "data" / "cns-missile-db-2023" / "north_korea_missile_test_database.cp1252.csv"
    expected = cns_rows_per_year(data)
    assert sum(expected.values()) == 245
    topics = TopicRegistry.from_settings(settings)
    await ensure_topics(settings, topics.provisioned())
    seen = Topics()

    def figures(records: list[ConsumerRecord]) -> dict[Figure, int]:
        return latest(seen.values(records, topics.metrics_counts, WindowCount))

    def per_year(counted: dict[Figure, int], kind: str, key: str) -> dict[int, int]:
        return {int(k[3][:4]): v for k, v in counted.items() if k[:3] == (kind, key, "year")}

    def incidents_per_year(counted: dict[Figure, int]) -> dict[int, int]:
        out: Counter[int] = Counter()
        for (kind, _, window, start), count in counted.items():
            if kind == "incidents" and window == "year":
                out[int(start[:4])] += count
        return dict(out)

    year_keys = {f"reports:other/cns-missile-db:year:{year}-01-01T00:00:00+00:00".encode() for year in expected}

    def year_messages(records: list[ConsumerRecord]) -> Counter[bytes]:
        return Counter(r.key for r in records if r.topic == topics.metrics_counts and r.key in year_keys)

    def rows_out(before: Counter[bytes] | None) -> Any:
        """The first replay: every year's rows counted. The second: every year's total published again since
        (its rows were applied again: a batch publishes each window it touched once), whatever the figure."""

        def condition(records: list[ConsumerRecord]) -> bool:
            if before is None:
                return per_year(figures(records), "reports", "other/cns-missile-db") == dict(expected)
            published = year_messages(records)
            return all(published[key] > before[key] for key in year_keys)

        return condition

    def incidents_right(records: list[ConsumerRecord]) -> bool:
        finals = final_updates(seen.values(records, topics.events_normalized, IncidentUpdate))
        wanted = incident_figures(u.assessment for u in finals.values())
        counted = {k: v for k, v in figures(records).items() if k[0] == "incidents"}
        return len(finals) > 1 and counted == wanted

    with running_worker(settings, "all", tmp_path / "worker.log") as worker:
        before: Counter[bytes] | None = None
        for attempt in (1, 2):  # the second replay is processed again, idempotently: nothing counts twice
            sent = subprocess.run(
                [sys.executable, "-m", "launchwatch", "replay", str(data), "--speed", "max"],
                env=worker_env(settings),
                capture_output=True,
                timeout=120,
            )
            assert sent.returncode == 0, sent.stderr.decode()[-3000:]
            out = rows_out(before)
            records = await read_records(
                settings,
                topics.metrics_counts,
                lambda rs, out=out: out(rs) and incidents_right(rs),
                timeout_s=240,
                more_topics=(topics.events_normalized,),
            )
            assert per_year(figures(records), "reports", "other/cns-missile-db") == dict(expected), attempt
            before = year_messages(records)
        assert worker.poll() is None, (tmp_path / "worker.log").read_text()[-3000:]

    counted = figures(records)
    incidents = incidents_per_year(counted)
    assert set(incidents) == set(expected)
    assert all(0 < incidents[year] <= rows for year, rows in expected.items())
    assert sum(incidents.values()) < 245  # salvos: several missiles of one day are one launch event
    # Month-precision rows (Sep-84 ...) are in their month and year, in no day.
    assert counted[("reports", "other/cns-missile-db", "month", "1984-09-01T00:00:00+00:00")] == 3
    assert ("reports", "other/cns-missile-db", "day", "1984-09-01T00:00:00+00:00") not in counted


async def test_late_and_duplicate_reports_and_a_change_delivered_twice_count_once(
    settings: Settings, tmp_path: Path
) -> None:
    topics = TopicRegistry.from_settings(settings)
    await ensure_topics(settings, topics.provisioned())
    launch = datetime(2024, 10, 30, 22, 10, tzinfo=UTC)
    first = [
        report("jcs-1031", "rok-jcs", "inc-1031", "ballistic_missile_launch", launch, "minute", missile_class="ICBM"),
        report("mod-1031", "japan-mod", "inc-1031", "ballistic_missile_launch", launch, "minute", missile_class="ICBM"),
    ]
    duplicates = [
        first[0],  # the same report again
        first[1] | {"published_at": "2024-10-31T07:45:00+09:00"},  # its id again, sent once more with an edit
    ]
    late = [
        # KCNA's account the next day, of the same launch: one more report, no more incidents.
        report("kcna-1101", "kcna", "inc-1031", "ballistic_missile_launch", launch, "day"),
        # A report of a launch of 2017 arriving now: its own old windows, nothing else.
        report(
            "jcs-2017",
            "rok-jcs",
            "inc-2017",
            "ballistic_missile_launch",
            datetime(2017, 11, 28, 18, 17, tzinfo=UTC),
            "minute",
            missile_class="ICBM",
        ),
    ]
    seen = Topics()

    def figures(records: list[ConsumerRecord]) -> dict[Figure, int]:
        return latest(seen.values(records, topics.metrics_counts, WindowCount))

    def expect(reports: list[dict[str, Any]], incidents: dict[str, datetime]) -> dict[Figure, int]:
        counted = report_figures(reports, PARTIES)
        counted |= tally(("incidents", "ballistic_missile_launch", t, TimePrecision.MINUTE) for t in incidents.values())
        return counted

    def without_alerts(counted: dict[Figure, int]) -> dict[Figure, int]:
        return {k: v for k, v in counted.items() if k[0] != "alerts"}

    def duplicates_dropped(port: int) -> float:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=2) as answer:
                text = answer.read().decode()
        except OSError:
            return 0
        return sum(
            float(line.rsplit(" ", 1)[1])
            for line in text.splitlines()
            if line.startswith("launchwatch_duplicate_reports_total{")
        )

    port = free_port()
    with running_worker(settings, "all", tmp_path / "worker.log", LAUNCHWATCH_WEB_PORT=str(port)) as worker:
        await publish(settings, topics.reports_raw, [(r["id"], json.dumps(r).encode()) for r in first])
        wanted = expect(first, {"inc-1031": launch})
        await read_records(settings, topics.metrics_counts, lambda rs: without_alerts(figures(rs)) == wanted)

        await publish(settings, topics.reports_raw, [(r["id"], json.dumps(r).encode()) for r in duplicates])
        await wait_for(lambda: duplicates_dropped(port) >= 2, 60, "ingest to drop both duplicates")

        await publish(settings, topics.reports_raw, [(r["id"], json.dumps(r).encode()) for r in late])
        wanted = expect(first + late, {"inc-1031": launch, "inc-2017": datetime(2017, 11, 28, 18, 17, tzinfo=UTC)})
        records = await read_records(settings, topics.metrics_counts, lambda rs: without_alerts(figures(rs)) == wanted)
        assert figures(records)[("reports", "ROK/rok-jcs", "year", "2024-01-01T00:00:00+00:00")] == 1
        assert figures(records)[("incidents", "ballistic_missile_launch", "day", "2024-10-30T00:00:00+00:00")] == 1

        # A count change delivered twice (as after a crash before its offset was committed) counts once. A third
        # change of the same key (so on the same partition, after both) shows when both have been applied.
        def change(item: str) -> CountChange:
            return CountChange(
                kind=CountKind.REPORTS,
                key="Japan/japan-mod",
                labels={"party": "Japan", "source": "japan-mod"},
                item=item,
                version=0,
                at=launch,
                precision=TimePrecision.MINUTE,
            )

        year_key = b"reports:Japan/japan-mod:year:2024-01-01T00:00:00+00:00"
        published = sum(1 for r in records if r.key == year_key)
        twice, after = change("evt-delivered-twice"), change("evt-after-it")
        await publish(settings, topics.count_changes, [(count_change_key(c), encode(c)) for c in (twice, twice, after)])
        wanted |= {
            ("reports", "Japan/japan-mod", window, start): 3
            for window, start in windows_of(launch, TimePrecision.MINUTE)
        }
        # Each window's key is on a partition of its own: every figure is waited for, not the year's alone.
        records = await read_records(settings, topics.metrics_counts, lambda rs: without_alerts(figures(rs)) == wanted)
        totals = [decode(WindowCount, r.value).count for r in records if r.key == year_key][published:]
        assert totals and totals[-1] == 3 and max(totals) == 3, totals  # never 4: the second delivery counted nothing
        assert worker.poll() is None, (tmp_path / "worker.log").read_text()[-3000:]


async def test_count_changes_the_fetcher_passes_over_are_fetched_again_and_counted(
    settings: Settings, tmp_path: Path
) -> None:
    """faust's fetcher was seen passing over messages around a table's recovery (launchwatch/offset_guard.py). A
    fault (tests/skipping_fetcher.py) makes it pass over a partition's last two changes, which no later change
    shows (the worker's tail check must find them), then two in the middle, which the next one shows."""
    settings = settings.model_copy(update={"topic_partitions": 1})
    topics = TopicRegistry.from_settings(settings)
    await ensure_topics(settings, topics.provisioned())
    at = datetime(2024, 5, 27, 14, 46, tzinfo=UTC)
    year = ("reports", "Japan/japan-mod", "year", "2024-01-01T00:00:00+00:00")
    seen = Topics()

    def changes(first: int, last: int) -> list[tuple[str, bytes]]:
        made = (
            CountChange(
                kind=CountKind.REPORTS,
                key="Japan/japan-mod",
                labels={"party": "Japan", "source": "japan-mod"},
                item=f"evt-passed-over-{n}",
                version=0,
                at=at,
                precision=TimePrecision.MINUTE,
            )
            for n in range(first, last)
        )
        return [(count_change_key(change), encode(change)) for change in made]

    def year_is(total: int) -> Any:
        return lambda records: latest(seen.values(records, topics.metrics_counts, WindowCount)).get(year) == total

    log_path = tmp_path / "counts.log"
    skip = f"{topics.count_changes}:0:8-9,{topics.count_changes}:0:13-14"
    await publish(settings, topics.count_changes, changes(0, 10))  # offsets 0-9 of the one partition
    with running_worker(
        settings, "counts", log_path, module="tests.skipping_fetcher", LAUNCHWATCH_TEST_SKIP=skip
    ) as worker:
        await read_records(settings, topics.metrics_counts, year_is(10), timeout_s=120)
        await publish(settings, topics.count_changes, changes(10, 20))  # offsets 10-19
        await read_records(settings, topics.metrics_counts, year_is(20), timeout_s=120)
        assert worker.poll() is None, log_path.read_text()[-3000:]
    text = log_path.read_text()
    assert text.count("test fault: the fetcher passed over") == 4  # the fault happened, each offset once
    assert re.search(r"passed over the last messages of partitions; seeking back to \{[^}]*: 8\}", text), text[-3000:]
    assert re.search(r"messages skipped by the fetcher; seeking back to \{[^}]*: 13\}", text), text[-3000:]
