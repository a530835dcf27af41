"""The matcher on real historical events (dates, systems and figures from ../shared/data and public record)."""

from __future__ import annotations

from datetime import datetime

import pytest

from launchwatch.schemas import Event, EventType, Location, MatchKind, Precedence, StructuredReport
from services.ingest.normalize import to_event
from services.matcher.catalogue import default_catalogue


def event(event_type: str, when: str, **fields: object) -> Event:
    occurred = datetime.fromisoformat(when)
    return Event(
        event_id="evt-test",
        incident_id="inc-test",
        report_id="r-1",
        source=str(fields.pop("source", "japan-mod")),
        party=str(fields.pop("party", "Japan")),
        event_type=EventType(event_type),
        occurred_at=occurred,
        reported_at=occurred,
        **fields,
    )


def matched(e: Event) -> dict[str, object]:
    return {m.commitment_id: m for m in default_catalogue().match(e)}


def test_hwasong_18_after_the_mechanism_matches_both_launch_commitments() -> None:
    # 2024-10-31 launch (Japan MoD: 07:10 JST, over 7,000 km apogee) -- after 2023-12-19.
    m = matched(event("ballistic_missile_launch", "2024-10-31T07:10:00+09:00", missile_class="ICBM"))
    assert set(m) == {"rtw-sharing", "unsc-ballistic"}
    unsc = m["unsc-ballistic"]
    assert unsc.kind == MatchKind.VIOLATION and unsc.precedence == Precedence.FLASH
    assert unsc.explanation.resolutions[:3] == ("UNSCR 1695", "UNSCR 1718", "UNSCR 1874")
    assert {c.field for c in unsc.explanation.conditions} == {"event_type", "missile_class"}
    assert "ICBM" in unsc.explanation.precedence_reason


def test_launch_before_the_mechanism_is_not_matched_to_rtw_sharing() -> None:
    # 2023-12-18 Hwasong-18, one day before the mechanism was fully activated.
    m = matched(event("ballistic_missile_launch", "2023-12-18T08:24:00+09:00", missile_class="ICBM"))
    assert set(m) == {"unsc-ballistic"}


def test_satellite_launch_violates_unsc_resolutions() -> None:
    # 2023-11-21 Chollima-1 / Malligyong-1 from Sohae.
    m = matched(event("satellite_launch", "2023-11-21T22:42:00+09:00", missile_class="SLV", system="Chollima-1"))
    assert set(m) == {"unsc-ballistic"}
    assert "UNSCR 1874" in m["unsc-ballistic"].explanation.resolutions


def test_cruise_missiles_are_not_covered() -> None:
    m = matched(event("cruise_missile_launch", "2024-01-24T07:00:00+09:00", missile_class="cruise", count=3))
    assert m == {}
    m = matched(event("ballistic_missile_launch", "2024-01-24T07:00:00+09:00", missile_class="cruise"))
    assert m == {}


def test_launch_before_the_first_resolution_matches_nothing() -> None:
    # 1998-08-31 Taepodong-1 over Japan: no UNSC resolution was in force before 2006-07-15.
    e = event("ballistic_missile_launch", "1998-08-31T12:07:00+09:00", location=Location(overflew_japan=True))
    assert matched(e) == {}
    outcomes = [o for o in default_catalogue().evaluate(e) if o.rule.id == "unsc-ballistic.launch"]
    assert "no UNSC resolution" in outcomes[0].explanation(e).text


def test_first_resolution_day_counts() -> None:
    m = matched(event("ballistic_missile_launch", "2006-07-15T12:00:00+00:00"))
    assert m["unsc-ballistic"].explanation.resolutions == ("UNSCR 1695",)


@pytest.mark.parametrize("event_type", ["artillery_fire", "other"])
def test_artillery_and_balloons_match_nothing(event_type: str) -> None:
    assert matched(event(event_type, "2024-01-05T09:00:00+09:00")) == {}


