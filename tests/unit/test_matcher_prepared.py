"""The prepared matcher gives what the full evaluation gives: `match` takes short cuts, never other results."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from launchwatch.catalogue_schema import Resolution
from launchwatch.schemas import EezRelation, Event, EventType, Location, Match, MissileClass, Party
from services.matcher.catalogue import Catalogue, default_catalogue, parse_catalogue
from services.matcher.rules import ResolutionIndex, compare, field_value, value_test

CATALOGUE = default_catalogue()

TIMES = [
    None,
    datetime(1998, 8, 31, 3, 7, tzinfo=UTC),
    datetime(2006, 7, 14, 23, 30, tzinfo=timezone(timedelta(hours=-5))),  # 2006-07-15 in UTC
    datetime(2006, 7, 15, 0, 30, tzinfo=timezone(timedelta(hours=9))),  # 2006-07-14 in UTC
    datetime(2017, 9, 3, 3, 30, tzinfo=UTC),
    datetime(2023, 12, 18, 23, 59, tzinfo=UTC),
    datetime(2023, 12, 19, 8, 0, tzinfo=timezone(timedelta(hours=9))),
    datetime(2024, 11, 15, 12, 0, tzinfo=UTC),
]
LOCATIONS = [None, Location(overflew_japan=True), Location(eez=EezRelation.INSIDE), Location(eez=EezRelation.OUTSIDE)]


def event_grid() -> list[Event]:
    made = []
    for n, (event_type, missile_class, occurred, location, tags, counterparty) in enumerate(
        itertools.product(
            EventType,
            [None, MissileClass.SRBM, MissileClass.ICBM, MissileClass.CRUISE],
            TIMES,
            LOCATIONS,
            [(), ("exercise",), ("missile-warning-sharing",)],
            [None, "Russia"],
        )
    ):
        reported = (occurred or datetime(2024, 3, 1, tzinfo=UTC)) + timedelta(minutes=10)
        made.append(
            Event(
                event_id=f"evt-{n}",
                incident_id=f"inc-{n}",
                report_id=f"r-{n}",
                source="japan-mod",
                party=Party.JAPAN,
                event_type=event_type,
                missile_class=missile_class,
                occurred_at=occurred,
                reported_at=reported,
                location=location,
                tags=tags,
                counterparty=counterparty,
            )
        )
    return made


EVENTS = event_grid()


def matches_by_evaluation(catalogue: Catalogue, event: Event) -> tuple[Match, ...]:
    """What `match` means: each commitment's first matched outcome of the full evaluation."""
    matches: dict[str, Match] = {}
    for outcome in catalogue.evaluate(event):
        if outcome.matched and outcome.commitment.id not in matches:
            matches[outcome.commitment.id] = outcome.to_match(event)
    return tuple(matches.values())


def test_match_is_the_full_evaluation_of_every_rule() -> None:
    for event in EVENTS:
        expected = matches_by_evaluation(CATALOGUE, event)
        got = CATALOGUE.match(event)
        assert got == expected
        assert [m.model_dump() for m in got] == [m.model_dump() for m in expected]


def test_a_commitment_with_two_rules_takes_its_first_match() -> None:
    catalogue = parse_catalogue(
        {
            "statements": {"s": {"file": "f.txt", "title": "S", "date": date(2024, 1, 1)}},
            "commitments": [
                {
                    "id": "c",
                    "title": "Two rules",
                    "category": "test",
                    "statements": ["s"],
                    "quote": "a quote of ten characters or more",
                    "effective_from": date(2024, 1, 1),
                    "rules": [
                        {
                            "id": f"c.{name}",
                            "version": 1,
                            "kind": "violation",
                            "description": name,
                            "precedence": "ROUTINE",
                            "when": [{"field": "count", "op": "gte", "value": minimum}],
                        }
                        for name, minimum in (("many", 3), ("some", 1))
                    ],
                }
            ],
        }
    )
    for event in EVENTS[:50]:
        for count in (None, 0, 1, 5):
            counted = event.model_copy(update={"count": count})
            assert catalogue.match(counted) == matches_by_evaluation(catalogue, counted)
    [match] = catalogue.match(EVENTS[0].model_copy(update={"count": 5}))
    assert match.rule_id == "c.many"


@pytest.mark.parametrize(
    "op, expected, actuals",
    [
        ("in", ["a", "b"], ["a", "c", None]),
        ("eq", True, [True, False, None, 1]),
        ("ne", "cruise", ["cruise", "SRBM", None]),
        ("gte", 3, [None, 2, 3, 4.5]),
        ("exists", None, [None, 0, ""]),
        ("missing", None, [None, 0, ""]),
        ("on_or_after", date(2023, 12, 19), [None, datetime(2023, 12, 18, 23, 0, tzinfo=UTC), date(2023, 12, 19)]),
        ("before", "2023-12-19", [None, date(2023, 12, 18), "2023-12-19"]),
        ("intersects", ["exercise", "x"], [None, (), ("exercise",), ("y",), "x"]),
        ("intersects", "ab", [None, ("a",), ("c",)]),
    ],
)
def test_prepared_tests_agree_with_the_operators(op: str, expected: object, actuals: list[object]) -> None:
    test = value_test(op, expected)
    for actual in actuals:
        assert test(actual) == compare(op, actual, expected), (op, expected, actual)


def test_a_bound_that_is_no_date_still_fails_event_by_event() -> None:
    test = value_test("on_or_after", 7)
    assert test(None) is False
    with pytest.raises(TypeError):
        test(date(2024, 1, 1))


def test_resolution_lookup_is_the_plain_filter() -> None:
    resolutions = (
        *CATALOGUE.resolutions,
        # Out of date order, and a second one on an adoption day already listed.
        Resolution(id="R-late", adopted=date(2020, 1, 1), covers=(EventType.NUCLEAR_TEST,), summary="x"),
        Resolution(id="R-same-day", adopted=date(2009, 6, 12), covers=(EventType.NUCLEAR_TEST,), summary="x"),
    )
    index = ResolutionIndex(resolutions)
    days = {r.adopted + timedelta(days=d) for r in resolutions for d in (-1, 0, 1)} | {date(1990, 1, 1)}
    for event_type, day in itertools.product(EventType, sorted(days)):
        event = EVENTS[0].model_copy(
            update={"event_type": event_type, "occurred_at": datetime(day.year, day.month, day.day, tzinfo=UTC)}
        )
        expected = tuple(r.id for r in resolutions if r.adopted <= day and event_type in r.covers)
        assert index.in_force(event) == expected


def test_field_values_are_plain() -> None:
    event = EVENTS[-1].model_copy(update={"location": Location(eez=EezRelation.INSIDE)})
    assert field_value(event, "event_type") == event.event_type.value
    assert type(field_value(event, "event_type")) is str
    assert field_value(event, "location.eez") == "inside" and type(field_value(event, "location.eez")) is str
    assert field_value(event.model_copy(update={"location": None}), "location.eez") is None
    assert field_value(event, "when") == event.occurred_at
