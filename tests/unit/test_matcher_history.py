"""The matcher on whole real data sets (../shared/data) and on the hard cases analysts argue about.

Every row of the Japan MoD launch reports, the CNS missile-test database and the USGS nuclear-test list goes
through the adapters and the catalogue; the expected commitments follow from the facts in FACTS.md.
"""

from __future__ import annotations

import csv
import json
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from launchwatch.schemas import Event, EventType, MatchKind, Precedence, StructuredReport
from services.ingest.adapters import read_reports
from services.ingest.normalize import parse_report, to_event
from services.matcher.catalogue import (
    default_catalogue,
    locked_rules,
    rule_fingerprint,
    rule_lock,
    unversioned_changes,
)

CATALOGUE = default_catalogue()
MECHANISM_LIVE = date(2023, 12, 19)
FIRST_RESOLUTION = date(2006, 7, 15)
#: Adoption dates of the DPRK resolutions (FACTS.md, section 1).
ADOPTED = {
    "UNSCR 1695": date(2006, 7, 15),
    "UNSCR 1718": date(2006, 10, 14),
    "UNSCR 1874": date(2009, 6, 12),
    "UNSCR 2087": date(2013, 1, 22),
    "UNSCR 2094": date(2013, 3, 7),
    "UNSCR 2270": date(2016, 3, 2),
    "UNSCR 2321": date(2016, 11, 30),
    "UNSCR 2356": date(2017, 6, 2),
    "UNSCR 2371": date(2017, 8, 5),
    "UNSCR 2375": date(2017, 9, 11),
    "UNSCR 2397": date(2017, 12, 22),
}

#: FACTS.md's lookup table: satellite launches breach 1718 (as the Council read it in 2009), 1874, 2087, 2270
#: and later; 1695 (a demand about ballistic-missile activity) and 2094 (financial measures) are not listed.
NOT_ON_SATELLITE_LAUNCHES = {"UNSCR 1695", "UNSCR 2094"}


def events_of(path: Path) -> list[Event]:
    return [to_event(r) for r in read_reports(path) if isinstance(r, StructuredReport)]


def commitments(event: Event) -> set[str]:
    return {m.commitment_id for m in CATALOGUE.match(event)}


def launch_day(event: Event) -> date:
    assert event.occurred_at is not None
    return event.occurred_at.astimezone(UTC).date()


@pytest.mark.parametrize(
    "relative",
    [
        "japan-mod-launch-reports/launch-reports.jsonl",
        "cns-missile-db-2023/north_korea_missile_test_database.utf8.csv",
    ],
)
def test_every_launch_of_a_data_set_gets_the_commitments_its_date_and_kind_call_for(
    shared_dir: Path, relative: str
) -> None:
    launches = [
        e
        for e in events_of(shared_dir / "data" / relative)
        if e.event_type in (EventType.BALLISTIC_MISSILE_LAUNCH, EventType.SATELLITE_LAUNCH)
    ]
    assert len(launches) > 60
    for event in launches:
        expected = set()
        if launch_day(event) >= FIRST_RESOLUTION:
            expected.add("unsc-ballistic")
        if launch_day(event) >= MECHANISM_LIVE:
            expected.add("rtw-sharing")
        assert commitments(event) == expected, (event.report_id, event.occurred_at)


def test_the_resolutions_named_are_those_in_force_on_the_day(shared_dir: Path) -> None:
    cns = events_of(shared_dir / "data/cns-missile-db-2023/north_korea_missile_test_database.utf8.csv")
    checked = 0
    for event in cns:
        match = next((m for m in CATALOGUE.match(event) if m.commitment_id == "unsc-ballistic"), None)
        if match is None:
            continue
        in_force = {r for r, adopted in ADOPTED.items() if adopted <= launch_day(event)}
        if event.event_type == EventType.SATELLITE_LAUNCH:
            in_force -= NOT_ON_SATELLITE_LAUNCHES
        assert set(match.explanation.resolutions) == in_force, (event.report_id, launch_day(event))
        checked += 1
    assert checked > 150


def test_every_nuclear_test_after_1718_is_a_flash_denuclearization_violation(shared_dir: Path) -> None:
    with open(shared_dir / "data/usgs-dprk-nuclear-tests/usgs_punggye_ri_events.csv", encoding="utf-8") as rows:
        rows_read = list(csv.DictReader(rows))
    tests = [row for row in rows_read if row["usgs_event_type"] == "nuclear explosion"]
    assert len(tests) == 6 and len(rows_read) == 9  # the other three are a collapse and aftershocks
    for row in tests:
        report = {
            "id": f"usgs-{row['usgs_id']}",
            "kind": "event",
            "source": "usgs",
            "published_at": row["time_utc"].replace("Z", "+00:00"),
            "event": {"event_type": "nuclear_test", "occurred_at": row["time_utc"]},
        }
        event = to_event(parse_report(json.dumps(report).encode()))
        if launch_day(event) < ADOPTED["UNSCR 1718"]:
            # 2006-10-09: no resolution prohibited a nuclear test yet (1718 answered this one, five days later).
            assert CATALOGUE.match(event) == ()
            [outcome] = [o for o in CATALOGUE.evaluate(event) if o.rule.id == "denuclearization.nuclear-test"]
            assert "no UNSC resolution" in outcome.explanation(event).text
            continue
        [match] = CATALOGUE.match(event)
        assert match.commitment_id == "denuclearization" and match.kind == MatchKind.VIOLATION
        assert match.precedence == Precedence.FLASH
        assert "UNSCR 1718" in match.explanation.resolutions


