"""The counts of `metrics.counts`, without Kafka: calendar windows of event time, what each service counts, the
counter over plain mappings (as the faust tables hold them, recovered from JSON changelogs included), and the
topics they live on."""

from __future__ import annotations

import contextlib
import json
from datetime import UTC, datetime
from typing import Any

import pytest
from faust.tables.base import Collection
from hypothesis import given
from hypothesis import strategies as st

from launchwatch.counting import alert_changes, incident_changes, newest_changes, report_changes
from launchwatch.schemas import (
    CountChange,
    CountKind,
    CountWindow,
    EventType,
    Precedence,
    TimePrecision,
    WindowCount,
)
from launchwatch.topics import TopicRegistry, topic_config
from launchwatch.topology import count_change_key as change_key
from launchwatch.topology import window_count_key as total_key
from services.alerts.build import build_revision, closed
from services.counts.counter import (
    CALENDAR,
    MEMBER_BUCKETS,
    WindowCounter,
    bucket_of,
    width_of,
    widths_for,
    window_bounds,
)
from services.ingest.fusion import fuse
from tests.factories import incident_update, launch_event

NOW = datetime(2024, 11, 1, tzinfo=UTC)


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)


def change(item: str, when: str | None, version: int = 0, precision: TimePrecision = TimePrecision.MINUTE, **kw: Any):
    fields = {"kind": CountKind.REPORTS, "key": "ROK/rok-jcs", "labels": {"party": "ROK", "source": "rok-jcs"}}
    return CountChange(**(fields | kw), item=item, version=version, at=at(when) if when else None, precision=precision)


def totals(published: list[WindowCount]) -> dict[tuple[str, str], int]:
    return {(c.window.value, c.window_start.isoformat()): c.count for c in published}


class Recovered(dict[Any, Any]):
    """A table as faust rebuilds it from its changelog: every key and value once through JSON."""

    def restored(self) -> Recovered:
        return Recovered(
            (Collection._to_key(None, json.loads(json.dumps(k))), json.loads(json.dumps(v))) for k, v in self.items()
        )


def test_calendar_windows_of_each_width() -> None:
    launch = at("2024-02-29T23:59:30+00:00")
    assert window_bounds(CountWindow.HOUR, launch) == (at("2024-02-29T23:00:00+00:00"), at("2024-03-01T00:00:00+00:00"))
    assert window_bounds(CountWindow.MONTH, launch) == (
        at("2024-02-01T00:00:00+00:00"),
        at("2024-03-01T00:00:00+00:00"),
    )
    assert window_bounds(CountWindow.YEAR, launch) == (at("2024-01-01T00:00:00+00:00"), at("2025-01-01T00:00:00+00:00"))
    # In UTC: 07:10 in Seoul on 1 November is 22:10 on 31 October.
    assert window_bounds(CountWindow.DAY, at("2024-11-01T07:10:00+09:00"))[0] == at("2024-10-31T00:00:00+00:00")
    assert [width_of(r) for r in CALENDAR.ranges(launch.timestamp())] == list(CountWindow)
    assert [width_of(r) for r in CALENDAR.ranges_for(at("2023-02-01T00:00:00+00:00"), TimePrecision.MONTH)] == [
        CountWindow.MONTH,
        CountWindow.YEAR,
    ]
    assert widths_for(TimePrecision.SECOND) == widths_for(TimePrecision.HOUR) == tuple(CountWindow)
    assert widths_for(TimePrecision.DAY) == (CountWindow.DAY, CountWindow.MONTH, CountWindow.YEAR)
    assert widths_for(TimePrecision.YEAR) == (CountWindow.YEAR,)


