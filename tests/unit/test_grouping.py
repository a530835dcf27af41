"""Incident grouping and fusion: the same reports always make the same incidents and the same assessments,
whatever order and batches they arrive in (pure, and through the store as ingest runs it)."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from launchwatch.schemas import Event, Location, TextReport, TimePrecision
from launchwatch.storage import Store
from services.alerts.build import headline
from services.ingest.fusion import fuse
from services.ingest.incidents import group
from services.ingest.normalize import to_event
from services.ingest.regroup import prefetch, reassess, regroup
from services.matcher.catalogue import default_catalogue
from tests.factories import launch_event

WINDOW = timedelta(hours=1)
DAY = datetime.fromisoformat("2024-10-31T00:00:00+09:00")
PROPERTY = settings(max_examples=60, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])


def jcs(n: int, at: str, reported: str, **fields: Any) -> Event:
    return launch_event(f"jcs-{n}", "rok-jcs", "ROK", None, occurred_at=at, reported_at=reported, **fields)


def mod(n: int, at: str, reported: str, **fields: Any) -> Event:
    return launch_event(f"mod-{n}", "japan-mod", "Japan", "ICBM", occurred_at=at, reported_at=reported, **fields)


def kcna(n: int, day: str, reported: str, **fields: Any) -> Event:
    """KCNA's account the morning after: the date only."""
    return launch_event(
        f"kcna-{n}", "kcna", "DPRK", fields.pop("missile_class", "ICBM"), occurred_at=day, reported_at=reported,
        occurred_precision=TimePrecision.DAY, **fields,
    )  # fmt: skip


def partition(groups: list) -> set[frozenset[str]]:
    return {g.event_ids for g in groups}


THE_ICBM = [
    jcs(1, "2024-10-31T07:10:00+09:00", "2024-10-31T07:25:00+09:00"),
    mod(1, "2024-10-31T07:11:00+09:00", "2024-10-31T09:00:00+09:00", flight_time_min=86.0),
    kcna(1, "2024-10-31T00:00:00+09:00", "2024-11-01T06:00:00+09:00", system="Hwasong-19", apogee_km=7687.5),
]


def test_the_icbm_of_2024_10_31_is_one_incident_with_one_fused_picture() -> None:
    [one] = group(THE_ICBM, WINDOW)
    fused = fuse("inc", one.members, generation=3)
    assert (fused.occurred_at, fused.occurred_until) == (
        datetime.fromisoformat("2024-10-31T07:10:00+09:00"),
        datetime.fromisoformat("2024-10-31T07:11:00+09:00"),
    )
    assert fused.occurred_precision == TimePrecision.MINUTE and fused.missile_class == "ICBM"
    assert [s.source for s in fused.sources] == ["rok-jcs", "japan-mod", "kcna"]
    # Officials' figures over claims: KCNA's name and apogee are claims, the Ministry's flight time a fact.
    assert fused.system is None and fused.apogee_km is None and fused.flight_time_min == 86.0
    assert {(c.field, c.value) for c in fused.claims} >= {("system", "Hwasong-19"), ("apogee_km", "7687.5")}
    by_field = {p.field: p for p in fused.provenance}
    assert by_field["occurred_at"].report_id == "jcs-1" and by_field["missile_class"].report_id == "mod-1"
    assert by_field["occurred_until"].report_id == "mod-1" and "precise" in by_field["occurred_at"].reason
    # Latency of each party from the fused launch time.
    assert [s.latency_s for s in fused.sources] == [15 * 60, 110 * 60, (22 * 60 + 50) * 60]
    text = headline(fused)
    assert "at 2024-10-31 07:10-07:11 +0900" in text and "00:00" not in text and "Hwasong-19" in text
    matches = {m.commitment_id: m for m in default_catalogue().match(fused)}
    assert matches["unsc-ballistic"].precedence == "FLASH"
    assert "ICBM/IRBM-class" in matches["unsc-ballistic"].explanation.text