def text_event(report_id: str, source: str, published_at: str, body: str) -> Event:
    report = {"id": report_id, "kind": "text", "source": source, "published_at": published_at, "body": body}
    return to_event(parse_report(json.dumps(report).encode()))


def test_a_kcna_claim_and_a_jcs_report_of_one_launch_match_the_same_commitments() -> None:
    # 2024-01-14: the Hwasong-16B hypersonic IRBM, as the ROK JCS and KCNA told it.
    jcs = text_event(
        "jcs-20240114",
        "rok-jcs",
        "2024-01-14T15:10:00+09:00",
        "North Korea fired an intermediate-range ballistic missile from the Pyongyang area into the East Sea "
        "at around 2:55 p.m. today.",
    )
    kcna = text_event(
        "kcna-20240115",
        "kcna",
        "2024-01-15T06:00:00+09:00",
        "The Missile Administration conducted a test-fire of an intermediate-range solid-fuel ballistic missile "
        "loaded with a hypersonic maneuverable controlled warhead on January 14 afternoon.",
    )
    assert commitments(jcs) == commitments(kcna) == {"unsc-ballistic", "rtw-sharing"}


@pytest.mark.parametrize(
    ("body", "event_type", "expected"),
    [
        (
            "The U.S. Treasury said North Korean cyber actors stole about $600 million in virtual currency from "
            "the Ronin Network bridge in a hack attributed to the Lazarus Group.",
            EventType.CYBER_INCIDENT,
            {"illicit-revenue"},
        ),
        (
            "Japan, the Republic of Korea and the United States conducted Freedom Edge, the first multi-domain "
            "trilateral exercise, in the East China Sea.",
            EventType.TRILATERAL_ACTION,
            {"trilateral-exercises"},
        ),
    ],
)
def test_cyber_theft_and_freedom_edge(body: str, event_type: EventType, expected: set[str]) -> None:
    event = text_event("r-1", "us-dod", "2024-06-29T10:00:00+09:00", body)
    assert event.event_type == event_type
    assert commitments(event) == expected
    kinds = {m.kind for m in CATALOGUE.match(event)}
    assert kinds == ({MatchKind.FULFILMENT} if event_type == EventType.TRILATERAL_ACTION else {MatchKind.VIOLATION})


def test_the_explanation_of_a_cruise_missile_says_which_condition_failed() -> None:
    event = Event(
        event_id="e",
        incident_id="i",
        report_id="r",
        source="rok-jcs",
        party="ROK",
        event_type="cruise_missile_launch",
        missile_class="cruise",
        occurred_at=datetime(2024, 1, 24, 7, 0, tzinfo=UTC),
        reported_at=datetime(2024, 1, 24, 7, 30, tzinfo=UTC),
    )
    outcomes = {o.rule.id: o for o in CATALOGUE.evaluate(event)}
    unsc = outcomes["unsc-ballistic.launch"]
    assert not unsc.matched
    assert "event_type" in unsc.explanation(event).text


# ------------------------------------------------------------------ rule versions


def test_every_rule_is_locked_at_its_version() -> None:
    current, locked = rule_lock(CATALOGUE), locked_rules()
    problems = unversioned_changes(current, locked)
    assert not problems, "\n".join(problems)
    assert current == locked, "rules changed with a version bump: run `launchwatch commitments lock` and commit"


def test_a_rule_change_without_a_version_bump_is_caught() -> None:
    rule = CATALOGUE.get("unsc-ballistic").rules[0]
    changed = rule.model_copy(update={"precedence": Precedence.ROUTINE})
    assert rule_fingerprint(changed) != rule_fingerprint(rule)
    current = {rule.id: {"version": rule.version, "sha256": rule_fingerprint(changed)}}
    assert unversioned_changes(current, locked_rules()) == [
        f"rule {rule.id} changed but is still version {rule.version}: bump its version in commitments.toml"
    ]
    bumped = {rule.id: {"version": rule.version + 1, "sha256": rule_fingerprint(changed)}}
    assert unversioned_changes(bumped, locked_rules()) == []