def test_a_change_applied_twice_counts_once_and_publishes_the_same_totals() -> None:
    counter = WindowCounter({}, {})
    first = counter.apply(change("evt-1", "2024-10-31T07:10:00+09:00"), NOW)
    again = counter.apply(change("evt-1", "2024-10-31T07:10:00+09:00"), NOW)
    assert (
        totals(first)
        == totals(again)
        == {
            ("hour", "2024-10-30T22:00:00+00:00"): 1,
            ("day", "2024-10-30T00:00:00+00:00"): 1,
            ("month", "2024-10-01T00:00:00+00:00"): 1,
            ("year", "2024-01-01T00:00:00+00:00"): 1,
        }
    )
    counter.apply(change("evt-2", "2024-10-31T09:00:00+09:00"), NOW)
    [year] = [c for c in counter.apply(change("evt-2", "2024-10-31T09:00:00+09:00"), NOW) if c.window == "year"]
    assert year.count == 2
    assert total_key(year) == "reports:ROK/rok-jcs:year:2024-01-01T00:00:00+00:00"
    assert year.window_end == at("2025-01-01T00:00:00+00:00") and year.labels == {"party": "ROK", "source": "rok-jcs"}


def test_a_late_report_updates_its_own_window() -> None:
    counter = WindowCounter({}, {})
    counter.apply(change("evt-2024", "2024-10-31T07:10:00+09:00"), NOW)
    late = counter.apply(change("evt-2017", "2017-11-28T18:18:00+00:00"), NOW)
    assert totals(late)[("year", "2017-01-01T00:00:00+00:00")] == 1
    assert {c.window_start.year for c in late} == {2017}


def test_a_newer_version_moves_the_item_and_an_older_one_changes_nothing() -> None:
    counter = WindowCounter({}, {})
    kw = {"kind": CountKind.INCIDENTS, "key": "ballistic_missile_launch", "labels": {}}
    # Known to the day only (1 November), then to the minute: 31 October 22:10 UTC.
    counter.apply(change("inc-1", "2024-11-01T00:00:00+00:00", 1, TimePrecision.DAY, **kw), NOW)
    moved = counter.apply(change("inc-1", "2024-10-31T22:10:00+00:00", 2, **kw), NOW)
    assert totals(moved) == {
        ("day", "2024-11-01T00:00:00+00:00"): 0,  # the window it left is published too
        ("hour", "2024-10-31T22:00:00+00:00"): 1,
        ("day", "2024-10-31T00:00:00+00:00"): 1,
        ("month", "2024-10-01T00:00:00+00:00"): 1,
        ("month", "2024-11-01T00:00:00+00:00"): 0,
        ("year", "2024-01-01T00:00:00+00:00"): 1,
    }
    assert counter.apply(change("inc-1", "2024-11-01T00:00:00+00:00", 1, TimePrecision.DAY, **kw), NOW) == []
    gone = counter.apply(change("inc-1", None, 3, **kw), NOW)  # merged into another incident
    assert set(totals(gone).values()) == {0} and len(gone) == 6
    assert counter.apply(change("inc-1", "2024-10-31T22:10:00+00:00", 2, **kw), NOW) == []


class CrashAfter(Recovered):
    """A table whose worker dies after `writes` more writes."""

    writes = 10**9

    def __setitem__(self, key: Any, value: Any) -> None:
        if self.writes == 0:
            raise SystemExit("SIGKILL")
        self.writes -= 1
        super().__setitem__(key, value)


@pytest.mark.parametrize("writes", range(8))
def test_a_crash_anywhere_in_a_change_is_mended_by_its_redelivery(writes: int) -> None:
    windows, items = CrashAfter(), CrashAfter()
    counter = WindowCounter(windows, items)
    kw = {"kind": CountKind.INCIDENTS, "key": "ballistic_missile_launch", "labels": {}}
    counter.apply(change("inc-1", "2024-11-01T00:00:00+00:00", 1, TimePrecision.DAY, **kw), NOW)
    counter.apply(change("inc-2", "2024-11-01T03:00:00+00:00", 1, **kw), NOW)
    newer = change("inc-1", "2024-10-31T22:10:00+00:00", 2, **kw)
    windows.writes = items.writes = writes
    with contextlib.suppress(SystemExit):
        counter.apply(newer, NOW)
    windows.writes = items.writes = 10**9
    # Restarted: the tables as their changelogs hold them, and the change delivered again.
    counter = WindowCounter(windows.restored(), items.restored())
    again = totals(counter.apply(newer, NOW))
    assert again[("day", "2024-11-01T00:00:00+00:00")] == 1  # inc-2 only
    assert again[("day", "2024-10-31T00:00:00+00:00")] == 1
    assert again[("month", "2024-11-01T00:00:00+00:00")] == 1
    assert again[("month", "2024-10-01T00:00:00+00:00")] == 1
    assert again[("year", "2024-01-01T00:00:00+00:00")] == 2