def test_a_date_only_account_joins_the_launch_its_facts_point_to_not_both() -> None:
    """Two launches on one day, 07:10 (an SRBM) and 16:30 (an ICBM); KCNA's date-only ICBM account joins the
    16:30 launch, and the reason is written down."""
    morning = [
        launch_event("jcs-a", "rok-jcs", "ROK", "SRBM", occurred_at="2024-10-31T07:10:00+09:00"),
        launch_event(
            "mod-a", "japan-mod", "Japan", "SRBM", occurred_at="2024-10-31T07:11:00+09:00",
            reported_at="2024-10-31T07:40:00+09:00",
        ),
    ]  # fmt: skip
    afternoon = [
        launch_event(
            "jcs-b", "rok-jcs", "ROK", "ICBM", occurred_at="2024-10-31T16:30:00+09:00",
            reported_at="2024-10-31T16:45:00+09:00",
        )
    ]  # fmt: skip
    account = kcna(9, "2024-10-31T00:00:00+09:00", "2024-11-01T06:00:00+09:00")
    groups = group([*morning, account, *afternoon], WINDOW)
    assert partition(groups) == {
        frozenset(e.event_id for e in morning),
        frozenset({afternoon[0].event_id, account.event_id}),
    }
    [note] = next(g for g in groups if account.event_id in g.event_ids).notes
    assert "kcna" in note and "16:30" in note and "07:10" in note and "same class ICBM" in note
    # Without a class, the nearest in time is no help (both that day): the later launch, said so.
    plain = account.model_copy(update={"missile_class": None})
    [note] = next(g for g in group([*morning, plain, *afternoon], WINDOW) if plain.event_id in g.event_ids).notes
    assert "16:30" in note and "latest" in note


def test_reports_timed_apart_are_two_launches_and_a_report_between_ties_them() -> None:
    early = jcs(1, "2024-10-31T07:00:00+09:00", "2024-10-31T07:20:00+09:00")
    late = jcs(2, "2024-10-31T08:40:00+09:00", "2024-10-31T09:00:00+09:00")
    assert len(group([early, late], WINDOW)) == 2
    bridge = mod(3, "2024-10-31T07:50:00+09:00", "2024-10-31T10:00:00+09:00")
    assert partition(group([early, late, bridge], WINDOW)) == {
        frozenset({early.event_id, late.event_id, bridge.event_id})
    }


# --------------------------------------------------------------------------- properties


@st.composite
def launches(draw: st.DrawFn) -> list[Event]:
    """Reports of one to three launches over two days, each told by some of JCS, MoD, the US (to the hour),
    KCNA (the date) and the press (no time)."""
    events: list[Event] = []
    count = draw(st.integers(1, 3))
    starts = draw(st.lists(st.integers(0, 2 * 24 * 60 - 1), min_size=count, max_size=count, unique=True))
    for n, minute in enumerate(starts):
        at = DAY + timedelta(minutes=minute)
        cls = draw(st.sampled_from(["SRBM", "IRBM", "ICBM"]))
        tellers = draw(st.sets(st.sampled_from(["jcs", "mod", "us", "kcna", "press"]), min_size=1))
        offset = timedelta(minutes=draw(st.integers(0, 2)))
        if "jcs" in tellers:
            events.append(
                launch_event(f"jcs-{n}", "rok-jcs", "ROK", None, occurred_at=(at + offset).isoformat(),
                             reported_at=(at + timedelta(minutes=15)).isoformat())
            )  # fmt: skip
        if "mod" in tellers:
            events.append(
                launch_event(f"mod-{n}", "japan-mod", "Japan", cls, occurred_at=(at + timedelta(minutes=1)).isoformat(),
                             reported_at=(at + timedelta(minutes=40)).isoformat(), count=draw(st.integers(1, 3)))
            )  # fmt: skip
        if "us" in tellers:
            hour = at.replace(minute=0)
            events.append(
                launch_event(f"us-{n}", "us-indopacom", "US", cls, occurred_at=hour.isoformat(),
                             reported_at=(at + timedelta(hours=2)).isoformat(), occurred_precision=TimePrecision.HOUR)
            )  # fmt: skip
        if "kcna" in tellers:
            day = at.replace(hour=0, minute=0)
            events.append(
                launch_event(f"kcna-{n}", "kcna", "DPRK", cls, occurred_at=day.isoformat(),
                             reported_at=(day + timedelta(days=1, hours=6)).isoformat(),
                             occurred_precision=TimePrecision.DAY, location=Location(site="Sohae") if n else None)
            )  # fmt: skip
        if "press" in tellers:
            events.append(
                launch_event(f"press-{n}", "yonhap", "other", None, occurred_at=None,
                             reported_at=(at + timedelta(hours=3)).isoformat())
            )  # fmt: skip
    return events