def test_overflight_of_japan_is_flash() -> None:
    # 2022-10-04 Hwasong-12 over Tohoku.
    e = event("ballistic_missile_launch", "2022-10-04T07:22:00+09:00", location=Location(overflew_japan=True))
    assert matched(e)["unsc-ballistic"].precedence == Precedence.FLASH
    plain = event("ballistic_missile_launch", "2022-10-04T07:22:00+09:00", missile_class="SRBM")
    assert matched(plain)["unsc-ballistic"].precedence == Precedence.IMMEDIATE


def test_nuclear_test_is_flash_denuclearization() -> None:
    m = matched(event("nuclear_test", "2017-09-03T12:30:00+09:00"))
    assert m["denuclearization"].precedence == Precedence.FLASH
    assert "UNSCR 2375" not in m["denuclearization"].explanation.resolutions  # adopted 2017-09-11, after


def test_trilateral_activation_is_a_fulfilment_of_the_three_together() -> None:
    e = event(
        "trilateral_action",
        "2023-12-19T10:00:00+09:00",
        tags=("missile-warning-sharing",),
        party="US",
        actor="Japan-ROK-US",
    )
    m = matched(e)
    assert set(m) == {"rtw-sharing"} and m["rtw-sharing"].kind == MatchKind.FULFILMENT
    assert "actor='Japan-ROK-US'" in m["rtw-sharing"].explanation.text
    # The US alone, or no one named, fulfils nothing trilateral.
    for actor in ("US", None):
        assert matched(e.model_copy(update={"actor": actor})) == {}
    drill = event("trilateral_action", "2024-06-27T10:00:00+09:00", tags=("exercise",), actor="Japan-ROK-US")
    assert set(matched(drill)) == {"trilateral-exercises"}
    assert matched(drill.model_copy(update={"actor": "ROK"})) == {}


def test_dprk_russia_needs_the_two_as_parties_and_cites_the_arms_embargo() -> None:
    troops = matched(event("troop_deployment", "2024-10-18T10:00:00+09:00", counterparty="Russia", actor="DPRK"))
    assert set(troops) == {"dprk-russia"}
    assert "actor='DPRK' (in" in troops["dprk-russia"].explanation.text
    assert matched(event("arms_transfer", "2024-01-04T10:00:00+09:00", counterparty="Syria", actor="DPRK")) == {}
    # Either way between the two; a third state supplying Russia is not the DPRK's cooperation.
    to_dprk = matched(event("arms_transfer", "2025-05-29T10:00:00+09:00", counterparty="DPRK", actor="Russia"))
    assert set(to_dprk) == {"dprk-russia"} and "UNSCR 1718" in to_dprk["dprk-russia"].explanation.resolutions
    assert matched(event("arms_transfer", "2024-01-04T10:00:00+09:00", counterparty="Russia", actor="Iran")) == {}


def test_illicit_revenue_needs_dprk_attribution() -> None:
    theft = event("cyber_incident", "2025-02-21T10:00:00+09:00", actor="DPRK")
    assert set(matched(theft)) == {"illicit-revenue"}
    for actor in ("Russia", None):
        assert matched(theft.model_copy(update={"actor": actor})) == {}


def test_every_match_carries_its_commitment_and_rule_version() -> None:
    for m in default_catalogue().match(event("satellite_launch", "2024-05-27T22:44:00+09:00")):
        assert m.commitment.id == m.commitment_id and m.rule_version >= 1
        assert m.explanation.rule_id == m.rule_id and m.explanation.text


def test_a_structured_report_names_the_party_its_type_implies_unless_it_names_one() -> None:
    def structured(**facts: object) -> Event:
        return to_event(
            StructuredReport.model_validate(
                {"id": "s-1", "kind": "event", "source": "us-dod", "published_at": "2024-06-29T10:00:00+09:00",
                 "event": facts}
            )
        )  # fmt: skip

    assert structured(event_type="trilateral_action", tags=["exercise"]).actor == "Japan-ROK-US"
    assert structured(event_type="arms_transfer", counterparty="DPRK").actor == "Russia"
    assert structured(event_type="arms_transfer", counterparty="Russia").actor == "DPRK"
    assert structured(event_type="cyber_incident").actor == "DPRK"
    named = structured(event_type="cyber_incident", actor="Russia")
    assert named.actor == "Russia" and matched(named) == {}