#: Changes of three items under two keys: versions, and times among three hours (None: no longer counted).
_CHANGES = st.lists(
    st.tuples(
        st.sampled_from(["inc-1", "inc-2", "inc-3"]),
        st.sampled_from(["ballistic_missile_launch", "satellite_launch"]),
        st.integers(min_value=-3, max_value=3),
        st.sampled_from([None, "2024-10-31T07:10:00+00:00", "2024-10-31T09:10:00+00:00", "2025-01-02T00:00:00+00:00"]),
    ),
    max_size=12,
)


@given(_CHANGES)
def test_a_batch_s_newest_change_of_each_item_counts_as_all_its_changes_do(made: list[tuple]) -> None:
    """What ingest sends of a batch (each item's newest change) leaves every window as the whole batch would."""
    changes = [change(item, when, version, kind=CountKind.INCIDENTS, key=key) for item, key, version, when in made]
    every, newest = WindowCounter({}, {}), WindowCounter({}, {})
    for each in changes:
        every.apply(each, NOW)
    for each in newest_changes(changes):
        newest.apply(each, NOW)
    assert {k: v for k, v in every.windows.items() if v} == {k: v for k, v in newest.windows.items() if v}
    assert len(newest_changes(changes)) == len({(c.key, c.item) for c in changes})


def test_the_counter_works_on_tables_recovered_from_json() -> None:
    windows, items = Recovered(), Recovered()
    WindowCounter(windows, items).apply(change("evt-1", "2024-10-31T07:10:00+09:00"), NOW)
    counter = WindowCounter(windows.restored(), items.restored())
    assert set(totals(counter.apply(change("evt-1", "2024-10-31T07:10:00+09:00"), NOW)).values()) == {1}
    assert set(totals(counter.apply(change("evt-2", "2024-10-31T08:10:00+09:00"), NOW)).values()) == {1, 2}


def test_a_busy_window_s_members_are_spread_over_bounded_records() -> None:
    windows: dict[Any, Any] = {}
    counter = WindowCounter(windows, {})
    for n in range(6_400):
        published = counter.apply(change(f"evt-{n}", "2024-10-31T07:10:00+09:00"), NOW)
    assert totals(published)[("year", "2024-01-01T00:00:00+00:00")] == 6_400
    year = [members for (_, window, _), members in windows.items() if width_of(window) is CountWindow.YEAR]
    assert len(year) == MEMBER_BUCKETS and sum(map(len, year)) == 6_400
    # Each record a sixty-fourth of the window, give or take the hash's spread: never the whole window.
    assert max(map(len, year)) < 2 * 6_400 / MEMBER_BUCKETS
    assert bucket_of("evt-1") == 4_222_118_457 % MEMBER_BUCKETS  # crc32: the same in every process


def test_an_incident_counts_under_its_fused_type_only_and_not_once_merged() -> None:
    ballistic = launch_event("mod-1", "japan-mod", "Japan", incident_id="inc-7")
    assessment = fuse("inc-7", [ballistic], generation=4)
    changes = {c.key: c for c in incident_changes(assessment)}
    assert set(changes) == {EventType.BALLISTIC_MISSILE_LAUNCH.value, EventType.SATELLITE_LAUNCH.value}
    assert changes["ballistic_missile_launch"].at == ballistic.occurred_at
    assert changes["satellite_launch"].at is None
    assert {c.version for c in changes.values()} == {4} and {c.item for c in changes.values()} == {"inc-7"}
    assert change_key(changes["satellite_launch"]) == "incidents:satellite_launch"
    merged = assessment.model_copy(update={"merged_into": "inc-6", "sources": (), "generation": 5})
    assert all(c.at is None for c in incident_changes(merged))
    satellite = {
        c.key: c.at for c in incident_changes(assessment.model_copy(update={"event_type": EventType.SATELLITE_LAUNCH}))
    }
    assert satellite == {"ballistic_missile_launch": None, "satellite_launch": ballistic.occurred_at}
    nuclear = assessment.model_copy(update={"event_type": EventType.NUCLEAR_TEST})
    assert [c.key for c in incident_changes(nuclear)] == ["nuclear_test"]
    undated = assessment.model_copy(update={"occurred_at": None})
    [dated] = [c for c in incident_changes(undated) if c.at is not None]
    assert (dated.at, dated.precision) == (assessment.reported_at, TimePrecision.DAY)