def comparable(assessment: Any) -> dict[str, Any]:
    """An assessment without what depends on the history of its incident (its id, generation and notes)."""
    return assessment.model_dump(exclude={"incident_id", "generation", "notes"})


@PROPERTY
@given(events=launches(), data=st.data())
def test_any_order_gives_the_same_incidents_and_assessments(events: list[Event], data: st.DataObject) -> None:
    expected = group(events, WINDOW)
    shuffled = data.draw(st.permutations(events))
    again = group(shuffled, WINDOW)
    assert partition(again) == partition(expected)
    fused = {g.event_ids: comparable(fuse("i", g.members, generation=1)) for g in expected}
    assert {g.event_ids: comparable(fuse("i", g.members, generation=1)) for g in again} == fused


@PROPERTY
@given(events=launches(), data=st.data())
def test_the_store_regroups_to_the_same_incidents_in_any_order_and_batches(
    events: list[Event], data: st.DataObject
) -> None:
    """Reports arriving one by one or in batches, in any order, end in the incidents `group` gives for them all,
    each with the assessment fused from all its reports: merges and moves included; a batch's reads made at once
    (as ingest does) or report by report."""
    order = data.draw(st.permutations(events))
    cuts = sorted(data.draw(st.sets(st.integers(1, max(1, len(order) - 1)), max_size=3)))
    batches = [order[a:b] for a, b in zip([0, *cuts], [*cuts, len(order)], strict=True) if order[a:b]]
    store = Store("sqlite://")
    try:
        for batch in batches:
            with store.transaction():
                if data.draw(st.booleans(), label="read at once"):
                    prefetch(store, batch, False, WINDOW)
                for event in batch:
                    regroup(store, event, WINDOW)
        by_incident: dict[str, set[str]] = defaultdict(set)
        finals = {}
        for event in events:
            stored = store.stored_event(event.event_id, False)
            assert stored is not None
            by_incident[stored.incident_id].add(event.event_id)
            finals[stored.incident_id] = stored
        expected = group(events, WINDOW)
        assert {frozenset(ids) for ids in by_incident.values()} == partition(expected)
        want = {g.event_ids: comparable(fuse("i", g.members, generation=1)) for g in expected}
        for incident_id, ids in by_incident.items():
            [assessment] = reassess(store, finals[incident_id]).assessments
            assert comparable(assessment) == want[frozenset(ids)]
    finally:
        store.close()


def test_each_party_s_reporting_latency_is_measured_once_from_the_fused_launch_time() -> None:
    """KCNA's date-only account first: nothing to measure from yet; the ROK's timed report then gives the
    launch time, and both parties are measured from it, once each, however many reports follow."""
    store = Store("sqlite://")
    try:
        measured = []
        for event in (THE_ICBM[2], THE_ICBM[0], THE_ICBM[1], THE_ICBM[0].model_copy(update={"event_id": "evt-jcs-1b"})):
            with store.transaction():
                measured.append(regroup(store, event, WINDOW).latencies)
        assert measured == [
            [],
            [("ROK", 15 * 60), ("DPRK", (22 * 60 + 50) * 60)],
            [("Japan", 110 * 60)],
            [],
        ]
    finally:
        store.close()


def test_a_stated_range_of_times_is_a_span_from_the_text_to_the_fused_picture() -> None:
    event = to_event(
        TextReport(
            id="r-range",
            source="press-ap",
            published_at="2019-05-04T11:30:00+09:00",
            body="North Korea fired several missiles between 9:06 a.m. and 9:27 a.m. local time today, Seoul said.",
        )
    )
    assert (event.occurred_at, event.occurred_until) == (
        datetime.fromisoformat("2019-05-04T09:06:00+09:00"),
        datetime.fromisoformat("2019-05-04T09:27:00+09:00"),
    )
    official = jcs(9, "2019-05-04T09:06:00+09:00", "2019-05-04T09:40:00+09:00")
    fused = fuse("inc", [official, event.model_copy(update={"party": official.party})], generation=1)
    assert (fused.occurred_at, fused.occurred_until) == (event.occurred_at, event.occurred_until)