def test_an_alert_counts_once_per_precedence_it_takes_at_its_first_revision_of_it() -> None:
    jcs = launch_event("jcs-1", "rok-jcs", "ROK", "SRBM")
    mod = launch_event("mod-1", "japan-mod", "Japan", "ICBM", reported_at="2024-10-31T07:40:00+09:00")
    kcna = launch_event("kcna-1", "kcna", "DPRK", None, reported_at="2024-11-01T06:00:00+09:00")
    updates = [incident_update(events, matched_at=NOW) for events in ([jcs], [jcs, mod], [jcs, mod, kcna])]
    revisions = []
    for update in updates:
        match = next(m for m in update.matches if m.commitment_id == "unsc-ballistic")
        revisions.append(build_revision(update, match, revisions[-1] if revisions else None, NOW))
    assert [r.precedence for r in revisions] == [Precedence.IMMEDIATE, Precedence.FLASH, Precedence.FLASH]
    counter = WindowCounter({}, {})
    published = [c for r in reversed(revisions) for ch in alert_changes(r) for c in counter.apply(ch, NOW)]
    year = {c.key: c.count for c in published if c.window == CountWindow.YEAR}
    assert year == {"unsc-ballistic/FLASH": 1, "unsc-ballistic/IMMEDIATE": 1}
    # In any order, and again: the same figures.
    for revision in revisions:
        for ch in alert_changes(revision):
            assert {c.count for c in counter.apply(ch, NOW)} <= {1}
    merged = updates[-1].model_copy(
        update={"assessment": updates[-1].assessment.model_copy(update={"merged_into": "inc-0", "generation": 9})}
    )
    cancel = closed(revisions[-1], merged, NOW)
    assert cancel is not None
    assert all(counter.apply(ch, NOW) == [] for ch in alert_changes(cancel))  # a later revision: nothing new


def test_a_report_counts_under_its_party_and_source_at_the_time_it_reports() -> None:
    [row] = report_changes(
        launch_event(
            "cns-118",
            "cns-missile-db",
            "other",
            occurred_at="2017-11-28T00:00:00+00:00",
            reported_at="2017-11-29T00:00:00+00:00",
            occurred_precision="day",
        )
    )
    assert (row.key, row.item, row.at, row.precision) == (
        "other/cns-missile-db",
        "evt-cns-118",
        at("2017-11-28T00:00:00+00:00"),
        TimePrecision.DAY,
    )
    counted = WindowCounter({}, {}).apply(row, NOW)
    assert [c.window for c in counted] == [CountWindow.DAY, CountWindow.MONTH, CountWindow.YEAR]


def test_the_counts_topics_and_changelogs_are_named_in_their_namespace_and_compacted() -> None:
    live, drill = TopicRegistry(prefix="p."), TopicRegistry(prefix="p.", drill=True)
    assert live.count_changes == "p.metrics.count-changes" and drill.metrics_counts == "p.drill.metrics.counts"
    assert live.changelogs() == (
        "p.launchwatch-counts-count-windows-changelog",
        "p.launchwatch-counts-count-items-changelog",
        "p.launchwatch-all-count-windows-changelog",
        "p.launchwatch-all-count-items-changelog",
    )
    assert all(name.startswith("p.drill.launchwatch-") for name in drill.changelogs())
    assert not set(live.provisioned()) & set(drill.provisioned())
    assert set(drill.provisioned()) == {*drill.all(), *drill.changelogs()}
    compacted = {name for name in (*live.provisioned(), *drill.provisioned()) if topic_config(name)}
    assert compacted == {live.metrics_counts, drill.metrics_counts, *live.changelogs(), *drill.changelogs()}
    assert topic_config(live.metrics_counts) == {"cleanup.policy": "compact"}
