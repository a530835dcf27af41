"""Reading a press report: the story's own event, whose act it is, when, and how sure the reading is."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest

from launchwatch.schemas import EventType, Party, Precedence, TextReport
from launchwatch.scoring import read_fields
from services.ingest.extract import explain_reading, extract
from services.ingest.fusion import fuse
from services.ingest.normalize import to_event
from services.matcher.catalogue import default_catalogue


def press(body: str, published: str = "2024-10-31T09:00:00+09:00", title: str = "", source: str = "press-ap"):
    return TextReport(
        id=f"r-{abs(hash((body, source)))}", source=source, published_at=published, title=title, body=body
    )


def test_background_paragraphs_never_set_the_launch_class_count_or_time() -> None:
    report = press(
        "North Korea fired two short-range ballistic missiles at 6:53 a.m. on Thursday, South Korea's military said."
        "\n\nIn July it launched a Hwasong-18 intercontinental ballistic missile at 10:59 a.m. that flew 1,001 km."
    )
    event = to_event(report)
    assert (event.event_type, event.missile_class, event.count) == ("ballistic_missile_launch", "SRBM", 2)
    assert event.occurred_at == datetime.fromisoformat("2024-10-31T06:53:00+09:00")
    assert event.range_km is None and event.actor == "DPRK"


def test_another_states_test_and_imagery_raise_nothing() -> None:
    catalogue = default_catalogue()
    for body in (
        "China test-fired an intercontinental ballistic missile into the Pacific Ocean on Wednesday, its defence "
        "ministry said.",
        "Satellite imagery shows new work at the Sohae launch site, where North Korea launched a satellite.",
        "North Korea plans to launch a reconnaissance satellite between May 31 and June 11, Japan's coast guard said.",
    ):
        event = to_event(press(body))
        assert event.event_type == EventType.OTHER, body
        assert catalogue.match(event) == (), body


def test_reported_speech_names_the_reporter_not_the_actor() -> None:
    event = to_event(press("Japan's defence ministry said Pyongyang fired a ballistic missile at 7:11 a.m. today."))
    assert event.actor == "DPRK" and event.event_type == EventType.BALLISTIC_MISSILE_LAUNCH


def test_a_zone_stated_in_the_text_wins_over_the_publishers() -> None:
    event = to_event(
        press(
            "North Korea fired an ICBM at 7:10 a.m. Seoul time on Thursday, the Joint Chiefs of Staff said.",
            published="2024-10-30T20:30:00-04:00",
        )
    )
    assert event.occurred_at == datetime.fromisoformat("2024-10-31T07:10:00+09:00")


def test_weak_evidence_holds_a_press_flash_at_priority_until_an_official_or_second_source() -> None:
    catalogue = default_catalogue()
    # No actor named: the reading is unconfirmed; an ICBM would be FLASH.
    weak = to_event(press("An intercontinental ballistic missile was fired toward the East Sea at 7:10 a.m. today."))
    assert weak.unconfirmed == "no actor named"
    assert {m.precedence for m in catalogue.match(weak)} == {Precedence.PRIORITY}
    assert "unconfirmed" in catalogue.match(weak)[0].explanation.text
    # The same words from an official source are its own confirmation.
    official = to_event(
        press(
            weak.summary or "An intercontinental ballistic missile was fired toward the East Sea at 7:10 a.m. today.",
            source="japan-mod",
        )
    )
    assert official.party == Party.JAPAN and official.unconfirmed is None
    assert Precedence.FLASH in {m.precedence for m in catalogue.match(official)}
    # A second press source confirms the incident.
    second = to_event(press("North Korea fired an ICBM at 7:10 a.m. today.", source="press-reuters"))
    one = fuse("inc", [weak], generation=1)
    two = fuse("inc", [weak, second], generation=2)
    assert one.unconfirmed == "no actor named" and two.unconfirmed is None
    assert Precedence.FLASH in {m.precedence for m in catalogue.match(two)}


def test_explain_names_the_deciding_clause_and_the_candidates_passed_over() -> None:
    found = extract(
        press(
            "Satellite imagery shows a satellite rocket being readied at Sohae. North Korea fired a ballistic "
            "missile on Thursday.",
            title="North Korea's parade displayed new ICBMs",
        )
    )
    reading = explain_reading(found)
    assert reading["event"].startswith("ballistic_missile_launch in lede sentence")
    assert any("parade frame" in why for why in reading["passed_over"])
    assert any("imagery frame" in why for why in reading["passed_over"])
    assert reading["fields"]["event_type"].startswith("lede sentence")
    # A title that frames the story as an analysis or a review: no new act, and the explanation says why.
    review = explain_reading(
        extract(press("North Korea fired a ballistic missile on Thursday.", title="Analysis: is a nuclear test near?"))
    )
    assert review["event"].startswith("other") and "told as analysis" in review["passed_over"][0]


def test_official_statements_of_launches_transfers_troops_and_thefts_keep_their_types() -> None:
    """Ways officials tell new incidents (the bundled sample feed's): each would be misread without its rule."""
    cases = {
        # "the first test-fire": a weak cue, not background, in a sentence that tells the act.
        "The first test-fire of the new-type ICBM Hwasong-18, a solid-fuel missile, was conducted on April 13 "
        "under the guidance of Kim Jong Un.": ("ballistic_missile_launch", "2023-04-14T06:00:00+09:00"),
        # A condemnation of the launch today: the council named after it does not make it a UN story.
        "The United States strongly condemns the DPRK's launch of a space launch vehicle today, which used "
        "ballistic missile technology in violation of UN Security Council resolutions.": (
            "satellite_launch",
            "2023-11-21T23:00:00+09:00",
        ),
        # "decided to send": the decision is the deployment.
        "The intelligence service said North Korea has decided to send about 12,000 troops to Russia.": (
            "troop_deployment",
            "2024-10-18T12:00:00+09:00",
        ),
        # Sent "to eastern Russia".
        "The United States assesses that the DPRK has sent about 10,000 soldiers to eastern Russia.": (
            "troop_deployment",
            "2024-10-30T12:00:00+09:00",
        ),
        # A theft disclosed five days later, attributed in an announcement: the date is the incident's.
        "The FBI is releasing this announcement to attribute the theft of $1.5 billion in virtual assets from "
        "Bybit on or about February 21, 2025, to North Korea.": ("cyber_incident", "2025-02-26T12:00:00+09:00"),
        # The agent after the words: "the launch by North Korea".
        "U.S. Indo-Pacific Command is aware of the ballistic missile launch by North Korea at 2:55 p.m. local "
        "time today.": ("ballistic_missile_launch", "2024-01-14T16:10:00+09:00"),
    }
    for body, (event_type, published) in cases.items():
        event = to_event(press(body, published=published, source="us-state"))
        assert (event.event_type, event.actor) == (event_type, "DPRK"), body
    theft = to_event(press(list(cases)[4], published="2025-02-26T12:00:00+09:00", source="us-fbi"))
    assert theft.occurred_at is not None and theft.occurred_at.date().isoformat() == "2025-02-21"


def test_missiles_supplied_by_the_dprk_are_a_transfer_not_a_launch() -> None:
    event = to_event(
        press(
            "North Korea has provided Russia with ballistic missile launchers and several ballistic missiles.",
            title="White House: Russia used DPRK-supplied ballistic missiles against Ukraine",
            published="2024-01-04T12:00:00+09:00",
        )
    )
    assert event.event_type == EventType.ARMS_TRANSFER and event.counterparty == "Russia"


def test_a_missile_that_came_down_is_todays() -> None:
    landed = to_event(
        press(
            "An intercontinental ballistic missile fired by North Korea on Saturday evening came down inside "
            "Japan's exclusive economic zone, the Defense Ministry said.",
            published="2023-02-19T09:00:00+09:00",
        )
    )
    assert landed.event_type == "ballistic_missile_launch" and landed.location and landed.location.eez == "inside"


def test_a_parade_of_missiles_is_no_launch_in_any_language() -> None:
    for body in (
        "North Korea paraded a dozen Hwasong-17 intercontinental ballistic missiles through Pyongyang on "
        "Wednesday night.",
        "北朝鮮の朝鮮中央通信は15日、軍事パレードが14日夜に開かれたと報じた。新型の潜水艦発射弾道ミサイルが登場した。",
    ):
        assert to_event(press(body, published="2023-02-09T12:00:00+09:00")).event_type == EventType.OTHER, body


#: A dateline names where the story was written: no one acts there.
DATELINES = (
    "SEOUL, South Korea (AP) - North Korea said Thursday it tested a hypersonic missile the previous day that hit "
    "a target 700 kilometers away.",
    "Seoul (CNN) - A North Korean missile blew up right after it was launched early Thursday local time, US and "
    "South Korean officials said.",
)


#: (text, published, when the launch was: a time, or a day)
TIMES = (
    # An overflight's time gives way to the launch's.
    (
        "North Korea's ballistic missile, which passed over Aomori at 7:28 a.m., was launched at 7:22 a.m. "
        "from Jagang, Japan's government said.",
        "2022-10-04T09:00:00+09:00",
        "2022-10-04T07:22:00+09:00",
    ),
    # So does a fall's, told after the launch.
    (
        "North Korea launched a ballistic missile at 5:58 a.m. on Tuesday that flew over Hokkaido, broke into "
        "three pieces and came down at around 6:12 a.m., the government said.",
        "2017-08-29T09:30:00+09:00",
        "2017-08-29T05:58:00+09:00",
    ),
    # A stated range: its start.
    (
        "North Korea fired missiles between 6:10 and 6:40 a.m. today, Seoul said.",
        "2024-10-31T09:00:00+09:00",
        "2024-10-31T06:10:00+09:00",
    ),
    # A weekday: the last such day.
    ("North Korea fired a ballistic missile on Tuesday, Japan said.", "2024-10-31T09:00:00+09:00", "2024-10-29"),
    # Another zone's day in parentheses.
    (
        "North Korea test-fired a long-range missile early Wednesday. It lifted off at about 5 a.m. Japan time "
        "(2000 GMT Tuesday) from Musudan-ri.",
        "2006-07-04T19:40:00-04:00",
        "2006-07-05T05:00:00+09:00",
    ),
    # "The previous day".
    (DATELINES[0], "2022-01-06T10:00:00+09:00", "2022-01-05"),
    # A dateline's date and a statement's day.
    (
        "SEOUL, Feb. 13 (Yonhap) -- North Korea said Monday it had test-fired a new ballistic missile on Sunday.",
        "2017-02-13T08:50:00+09:00",
        "2017-02-12",
    ),
    # The same moment in GMT in parentheses: the clock time is another zone's, here Korea's.
    (
        "North Korea fired an intermediate-range missile, the military said. It flew off at 6:53 a.m. on "
        "Tuesday (2153 GMT Monday) from near Pyongyang.",
        "2024-04-03T01:00:00Z",
        "2024-04-02T06:53:00+09:00",
    ),
    # A story written in Seoul tells Seoul's clock time, whoever publishes it.
    (
        "SEOUL, Jan 5 (Reuters) - North Korea fired about 200 artillery rounds between 9 a.m. and 11 a.m. on "
        "Friday, South Korea's military said.",
        "2024-01-05T06:40:00Z",
        "2024-01-05T09:00:00+09:00",
    ),
    # A time with no date of its own is on the story's day, not the publication's.
    (
        "North Korea test-fired cruise missiles on Sunday, state media said on Monday. Seoul had detected them "
        "at around 8 a.m.",
        "2024-01-29T07:00:00+09:00",
        "2024-01-28T08:00:00+09:00",
    ),
    # Two times and their zone, then the same in GMT: the first, in the zone stated after both.
    (
        "North Korea fired two missiles at 05:06 and 05:27 local time on Wednesday (20:06 and 20:27 GMT on "
        "Tuesday), Seoul said.",
        "2019-07-31T09:30:00+01:00",
        "2019-07-31T05:06:00+09:00",
    ),
    # A day after the parenthesis is the time's own; "the previous afternoon".
    (
        "North Korea said Monday it had test-fired a missile the previous afternoon. It was fired at 4:59 pm "
        "(0759 GMT) on Sunday from near Pukchang.",
        "2017-05-22T11:30:00+09:00",
        "2017-05-21T16:59:00+09:00",
    ),
    # Korean puts the verb after the time: the broadcast's time gives way to the blast's.
    (
        "북한이 6일 4차 핵실험을 했다. 북한은 이날 낮 12시30분 조선중앙TV 보도를 통해 핵실험 사실을 발표했다. "
        "기상청은 이날 오전 10시30분께 길주군에서 인공지진이 발생했다고 밝혔다.",
        "2016-01-06T15:00:00+09:00",
        "2016-01-06T10:30:00+09:00",
    ),
)


@pytest.mark.parametrize("body", DATELINES)
def test_a_dateline_names_no_actor(body: str) -> None:
    event = to_event(press(body))
    assert (event.event_type, event.actor) == ("ballistic_missile_launch", "DPRK")


@pytest.mark.parametrize(("body", "published", "when"), TIMES)
def test_the_time_of_the_launch_as_the_text_means_it(body: str, published: str, when: str) -> None:
    occurred = to_event(press(body, published=published)).occurred_at
    assert occurred is not None
    if "T" in when:
        assert occurred == datetime.fromisoformat(when)
    else:
        assert occurred.date().isoformat() == when


def test_korean_previous_day_a_zone_before_the_date_and_a_summit_beside_a_launch() -> None:
    body = (
        "북한이 2일 새로 개발한 잠수함발사탄도미사일을 쏘아 올렸다고 조선중앙통신이 3일 보도했다.\n\n"
        "합동참모본부는 전날 오전 7시 11분께 원산 북동쪽 해상에서 발사된 탄도미사일 1발을 포착했다고 밝혔다."
    )
    slbm = to_event(press(body, published="2019-10-03T10:20:00+09:00", source="yonhap"))
    assert slbm.occurred_at == datetime.fromisoformat("2019-10-02T07:11:00+09:00") and slbm.count == 1
    summit = to_event(
        press(
            "윤석열 대통령이 NATO 정상회의 참석차 리투아니아에 머무는 가운데 북한이 한국시간 12일 오전 10시께 "
            "동해상으로 장거리탄도미사일 1발을 발사했다.",
            published="2023-07-12T11:30:00+03:00",
            source="yonhap",
        )
    )
    assert summit.event_type == EventType.BALLISTIC_MISSILE_LAUNCH
    assert summit.occurred_at == datetime.fromisoformat("2023-07-12T10:00:00+09:00")


def test_its_zone_and_a_flight_over_northern_japan() -> None:
    eez = to_event(
        press(
            "North Korea fired an ICBM at 10:59 p.m. Japan said the missile landed inside its exclusive economic zone.",
            published="2017-07-29T09:00:00+09:00",
        )
    )
    assert eez.location is not None and eez.location.eez == "inside"
    over = to_event(
        press(
            "North Korea has fired a missile over northern Japan for the second time in three weeks.",
            published="2017-09-15T09:00:00+09:00",
        )
    )
    assert over.location is not None and over.location.overflew_japan is True


def test_the_ledes_count_beats_the_bodys_and_a_vague_count_in_the_body_leaves_it_unknown() -> None:
    lede = to_event(
        press(
            "North Korea test-fired a long-range Taepodong-2 missile early Wednesday, officials said.\n\n"
            "Japanese officials said several other missiles came down in the Sea of Japan.",
            published="2006-07-05T09:00:00+09:00",
        )
    )
    assert (lede.count, lede.count_qualifier) == (1, "exact")
    body = to_event(
        press(
            "North Korea fired artillery across the border at a South Korean unit on Thursday afternoon.\n\n"
            "The North first fired a single artillery round at 3:53 p.m. Later, several rounds of artillery landed "
            "south of the line.",
            published="2015-08-20T20:00:00+09:00",
        )
    )
    assert (body.count, body.count_qualifier) == (None, "unknown")


def test_each_of_them_and_the_farthest_in_japanese_and_a_distance_travelled() -> None:
    ja = to_event(
        press(
            "北朝鮮は15日夜、弾道ミサイル2発を発射した。最高高度はいずれも約50キロで、飛行距離は最大で約900キロだった。",
            published="2023-06-15T23:00:00+09:00",
        )
    )
    assert (ja.apogee_km, ja.range_km) == (50, 900)
    en = to_event(
        press(
            "North Korea fired an ICBM at 11:41 p.m., reaching 3,724.9 km and travelling 998 km.",
            published="2017-07-29T09:00:00+09:00",
        )
    )
    assert en.range_km == 998


def test_a_failed_rocket_launch_is_a_launch_and_a_hedged_past_is_done() -> None:
    failed = to_event(
        press(
            "The rocket left its launch pad at 7:39 a.m. and broke apart about two minutes later.",
            title="North Korean rocket launch fails over the Yellow Sea",
            published="2012-04-13T10:00:00+09:00",
        )
    )
    assert (failed.event_type, failed.actor, failed.outcome) == ("satellite_launch", "DPRK", "failure")
    hedged = to_event(
        press(
            "A North Korean attempt to fly an intermediate-range ballistic missile appears to have ended in "
            "failure today, the JCS said."
        )
    )
    assert (hedged.event_type, hedged.outcome) == ("ballistic_missile_launch", "failure")
    # Satellite observations of a reactor tell no satellite launch: they tell nuclear-programme activity.
    assert (
        to_event(
            press("North Korea's new reactor appears to have begun operating, satellite observations show.")
        ).event_type
        == EventType.NUCLEAR_ACTIVITY
    )


def test_a_clause_ending_with_the_time_since_another_event_is_background() -> None:
    event = to_event(
        press(
            "북한이 31일 오전 동해상으로 단거리탄도미사일 10발을 발사했다고 합참이 밝혔다.",
            title="북, 단거리탄도미사일 10발 발사…정찰위성 발사 실패 닷새 만",
        )
    )
    assert (event.event_type, event.count, event.outcome) == ("ballistic_missile_launch", 10, "unknown")


def test_how_it_went_as_the_story_tells_it_not_as_another_states_act_went() -> None:
    claimed = to_event(
        press(
            "North Korea fired two cruise missiles today that hit an island target after a two-hour flight, KCNA said."
        )
    )
    assert claimed.outcome == "success"
    drill = to_event(
        press(
            "North Korea fired a ballistic missile over Japan today, Seoul said.\n\nWithin minutes, South Korea fired "
            "two missiles into the sea in a drill; one of them failed shortly after launch."
        )
    )
    assert drill.outcome == "unknown"
    # A nuclear test's claim of success counts; its explosion is no failure.
    nuclear = to_event(press("North Korea conducted a nuclear test today and said the explosion was a success."))
    assert (nuclear.event_type, nuclear.outcome) == ("nuclear_test", "success")
    blast = to_event(press("North Korea conducted its sixth nuclear test today; the explosion was the largest yet."))
    assert blast.outcome == "unknown"


def test_a_state_named_as_a_place_does_not_act_and_a_reporters_day_is_not_the_events() -> None:
    # 일본 열도 상공: over Japan, not Japan firing.
    over = to_event(
        press("북한이 29일 일본 열도 상공을 가로질러 쏜 탄도미사일은 중거리탄도미사일이라고 통신이 30일 보도했다.")
    )
    assert (over.event_type, over.actor) == ("ballistic_missile_launch", "DPRK")
    # 通信は13日: the agency's day; the launch was on the 12th.
    told = to_event(
        press(
            "北朝鮮の朝鮮中央通信は13日、潜水艦が12日未明に巡航ミサイル2発を発射したと報じた。",
            published="2023-03-13T09:00:00+09:00",
        )
    )
    assert (told.event_type, told.occurred_at.date().isoformat()) == ("cruise_missile_launch", "2023-03-12")
    # A clause ending with what the story answers (を受け) is background: a trilateral drill, not a launch.
    answer = to_event(
        press(
            "日米韓は6日、日本海で共同訓練を実施した。北朝鮮が4日に中距離弾道ミサイルを発射したことを受け、連携を示した。",
            title="日米韓が共同訓練 北朝鮮の発射受け",
            published="2022-10-06T18:00:00+09:00",
        )
    )
    assert answer.event_type != EventType.BALLISTIC_MISSILE_LAUNCH


def test_background_goes_on_only_from_a_sentence_that_is_background_from_its_start() -> None:
    event = to_event(
        press(
            "North Korea fired an intermediate-range ballistic missile today, South Korea's military said.\n\n"
            "Analysts said it may carry a glide vehicle, an engine the North ground-tested in November. "
            "Japan said the missile fell outside its exclusive economic zone after flying about 1,000 km.\n\n"
            "On Sunday, the North fired two cruise missiles. They flew about 1,500 km."
        )
    )
    assert (event.missile_class, event.location.eez, event.range_km, event.count) == ("IRBM", "outside", 1000, 1)


def test_counts_in_quotes_eez_in_japanese_and_claims_of_success() -> None:
    quoted = to_event(press('North Korea fired four "strategic cruise missiles" off its east coast today, KCNA said.'))
    assert (quoted.event_type, quoted.count) == ("cruise_missile_launch", 4)
    outside = to_event(
        press(
            "北朝鮮は15日午前6時57分ごろ、弾道ミサイル1発を発射した。日本の排他的経済水域(EEZ)の外とみられる。",
            published="2017-09-15T10:00:00+09:00",
        )
    )
    assert outside.location.eez == "outside"
    # "成功した" tells the act: a count of tests ("2回目") does not make the sentence background.
    second = to_event(
        press(
            "北朝鮮の国営メディアは29日、ICBMの2回目の試験発射に成功したと伝えた。",
            published="2017-07-29T12:00:00+09:00",
        )
    )
    assert (second.event_type, second.outcome) == ("ballistic_missile_launch", "success")
    struck = to_event(press("북한은 오늘 탄도미사일 1발을 발사해 목표 수역을 정확히 타격했다고 주장했다."))
    assert struck.outcome == "success"


def test_a_rocket_on_its_pad_a_launch_site_and_another_presidents_test_are_no_launch() -> None:
    for title, body in (
        (
            "북, 발사장 공개",
            "북한이 오늘 서해위성발사장을 외신에 공개했다. 기자들은 발사대에 세워진 '은하 3호'를 확인했다.",
        ),
        ("", "President Yoon Suk Yeol watched a test launch of a new ballistic missile today, his office said."),
        ("", "北朝鮮は20日、西海衛星発射場でロケット用エンジンの地上燃焼実験を行い、成功したと伝えた。"),
    ):
        assert to_event(press(body, title=title)).event_type == EventType.OTHER, body


def test_a_reporter_speaking_of_its_own_act_before_states_named_after_it() -> None:
    event = to_event(
        press(
            "North Korea says it has tested a new intercontinental ballistic missile, a day after the launch drew "
            "condemnation from Seoul and Tokyo.",
            title="North Korea says its new ICBM is its most powerful yet",
        )
    )
    assert (event.event_type, event.actor, event.missile_class) == ("ballistic_missile_launch", "DPRK", "ICBM")
    rocket = to_event(press("북한이 오늘 오전 '광명성 4호'를 실은 장거리 로켓을 발사했다고 합참이 밝혔다."))
    assert (rocket.event_type, rocket.missile_class) == ("satellite_launch", "SLV")


def test_a_volley_counts_none_a_class_without_ballistic_and_a_named_class_of_system() -> None:
    volley = to_event(press("North Korea fired a volley of ballistic missiles into the sea today, Seoul said."))
    assert (volley.count, volley.count_qualifier) == (None, "unknown")
    medium = to_event(press("North Korea fired a missile today that officials believe was a medium-range missile."))
    assert medium.missile_class == "MRBM"
    scud = to_event(press("North Korea fired a Scud-class short-range ballistic missile today, Seoul said."))
    assert (scud.system, scud.missile_class) == ("Scud", "SRBM")
    nodong = to_event(press("北朝鮮はきょう、準中距離弾道ミサイル「ノドン」とみられる2発を発射した。"))
    assert (nodong.system, nodong.count) == ("Nodong", 2)


def test_figures_of_each_missile_give_the_farther_and_a_term_of_office_is_no_date() -> None:
    each = to_event(
        press("北朝鮮はきょう、短距離弾道ミサイル2発を発射した。飛行距離はそれぞれ約350キロと約650キロだった。")
    )
    assert each.range_km == 650
    dated = to_event(
        press(
            "북한이 17일 오전 서해상으로 순항미사일 2발을 발사했다고 군 당국이 밝혔다.",
            title="북, 순항미사일 2발 발사…대통령 취임 100일",
            published="2022-08-17T18:30:00+09:00",
        )
    )
    assert dated.occurred_at is not None and dated.occurred_at.date().isoformat() == "2022-08-17"


def test_a_satellite_launch_whose_rocket_is_named_counts_one() -> None:
    rocket = to_event(press("北朝鮮はきょう、軍事偵察衛星を搭載したロケットを発射した。", title="北朝鮮が衛星打ち上げ"))
    assert (rocket.event_type, rocket.count) == ("satellite_launch", 1)
    test = to_event(press("국가우주개발국은 오늘 정찰위성 개발을 위한 중요시험을 진행했다."))
    assert test.count is None  # no rocket named: a test for a satellite, not a launch counted


def test_a_denied_class_an_earlier_days_missile_and_a_past_month_of_a_year_set_nothing() -> None:
    denied = to_event(
        press(
            "A North Korean missile blew up right after it was launched today, officials said.\n\n"
            "The type was not clear, though an official said it was not believed to be an intercontinental "
            "ballistic missile."
        )
    )
    assert (denied.event_type, denied.missile_class) == ("ballistic_missile_launch", None)
    earlier = to_event(
        press(
            "North Korea fired two ballistic missiles today, Japan said.\n\nTwo days earlier the North said it had "
            "tested a new long-range cruise missile."
        )
    )
    assert (earlier.event_type, earlier.missile_class, earlier.count) == ("ballistic_missile_launch", None, 2)
    compared = to_event(
        press(
            "북한이 오늘 오후 동해상으로 대륙간탄도미사일 1발을 발사했다.\n\n"
            "합참은 2017년 11월 쏜 '화성-15형'보다 고도가 높다고 설명했다.",
            published="2022-03-24T18:00:00+09:00",
        )
    )
    assert (compared.missile_class, compared.system) == ("ICBM", None)


def test_a_test_site_demolished_is_no_test_and_super_large_launchers_fire_ballistic_missiles() -> None:
    site = to_event(
        press(
            "North Korea carried out a series of explosions today that it said demolished its nuclear test site.",
            title="North Korea blows up tunnels at its nuclear test site",
        )
    )
    assert site.event_type == EventType.OTHER
    bomb = to_event(press("The institute successfully conducted a test of a hydrogen bomb today, KCNA said."))
    assert bomb.event_type == EventType.NUCLEAR_TEST
    for body in (
        'North Korea said today it had successfully test-fired its "super-large" multiple rocket launcher.',
        "북한이 오늘 동해상으로 쏜 미사일이 600㎜ 초대형방사포였다고 조선중앙통신이 보도했다.",
        "朝鮮中央通信は、国防科学院がきょう極超音速ミサイルの試射を行い、成功したと報じた。",
    ):
        assert to_event(press(body)).event_type == EventType.BALLISTIC_MISSILE_LAUNCH, body
    # 앞서 ("earlier") before the military's first report of the same launch is no background.
    earlier = to_event(
        press(
            "북한은 오늘 새 방사포의 시험사격을 했다고 보도했다.\n\n앞서 합참은 북한이 오늘 새벽 2시59분께 "
            "단거리탄도미사일 2발을 발사했다고 밝혔다."
        )
    )
    assert earlier.count == 2


def test_british_dates_miles_first_the_farther_of_two_and_a_relative_clauses_own_date() -> None:
    british = to_event(
        press(
            "North Korea fired a missile over Japan today, Seoul said.\n\nOn 15 September the North fired two "
            "ballistic missiles from a train, hours before South Korea tested a submarine-launched ballistic missile.",
            published="2021-09-29T10:00:00+09:00",
        )
    )
    assert (british.missile_class, british.count) == (None, 1)
    miles = to_event(
        press("North Korea fired two missiles today that reached an altitude of around 37 miles, or 60 kilometers.")
    )
    assert miles.apogee_km == 60
    farther = to_event(press("北朝鮮はきょう、弾道ミサイル2発を発射した。飛行距離はそれぞれ約400キロと約350キロ。"))
    assert farther.range_km == 400
    same = to_event(
        press(
            "North Korea fired a missile over Hokkaido today, Japan said.\n\nOfficials believe it was the same "
            "Hwasong-12 intermediate-range missile that overflew Hokkaido on 29 August.",
            published="2017-09-15T10:00:00+09:00",
        )
    )
    assert (same.missile_class, same.system) == ("IRBM", "Hwasong-12")
    doubted = to_event(
        press("North Korea fired an ICBM today. There is no confirmation that it fell within Japan's EEZ.")
    )
    assert doubted.location is None or doubted.location.eez is None


def test_a_phrase_naming_an_earlier_act_keeps_its_date_to_itself() -> None:
    event = to_event(
        press(
            "North Korea says it has successfully launched a new submarine-launched ballistic missile from the same "
            "submarine it used for an earlier test in 2016, state media reported today."
        )
    )
    assert (event.event_type, event.missile_class, event.count, event.outcome) == (
        "ballistic_missile_launch",
        "SLBM",
        1,
        "success",
    )


def test_an_anniversary_title_that_tells_an_act_is_that_act() -> None:
    # An anniversary is the day of a new act too.
    test = to_event(
        press(
            "North Korea carried out its fifth nuclear test on Friday, the anniversary of its founding.",
            title="N. Korea conducts 5th nuclear test on state founding anniversary",
            published="2016-09-09T15:00:00+09:00",
        )
    )
    assert test.event_type == EventType.NUCLEAR_TEST


def test_a_time_takes_the_day_its_own_sentence_names_even_a_statements() -> None:
    event = to_event(
        press(
            "Kim Jong Un watched an artillery unit fire six short-range ballistic missiles, state media said "
            "Friday.\n\nSouth Korea's Joint Chiefs of Staff had said on Thursday that it detected a missile fired "
            "from Nampo at 6:20 pm (0920 GMT).",
            published="2023-03-10T02:40:00Z",
        )
    )
    assert event.occurred_at == datetime.fromisoformat("2023-03-09T18:20:00+09:00")


def test_nuclear_programme_activity_bears_on_denuclearization_below_a_test() -> None:
    catalogue = default_catalogue()
    for body in (
        "Kim Jong Un visited the uranium enrichment base and called for more centrifuges, KCNA said today.",
        "IAEA chief Rafael Grossi said today that North Korea's light-water reactor appears to be operating.",
        "김정은 위원장이 오늘 핵물질 생산기지와 우라늄 농축시설을 시찰했다고 조선중앙통신이 보도했다.",
        "北朝鮮の金正恩総書記がきょう、ウラン濃縮施設を視察したと朝鮮中央通信が報じた。",
    ):
        event = to_event(press(body, published="2025-01-29T09:00:00+09:00"))
        assert (event.event_type, event.actor) == ("nuclear_activity", "DPRK"), body
        [match] = catalogue.match(event)
        assert (match.commitment_id, match.precedence) == ("denuclearization", Precedence.PRIORITY)
    iran = to_event(press("Iran said today it had started new centrifuges at its Fordow enrichment plant."))
    assert iran.event_type == EventType.OTHER


#: (text, published, the type read): thefts and evasions as others disclose them, and look-alikes of them.
DISCLOSED = (
    ("U.S. prosecutors on Thursday charged a North Korean military hacker with extorting hospitals with ransomware.",
     "2024-07-25T20:00:00Z", "cyber_incident"),
    ("警察庁は24日、ことし5月の暗号資産の不正流出について、北朝鮮のハッカー集団による犯行だと特定した。",
     "2024-12-24T18:00:00+09:00", "cyber_incident"),
    ("경찰은 오늘 2019년 업비트 이더리움 탈취 사건이 북한 해킹조직 라자루스의 소행이라고 밝혔다.",
     "2024-11-21T12:00:00+09:00", "cyber_incident"),
    ("Federal prosecutors on Thursday charged a woman with helping North Korean IT workers land remote jobs.",
     "2024-05-16T20:00:00Z", "sanctions_evasion"),
    ("The government says a North Korean-flagged tanker lashed alongside another vessel on Jan. 20, in what it "
     "suspects was a ship-to-ship transfer prohibited by U.N. sanctions.", "2018-01-25T10:00:00+09:00",
     "sanctions_evasion"),
    ("Russia has probably shipped more than a million barrels of oil to North Korea since March, satellite images "
     "analysed by a research group suggest.", "2024-11-22T00:05:00Z", "sanctions_evasion"),
    ("海上自衛隊の艦艇が6月21日から22日にかけ、東シナ海の公海上で北朝鮮船籍のタンカーに船籍不明の小型船が接舷しているのを見つけた。",
     "2018-06-27T11:00:00+09:00", "sanctions_evasion"),
    ("The United States has seized 17 website domains that North Korean information technology workers used to pose "
     "as American firms, the Justice Department said Wednesday.", "2023-10-18T22:00:00Z", "sanctions_evasion"),
    # Look-alikes: a designation, a sentence on an old case, a year's tally.
    ("The U.S. Treasury on Friday designated three North Korean hacking groups, freezing any assets they hold.",
     "2019-09-14T10:00:00Z", "other"),
    ("A judge on Thursday sentenced an Arizona woman who ran a laptop farm for North Korean IT workers.",
     "2025-07-24T20:00:00Z", "other"),
    ("Hackers linked to North Korea stole a record $1.34 billion in cryptocurrency in 2024, a firm said today.",
     "2024-12-20T10:00:00+09:00", "other"),
)  # fmt: skip


@pytest.mark.parametrize(("body", "published", "event_type"), DISCLOSED)
def test_thefts_and_evasions_others_disclose_are_the_dprks(body: str, published: str, event_type: str) -> None:
    event = to_event(press(body, published=published))
    assert event.event_type == event_type
    assert event.actor == ("DPRK" if event_type != "other" else None)


#: (text, the type read, who supplied): arms between the DPRK and Russia, either way, as the press tells them.
ARMS = (
    ("North Korea has handed Russia ballistic missile launchers and several missiles, the White House said today.",
     "arms_transfer", "DPRK"),
    ("ホワイトハウスはきょう、北朝鮮がロシアに弾薬を積んだコンテナ1000個以上を引き渡したと明らかにした。",
     "arms_transfer", "DPRK"),
    ("러시아가 북한에 판치르 방공체계를 제공해 평양의 방공망 강화를 도왔다고 오늘 보고서가 밝혔다.",
     "arms_transfer", "Russia"),
    ("Russia carried out the first test launch of its Sarmat missile today; North Korea was not mentioned.",
     "other", None),
    # A total disclosed today runs from its start to now; a hedged past is done; weapons named by their kind.
    ("North Korea is believed to have sent more than 13,000 containers of munitions to Russia since mid-2022, "
     "South Korea's military intelligence said today.", "arms_transfer", "DPRK"),
    ("North Korea may have shipped over 6 million artillery shells to Russia, the agency said today.",
     "arms_transfer", "DPRK"),
    ("North Korea has handed Russia roughly 50 of its home-built 170mm self-propelled howitzers in recent weeks, "
     "Ukrainian intelligence said today.", "arms_transfer", "DPRK"),
    ("북한이 러시아에 170㎜ 자주포와 240㎜ 방사포를 추가로 넘긴 것으로 파악됐다고 국가정보원이 오늘 밝혔다.",
     "arms_transfer", "DPRK"),
    ("Vladimir Putin welcomed Kim Jong Un on Wednesday as the two leaders held their first talks since 2019 amid "
     "Western warnings of an arms deal.", "other", None),
    # Arms named by their delivery, bought from the DPRK, made there and used by Russia; Russia's help.
    ("The White House today made public satellite images that it says capture North Korea's first weapons delivery "
     "to Russia's Wagner Group.", "arms_transfer", "DPRK"),
    ("Russia is buying millions of artillery shells and rockets from North Korea, U.S. intelligence found today.",
     "arms_transfer", "DPRK"),
    ("ゼレンスキー大統領はきょう、ロシア軍のキーウ攻撃で北朝鮮で製造された弾道ミサイルが使われたと明らかにした。",
     "arms_transfer", "DPRK"),
    ("Russia helped North Korea put its first military reconnaissance satellite into orbit this week, Seoul's spy "
     "agency told lawmakers today.", "arms_transfer", "Russia"),
    ("북한의 정찰위성 발사 성공에는 러시아의 기술 지원이 있었다고 국가정보원이 오늘 밝혔다.",
     "arms_transfer", "Russia"),
)  # fmt: skip


@pytest.mark.parametrize(("body", "event_type", "supplier"), ARMS)
def test_arms_either_way_between_the_dprk_and_russia(body: str, event_type: str, supplier: str | None) -> None:
    event = to_event(press(body))
    assert (event.event_type, event.actor) == (event_type, supplier)


#: (text, the type read, its actor): the three together, DPRK troops in Russia, nuclear work, and look-alikes.
INCIDENTS = (
    ("Japan, the United States and South Korea conducted their first joint air exercise today, with a U.S. B-52.",
     "trilateral_action", "Japan-ROK-US"),
    ("한국과 미국, 일본 해군이 오늘 동해 공해상에서 해상 미사일 방어훈련을 실시했습니다.",
     "trilateral_action", "Japan-ROK-US"),
    ("North Korea fired several ballistic missiles today, hours after Seoul and Washington opened joint exercises.",
     "ballistic_missile_launch", "DPRK"),
    ("Ukrainian forces have captured two North Korean soldiers in Russia's Kursk region, Zelensky said today.",
     "troop_deployment", "DPRK"),
    ("About 8,000 North Korean soldiers are now in Russia's Kursk region, Blinken said today.",
     "troop_deployment", "DPRK"),
    ("North Korea appears to have restarted the reactor it uses to make plutonium, the IAEA said today.",
     "nuclear_activity", "DPRK"),
    ("North Korea said today it would consider ending its moratorium on nuclear tests.", "other", None),
    ("한미일 외교차관은 오늘 3국 협력 사무국 설치를 추진하기로 했다.", "other", None),
)  # fmt: skip


@pytest.mark.parametrize(("body", "event_type", "actor"), INCIDENTS)
def test_incidents_of_every_type_with_their_parties(body: str, event_type: str, actor: str | None) -> None:
    event = to_event(press(body))
    assert (event.event_type, event.actor) == (event_type, actor)


def test_a_condition_and_a_condemned_deployment_tell_no_new_incident() -> None:
    for title, body in (
        ("", "North Korea said today that if it had sent troops to Russia, doing so would comply with the law."),
        ('한미일 정상 "북한군 러시아 파병 강력 규탄"', "세 정상은 오늘 공동성명을 발표했다. 북한과 러시아가 언급됐다."),
    ):
        assert to_event(press(body, title=title)).event_type == EventType.OTHER, body
    # A launch of the day condemned is still the launch told.
    launch = to_event(press("Japan condemned North Korea's ballistic missile launch today.", title=""))
    assert launch.event_type == EventType.BALLISTIC_MISSILE_LAUNCH


def test_a_statement_condemning_a_launch_of_its_own_day_tells_it() -> None:
    # A statement condemning a launch of its own day still tells it.
    statement = to_event(
        press(
            "The United States strongly condemns the DPRK's launch of an intercontinental ballistic missile on "
            "November 18. This launch is a flagrant violation of UN Security Council resolutions.",
            published="2022-11-18T20:00:00-05:00",
        )
    )
    assert statement.event_type == EventType.BALLISTIC_MISSILE_LAUNCH


#: (title, text, published): look-alikes that tell no new act, however much they name launches, tests and dates.
LOOK_ALIKES = (
    (
        "UN Security Council divided again after North Korea ICBM launch",
        "The UN Security Council failed on Monday to agree on any response to North Korea's latest "
        "intercontinental ballistic missile launch, as China and Russia blamed the United States.",
        "2022-11-21T23:30:00Z",
    ),
    (
        "北朝鮮、核実験2回・ミサイル発射相次ぐ 16年を振り返る",
        "1月6日に4回目の核実験を行い「水爆実験に成功した」と主張。弾道ミサイルの発射も過去にない頻度となった。",
        "2016-12-28T05:00:00+09:00",
    ),
    (
        "安保3文書を閣議決定",
        "政府は16日の閣議で安保関連3文書の改定を決定した。相手のミサイル発射拠点などをたたく反撃能力の保有を明記した。",
        "2022-12-16T20:30:00+09:00",
    ),
    (
        "군 정찰위성 2호기 발사 성공…北 감시 능력 강화",
        "우리 군의 두 번째 정찰위성이 8일 미국 케네디우주센터에서 발사돼 궤도에 진입했다.",
        "2024-04-08T10:30:00+09:00",
    ),
    (
        "North Korea's new ICBM stayed up longer than any before it. Here is what analysts think that means",
        "The intercontinental ballistic missile North Korea fired early Thursday flew for 86 minutes, and "
        "analysts said on Friday that it looks like a step toward a heavier solid-fuel force.",
        "2024-11-01T18:40:00-04:00",
    ),
    (
        "Jアラート、全国で一斉試験",
        "22日午前11時ごろ、全国でJアラートの情報伝達試験が行われた。弾道ミサイル発射などの実際の情報ではない。",
        "2024-05-22T12:10:00+09:00",
    ),
    (
        "防衛白書、北朝鮮は「差し迫った脅威」",
        "政府は12日の閣議で防衛白書を了承した。北朝鮮の弾道ミサイル開発の急速な進展を挙げた。",
        "2024-07-12T10:40:00+09:00",
    ),
    (
        "衆院、抗議決議を採択",
        "衆院は5日、北朝鮮が4日に弾道ミサイルを発射したことに抗議する決議を採択した。決議は発射を非難した。",
        "2022-10-05T15:30:00+09:00",
    ),
    (
        "ICBM 한 발, 태평양으로…쏜 나라는 북한 아닌 중국",
        "25일 오전 대륙간탄도미사일 한 발이 태평양 공해상으로 발사됐다. 발사 주체는 북한이 아니라 중국이었다.",
        "2024-09-25T17:30:00+09:00",
    ),
)


@pytest.mark.parametrize(("title", "body", "published"), LOOK_ALIKES)
def test_look_alikes_raise_nothing(title: str, body: str, published: str) -> None:
    assert to_event(press(body, title=title, published=published)).event_type == EventType.OTHER


def test_another_states_test_named_only_by_its_system_and_a_us_zones_day_in_parentheses() -> None:
    for body in (
        "An unarmed Minuteman III intercontinental ballistic missile was launched today from the California coast.",
        "A DF-41 intercontinental ballistic missile was fired into the Pacific today, the defence ministry said.",
    ):
        assert to_event(press(body)).event_type == EventType.OTHER, body
    # "(4:30 p.m. ET Friday)" is Washington's day: the launch's is the day its own sentence names in Korea.
    event = to_event(
        press(
            "North Korea test-fired a ballistic missile early Saturday local time, officials said.\n\nThe missile "
            "was launched at about 5:30 a.m. local time (4:30 p.m. ET Friday) from near Pukchang.",
            published="2017-04-28T19:10:00-04:00",
        )
    )
    assert event.occurred_at == datetime.fromisoformat("2017-04-29T05:30:00+09:00")


def test_what_an_act_answers_a_condemned_act_and_a_clause_of_context_are_not_the_story() -> None:
    """A Korean title's launch that a drill answers ("北 정찰위성 발사 대응"), a launch two days old that a statement
    condemns ("発射したICBMを強く非難する"), and a frame in a trailing clause ("..., as North Korea is suspected of
    preparing a test") leave the story's own act standing, or none."""
    answered = to_event(
        press(
            "한국과 미국, 일본이 오늘 제주 동남방 공해상에서 3국 해상훈련을 실시했다고 해군이 밝혔습니다.",
            title="한미일, 美 핵항모 칼빈슨 참가 해상훈련…北 정찰위성 발사 대응",
            published="2023-11-26T17:00:00+09:00",
        )
    )
    assert (answered.event_type, answered.actor) == ("trilateral_action", "Japan-ROK-US")
    condemned = to_event(
        press(
            "林外務大臣は14日、アメリカのブリンケン国務長官、韓国のパク・チン外相と会談し、3か国は北朝鮮が12日に発射した"
            "ICBMを強く非難する共同声明を発表した。",
            published="2023-07-14T23:00:00+09:00",
        )
    )
    assert condemned.event_type == "other"
    context = to_event(
        press(
            "South Korea, the United States and Japan held a trilateral anti-submarine warfare exercise in the "
            "East Sea "
            "on Friday, as North Korea is suspected of preparing a submarine-launched missile test.",
            published="2022-09-30T15:00:00+09:00",
        )
    )
    assert (context.event_type, context.actor) == ("trilateral_action", "Japan-ROK-US")


def test_a_span_of_days_running_to_today_and_a_tally_of_thefts() -> None:
    """A drill "from Monday ... through Thursday" is today's; a year's sum the lede counts in attacks is no theft."""
    drill = to_event(
        press(
            "South Korea, the United States and Japan conducted a combined naval exercise with the aircraft "
            "carrier USS "
            "Carl Vinson south of Jeju Island from Monday, March 17, through Thursday, Seoul's defence ministry said.",
            published="2025-03-20T17:30:00+09:00",
        )
    )
    assert drill.event_type == "trilateral_action"
    tally = to_event(
        press(
            "米分析会社は13日、北朝鮮とつながりのあるハッカーが2021年に暗号資産関連の企業などに少なくとも7回の攻撃を仕掛け、"
            "4億ドル近くを盗み出したとする報告書を公表した。",
            title="北朝鮮系ハッカー、21年に暗号資産4億ドル窃取 米社分析",
            published="2022-01-14T11:00:00+09:00",
        )
    )
    assert tally.event_type == "other"


def test_a_notice_japans_own_rocket_and_a_launch_that_comes_to_light_late() -> None:
    """A notified window is no launch; Japan's H-IIA is Japan's; a cruise launch three days old that the lede says
    comes to light only now is the story's own, not a ballistic one."""
    notice = to_event(
        press(
            "海上保安庁によりますと、21日未明、北朝鮮の当局から「人工衛星」を打ち上げるとの連絡が入りました。",
            title="北朝鮮「人工衛星」打ち上げを通報 22日から来月1日まで",
            published="2023-11-21T10:15:00+09:00",
        )
    )
    assert notice.event_type == "other"
    h2a = to_event(
        press(
            "政府の情報収集衛星を載せたH2Aロケット49号機が26日午後2時24分、種子島宇宙センターから打ち上げられた。",
            published="2024-09-26T16:30:00+09:00",
        )
    )
    assert (h2a.event_type, default_catalogue().match(h2a)) == ("other", ())
    belated = to_event(
        press(
            "북한이 지난 21일 새벽 서해상으로 순항미사일 2발을 발사한 사실이 뒤늦게 확인됐습니다.",
            published="2021-03-24T08:30:00+09:00",
        )
    )
    assert (belated.event_type, belated.count) == ("cruise_missile_launch", 2)


def test_another_zones_day_a_sentence_pointing_back_and_the_ledes_eez_first() -> None:
    """The day in "(5:42 p.m. Tuesday, Eastern time)" is Washington's; "That missile appears to have failed" after a
    sentence on Thursday's ICBM is Thursday's; the lede's "outside the EEZ" beats the body's earlier ICBM inside."""
    sinpo = to_event(
        press(
            "North Korea launched a ballistic missile off its east coast on Wednesday morning, officials said.\n\n"
            "The missile was fired from near Sinpo at 6:42 a.m. local time (5:42 p.m. Tuesday, Eastern time).",
            published="2017-04-04T21:05:00-04:00",
        )
    )
    assert sinpo.occurred_at == datetime.fromisoformat("2017-04-05T06:42:00+09:00")
    srbms = to_event(
        press(
            "North Korea fired four short-range ballistic missiles toward the Yellow Sea on Saturday, the JCS said.\n\n"
            "The drill was extended by a day after the North fired what Seoul believes was an ICBM on Thursday. "
            "That missile appears to have failed in flight.",
            published="2022-11-05T15:10:00+09:00",
        )
    )
    assert srbms.outcome == "unknown"
    kn25 = to_event(
        press(
            "防衛省によりますと、北朝鮮は20日午前6時59分ごろ、弾道ミサイルを発射しました。"
            "ミサイルは日本のEEZの外側に落下したと推定されるということです。\n\n"
            "北朝鮮は今月18日の夕方にもICBM級の弾道ミサイル1発を発射し、日本のEEZ内に落下させていました。",
            published="2023-02-20T12:30:00+09:00",
        )
    )
    assert kn25.location is not None and kn25.location.eez == "outside"


def test_a_tactical_guided_weapon_is_a_missile_and_a_climb_is_its_apogee() -> None:
    guided = to_event(
        press(
            "North Korea successfully test-fired a new-type tactical guided weapon, state news agency KCNA said on "
            "Sunday.\n\nSouth Korea's Joint Chiefs of Staff said it detected two projectiles that climbed to about "
            "25 km and flew about 110 km.",
            published="2022-04-17T08:30:00+09:00",
        )
    )
    assert (guided.event_type, guided.apogee_km, guided.range_km) == ("ballistic_missile_launch", 25, 110)


#: (text, published, the type read, its actor): from the seventh incident set's first look.
SEVENTH = (
    ("Russian forces have fired at least 24 North Korean missiles at Ukraine since the end of December, Ukraine's "
     "prosecutor general said on Friday.", "2024-02-16T17:40:00Z", "arms_transfer", "DPRK"),
    ("러시아가 넘긴 판치르-S1 방공체계가 북한 평양에 들어가 수도 방공을 맡고 있다고 "
     "우크라이나 정보총국장이 오늘 주장했습니다.",
     "2025-07-02T10:20:00+09:00", "arms_transfer", "Russia"),
    ("North Korean leader Kim Jong Un welcomed back an army engineering regiment that spent 120 days clearing "
     "mines in Russia's Kursk region, state media said Saturday.", "2025-12-13T10:40:00+09:00", "troop_deployment",
     "DPRK"),
    ("The United States, South Korea and Japan began a two-day exercise on Monday to practise tracking North "
     "Korean missiles, Seoul's defence ministry said.", "2017-12-11T11:20:00+09:00", "trilateral_action",
     "Japan-ROK-US"),
    ("The United States, South Korea and Japan practiced detecting and tracking ballistic missiles together off "
     "Hawaii last week, the Pentagon said Monday.", "2022-08-15T21:10:00-04:00", "trilateral_action", "Japan-ROK-US"),
    ("日米韓の3か国は24日から2日間の日程で、北朝鮮による弾道ミサイルの発射を想定し、情報を共有しながら探知・追尾する共同訓練を"
     "始めました。", "2017-10-24T12:10:00+09:00", "trilateral_action", "Japan-ROK-US"),
    ("한국과 미국, 일본 해군이 오늘부터 이틀 동안 제주 남쪽 공해상에서 대잠수함전 훈련을 벌입니다.",
     "2023-04-03T17:30:00+09:00", "trilateral_action", "Japan-ROK-US"),
    # Sums over a period or a record year, and an agreement to hold drills, raise nothing.
    ("North Korean hackers stole at least $2.84 billion in cryptocurrency between January 2024 and September 2025, "
     "a sanctions monitoring group said on Wednesday.", "2025-10-22T10:40:00Z", "other", None),
    ("分析会社は1日、北朝鮮とつながりのあるハッカー集団が2022年に盗んだ暗号資産は約17億ドルに上り、過去最高になったとする"
     "推計を公表した。", "2023-02-02T10:00:00+09:00", "other", None),
    ("President Biden and the leaders of Japan and South Korea agreed on Friday to hold military exercises together "
     "every year.", "2023-08-18T19:30:00-04:00", "other", None),
)  # fmt: skip


@pytest.mark.parametrize(("body", "published", "event_type", "actor"), SEVENTH)
def test_transfers_told_by_use_units_by_where_they_served_drills_of_the_three_and_sums(
    body: str, published: str, event_type: str, actor: str | None
) -> None:
    event = to_event(press(body, published=published))
    assert (event.event_type, event.actor) == (event_type, actor)


def test_a_launch_near_a_launch_two_days_old_condemned_and_a_documentary_raise_nothing() -> None:
    near = to_event(
        press(
            "국가정보원은 1일 북한이 군사정찰위성 3차 발사를 앞두고 마지막 단계의 준비를 진행하고 있다고 판단했다.",
            title='국정원 "北 정찰위성 3차 발사 막바지"',
            published="2023-11-01T17:40:00+09:00",
        )
    )
    assert near.event_type == "other"
    g7 = to_event(
        press(
            "Foreign ministers of the Group of Seven nations on Sunday condemned North Korea's intercontinental "
            "ballistic missile launch on Friday.",
            published="2022-11-20T21:30:00+09:00",
        )
    )
    assert g7.event_type == "other"
    film = to_event(
        press(
            "North Korea's state broadcaster aired a documentary on Tuesday replaying footage of the Hwasong-15 "
            "launch.",
            title="North Korean TV airs documentary revisiting 2017 ICBM tests",
            published="2019-10-08T18:30:00+09:00",
        )
    )
    assert film.event_type == "other"
    # A statement of the same day (Washington's evening, Korea's next morning) still tells the launch.
    same_day = to_event(
        press(
            "The United States strongly condemns the DPRK's launch of an intercontinental ballistic missile on "
            "November 18.",
            published="2022-11-18T20:00:00-05:00",
            source="us-state",
        )
    )
    assert same_day.event_type == "ballistic_missile_launch"


#: (title, text, published, the type read, the system named): launches told as headlines tell them.
HEADLINE_LAUNCHES = (
    ("North Korea fires four short-range missiles as drills get under way",
     "North Korea sent four short-range missiles into waters east of the peninsula on Thursday evening, the ministry "
     "said.", "2014-02-27T20:05:00+09:00", "ballistic_missile_launch", None),
    ("", "South Korea's military says North Korea launched two short-range projectiles toward the Sea of Japan on "
     "Wednesday morning.", "2014-07-02T11:20:00+09:00", "ballistic_missile_launch", None),
    ("", "North Korea fired two short-range KN-09 rockets from near Mount Myohyang on Wednesday morning, the JCS "
     "said.", "2014-07-30T11:20:00+09:00", "ballistic_missile_launch", "KN-09"),
    ("North Korea test-fires 'anti-ship' missiles off east coast",
     "North Korea has fired several projectiles believed to be surface-to-ship cruise missiles, the military says.",
     "2017-06-08T09:10:00+01:00", "cruise_missile_launch", None),
    ("", "北朝鮮は13日未明、開城付近から短距離弾道ミサイル「スカッド」とみられる2発を発射した。",
     "2014-07-13T10:00:00+09:00", "ballistic_missile_launch", "Scud"),
    ("", "북한이 오늘 새벽 원산 일대에서 스커드 계열 단거리 탄도미사일 2발을 발사했다고 합참이 밝혔다.",
     "2014-06-29T09:00:00+09:00", "ballistic_missile_launch", "Scud"),
    # Projectiles (飛翔体, 발사체) fired are a launch too.
    ("", "北朝鮮は21日午後3時19分ごろ、咸興の南方から日本海に向けて短距離の飛翔体を4発発射した。",
     "2016-03-21T17:30:00+09:00", "ballistic_missile_launch", None),
    ("", "북한이 오늘 오전 동해상으로 단거리 발사체 2발을 발사했다고 합참이 밝혔다.",
     "2019-07-31T09:00:00+09:00", "ballistic_missile_launch", None),
)  # fmt: skip


@pytest.mark.parametrize(("title", "body", "published", "event_type", "system"), HEADLINE_LAUNCHES)
def test_launches_in_the_present_tense_by_their_range_rockets_anti_ship_and_scuds_in_every_script(
    title: str, body: str, published: str, event_type: str, system: str | None
) -> None:
    event = to_event(press(body, published=published, title=title))
    assert (event.event_type, event.system) == (event_type, system)


#: (text, published, the type read): disclosures whose lede names no day, a target that does not act.
DISCLOSED_NOW = (
    ("North Korea said on Tuesday that its uranium enrichment plant and reactor at Yongbyon were back in normal "
     "operation, and warned it could use nuclear weapons against the United States.", "2015-09-15T14:30:00+09:00",
     "nuclear_activity"),
    ("North Korea's state media has shown leader Kim Jong-un inspecting a silver sphere that it says is a nuclear "
     "warhead small enough to fit on a missile.", "2016-03-09T03:20:00Z", "nuclear_activity"),
    ("A Florida security firm says it hired a remote software engineer who turned out to be a North Korean "
     "operative working under a stolen identity.", "2024-07-24T18:20:00-04:00", "sanctions_evasion"),
)  # fmt: skip


@pytest.mark.parametrize(("body", "published", "event_type"), DISCLOSED_NOW)
def test_a_disclosures_lede_is_todays_news_and_a_target_is_no_doer(body: str, published: str, event_type: str) -> None:
    event = to_event(press(body, published=published))
    assert (event.event_type, event.actor) == (event_type, "DPRK")


#: (title, text, published, the fields read as labels give them): rules found on the eighth sets' first looks,
#: each case a general way the press tells something.
READ_AS_TOLD = (
    # Counts told as a pair or by a system's plural; a target island's distance is the range.
    ("", "North Korea test-fired a pair of short-range ballistic missiles early Monday, Seoul said.",
     "2015-03-02T09:00:00+09:00", {"count": 2, "range_km": None}),
    ("North Korea fires 2 Scuds across country", "North Korea fired missiles from near Hwangju early Wednesday.",
     "2014-07-09T10:15:00+09:00", {"count": 2}),
    ("", "North Korea said Friday it had tested a long-range cruise missile on Tuesday that hit a target island 1,800 "
     "kilometers (1,118 miles) away.", "2022-01-28T09:00:00+09:00", {"count": 1, "range_km": 1800}),
    # Missiles fired of no kind that the story says were cruise missiles; a range told as a bound or one a missile
    # has is no figure of the flight; ballistic words first keep a launch ballistic.
    ("", "North Korea fired several short-range missiles into the sea off its east coast Friday, officials said. "
     "Japanese media said the weapons were surface-to-ship cruise missiles rather than Rodong ballistic missiles.",
     "2007-05-25T20:30:00+09:00", {"event_type": "cruise_missile_launch", "missile_class": "cruise", "system": None}),
    ("", "North Korea test-fired two short-range missiles off its west coast on Thursday. The official said they were "
     "ship-to-ship cruise missiles with a range of less than 100 kilometres.", "2007-06-07T20:00:00+09:00",
     {"event_type": "cruise_missile_launch", "range_km": None}),
    ("", "North Korea test-fired two short-range missiles from its east coast Thursday evening. Yonhap said they "
     "appeared to be KN-01 missiles.", "2009-07-02T20:00:00+09:00",
     {"event_type": "cruise_missile_launch", "system": "KN-01"}),
    ("", "North Korea fired two short-range missiles on Monday. They were Scud-type ballistic missiles that flew 500 "
     "km, not the cruise missiles it fired last month.", "2014-07-14T10:00:00+09:00",
     {"event_type": "ballistic_missile_launch", "missile_class": "SRBM", "range_km": 500}),
    ("", "North Korea test-fired three short-range ship-to-ship missiles into the Yellow Sea on Friday morning. They "
     "appeared to be Styx anti-ship cruise missiles, which have a range of about 46 km.", "2008-03-28T14:10:00+09:00",
     {"event_type": "cruise_missile_launch", "count": 3, "range_km": None}),
    # A long-range rocket launched is the DPRK's space launcher; a Korean launch told with 쐈 under a title counting
    # days ('9일 새': in nine days, no date).
    ("", "North Korea launched a long-range rocket at around 11:30 a.m. Sunday, and it crossed over northeastern "
     "Japan a few minutes later.", "2009-04-05T13:05:00+09:00", {"event_type": "satellite_launch", "count": 1}),
    ("北, 9일 새 세 번째 발사…단거리 발사체 2발",
     "북한이 2일 새벽 함경남도 영흥 일대에서 동해상으로 단거리 발사체 2발을 쐈다.", "2019-08-02T10:20:00+09:00",
     {"event_type": "ballistic_missile_launch", "count": 2, "occurred_at": "2019-08-02"}),
    # An announced launch withdrawn as a mistake is none; a launch told beside a mistaken warning still is one.
    ("「北朝鮮が発射」政府が誤発表 数分後に撤回",
     "政府は4日午後0時16分ごろ、「北朝鮮から飛翔体が発射された模様」と発表したが、数分後に誤りだったとして取り消した。",
     "2009-04-04T19:30:00+09:00", {"event_type": "other"}),
    ("", "Japan's government mistakenly announced on Saturday that North Korea had launched a rocket, and withdrew "
     "the statement minutes later.", "2009-04-04T19:30:00+09:00", {"event_type": "other"}),
    ("", "North Korea fired an intercontinental ballistic missile on Thursday morning. Japan's J-Alert system warned "
     "residents of Hokkaido, a warning it later said had been wrong.", "2023-04-13T12:00:00+09:00",
     {"event_type": "ballistic_missile_launch"}),
    # A broadcaster's flash sent by mistake; a piece on the years since a launch ('발사 5년'), whose lede tells it
    # as on this day years ago ('5년 전 오늘').
    ("NHK「北朝鮮ミサイル発射か」と誤って速報 数分後に訂正",
     "NHKは16日午後7時前、「北朝鮮ミサイル発射か」とするJアラートの速報を誤って配信した。数分後に訂正を出した。",
     "2018-01-16T21:20:00+09:00", {"event_type": "other"}),
    ("북 첫 ICBM '화성-14형' 발사 5년…그사이 달라진 것들",
     "5년 전 오늘, 2017년 7월 4일 오전 9시 40분 북한은 평안북도 방현 일대에서 '화성-14형'을 고각으로 쏘아 올렸다. "
     "조선중앙통신은 정점 고도 2802㎞, 비행거리 933㎞라고 발표하며 첫 ICBM 시험발사 성공을 선언했다.",
     "2022-07-04T05:00:00+09:00", {"event_type": "other"}),
    # Sanctions approved in response to a test tell no test.
    ("EU tightens North Korea sanctions with oil and investment bans",
     "European Union foreign ministers on Monday approved sanctions on North Korea that go beyond those of the United "
     "Nations, in response to its nuclear test and intercontinental missile launches.", "2017-10-16T13:10:00Z",
     {"event_type": "other"}),
    # DPRK infantry lost in Kursk; a ransomware campaign running since a past month; an accusation it rejects.
    ("", "Russian forces lost up to a battalion of North Korean infantry in two days of fighting near a village in "
     "Russia's Kursk region, Ukraine's president said on Saturday.", "2025-01-04T21:40:00Z",
     {"event_type": "troop_deployment", "actor": "DPRK"}),
    ("", "A group operating from North Korea has been hitting small and midsize businesses in several countries with "
     "its own brand of ransomware since at least September 2021, Microsoft said Thursday.",
     "2022-07-14T17:30:00-04:00", {"event_type": "cyber_incident", "actor": "DPRK"}),
    ("", "North Korea on Thursday rejected U.S. accusations that it was behind the WannaCry ransomware attack, "
     "calling them absurd, KCNA reported.", "2017-12-21T03:40:00Z", {"event_type": "other", "actor": None}),
    # Warheads produced and a hydrogen bomb inspected are nuclear work; the three starting a drill; the DPRK's arms
    # shipped to a state other than Russia break the embargo, another state's shipment is none.
    ("", "North Korea has produced nuclear warheads small enough to fit on its missiles, according to an assessment "
     "disclosed today.", "2017-08-08T17:00:00-04:00", {"event_type": "nuclear_activity", "actor": "DPRK"}),
    ("", "북한 김정은 노동당 위원장이 대륙간탄도미사일(ICBM)에 탑재할 수소탄을 직접 살펴봤다고 "
     "조선중앙통신이 3일 보도했다.", "2017-09-03T07:20:00+09:00", {"event_type": "nuclear_activity", "actor": "DPRK"}),
    ("", "South Korea, Japan and the United States on Tuesday started a two-day exercise to sharpen their response to "
     "North Korean missile launches, Seoul's Defense Ministry said.", "2017-03-14T01:30:00-04:00",
     {"event_type": "trilateral_action", "actor": "Japan-ROK-US"}),
    ("", "North Korea has shipped Syria's government materials that could help it make chemical weapons, according "
     "to a report by United Nations sanctions experts disclosed today.", "2018-02-27T14:00:00-05:00",
     {"event_type": "sanctions_evasion", "actor": "DPRK"}),
    ("", "Iran has shipped hundreds of drones to Russia, the White House said today.", "2022-10-20T14:00:00-04:00",
     {"event_type": "other", "actor": None}),
    # From the ninth incident set: a previously unknown flaw exploited is today's news; enrichment still running
    # beside a reprocessing being prepared, and a hedged present ('may be reprocessing'), are nuclear work; a
    # sanctions-busting tanker transfer; a denial of the doer's own act; shells supplied from the DPRK whoever the
    # sentence names; its soldiers named with の; a year's sum over some 20 thefts is no one theft.
    ("", "A North Korean hacking group exploited a previously unknown flaw in Google's Chrome browser to break into "
     "computers in the cryptocurrency industry, Microsoft said Friday.", "2024-08-30T18:10:00-04:00",
     {"event_type": "cyber_incident", "actor": "DPRK"}),
    ("", "North Korea is still running uranium-enrichment plants at Yongbyon and at Kangson, and there are strong "
     "signs it is preparing a new round of plutonium reprocessing, the head of the IAEA said Monday.",
     "2025-03-03T11:50:00-05:00", {"event_type": "nuclear_activity", "actor": "DPRK"}),
    ("", "North Korea may be reprocessing spent reactor fuel to extract plutonium at its main nuclear complex, the UN "
     "atomic watchdog's chief warned on Monday.", "2021-06-07T15:20:00Z",
     {"event_type": "nuclear_activity", "actor": "DPRK"}),
    ("寧辺の核施設が3月から稼働か 米研究所が熱赤外線画像を分析",
     "米国の研究所は15日、北朝鮮・寧辺の核施設を撮影した熱赤外線衛星画像を分析した結果、ウラン濃縮施設が"
     "3月上旬に稼働を再開したとみられると発表した。", "2021-04-16T08:40:00+09:00",
     {"event_type": "nuclear_activity", "actor": "DPRK"}),
    ("", "Japan said Friday it had reported to the UN another suspected sanctions-busting transfer of cargo involving "
     "a North Korean tanker.", "2018-06-01T09:30:00Z", {"event_type": "sanctions_evasion", "actor": "DPRK"}),
    ("Russia denies breaching UN sanctions after US says North Korea shipped it munitions",
     "A senior Russian diplomat on Sunday denied that Moscow had violated UN sanctions on North Korea.",
     "2023-10-15T14:00:00Z", {"event_type": "other"}),
    ("", "러시아가 우크라이나 전쟁에서 사용하는 포탄의 절반가량이 북한에서 공급된 것이라고 영국 신문이 오늘 보도했다.",
     "2024-10-05T10:20:00+09:00", {"event_type": "arms_transfer", "actor": "DPRK"}),
    ("", "ウクライナの政府機関は18日、ロシア極東の演習場で北朝鮮の兵士とみられる男性たちが"
     "ロシア軍の軍服を受け取る映像を公開しました。",
     "2024-10-19T11:10:00+09:00", {"event_type": "troop_deployment", "actor": "DPRK"}),
    ("", "Hackers linked to North Korea stole about $1bn worth of cryptocurrency in 2023 across some 20 incidents, "
     "according to Chainalysis.", "2024-02-08T12:10:00Z", {"event_type": "other"}),
    # From the ninth launch set: ranges told as covered, 飛び, 'each A and B' (the farther), '이상을 날았고'; KCNA's
    # long-range strike means fired in a drill are missiles.
    ("", "North Korea launched two short-range projectiles on Thursday afternoon, covering some 370 kilometers at a "
     "peak altitude of about 90 km, the JCS said.", "2019-10-31T18:02:00+09:00", {"range_km": 370, "apogee_km": 90}),
    ("", "北朝鮮が22日午前8時10分ごろ、短距離弾道ミサイル数発を発射した。ミサイルは約350キロ飛び、目標地域に達した。",
     "2025-10-22T11:30:00+09:00", {"event_type": "ballistic_missile_launch", "range_km": 350}),
    ("", "북한은 9일 오후 4시 29분쯤 단거리 탄도미사일 2발을 잇달아 쐈다. 미사일은 각각 420여㎞와 270여㎞를 날았다.",
     "2019-05-10T08:10:00+09:00", {"count": 2, "range_km": 420}),
    ("", "북한이 오늘 아침 동해상으로 탄도미사일 1발을 쐈습니다. 미사일은 700㎞ 이상을 날았습니다.",
     "2022-01-11T12:00:00+09:00", {"count": 1, "range_km": 700}),
    ("", "북한 조선중앙통신은 10일 김정은 위원장이 전날 화력타격훈련을 지도했다고 보도했다. 통신은 훈련에 '여러 종류의 "
     "장거리 타격수단'이 동원됐다고 했다.", "2019-05-10T08:10:00+09:00", {"event_type": "ballistic_missile_launch"}),
    # Systems in the plural, one denied beside the one fired, a salvo of several classes (the farthest class, no
    # one system), a system of no fixed class (the text's class decides).
    ("", "North Korea shot three short-range missiles into the East Sea on Wednesday. Military officials identified "
     "them as KN-02s.", "2007-06-28T16:10:00+09:00", {"missile_class": "SRBM", "system": "KN-02"}),
    ("", "North Korea launched three guided missiles on Saturday. Officials said they looked like KN-02 short-range "
     "ballistic missiles, which have a range of roughly 120 km, and not the Musudan intermediate-range missiles that "
     "Pyongyang deployed in April.", "2013-05-18T20:30:00+09:00", {"missile_class": "SRBM", "system": "KN-02"}),
    ("", "North Korea fired three ballistic missiles on Monday, believed to be medium-range Rodongs.",
     "2016-09-05T14:45:00+09:00", {"missile_class": "MRBM", "system": "Nodong"}),
    ("", "North Korea fired three ballistic missiles on Tuesday. US Strategic Command said it tracked two Scud-type "
     "short-range missiles followed by a Rodong medium-range missile.", "2016-07-19T12:10:00+09:00",
     {"missile_class": "MRBM", "system": None}),
    ("", "North Korea test-fired a newly developed hypersonic missile, the Hwasong-8, early on Tuesday from Toyang-ri "
     "in Jagang province, KCNA said. Seoul had detected a short-range ballistic missile.",
     "2021-09-29T08:00:00+09:00", {"event_type": "ballistic_missile_launch", "system": "Hwasong-8",
                                   "missile_class": "SRBM"}),
    # A paragraph's background ends where the military tells what it detected.
    ("", "北朝鮮は10日午前6時ごろ、弾道ミサイル1発を日本海に向けて発射した。\n\n北朝鮮の発射は先月5日以来となる。"
     "合同参謀本部は、短距離弾道ミサイル1発が発射され、最高高度は約50キロだったと発表した。",
     "2022-05-10T09:00:00+09:00", {"missile_class": "SRBM", "apogee_km": 50}),
    # The super-large launchers named without "rocket" are the KN-25.
    ("", "Kim Jong Un oversaw a firing drill of super-large multiple launchers on Sunday, state media said.",
     "2023-03-20T08:00:00+09:00", {"event_type": "ballistic_missile_launch", "system": "KN-25"}),
    # A weekday between a time and its zone; an order's time is not the launch's.
    ("", "North Korea fired a ballistic missile at 7:30 a.m. Tuesday Korea time (6:30 p.m. Monday Eastern), the "
     "South's military said.", "2023-03-14T08:00:00-04:00", {"occurred_at": "2023-03-14T07:30:00+09:00"}),
    ("", "북한이 어제 동해상으로 대륙간탄도미사일 1발을 쐈다.\n\n조선중앙통신은 발사 명령이 어제 오전 9시에 하달됐다고 "
     "전했다. 합참은 어제 오후 3시 10분께 평양 일대에서 발사된 미사일 1발을 포착했다고 밝혔다.",
     "2023-04-14T08:00:00+09:00", {"occurred_at": "2023-04-13T15:10:00+09:00"}),
    # A distance flown, not a height reached; a distance flown in a stated time.
    ("", "북한이 2일 동해상으로 탄도미사일 1발을 발사했다. 북한은 미사일이 정점고도 50㎞를 기록하며 600㎞를 비행했다고 "
     "밝혔다.", "2024-04-03T08:00:00+09:00", {"apogee_km": 50, "range_km": 600}),
    ("", "북한이 14일 탄도미사일 1발을 발사했다. 북한은 미사일이 800km를 35분간 날아가 목표 수역에 정확히 떨어졌다고 "
     "주장했다.", "2017-05-15T08:00:00+09:00", {"range_km": 800, "outcome": "success"}),
    # A bound the story gives goes further than a vague count or a lower bound before it.
    ("North Korea fires more than 10 missiles", "North Korea fired at least 12 missiles on Friday, Seoul said.",
     "2022-11-04T20:00:00+09:00", {"count": 12}),
    ("", "North Korea fired a volley of short-range ballistic missiles on Monday, Seoul said. Tokyo said at least "
     "five missiles had been fired.", "2024-11-04T20:00:00+09:00", {"count": 5}),
    # Incidents named only as what states condemn, what a statement is about, an act its doer denies or calls
    # slander, a sum since a year, or an arms word inside a condemned transfer: no new incident.
    ("Dozens of states condemn arms deliveries to Moscow",
     "Foreign ministers of 40 countries on Monday condemned North Korea's supply of ballistic missiles to Russia "
     "and their use against Ukrainian cities.", "2024-01-09T09:00:00-05:00", {"event_type": "other"}),
    ("", "日米韓の外相は20日に会談し、北朝鮮の対ロ武器供与で連携を確認した。", "2023-11-21T09:00:00+09:00",
     {"event_type": "other"}),
    ("", "한미일 3국은 27일 북한의 해외 IT 노동자 외화벌이와 관련한 공동성명을 발표했다.",
     "2025-08-27T18:00:00+09:00", {"event_type": "other"}),
    ("North Korea denies cinema chain hack", "North Korea on Sunday called the accusations that it was behind the "
     "cyberattack on the cinema chain groundless slander.", "2014-12-21T09:00:00+09:00", {"event_type": "other"}),
    ("", "국정원은 22일 북한이 2017년 이후 가상자산 1조원어치를 해킹으로 탈취했다고 밝혔다.",
     "2022-12-22T15:00:00+09:00", {"event_type": "other"}),
    # Incidents told as a front company in breach of sanctions, a DPRK ship seized, refined oil shipped in beyond
    # the cap, inspectors sent away, missiles handed over (goods first in Japanese), artillery rounds sent, and a
    # hack of last year that has come to light.
    ("", "A U.N. report says the Singapore-listed firm is a front run by North Korean agents to sell radios in breach "
     "of sanctions.", "2017-02-27T09:00:00+08:00", {"event_type": "sanctions_evasion", "actor": "DPRK"}),
    ("", "Panama has seized a North Korean-flagged freighter after finding missile parts hidden under its cargo of "
     "sugar.", "2013-07-16T09:00:00-05:00", {"event_type": "sanctions_evasion", "actor": "DPRK"}),
    ("", "米政府は2日、ロシアが3月に石油精製品16万バレルを北朝鮮に運んだと明らかにした。",
     "2024-05-03T09:00:00+09:00", {"event_type": "sanctions_evasion"}),
    ("", "North Korea has ordered U.N. nuclear inspectors to take down their cameras at the reactor site and leave "
     "the country, the agency said on Tuesday.", "2009-04-14T20:00:00+00:00",
     {"event_type": "nuclear_activity", "actor": "DPRK"}),
    ("", "ウクライナ情報機関の局長は23日、北朝鮮が2024年に弾道ミサイル140発をロシアに供与したと明らかにした。",
     "2025-01-24T09:00:00+09:00", {"event_type": "arms_transfer", "actor": "DPRK"}),
    ("Pyongyang has sent Moscow a million artillery rounds, Kyiv says",
     "North Korea has handed Russia about a million artillery rounds, Ukraine's military intelligence said on "
     "Monday.", "2024-01-15T20:00:00+02:00", {"event_type": "arms_transfer", "actor": "DPRK"}),
    ("", "북한 해커가 지난해 군 내부망에 침입해 작전계획 등 군사자료를 빼간 것으로 드러났다.",
     "2017-10-10T09:00:00+09:00", {"event_type": "cyber_incident", "actor": "DPRK"}),
    # The largest theft ever is this one, not a past one; a time told in UTC before it in Japanese.
    ("交換業大手、約15億ドル流出 北朝鮮ハッカー集団「ラザルス」関与の見方",
     "交換業大手は21日、保管用のウォレットから資産が不正に引き出されたと明らかにした。流出額は約15億ドルとみられ、"
     "暗号資産の盗難として過去最大規模となる。",
     "2025-02-22T09:00:00+09:00", {"event_type": "cyber_incident"}),
    ("", "北朝鮮は協定世界時22時30分ごろ弾道ミサイルを発射した。", "2024-11-05T09:00:00+09:00",
     {"occurred_at": "2024-11-04T22:30:00+00:00"}),
    # The eleventh set: a long-range rocket told in the passive; a weekday in parentheses with the local time is that
    # zone's day; the Security Council's condemnation is days after the act; the ROK's defence ministry unqualified
    # in Korean; a correction's time; the 31st in a report of a 30-day month's 1st; a climb is no distance flown;
    # an intermediate-range weapon.
    ("", "A long-range rocket launched by North Korea broke apart minutes after lift-off on Friday, officials said.",
     "2012-04-13T09:00:00+09:00", {"event_type": "satellite_launch", "outcome": "failure"}),
    ("", "North Korea fired an intercontinental ballistic missile on Tuesday afternoon Eastern time, the Pentagon "
     "said. The missile was launched at about 1:17 p.m. ET (3:17 a.m. Wednesday local time).",
     "2017-11-28T16:45:00-05:00", {"occurred_at": "2017-11-28T13:17:00-05:00"}),
    ("U.N. Council condemns North Korea's missile tests", "The Security Council voted 15 to 0 on Saturday to condemn "
     "North Korea's missile launches and demand a halt to its missile programme.", "2006-07-15T18:00:00-04:00",
     {"event_type": "other"}),
    # (A state's statement of the day citing the Council's resolutions still tells the launch.)
    ("Statement on the launch", "The United States strongly condemns the DPRK's launch of a ballistic missile today, "
     "in violation of multiple UN Security Council resolutions.", "2023-11-21T13:30:00-05:00",
     {"event_type": "ballistic_missile_launch"}),
    ("", "국방부는 4일 오후 2시께 제주 남방 해상에서 고체추진 우주발사체 시험비행을 실시해 위성을 궤도에 "
     "올렸다고 밝혔다. 북한은 지난달 21일 정찰위성을 발사했다고 주장했다.", "2023-12-04T17:00:00+09:00",
     {"event_type": "other"}),
    ("", "합동참모본부는 북한이 31일 오전 6시 29분쯤 '북한 주장 우주발사체' 1발을 발사했다고 밝혔다. "
     "행정안전부는 7시 3분 이를 오발령이라고 정정했다.", "2023-05-31T10:00:00+09:00",
     {"occurred_at": "2023-05-31T06:29:00+09:00"}),
    ("", "북한은 전날 신형 ICBM을 시험발사했다고 1일 밝혔다. 앞서 합참은 31일 오전 7시 10분께 평양 일대에서 발사된 "
     "탄도미사일 1발을 포착했다고 밝혔다.", "2024-11-01T07:45:00+09:00", {"occurred_at": "2024-10-31T07:10:00+09:00"}),
    ("", "North Korea fired an intercontinental ballistic missile on Monday. Japan said the missile flew for about 70 "
     "minutes, rose to more than 6,000 kilometers and fell into the sea; Seoul said it traveled about 1,000 "
     "kilometers.", "2023-12-18T12:00:00+09:00", {"range_km": 1000}),
    ("", "North Korea fired a ballistic missile on Monday that Seoul said was an intermediate-range weapon.",
     "2025-01-06T14:00:00+09:00", {"missile_class": "IRBM"}),
    # The eleventh incident set: IT workers told as technology workers or remote jobs; oil supplied to the DPRK told
    # it first; arms handed over told goods first in Korean, and paid for troops; a closed-door briefing to a
    # parliamentary committee is where a disclosure is made, no meeting frame; intercepts rehearsed by the three; the
    # missile-warning data shared in Japanese; a simulated missile is no launch.
    ("", "Prosecutors charged a Tennessee man with helping North Korean technology workers pass themselves off as "
     "Americans to win remote jobs at U.S. companies.", "2024-08-08T20:00:00-04:00",
     {"event_type": "sanctions_evasion", "actor": "DPRK"}),
    ("", "A federal grand jury has indicted 14 North Korean nationals accused of using stolen identities to land "
     "remote information-technology jobs, the Justice Department said Thursday.", "2024-12-12T20:00:00-05:00",
     {"event_type": "sanctions_evasion", "actor": "DPRK"}),
    ("", "Russia has supplied North Korea with more than a million barrels of oil since March, researchers said on "
     "Friday.", "2024-11-22T09:00:00+00:00", {"event_type": "sanctions_evasion"}),
    ("", "監視チームは29日に報告書を公表し、ロシアが北朝鮮に防空システム「パンツィリ」級の戦闘車両を"
     "少なくとも1両移転したと指摘した。", "2025-05-30T09:00:00+09:00",
     {"event_type": "arms_transfer", "actor": "Russia"}),
    ("", "러시아가 북한의 파병에 대한 대가로 방공망 장비와 대공미사일 등을 북한에 넘긴 것으로 파악됐다고 22일 밝혔다.",
     "2024-11-22T10:00:00+09:00", {"event_type": "arms_transfer", "actor": "Russia"}),
    ("", "국가정보원은 19일 국회 정보위원회 비공개 회의에서 러시아에 파병된 북한군 가운데 100명 이상이 "
     "숨졌다고 보고했다.",
     "2024-12-19T18:00:00+09:00", {"event_type": "troop_deployment"}),
    ("", "South Korean, Japanese and U.S. Aegis destroyers practiced detecting, tracking and intercepting a simulated "
     "North Korean ballistic missile on Wednesday, Seoul said.", "2023-02-22T18:00:00+09:00",
     {"event_type": "trilateral_action"}),
    ("", "日本、米国、韓国の3か国政府は19日、北朝鮮の弾道ミサイルの警戒データをリアルタイムで共有する仕組みの"
     "運用を始めたと発表した。", "2023-12-19T18:00:00+09:00", {"event_type": "trilateral_action"}),
    # The twelfth set: a missile alert that was a mistake; images a satellite programme released and a launch in a
    # condition (発射すれば); a claim of its own act ("claimed it had succeeded"); an attempt made; a dateline's May
    # is no modal; a denial of one's country's sales; a wire's GMT time without a colon.
    ("Missile alert was a false alarm, officials say", "A warning that a ballistic missile was headed for the "
     "islands, sent to phones at 8:07 a.m. Saturday, was a mistake, officials said.", "2018-01-13T15:00:00-10:00",
     {"event_type": "other"}),
    ("金与正氏、偵察衛星の試験画像への酷評に反発", "北朝鮮が18日に公開した偵察衛星開発の試験画像について、金与正氏は"
     "大陸間弾道ミサイルを正常な角度で発射すれば分かるだろうと示唆した。", "2022-12-20T12:00:00+09:00",
     {"event_type": "other"}),
    ("North Korea claims first ICBM test", "North Korea claimed Tuesday it had succeeded in test-launching an "
     "intercontinental ballistic missile, which would put parts of the United States within reach.",
     "2017-07-04T18:00:00+09:00", {"event_type": "ballistic_missile_launch", "actor": "DPRK"}),
    ("", "North Korea's fourth attempt in a year to put a spy satellite into orbit ended in a mid-air explosion on "
     "Monday night, state media said.", "2024-05-28T09:00:00+09:00",
     {"event_type": "satellite_launch", "outcome": "failure"}),
    ("", "SEOUL, May 31 (Reuters) - Kim Jong Un supervised a salvo of super-large multiple rocket launchers on "
     "Thursday, state media said.", "2024-05-31T10:00:00+09:00", {"event_type": "ballistic_missile_launch"}),
    ("Kim's sister denies North Korea sells arms to Russia", "Kim Yo Jong on Friday denied that her country exports "
     "weapons to Russia, calling the accusation absurd.", "2024-05-17T10:00:00+09:00", {"event_type": "other"}),
    ("", "North Korea fired about 18 short-range ballistic missiles starting at 2114 GMT on Wednesday, Seoul said.",
     "2024-05-30T12:00:00+00:00", {"occurred_at": "2024-05-29T21:14:00+00:00"}),
    # The twelfth incident set: a claim dismissed with words between (주장을 … 일축), a rumour denied; the three's
    # warning data shared told as "real-time warning data"; the US Air Force in Japanese; containers sent "to
    # Russia" with 로; refined oil products moved onto a DPRK ship.
    ("", "김여정은 17일 담화에서 북한이 러시아에 무기를 수출한다는 주장을 가장 황당한 억측이라고 일축했다.",
     "2024-05-17T12:00:00+09:00", {"event_type": "other"}),
    ("", "Japan, South Korea and the United States have begun sharing real-time warning data on North Korean missile "
     "launches, the three defense ministries said Tuesday.", "2023-12-19T18:00:00+09:00",
     {"event_type": "trilateral_action"}),
    ("", "航空自衛隊と米空軍、韓国空軍は22日、朝鮮半島周辺の空域で3カ国による初めての共同訓練を実施した。",
     "2023-10-22T18:00:00+09:00", {"event_type": "trilateral_action"}),
    ("", "북한이 지난해 9월 이후 러시아로 실어 보낸 군수품 컨테이너가 약 6천700개에 이른다고 국방부 장관이 밝혔다.",
     "2024-02-28T18:00:00+09:00", {"event_type": "arms_transfer", "actor": "DPRK"}),
    ("", "정부는 공해상에서 북한 선박에 정유제품을 옮겨 실은 혐의로 홍콩 선적 유조선을 억류해 조사하고 있다고 "
     "29일 밝혔다.",
     "2017-12-29T18:00:00+09:00", {"event_type": "sanctions_evasion"}),
    # The thirteenth look-alikes: a launch of two days before as what the story is about (を巡り, について); a title
    # correcting a quoted report ("「日本上空通過」を訂正") tells no act.
    ("", "北朝鮮が18日朝に発射した大陸間弾道ミサイル「火星18」を巡り、日米韓の専門家による分析が続いている。",
     "2023-12-20T17:00:00+09:00", {"event_type": "other"}),
    ("「日本上空通過」を訂正 北朝鮮ミサイル",
     "北朝鮮が3日朝に発射した弾道ミサイルについて、政府は当初「日本列島を越えて太平洋へ通過した」と発表したが、"
     "その後「日本海上空で消失した」と訂正した。", "2022-11-04T06:30:00+09:00",
     {"event_type": "other"}),
    # The thirteenth set: a title summing launches over years, a year's review ("what 2022 showed"); (a launch titled
    # as the biggest "since 2017" is still told).
    ("北朝鮮ミサイルの日本上空通過、1998年から7回",
     "北朝鮮の弾道ミサイルが日本の上空を通過したのは、4日の中距離弾道ミサイルで7回目となった。",
     "2022-10-05T18:00:00+09:00", {"event_type": "other"}),
    ("A record year of North Korean launches: what 2022 showed", "North Korea is ending 2022 with more than 70 "
     "ballistic missiles fired, by far its busiest year of testing.", "2022-12-29T21:00:00-05:00",
     {"event_type": "other"}),
    ("North Korea confirms Hwasong-12 launch, its biggest missile test since 2017", "North Korean state media "
     "confirmed Monday that the missile fired on Sunday was a Hwasong-12.", "2022-01-31T09:00:00+09:00",
     {"event_type": "ballistic_missile_launch"}),
    # A target that far away, hit (Japanese); a height told as "climbing to".
    ("", "北朝鮮は12日、潜水艦から戦略巡航ミサイル2発を発射し、ミサイルは約1500キロ先の目標に命中したと主張した。",
     "2023-03-13T08:45:00+09:00", {"range_km": 1500}),
    ("", "North Korea fired an ICBM-class missile on Friday that flew for about 69 minutes, climbing to roughly 6,000 "
     "kilometers.", "2022-11-18T14:00:00+09:00", {"apogee_km": 6000}),
    # A failure counted in times is an earlier one's, not the story's launch's.
    ("", "North Korea fired two short-range ballistic missiles on Wednesday. Officials noted the country failed twice "
     "this year to put a spy satellite into orbit.", "2023-09-13T15:00:00+09:00", {"outcome": "unknown"}),
    # The fourteenth set: a missile the North tried to fire is a launch made; a hydrogen bomb's test in Japanese
    # and Korean words (단행: carried out); a launch ordered or put off is none yet, and a lede naming the rocket
    # under such a title tells none either; Japan's prefectures overflown, in Korean; kilometres as one paper
    # writes them.
    ("", "A missile the North tried to fire from near Wonsan on Tuesday blew up shortly after leaving the pad, the "
     "U.S. military said.", "2017-04-05T09:00:00+09:00",
     {"event_type": "ballistic_missile_launch", "actor": "DPRK", "count": 1}),
    ("", "北朝鮮は3日、大陸間弾道ミサイルに搭載する水爆の実験に完全に成功したと発表した。",
     "2017-09-03T16:00:00+09:00", {"event_type": "nuclear_test"}),
    ("", "북한은 3일 대륙간탄도미사일에 장착할 수소폭탄 실험을 성공적으로 단행했다고 발표했다.",
     "2017-09-03T16:00:00+09:00", {"event_type": "nuclear_test"}),
    ("金正恩氏、偵察衛星の打ち上げ指示",
     "金正恩総書記は宇宙開発局を訪れ、完成した偵察衛星を予定通り打ち上げるよう指示した。",
     "2023-04-19T09:00:00+09:00", {"event_type": "other"}),
    ("北 '은하 3호' 발사 미뤄지나",
     "북한이 동창리에서 장거리 로켓의 1단 엔진을 교체하고 있는 것으로 보인다고 정부 소식통이 11일 밝혔다.",
     "2012-12-11T16:00:00+09:00", {"event_type": "other"}),
    ("", "북한이 5일 오전 장거리 로켓을 발사했으며 로켓은 일본 미야기·이와테현 상공을 지나 태평양에 떨어졌다고 "
     "정부가 밝혔다.",
     "2009-04-05T15:00:00+09:00", {"event_type": "satellite_launch", "overflew_japan": True}),
    ("", "北朝鮮は18日午前、短距離弾道ミサイル2発を発射した。防衛省によると、2発とも約300キロ・メートル飛行した。",
     "2024-03-18T12:00:00+09:00", {"range_km": 300}),
    # The fourteenth incidents: sanctions flouted "with" what is named are broken, not imposed; spent fuel rods taken
    # from a reactor; the fallen, or a force moved, tell troops are there; a Japanese relative clause of the transfer
    # before the goods; the three's drills as Japanese and Korean tell them; coal moved off its flagged ships.
    ("North Korea flouting sanctions with surge in ship-to-ship oil transfers: UN panel",
     "North Korea is defying U.N. sanctions through a surge in illicit ship-to-ship transfers of refined oil at sea, "
     "according to a confidential U.N. report seen on Friday.", "2018-08-04T02:00:00+00:00",
     {"event_type": "sanctions_evasion", "actor": "DPRK"}),
    ("", "North Korea said on Tuesday it had finished unloading 8,000 spent fuel rods from its Yongbyon reactor.",
     "2005-05-11T06:00:00+00:00", {"event_type": "nuclear_activity", "actor": "DPRK"}),
    ("", "Two North Korean military officers were among those killed in a Ukrainian strike on a Russian post Monday, "
     "Ukraine's military intelligence said.", "2024-11-05T10:00:00+00:00",
     {"event_type": "troop_deployment", "actor": "DPRK"}),
    ("", "Some of the North Korean force sent to Russia has been moved to the Belgorod border, a Ukrainian official "
     "said on Friday.", "2024-11-22T20:00:00+00:00", {"event_type": "troop_deployment", "actor": "DPRK"}),
    ("", "ロシア軍の参謀総長は26日、北朝鮮軍の兵士がクルスク州での作戦に参加したと明らかにした。",
     "2025-04-27T07:00:00+09:00", {"event_type": "troop_deployment", "actor": "DPRK"}),
    ("", "ウクライナの情報機関は、北朝鮮がロシアに供与した多連装ロケット砲が前線に運ばれたと明らかにした。",
     "2025-03-27T19:00:00+09:00", {"event_type": "arms_transfer", "actor": "DPRK"}),
    ("", "日米韓3か国は16日、日本海でイージス艦によるミサイル防衛訓練を行った。",
     "2023-07-16T18:00:00+09:00", {"event_type": "trilateral_action", "actor": "Japan-ROK-US"}),
    ("한미일, 괌 인근서 미사일 경보훈련", "한국과 미국, 일본이 괌 인근 해상에서 미사일 경보훈련을 했다고 국방부가 "
     "밝혔다.", "2022-08-16T16:00:00+09:00", {"event_type": "trilateral_action", "actor": "Japan-ROK-US"}),
    ("", "U.N. experts said North Korea was shifting coal from North Korean-flagged vessels onto foreign barges in "
     "Chinese waters.", "2020-02-15T01:00:00+00:00", {"event_type": "sanctions_evasion", "actor": "DPRK"}),
    # The fifteenth set: missiles "fired by" a state are its act, whatever capital the sentence named before; a
    # state saying what "the missile it fired" did tells its own act; a missile that "blew up" after liftoff was
    # launched; the launch a protest answers, told on the story's day, is the story's news; a comparison with "a
    # year ago" tells of now.
    ("", "Japan lodged a protest through its embassy in Beijing after two ballistic missiles fired by Pyongyang came "
     "down inside its exclusive economic zone on Thursday.", "2023-06-15T21:00:00+09:00",
     {"event_type": "ballistic_missile_launch", "actor": "DPRK"}),
    ("", "North Korea said Tuesday that the ballistic missile it fired on Sunday carried a dummy warhead, in a drill "
     "it said answered joint exercises by the United States and South Korea.", "2023-03-21T00:00:00+00:00",
     {"event_type": "ballistic_missile_launch", "actor": "DPRK"}),
    ("", "A North Korean missile blew up seconds after liftoff near Kusong on Saturday, South Korean officials said.",
     "2017-04-29T09:00:00+09:00", {"event_type": "ballistic_missile_launch", "actor": "DPRK"}),
    ("", "政府は15日、北朝鮮が同日夜に弾道ミサイルを発射したことを受けて、北京の大使館ルートで厳重に抗議した。",
     "2023-06-15T21:30:00+09:00", {"event_type": "ballistic_missile_launch", "actor": "DPRK"}),
    ("", "Missiles North Korea has supplied to Russia are hitting their targets far more often than a year ago, a "
     "Ukrainian commander said on Monday.", "2025-03-03T10:00:00+00:00",
     {"event_type": "arms_transfer", "actor": "DPRK"}),
    # The year so far is a tally: a Council meeting where the launches "since the year began" are condemned.
    ("安保理が北朝鮮問題で会合",
     "国連安全保障理事会は21日、北朝鮮問題を協議する会合を開いた。米国の国連大使は、北朝鮮が今年に入って前例のない数の"
     "弾道ミサイルを発射していると非難した。", "2022-11-22T08:00:00+09:00",
     {"event_type": "other"}),
    # The fifteenth incidents: troops being sent now, to fight for Russia; an army's builders sent; shells bought
    # from the DPRK (and "수백만 발", millions of rounds, read as no figure); operatives who "have been hired"; an
    # annual report's finding "分かった" today; phones hacked and data taken, come to light.
    ("", "Ukraine's intelligence says North Korea is sending 12,000 soldiers to fight for Russia, President Zelensky "
     "said on Thursday.", "2024-10-17T15:00:00+01:00", {"event_type": "troop_deployment", "actor": "DPRK"}),
    ("", "북한이 지난 8월부터 군사 건설 인력 수천 명을 러시아로 보내고 있다고 국가정보원이 밝혔다.",
     "2025-11-04T15:00:00+09:00", {"event_type": "troop_deployment", "actor": "DPRK"}),
    ("", "러시아가 포탄과 로켓 수백만 발을 북한에서 사들이고 있다고 미국 정부 당국자가 5일 밝혔다.",
     "2022-09-06T09:00:00+09:00", {"event_type": "arms_transfer", "actor": "DPRK"}),
    ("", "North Korean operatives posing as freelance developers have been hired by dozens of U.S. firms this year, "
     "a security company said on Monday.", "2025-08-04T09:00:00-04:00",
     {"event_type": "sanctions_evasion", "actor": "DPRK"}),
    ("", "国連の専門家パネルの報告書で、北朝鮮が昨年も洋上で石油精製品を積み替える「瀬取り」を続けていたと指摘している"
     "ことが9日分かった。", "2022-02-09T09:00:00+09:00", {"event_type": "sanctions_evasion", "actor": "DPRK"}),
    ("", "북한이 지난달 정부 인사 수십 명의 스마트폰을 해킹해 문자 메시지를 빼낸 것으로 드러났다고 국정원이 8일 "
     "밝혔다.",
     "2016-03-08T16:00:00+09:00", {"event_type": "cyber_incident", "actor": "DPRK"}),
    # A year on from a theft, and a market cut off from the dollar for laundering thefts: no new theft told.
    ("A year after the Bybit heist, North Korea's crypto raids go on", "Hackers drained about $1.5 billion of ether "
     "from the exchange Bybit last February. Five days later the FBI publicly attributed it to North Korea, naming "
     "the group it calls TraderTraitor.",
     "2026-02-21T12:00:00Z", {"event_type": "other"}),
    ("U.S. moves to cut Huione Group off from dollar system over laundering for North Korean hackers",
     "The U.S. Treasury on Thursday found Cambodia-based Huione Group to be a primary money-laundering concern that "
     "has served North Korean hackers.", "2025-05-01T18:00:00-04:00", {"event_type": "other"}),
    # A weapons exhibition showing an ICBM and a satellite's rocket (Pyongyang, November 2024) tells no launch.
    ("北朝鮮、平壌で兵器展示会", "朝鮮中央通信は22日、兵器展示会が21日に平壌で開幕し、新型の大陸間弾道ミサイル"
     "「火星19」や偵察衛星の運搬ロケットが並んだと報じた。", "2024-11-22T09:00:00+09:00", {"event_type": "other"}),
    # A class an analyst only guesses at, later in the story, is no class of the launch.
    ("", "North Korea launched a ballistic missile off its east coast early Wednesday, South Korea's military said."
     "\n\nAn analyst said the missile could have been a hypersonic weapon, though a submarine-launched ballistic "
     "missile could not be ruled out.", "2026-08-12T09:00:00+09:00",
     {"event_type": "ballistic_missile_launch", "missile_class": None}),
    # A plant still running, as the IAEA's chief said in March 2025: signs of what goes on, not of what is to come.
    ("", "IAEAのグロッシ事務局長は3日、北朝鮮が寧辺と降仙の2か所でウラン濃縮施設の稼働を続けている兆候があると"
     "明らかにした。", "2025-03-04T09:00:00+09:00", {"event_type": "nuclear_activity", "actor": "DPRK"}),
    ("", "韓国軍は、北朝鮮が東倉里で衛星を発射する兆候があると明らかにした。", "2023-05-29T09:00:00+09:00",
     {"event_type": "other"}),
    # Today's bound, not the day before's larger one told beside it (the shelling near Yeonpyeong, 5 and 6 January
    # 2024).
    ("북, 이틀째 서해 완충구역 포사격…60여발", "북한이 6일 오후 서해 완충구역으로 60여 발의 포사격을 했다고 합참이 "
     "밝혔다. 전날 200여 발에 이어 이틀 연속이다.", "2024-01-06T18:00:00+09:00",
     {"event_type": "artillery_fire", "count": 60}),
    # The eighteenth wave. The ROK's answer to a launch ("에 맞서": in response to) is the ROK's act (5 October
    # 2022, ATACMS after the IRBM over Japan); a launch tried and failed is a failed launch.
    ("", "북한의 중거리탄도미사일(IRBM) 도발에 맞서 한미가 실시한 연합 사격에서 우리 군이 쏜 현무-2 탄도미사일 1발이 "
     "비정상 비행 끝에 군 기지 안에 떨어진 것으로 확인됐다.", "2022-10-05T09:00:00+09:00", {"event_type": "other"}),
    ("", "North Korea tried and failed to fire a ballistic missile from the Sinpo area on Sunday morning, South "
     "Korea's military said.", "2017-04-16T10:00:00+09:00",
     {"event_type": "ballistic_missile_launch", "outcome": "failure"}),
    # The 600-mm launcher is the KN-25 (ballistic); "an ... rocket launcher" counts no rocket, nor is a "multiple
    # rocket launcher" a vague count.
    ("", "Kim Jong Un watched a test-fire of a new 600-mm multiple rocket launcher on Thursday in which three "
     "rockets hit an island target, state media said.", "2024-05-31T09:00:00+09:00",
     {"event_type": "ballistic_missile_launch", "system": "KN-25", "count": 3}),
    # What an engine could one day power, in a later paragraph, is no class of the launch.
    ("", "North Korea fired a missile from its west coast on Tuesday, Seoul said.\n\nExperts said the new engine "
     "could eventually power an intercontinental ballistic missile able to reach the U.S. mainland.",
     "2023-04-11T09:00:00+09:00", {"event_type": "ballistic_missile_launch", "missile_class": None}),
    # A name's reading in full-width brackets (火星(ファソン)15), and an overflight of a prefecture in Korean.
    ("", "朝鮮中央通信は19日、大陸間弾道ミサイル「火星\uff08ファソン\uff0915」を18日に発射したと報じた。",
     "2023-02-19T08:00:00+09:00", {"event_type": "ballistic_missile_launch", "system": "Hwasong-15"}),
    ("", "북한이 5일 발사한 장거리 로켓이 아키타현 상공을 지나 태평양에 떨어졌다고 일본 정부가 밝혔다.",
     "2009-04-05T13:00:00+09:00", {"overflew_japan": True}),
    # What may or may not have happened ("any transfer ..., if it took place"), and a year's or years' sum of
    # thefts (Chainalysis on 2024; the UN panel on 2017-2023): no incident.
    ("", "Pyongyang said any transfer of its artillery shells to Russia, if it took place, would break no law.",
     "2023-09-10T09:00:00+09:00", {"event_type": "other"}),
    ("", "North Korean hackers stole more digital assets in 2022 than in any year before, a U.N. panel said in a "
     "report seen on Monday.", "2023-02-06T09:00:00-05:00", {"event_type": "other"}),
    ("", "북한 해커들이 2017년부터 6년간 가상화폐 약 30억 달러를 빼돌렸다고 유엔 전문가패널이 밝혔다.",
     "2024-02-08T09:00:00+09:00", {"event_type": "other"}),
    # A plant at work (November 2010), and a bomber joining the two allies' jets (January 2025).
    ("", "Pyongyang's state media said on Tuesday that thousands of centrifuges were running at a newly built "
     "enrichment facility in Yongbyon.", "2010-11-30T09:00:00+09:00",
     {"event_type": "nuclear_activity", "actor": "DPRK"}),
    ("US B-1B bomber joins South Korean and Japanese jets in three-way air drill", "The bomber flew with South "
     "Korean KF-16s and Japanese F-2s over waters south of Jeju on Wednesday, Seoul's defence ministry said.",
     "2025-01-15T18:00:00+09:00",
     {"event_type": "trilateral_action", "actor": "Japan-ROK-US"}),
    # The nineteenth wave. A "failed satellite launch" the Council condemns is no failing told (June 2023); troops
    # told only as which ones a designation means; a cemetery for those who fought (memorials tell no act). (The
    # act whose years a title counts, "初発射から30年", is held by the nineteenth set's corpus test.)
    ("UN Security Council condemns North Korea's failed satellite launch", "The Security Council met on Friday "
     "over North Korea's launch of a rocket carrying a spy satellite last week.", "2023-06-03T09:00:00-04:00",
     {"event_type": "other"}),
    ("", "The United States on Tuesday imposed sanctions on three North Korean officers it said commanded the troops "
     "Pyongyang sent to Russia's Kursk region.", "2024-12-17T18:00:00-05:00", {"event_type": "other"}),
    ("North Korea opens cemetery for soldiers who fell in Kursk", "State media said on Sunday that a cemetery had "
     "opened in Pyongyang for soldiers who died fighting alongside Russian forces in Kursk.",
     "2025-12-14T09:00:00+09:00", {"event_type": "other"}),
    # A question-and-answer story: the lede is the first answer.
    ("North Korea's launch: what we know", "What happened?\nNorth Korea fired two short-range ballistic missiles "
     "from near Pyongyang on Thursday morning, South Korea's military said.", "2024-01-18T12:00:00+09:00",
     {"event_type": "ballistic_missile_launch", "count": 2}),
    # Two of the three named as a pair (the first trilateral air drill with a B-52, 22 October 2023); a unit
    # named by where it served, in Korean.
    ("", "航空自衛隊と米韓両空軍は22日、朝鮮半島南方の空域で米軍のB52戦略爆撃機が参加する初の共同訓練を行った。",
     "2023-10-22T18:00:00+09:00", {"event_type": "trilateral_action", "actor": "Japan-ROK-US"}),
    ("", "러시아 쿠르스크주에 파견됐던 북한 공병연대가 임무를 마치고 귀국했다고 조선중앙통신이 13일 보도했다.",
     "2025-12-13T09:00:00+09:00", {"event_type": "troop_deployment", "actor": "DPRK"}),
    # One missile told by its flight, no number given (the Hwasong-15, 29 November 2017); a launch "the day before"
    # the statement the story reports is the story's own (the Hwasong-12, 30 January 2022).
    ("", "North Korea said on Wednesday that the new intercontinental ballistic missile it fired before dawn was the "
     "Hwasong-15. The missile climbed to about 4,475 km and came down some 950 km away.",
     "2017-11-29T18:00:00+09:00", {"count": 1, "system": "Hwasong-15"}),
    ("", "North Korea said on Monday it had fired a Hwasong-12 intermediate-range ballistic missile the day before.",
     "2022-01-31T09:00:00+09:00", {"event_type": "ballistic_missile_launch", "count": 1}),
    # A launch two days old named as the matter a follow-up is about ("…した問題で", "…을 두고"): no new act (the
    # Hwasong-12 over Hokkaido, 29 August 2017; the Hwasong-18, 13 April 2023).
    ("", "北朝鮮が29日朝に発射した弾道ミサイルが北海道の上空を通過した問題で、"
     "政府は31日、避難の呼びかけ方を見直す方針を決めた。",
     "2017-08-31T12:00:00+09:00", {"event_type": "other"}),
    ("", "북한이 지난 13일 쏜 고체연료 ICBM '화성-18형'을 두고 전문가들의 평가가 엇갈리고 있다.",
     "2023-04-15T10:00:00+09:00", {"event_type": "other"}),
    # Missiles fired at Ukraine are Russia's strike; North Korean ones in it, or its shells fired or received by
    # Russia, are the DPRK's transfer (Zaporizhzhia, 2024; Ukraine's intelligence on shells, 2024-2025).
    ("Two of the missiles fired at Kyiv on Sunday were North Korean, police say", "Two of the six ballistic missiles "
     "Russia launched at Kyiv early on Sunday were KN-23s made in North Korea, the city's police chief said.",
     "2024-01-21T18:00:00+09:00", {"event_type": "arms_transfer", "actor": "DPRK"}),
    ("", "Russian troops in eastern Ukraine are now firing mostly North Korean artillery shells, a Ukrainian commander "
     "said on Monday.", "2024-06-10T18:00:00+09:00", {"event_type": "arms_transfer", "actor": "DPRK"}),
    ("", "Russia has received another shipment of artillery rounds from North Korea, Ukraine's defence "
     "intelligence said on Thursday.", "2024-11-21T18:00:00+09:00", {"event_type": "arms_transfer", "actor": "DPRK"}),
    ("", "North Korea now supplies about a third of the shells Russian units fire in Donetsk and has started "
     "delivering howitzers, Kyiv said on Tuesday.", "2025-03-04T18:00:00+09:00",
     {"event_type": "arms_transfer", "actor": "DPRK"}),
    # A gift of arms from Russia to the DPRK's leader; a North Korean officer wounded in Kursk: its troops there.
    ("", "Kim Jong Un returned from Vladivostok on Monday with gifts from Russian officials that included two attack "
     "drones and a rifle.", "2023-09-18T18:00:00+09:00", {"event_type": "arms_transfer", "actor": "Russia"}),
    ("", "A North Korean colonel was killed by a Ukrainian drone in Russia's Kursk region last week, Seoul's spy "
     "agency told lawmakers on Wednesday.", "2024-12-18T18:00:00+09:00",
     {"event_type": "troop_deployment", "actor": "DPRK"}),
    # FROG rockets by name (16 of them, 23 March 2014); a missile called the same type as an earlier one is of that
    # type ("…과 같은 기종", "the same type as").
    ("", "North Korea fired 16 FROG rockets into the sea off its east coast early on Sunday, Seoul said.",
     "2014-03-23T12:00:00+09:00", {"missile_class": "SRBM", "system": "FROG", "count": 16}),
    ("", "북한이 오늘 아침 탄도미사일 1발을 발사했습니다. "
     "군은 지난달 발사한 '화성-12형'과 같은 기종으로 보고 있습니다.",
     "2017-09-15T09:00:00+09:00", {"missile_class": "IRBM", "system": "Hwasong-12"}),
    # A launch to come, or its timing ("곧 발사", "발사 시기"); a target that is all of the North ("北 전역") is no
    # doer; a rocket's wreckage salvaged; engines made for ICBMs; missiles moved to a coast; the threat a measure
    # answers, and a missile named as a means with no doer in its sentence (ROK, DPRK and Japanese stories of
    # 2012-2023).
    ('北 "정찰위성 6월 중 곧 발사"…발사 시기 처음 공개', "북한 국가항공우주기술총국은 30일 정찰위성 1호기를 6월 중 곧 "
     "발사하겠다고 밝혔다.", "2023-05-30T10:00:00+09:00", {"event_type": "other"}),
    ("軍, 北 전역 사정권 탄도미사일 시험발사 성공", "우리 군이 북한 전역을 사정권에 두는 신형 탄도미사일의 시험발사에 "
     "성공했다고 국방부가 14일 밝혔다.", "2017-04-14T10:00:00+09:00", {"event_type": "other"}),
    ("北 장거리로켓 잔해 추가 인양", "군은 북한이 지난 12일 발사한 장거리 로켓의 1단 추진체 잔해를 서해에서 추가로 "
     "인양했다고 23일 밝혔다. 앞서 건져 올린 연료통을 분석한 결과 이번 로켓은 위성 발사체보다는 미사일 개발용으로 "
     "판단됐다.", "2012-12-23T10:00:00+09:00", {"event_type": "other"}),
    ("", "Kim Jong Un ordered more solid-fuel engines and warhead tips for intercontinental ballistic missiles during "
     "a visit to a chemical institute, state media said on Wednesday.", "2017-08-23T10:00:00+09:00",
     {"event_type": "other"}),
    ("", "North Korea has moved two medium-range missiles to its east coast, Seoul's defence minister said on "
     "Thursday.", "2013-04-04T18:00:00+09:00", {"event_type": "other"}),
    ("", "自民党は30日、北朝鮮の弾道ミサイルへの対処能力を強化する提言を首相に提出した。"
     "巡航ミサイルなどで相手の発射拠点をたたく能力の保有を求めた。", "2017-03-30T18:00:00+09:00",
     {"event_type": "other"}),
    # A wire's update note before its lede; an earlier failure of the day is not the story's launch; a Korean doer
    # is the state its particle marks, not one qualifying a noun (the Musudans of 22 June 2016; rockets, 2025).
    ("UPDATE 1-North Korea fires ballistic missile", "(Adds Japan's statement, background)\n\nSEOUL, May 14 "
     "(Reuters) - North Korea fired a ballistic missile off its east coast on Sunday, South Korea's military said.",
     "2017-05-14T12:00:00+09:00", {"event_type": "ballistic_missile_launch", "count": 1}),
    ("North Korea's second Musudan of the day flies 400 km after first one fails", "North Korea fired a second "
     "Musudan missile on Wednesday that flew about 400 km, South Korea said.", "2016-06-22T12:00:00+09:00",
     {"system": "Musudan", "outcome": "unknown"}),
    ("", "북한이 미국 국방장관의 방한을 앞둔 3일 오후 서해상으로 방사포 10여 발을 쐈다고 합참이 4일 밝혔다.",
     "2025-11-04T10:00:00+09:00", {"event_type": "artillery_fire", "actor": "DPRK"}),
    # The launch the story follows, of the same day ("朝のICBM級に続き", "発射したばかりで"), gives none of its facts;
    # a headline's space parts its phrases (3 November 2022).
    ("北朝鮮、夜にも弾道ミサイル3発\u3000朝のICBM級に続き", "北朝鮮は3日夜、弾道ミサイル3発を発射した。\n\n"
     "北朝鮮はこの日朝にも大陸間弾道ミサイル(ICBM)級を発射したばかりで、1日2回の発射となった。\n\n"
     "韓国軍によると、夜の3発は短距離弾道ミサイルだった。", "2022-11-03T23:00:00+09:00",
     {"missile_class": "SRBM", "count": 3}),
    # Another state's arms to Russia; nothing seen of a deployment; North Korean missiles or shells Russia fires are
    # its transfer; pilots sent; plutonium separated, "may have" done; workers sent abroad; ships designated for
    # carrying its coal (2016-2025).
    ("", "Russian cargo ships have carried more than 200,000 artillery shells from Iran across the Caspian Sea, a "
     "newspaper reported on Monday.\n\nWashington has also accused North Korea of arming Russia since 2022.",
     "2023-04-24T18:00:00+09:00", {"event_type": "other"}),
    ("", "Seoul has detected no sign that North Korea is sending more troops to Russia, the ministry said on "
     "Tuesday.", "2025-07-01T18:00:00+09:00", {"event_type": "other"}),
    ("", "A North Korean KN-24 ballistic missile that Russia fired at Poltava was full of Western parts, investigators "
     "said on Friday.", "2024-10-18T18:00:00+09:00", {"event_type": "arms_transfer", "actor": "DPRK"}),
    ("", "우크라이나군은 하르키우 전선에서 러시아군이 쏘는 포탄의 절반이 북한산이라고 26일 밝혔다.",
     "2024-11-26T18:00:00+09:00", {"event_type": "arms_transfer", "actor": "DPRK"}),
    ("", "North Korea sent fighter pilots to Russia's Far East for training, a Seoul official said on Monday.",
     "2024-10-21T18:00:00+09:00", {"event_type": "troop_deployment", "actor": "DPRK"}),
    ("", "North Korea appears to have extracted more plutonium from spent fuel at Yongbyon, a US institute said on "
     "Tuesday.", "2016-09-20T18:00:00+09:00", {"event_type": "nuclear_activity"}),
    ("", "North Korea may have produced more plutonium at Yongbyon, a US institute said on Tuesday.",
     "2016-09-20T18:00:00+09:00", {"event_type": "nuclear_activity"}),
    ("", "Hundreds of North Korean workers sent to fish plants in northeastern China have been packing seafood for "
     "export, an investigation published on Monday found.", "2024-02-26T18:00:00+09:00",
     {"event_type": "sanctions_evasion", "actor": "DPRK"}),
    ("", "정부가 유엔 안전보장이사회 대북제재 결의를 어기고 북한산 석탄 운송에 쓰인 선박 3척을 "
     "입항금지 대상으로 지정했다.",
     "2018-08-13T18:00:00+09:00", {"event_type": "other"}),
    # What a missile can fly is not what it flew: "with a range of", "최대 사거리" (2003, 2013).
    ("", "North Korea test-fired an anti-ship missile on Monday, officials said. Japanese media said it was a Silkworm "
     "with a range of about 100 kilometers.", "2003-02-24T18:00:00+09:00", {"range_km": None}),
    ("", "북한이 15일 동해상으로 단거리 탄도미사일 2발을 발사했다.\n\n군 소식통은 \"최대 사거리가 120㎞ 정도인 KN-02로 "
     "추정된다\"고 말했다.",
     "2013-03-15T18:00:00+09:00", {"range_km": None}),
    # Missiles "쐈다" (shot) in Korean, as well as "발사했다".
    ("", "북한이 15일 동해상으로 단거리 미사일 2발을 쐈다.", "2013-03-15T18:00:00+09:00",
     {"event_type": "ballistic_missile_launch", "count": 2}),
    # Short-range missiles or projectiles of no named kind, in the title or lede: short-range ballistic ones (20 May
    # 2013); not those of another day told in the body (2 July 2009, two days before seven ballistic missiles).
    ("N. Korea fires short-range projectiles for third straight day", "North Korea fired two more short-range "
     "projectiles into the sea off its east coast on Monday, Seoul said.", "2013-05-20T18:00:00+09:00",
     {"missile_class": "SRBM", "count": 2}),
    ("", "North Korea test-fired seven ballistic missiles on Saturday, Seoul said.\n\nOn Thursday the North also "
     "fired four short-range missiles off the same coast.", "2009-07-04T18:00:00+09:00",
     {"missile_class": None, "count": 7}),
    # "a" before plural rockets counts none of them; "a pair of" still two (10 May 2024; 2 March 2015).
    ("", "Kim Jong Un supervised a test-firing of guided rockets for an upgraded 240-millimeter multiple rocket "
     "launcher on Friday, part of a push to modernize artillery, state media said.", "2024-05-11T09:00:00+09:00",
     {"event_type": "artillery_fire", "count": None}),
    ("", "North Korea test-fired a pair of short-range ballistic missiles early Monday, Seoul said.",
     "2015-03-02T09:00:00+09:00", {"count": 2}),
    # A launch named by the time since it ("실패 이틀 만에") is another event; a second missile "followed" minutes
    # later is the story's own; a span of distances is no figure of the flight; one of a salvo failing is not the
    # salvo failing (24 and 26 August 2023, 14 January 2022, 16 March 2014, 26 August 2017).
    ("", "북한이 정찰위성 발사 실패 이틀 만에 \"10월에 3차 발사를 단행하겠다\"고 26일 밝혔다.",
     "2023-08-26T09:00:00+09:00", {"event_type": "other"}),
    ("", "North Korea fired a short-range ballistic missile from a train in North Pyongan province at 2:41 p.m. on "
     "Friday, Seoul's military said.\n\nA second missile followed 11 minutes later. Both flew about 430 km at an "
     "altitude of 36 km.", "2022-01-14T18:00:00+09:00", {"range_km": 430, "apogee_km": 36}),
    ("", "North Korea fired 25 short-range ballistic missiles into the sea off its east coast on Sunday night, Seoul "
     "said. They flew 60 km to 70 km.", "2014-03-17T09:00:00+09:00", {"range_km": None}),
    ("", "North Korea fired three short-range ballistic missiles off its east coast on Saturday morning. One of them "
     "blew up almost at once, the US Pacific Command said.", "2017-08-26T18:00:00+09:00",
     {"count": 3, "outcome": "unknown"}),
    # A vague count in the lede gives way to the figure a later clause of the story's own gives; a body clause
    # naming a day two or more before the lede's tells another launch, though one of these days (30 May 2024;
    # 14 and 12 March 2023).
    ("", "North Korea fired a barrage of short-range ballistic missiles from the Sunan area early Thursday, Seoul's "
     "military said.\n\nThe Joint Chiefs of Staff said about 18 missiles were fired, each flying roughly 350 km.",
     "2024-05-30T12:00:00+09:00", {"count": 18, "range_km": 350}),
    ("", "North Korea fired short-range ballistic missiles off its west coast on Tuesday morning, Seoul said.\n\n"
     "On Sunday it launched two strategic cruise missiles from a submarine, state media said.",
     "2023-03-14T12:00:00+09:00", {"event_type": "ballistic_missile_launch", "count": None}),
    # A North Korean job applicant is an IT worker's scheme; a ship impounded is the act told, beside what is to
    # come; a detonator tested ahead of a nuclear test is programme activity, the test still to come (1 May 2025,
    # 5 March 2016, 25 May 2022).
    ("", "A North Korean job applicant tried to land an engineering post at the crypto exchange Kraken, the company "
     "said on Thursday.", "2025-05-01T18:00:00+09:00", {"event_type": "sanctions_evasion", "actor": "DPRK"}),
    ("", "Philippine authorities impounded the North Korean freighter Jin Teng at Subic Bay on Saturday and said its "
     "21 crew members would be deported.", "2016-03-05T18:00:00+09:00",
     {"event_type": "sanctions_evasion", "actor": "DPRK"}),
    ("", "South Korea said on Wednesday that North Korea was testing a nuclear detonation device ahead of what would "
     "be its seventh nuclear test.", "2022-05-25T18:00:00+09:00", {"event_type": "nuclear_activity"}),
    ("", "韓国大統領府は25日、北朝鮮が7回目の核実験に向けて起爆装置の作動実験を行っていると明らかにした。",
     "2022-05-25T18:00:00+09:00", {"event_type": "nuclear_activity"}),
    # A drill of the three however it is called ("3국 합동훈련"); the DPRK's drone crews in Kursk; its guns carried on
    # Russia's trains; a car Russia gives Kim (Russia breaks the luxury-goods ban, earning the DPRK nothing); a
    # plant shut down, its production halted, is no programme activity (17 April 2023, 16 October 2025, 26 March
    # 2025, 20 February 2024, 16 July 2007).
    ("", "한국과 미국, 일본 해군이 17일 동해 공해상에서 이지스 구축함이 참가한 3국 합동훈련을 실시했다.",
     "2023-04-17T18:00:00+09:00", {"event_type": "trilateral_action"}),
    ("", "North Korean drone operators stationed in Russia's Kursk region are guiding Russian rocket strikes on "
     "Ukraine's Sumy region, Ukraine's General Staff said on Thursday.", "2025-10-16T18:00:00+09:00",
     {"event_type": "troop_deployment", "actor": "DPRK"}),
    ("", "A Russian train loaded with North Korean Koksan self-propelled guns was filmed in Crimea, a Ukrainian "
     "outlet reported on Wednesday.", "2025-03-26T18:00:00+09:00", {"event_type": "arms_transfer", "actor": "DPRK"}),
    ("", "Russian President Vladimir Putin gave North Korean leader Kim Jong Un a Russian-made car, North Korean "
     "state media said on Tuesday.", "2024-02-20T18:00:00+09:00",
     {"event_type": "sanctions_evasion", "actor": "Russia"}),
    ("", "UN inspectors confirmed on Monday that North Korea had shut down its Yongbyon reactor, a first step toward "
     "halting its production of plutonium.", "2007-07-16T18:00:00+09:00", {"event_type": "other"}),
    # A first report a later one corrects gives no count; "사거리 N㎞의" is the range a missile has; a class kept open
    # as a possibility ("가능성도 열어두고") is no class of the launch (4 May 2019, 26 March 2014, 29 March 2020).
    ("", "North Korea fired several short-range projectiles off its east coast on Saturday, Seoul said, revising an "
     "initial report that it had launched a single missile.", "2019-05-04T18:00:00+09:00", {"count": None}),
    ("", "북한이 26일 새벽 동해상으로 사거리 1300㎞의 노동미사일 2발을 발사했다. 미사일은 약 650㎞를 날아갔다.",
     "2014-03-26T18:00:00+09:00", {"count": 2, "range_km": 650}),
    ("", "북한이 29일 오전 원산 일대에서 동해상으로 발사체 2발을 쐈다.\n\n군은 준중거리탄도미사일일 가능성도 열어두고 "
     "분석하고 있다.", "2020-03-29T18:00:00+09:00", {"count": 2, "missile_class": None}),
    # A site "ready for" a test prepares it; construction at Yongbyon is programme work; reports dismissed are
    # denied; "실시한다고" announces what is to come; a soldier captured is the DPRK's deployment; 送った tells a
    # shipment, whatever day the story is pegged to; fighter jets are arms; troops named as what a transfer pays for
    # (派兵の見返り) are not the news; workers sent abroad; an attribution concluded now ("결론 났다") of last year's
    # hack; a denial-of-service attack (2009-2025).
    ("", "The IAEA chief said on Monday that North Korea's Punggye-ri test site remained ready for a nuclear test.",
     "2023-06-05T18:00:00+09:00", {"event_type": "other"}),
    ("", "North Korea has sharply stepped up construction at its Yongbyon nuclear complex, the IAEA chief said on "
     "Monday.", "2023-06-05T18:00:00+09:00", {"event_type": "nuclear_activity"}),
    ("", "The Kremlin on Thursday dismissed reports that North Korean soldiers had been sent to fight for Russia in "
     "Ukraine.", "2024-10-10T18:00:00+09:00", {"event_type": "other"}),
    ("", "한미일 3국이 오는 15일부터 19일까지 제주 남방 공해상에서 다영역 훈련 '프리덤 에지'를 "
     "실시한다고 합동참모본부가 5일 밝혔다.", "2025-09-05T18:00:00+09:00", {"event_type": "other"}),
    ("", "Ukrainian paratroopers captured a wounded North Korean soldier in Russia's Kursk region, the brigade said on "
     "Wednesday.", "2025-01-22T18:00:00+09:00", {"event_type": "troop_deployment", "actor": "DPRK"}),
    ("", "米国務省は23日、北朝鮮が昨年9月以降、ロシアに弾薬などをコンテナ1万個以上送ったとする資料を公表した。ロシアの"
     "ウクライナ侵攻開始から2年に合わせた発表だった。", "2024-02-24T09:00:00+09:00",
     {"event_type": "arms_transfer", "actor": "DPRK"}),
    ("ロシアが北朝鮮に戦闘機供与か\u3000派兵の見返り",
     "米インド太平洋軍のパパロ司令官は8日、ロシアが北朝鮮にミグ29戦闘機などを"
     "供与する見通しだと述べた。", "2024-12-08T18:00:00+09:00", {"event_type": "arms_transfer", "actor": "Russia"}),
    ("", "中国吉林省和龍市の工場で1月、北朝鮮から派遣された労働者が賃金の未払いに抗議して"
     "暴動を起こしていたことがわかった。",
     "2024-02-18T18:00:00+09:00", {"event_type": "sanctions_evasion", "actor": "DPRK"}),
    ("", "지난해 6월 중앙일보 홈페이지와 신문 제작 시스템이 해킹당한 사건은 북한의 소행인 것으로 "
     "결론 났다고 경찰이 16일 밝혔다.", "2013-01-16T18:00:00+09:00", {"event_type": "cyber_incident", "actor": "DPRK"}),
    ("", "South Korea's spy chief said on Friday that an internet address used by North Korea's telecommunications "
     "ministry was behind the July DDoS attacks on government websites.", "2009-10-30T18:00:00+09:00",
     {"event_type": "cyber_incident", "actor": "DPRK"}),
    # A system named as one of two guesses ("「KN02」か、", "a KN-02 or a modified anti-ship missile") is none (18 May
    # 2013).
    ("", "北朝鮮は18日、日本海に向けて短距離ミサイル3発を発射した。韓国メディアは、短距離弾道ミサイル「KN02」か、"
     "地対艦ミサイルを改良したものだと伝えた。", "2013-05-18T18:00:00+09:00", {"count": 3, "system": None}),
    # A quotation of several sentences is one sentence with what frames it; a time in EDT is Washington's; the act
    # "fired a day earlier", said the next day, is the story's own; "in May 1993" and "last known test" are
    # background; a Taepodong-1 has no fixed class; the first of two failing, told across a clause, is not the
    # salvo's failure (5 April 2009, 31 August 1998, 22 June 2016).
    ("", "\"Rules must be binding. Violations must be punished. Words must mean something,\" President Barack Obama "
     "said in Prague on Sunday, hours after North Korea fired a long-range rocket over Japan.",
     "2009-04-05T18:00:00+09:00", {"event_type": "satellite_launch"}),
    ("", "North Korea launched a long-range rocket at 10:30 p.m. EDT on Saturday, the US military said.",
     "2009-04-05T15:00:00+02:00", {"occurred_at": "2009-04-04T22:30:00-04:00"}),
    ("", "Japan said on Tuesday that the ballistic missile North Korea fired a day earlier flew over Honshu and fell "
     "into the Pacific.", "1998-09-01T18:00:00+09:00", {"event_type": "ballistic_missile_launch"}),
    ("", "North Korea fired a ballistic missile over Japan on Monday, Tokyo said.\n\nIts last known missile test was "
     "in May 1993, when a Nodong flew about 500 km into the Sea of Japan.", "1998-08-31T18:00:00+09:00",
     {"range_km": None, "system": None}),
    ("", "North Korea fired a two-stage ballistic missile, probably a Taepodong-1, over Japan on Monday, Tokyo said.",
     "1998-08-31T18:00:00+09:00", {"missile_class": None, "system": "Taepodong-1"}),
    ("", "北朝鮮は22日、中距離弾道ミサイル2発を発射した。1発目は飛行中に空中で分解し、発射に失敗したとみられる。",
     "2016-06-22T18:00:00+09:00", {"count": 2, "outcome": "unknown"}),
    # A system's name with a word in quotation marks (28 November 2019).
    ("", "North Korea fired two short-range projectiles on Thursday. Seoul said they appeared to be the North's new "
     "\"super-large\" multiple rocket launcher.", "2019-11-28T18:00:00+09:00", {"count": 2, "system": "KN-25"}),
    # A launch announced with the plain form before a quotative ("打ち上げると発表"), or a few words after next month
    # ("来月「衛星打ち上げ」"), is to come; a government's quoted "de facto missile launch" is its name for it; a
    # "sub-launched missile" is a weapon's name, not a launch (16 March 2012, 20 October 2021).
    ("北朝鮮 来月「衛星打ち上げ」を予定　政府“事実上のミサイル発射”と反発",
     "北朝鮮の朝鮮宇宙空間技術委員会は16日、金日成主席の生誕100年に合わせ、実用衛星を打ち上げると明らかにした。",
     "2012-03-16T19:00:00+09:00", {"event_type": "other"}),
    ("North Korea's sub-launched missile on UN council agenda",
     "The Security Council met behind closed doors on Wednesday at the request of the United States and Britain.",
     "2021-10-21T08:00:00+09:00", {"event_type": "other"}),
    ("", "North Korea quietly flight-tested a new medium-range missile over the Sea of Japan on Saturday, Japanese "
     "officials said.", "1993-05-30T18:00:00+09:00", {"event_type": "ballistic_missile_launch"}),
    # A leader who oversaw a test of a rocket launcher that Seoul assessed as ballistic missiles ('at odds with
    # Seoul's assessment that ...'): a ballistic launch, the rocket system no count (31 July 2019).
    ("N. Korea says Kim oversaw test of new large-caliber rocket launcher",
     "North Korea said Thursday that Kim Jong Un oversaw the first test-firing of a newly developed guided rocket "
     "system the previous day, at odds with Seoul's assessment that short-range ballistic missiles had been launched.",
     "2019-08-01T12:00:00+09:00", {"event_type": "ballistic_missile_launch", "actor": "DPRK", "count": None}),
    # A kind named with an article counts one only until the story counts them; a drill "of" missiles counts none
    # (8 June 2017, 8 May 2025).
    ("", "Kim Jong Un watched the first test-fire of a new type of ground-to-sea cruise missile on Thursday, state "
     "media said on Friday. A presidential adviser in Seoul said four missiles had been launched.",
     "2017-06-09T12:00:00+09:00", {"count": 4}),
    ("", "North Korean leader Kim Jong Un supervised a joint strike drill of short-range ballistic missiles and "
     "rocket launchers on Thursday, state media said Friday.", "2025-05-09T09:00:00+09:00", {"count": None}),
    # A system named by its launcher beside one named as a missile: the missile's is the launch's (8 May 2025).
    ("", "North Korea fired short-range ballistic missiles off its east coast on Thursday. State media said the drill "
     "used 600mm multiple rocket launchers and Hwasong-11 tactical ballistic missiles.", "2025-05-09T09:00:00+09:00",
     {"missile_class": "SRBM", "system": "KN-23"}),
    # A height at which a missile was lost is no apogee, and one of two lost is not the salvo's failure; the range of
    # one of them that fell short is not the salvo's; a failure in a condition is none (18 March 2016, 1 July 2024).
    ("", "北朝鮮は18日早朝、弾道ミサイル2発を発射した。1発は約800キロ飛行し、もう1発が高度約17キロでレーダーから"
     "消えた。", "2016-03-18T12:00:00+09:00", {"count": 2, "apogee_km": None, "range_km": 800, "outcome": "unknown"}),
    ("", "북한이 1일 새벽 탄도미사일 2발을 발사했다. 이 가운데 1발은 120㎞가량 날아가는 데 그쳤다. 합참은 첫 번째 "
     "미사일은 약 600㎞를 비행했다고 밝혔다. 군 관계자는 \"공중에서 폭발했다면 잔해가 떨어졌을 수 있다\"고 말했다.",
     "2024-07-01T12:00:00+09:00", {"count": 2, "range_km": 600, "outcome": "unknown"}),
    # A zone not reached, in so many words, is outside it; "not confirmed" leaves it open (21 March 2020).
    ("", "북한이 21일 단거리 탄도미사일 2발을 발사했다. 일본 정부는 미사일이 배타적경제수역(EEZ)에 떨어지지는 "
     "않았다고 밝혔다.", "2020-03-21T12:00:00+09:00", {"eez": "outside"}),
    ("", "北朝鮮は21日、短距離弾道ミサイル2発を発射した。日本の排他的経済水域への落下は確認されていない。",
     "2020-03-21T12:00:00+09:00", {"eez": None}),
    ("", "North Korea fired two short-range ballistic missiles on Saturday. Japan said they did not land in its "
     "exclusive economic zone.", "2020-03-21T12:00:00+09:00", {"eez": "outside"}),
    # An engine named for ICBMs is tested, not an ICBM, whatever verb tells the test (28 March 2026).
    ("Kim oversees test of more powerful solid-fuel engine for ICBMs",
     "North Korean leader Kim Jong Un supervised a ground test of an upgraded solid-fuel engine, state media said.",
     "2026-03-29T09:00:00+09:00", {"event_type": "other"}),
    # Goods for missiles and for enrichment seized are sanctions evasion, not a launch or programme work; containers
    # named after the verb that sent them to Russia are arms; artillery named as a force is no fire; petroleum
    # brought in beyond the cap (14 November 2012, 24 November 2012, 13 October 2023, 23 August 2015, 12 July 2018).
    ("", "북한산 탄도미사일 부품이 시리아로 향하던 중국 화물선에서 적발돼 압수된 것으로 14일 확인됐다.",
     "2012-11-14T12:00:00+09:00", {"event_type": "sanctions_evasion", "actor": "DPRK"}),
    ("北朝鮮の核関連資材　東京港で押収",
     "北朝鮮が今年、ウラン濃縮に転用できるアルミ合金の棒をミャンマーへ送ろうとしていたことが分かった。",
     "2012-11-24T09:00:00+09:00", {"event_type": "sanctions_evasion", "actor": "DPRK"}),
    ("", "米ホワイトハウスは13日、北朝鮮がロシアに送ったコンテナは1000個を超えると発表した。",
     "2023-10-14T09:00:00+09:00", {"event_type": "arms_transfer", "actor": "DPRK"}),
    ("", "북한이 잠수함 전력의 70%를 기지 밖으로 내보내고 전방 포병 전력을 두 배로 늘린 것으로 23일 파악됐다.",
     "2015-08-23T12:00:00+09:00", {"event_type": "other"}),
    ("", "Washington and its partners told a UN sanctions panel that North Korea has already brought in more refined "
     "oil this year than its cap allows, largely through ship-to-ship transfers at sea.", "2018-07-13T09:00:00+09:00",
     {"event_type": "sanctions_evasion", "actor": "DPRK"}),
    # A name's kanji in brackets after its reading ("ウナ(銀河)2号", in full-width brackets); nothing put into orbit
    # is a failure, and a tracker's word that it reached orbit a success; a height "at least" so high; "none of the
    # missiles" reached the zone (5 April 2009, 12 December 2012, 14 January 2024, 18 September 2024).
    ("", "北朝鮮は5日、人工衛星と称して運搬ロケット「ウナ\uff08銀河\uff092号」を発射した。"
     "米軍は、軌道に達した物体はないと発表した。",
     "2009-04-05T18:00:00+09:00", {"system": "Unha-2", "outcome": "failure"}),
    ("", "North Korea launched a long-range rocket on Wednesday, and the US military said the object it carried "
     "appeared to have reached orbit.", "2012-12-12T12:00:00+09:00", {"outcome": "success"}),
    ("", "North Korea fired two ballistic missiles on Sunday afternoon. They reached an altitude of at least 50 km "
     "and none of the missiles appeared to have reached Japan's exclusive economic zone, Tokyo said.",
     "2024-01-14T18:00:00+09:00", {"apogee_km": 50, "eez": "outside"}),
    # A count summed over days ("사흘간 6발") is not the day's; a system told as one of two ("…인지, …인지") is
    # none, and a range "안팎의" a missile has is no flight's (20 May 2013).
    ("北, 사흘째 동해로 단거리 발사체…사흘간 6발",
     "북한이 20일 동해상으로 단거리 발사체 2발을 또 쐈다. 군은 발사체가 사거리 120㎞ 안팎의 KN-02 미사일인지, "
     "신형 300㎜ 방사포인지 분석하고 있다.", "2013-05-20T18:00:00+09:00",
     {"count": 2, "system": None, "range_km": None}),
    # A court's forfeiture order is about a case already told; a theft that "followed a pattern" of Lazarus's is
    # attributed; arms "being shipped" for weeks; coal loaded at its ports; the IAEA's Director General is no
    # secretariat of the three; arms "supplied" in Japanese; centrifuges "spinning" in Korean (30 July 2021,
    # 10 November 2023, 14 September 2023, 7 May 2025, 20 August 2018, 12 July 2025, 25 September 2025).
    ("", "A federal court in New York ordered the forfeiture of a tanker that prosecutors say delivered fuel to North "
     "Korea in breach of sanctions.", "2021-07-31T09:00:00+09:00", {"event_type": "other"}),
    ("", "A crypto exchange lost more than $100 million on Friday after attackers drained its hot wallets, and "
     "researchers said the theft followed a pattern seen in earlier heists by North Korea's Lazarus Group.",
     "2023-11-11T09:00:00+09:00", {"event_type": "cyber_incident", "actor": "DPRK"}),
    ("North Korea has been shipping shells to Russia for six weeks, Kyiv says",
     "North Korea began sending artillery ammunition to Russia about a month and a half ago, the head of Ukraine's "
     "military intelligence said.", "2023-09-14T09:00:00+09:00", {"event_type": "arms_transfer", "actor": "DPRK"}),
    ("", "외국 화물선들이 지난해 9월 이후 북한 항구에서 석탄과 철광석을 싣고 나가 중국 항만에 내려놓았다는 분석이 "
     "7일 나왔다.", "2025-05-08T09:00:00+09:00", {"event_type": "sanctions_evasion", "actor": "DPRK"}),
    ("", "IAEAの事務局長は20日、北朝鮮の核関連の活動が止まった兆候は見られないとする年次報告書をまとめた。",
     "2018-08-21T09:00:00+09:00", {"event_type": "nuclear_activity", "actor": "DPRK"}),
    ("", "ウクライナ情報総局の局長は12日、ロシア軍が使う弾薬の最大4割を北朝鮮が供給していると述べた。",
     "2025-07-13T09:00:00+09:00", {"event_type": "arms_transfer", "actor": "DPRK"}),
    ("통일장관 \"北, 지금도 네 곳서 원심분리기 돌아가\"",
     "통일부 장관은 25일 북한의 고농축우라늄 보유량이 2천㎏가량이라는 추정치를 공개했다.",
     "2025-09-25T18:00:00+09:00", {"event_type": "nuclear_activity", "actor": "DPRK"}),
    # A launch a day old told as the occasion of another matter ("発射した際"); a missile named as what a technology
    # builds; the day's own act "hours earlier", in the pluperfect, under a dateline with a state's abbreviation; a
    # word's reading in brackets inside it; a time the JCS gives is Korea's; "close-range" ballistic missiles (30
    # August 2017, 21 January 2013, 12 February 2017, 9 March 2020, 2 August 2019, 10 March 2025).
    ("", "北朝鮮が29日に北海道上空を通過する弾道ミサイルを発射した際、一部の自治体で防災無線が流れなかった問題で、"
     "総務省は30日、原因を公表した。", "2017-08-30T18:00:00+09:00", {"event_type": "other"}),
    ("", "North Korea has gained the technology to build a ballistic missile able to fly 10,000 km, South Korea's "
     "defense ministry said on Monday after studying debris of the rocket it launched last month.",
     "2013-01-21T18:00:00+09:00", {"event_type": "other"}),
    ("", "PALM BEACH, Fla. (AP) - \"We stand behind Japan,\" President Donald Trump said late Saturday. Hours earlier, "
     "North Korea had fired a ballistic missile into the sea.", "2017-02-11T23:30:00-05:00",
     {"event_type": "ballistic_missile_launch", "count": 1}),
    # (In the body, "hours earlier" in the pluperfect is the day's earlier launch, not the story's: 8 April 2026.)
    ("", "North Korea fired a ballistic missile on Wednesday afternoon that flew about 700 km, Japan said.\n\nHours "
     "earlier, the North had fired several short-range ballistic missiles that flew about 240 km.",
     "2026-04-08T18:00:00+09:00", {"missile_class": None, "count": 1, "range_km": 700}),
    ("", "北朝鮮は9日朝、短距離の飛翔\uff08ひしょう\uff09体3発を日本海に向けて発射した。", "2020-03-09T12:00:00+09:00",
     {"event_type": "ballistic_missile_launch", "count": 3}),
    ("", "North Korea fired two short-range projectiles early Friday. South Korea's Joint Chiefs of Staff said they "
     "were fired at 2:59 a.m. and 3:23 a.m.", "2019-08-01T22:00:00-04:00",
     {"occurred_at": "2019-08-02T02:59:00+09:00"}),
    ("", "North Korea fired several close-range ballistic missiles into the Yellow Sea on Monday afternoon.",
     "2025-03-10T18:00:00+09:00", {"missile_class": "SRBM"}),
    # A wallet that suffered an intrusion ("不正アクセスを受け") is the theft told, not what a reaction answers;
    # DPRK-made missiles Russia fires are arms, "1년 전보다" a comparison and 러 the headline's Russia; a role
    # denied (31 May 2024, 6 February 2025, 14 September 2018).
    ("", "暗号資産交換業者のDMMビットコインは31日、ウォレットが北朝鮮のハッカー集団「ラザルス」による"
     "不正アクセスを受け、482億円相当のビットコインが流出したと発表した。", "2024-06-01T09:00:00+09:00",
     {"event_type": "cyber_incident", "actor": "DPRK"}),
    ("우크라 \"러가 쏜 北 탄도미사일 정확도 높아져\"",
     "러시아가 우크라이나 공격에 쓰는 북한제 탄도미사일의 정확도가 1년 전보다 크게 높아졌다고 "
     "우크라이나 당국자들이 6일 밝혔다.", "2025-02-07T09:00:00+09:00",
     {"event_type": "arms_transfer", "actor": "DPRK"}),
    ("", "North Korean-made ballistic missiles that Russia fires at Ukraine have become far more accurate, Ukrainian "
     "officials said on Thursday.", "2025-02-07T09:00:00+09:00", {"event_type": "arms_transfer", "actor": "DPRK"}),
    ("North Korea calls charged hacker 'non-existent', denies Sony and WannaCry role",
     "Pyongyang on Friday rejected U.S. charges against one of its programmers.", "2018-09-14T09:00:00+09:00",
     {"event_type": "other"}),
    # Work at a nuclear plant seen by the IAEA, not at a test site (22 November 2018).
    ("", "North Korea is pressing on with work at its main nuclear complex, the head of the UN atomic watchdog said "
     "on Thursday.", "2018-11-23T09:00:00+09:00", {"event_type": "nuclear_activity", "actor": "DPRK"}),
    # The doer in a relative clause after the act's words (5 January 2024); a rocket launcher's "artillery rockets"
    # are artillery fire (1 November 2025); "short-range rockets" in Korean are a launch, short-range (22 March
    # 2014).
    ("", "Seoul's Defense Ministry expressed regret on Monday over a coastal artillery drill that North Korean leader "
     "Kim Jong Un ordered near the sea border.", "2019-11-25T18:00:00+09:00",
     {"event_type": "artillery_fire", "actor": "DPRK"}),
    ("", "North Korea launched several artillery rockets into the Yellow Sea on Saturday, South Korea's military said.",
     "2025-11-01T18:00:00+09:00", {"event_type": "artillery_fire"}),
    ("", "북한이 22일 새벽 동해상으로 단거리 로켓 30발을 발사했다고 합동참모본부가 밝혔다.",
     "2014-03-22T10:00:00+09:00", {"event_type": "ballistic_missile_launch", "missile_class": "SRBM", "count": 30}),
    # A class denied by "rather than" leaves the one named beside it; Hawaii's clock and "in Korea" (16 April 2017).
    ("", "North Korea fired a missile from Sinpo on Sunday that exploded within seconds. A U.S. official said it "
     "appeared to be a medium-range weapon rather than an intercontinental ballistic missile.",
     "2017-04-16T12:00:00+09:00", {"missile_class": "MRBM"}),
    ("", "North Korea fired a missile from Sunan on Friday morning. A U.S. official said it was an "
     "intermediate-range weapon instead of an intercontinental ballistic missile.", "2017-09-15T12:00:00+09:00",
     {"missile_class": "IRBM"}),
    ("", "North Korea fired a missile that exploded almost at once. U.S. Pacific Command said it tracked the launch "
     "at 11:21 a.m. Hawaii time on Saturday.", "2017-04-15T18:00:00-04:00",
     {"occurred_at": "2017-04-15T11:21:00-10:00"}),
    ("", "North Korea fired a missile that exploded almost at once. It was launched near Sinpo at 6:21 a.m. Sunday "
     "in Korea, U.S. officials said.", "2017-04-15T18:00:00-04:00", {"occurred_at": "2017-04-16T06:21:00+09:00"}),
    # A lede of weapons in the plural, uncounted: a body's "a short-range missile" is one of them (4 May 2019);
    # maximum altitudes told for two missiles, the first; a span of altitudes is no one figure (20 February 2023,
    # 5 June 2022).
    ("", "Kim Jong Un watched the firing of long-range rocket launchers and tactical guided weapons on Saturday, "
     "state media said.\n\nOne published image showed a short-range missile rising from a launch vehicle.",
     "2019-05-05T09:00:00+09:00", {"event_type": "ballistic_missile_launch", "count": None}),
    ("", "North Korea fired two short-range ballistic missiles on Monday morning. Japan said they flew about 400 km "
     "and 350 km, with maximum altitudes of about 100 km and 50 km.", "2023-02-20T12:00:00+09:00",
     {"apogee_km": 100}),
    ("", "North Korea fired eight short-range ballistic missiles on Sunday morning. They reached altitudes of 25 km "
     "to 90 km, Seoul said.", "2022-06-05T12:00:00+09:00", {"apogee_km": None}),
    # Acts told of whom a measure targets ("核実験を強行した北朝鮮に対する制裁決議"): the measure is the news
    # (11 September 2017); the military authorities in Korean are Seoul's (23 June 2017).
    ("", "国連安全保障理事会は11日、6回目の核実験を強行した北朝鮮に対する追加の制裁決議を全会一致で採択した。",
     "2017-09-12T09:00:00+09:00", {"event_type": "other"}),
    ("", "군 당국은 23일 서해상에서 사거리 800㎞의 탄도미사일을 시험발사했다고 밝혔다.", "2017-06-23T18:00:00+09:00",
     {"event_type": "other"}),
    # Shells counted beside a launch in a Japanese title are not the missiles' count (14 October 2022).
    ("北朝鮮が弾道ミサイル　海上の緩衝区域に砲撃130発も",
     "防衛省によると、北朝鮮は14日未明、弾道ミサイル1発を発射した。", "2022-10-14T09:00:00+09:00",
     {"event_type": "ballistic_missile_launch", "count": 1}),
    # A weapon shown at a parade, told later in a launch story, is not the launch's, unless named as what it may
    # have been (1 January 2023; 24 March 2022).
    ("", "North Korea fired a ballistic missile into the East Sea early on Sunday, Seoul said.\n\nAt a military "
     "parade it has also shown off its Hwasong-17 intercontinental ballistic missile.", "2023-01-01T09:00:00+09:00",
     {"missile_class": None, "system": None}),
    ("", "North Korea fired a ballistic missile on Thursday afternoon, Japan said.\n\nSouth Korean officials said it "
     "was possibly the Hwasong-17 first shown at a military parade.", "2022-03-24T18:00:00+09:00",
     {"system": "Hwasong-17"}),
    # "이날" is the story's day when the lede names one (a report of the next day: 25 July 2019).
    ("", "북한이 25일 새벽 강원도 원산 일대에서 동해상으로 단거리 탄도미사일 2발을 발사했다.\n\n합참에 따르면 북한은 "
     "이날 오전 5시 34분께 첫 발을 쐈다.", "2019-07-26T09:00:00+09:00", {"occurred_at": "2019-07-25T05:34:00+09:00"}),
    # An announcement naming it denied ("…지목한 미국 정부 발표를 부인", 20 December 2014); missiles named as what
    # carries warheads made small (9 March 2016).
    ("", "북한이 소니 해킹의 배후로 자신들을 지목한 미국 정부 발표를 전면 부인했다.", "2014-12-20T15:00:00+09:00",
     {"event_type": "other"}),
    ("", "Kim Jong Un said the North's nuclear warheads had been standardized to fit on ballistic missiles, state "
     "media reported on Wednesday.", "2016-03-09T09:00:00+09:00", {"event_type": "nuclear_activity", "actor": "DPRK"}),
    # The DPRK's units in Kursk ("朝鮮人民軍の部隊"), its soldiers in Korean ("북한군 병사"), in a story's own act
    # (13 December 2025, 20 January 2025).
    ("", "北朝鮮メディアは13日、ロシア西部のクルスク州で地雷の除去にあたった朝鮮人民軍の部隊が任務を終えて"
     "帰国したと伝えた。",
     "2025-12-13T12:00:00+09:00", {"event_type": "troop_deployment", "actor": "DPRK"}),
    ("", "젤렌스키 대통령은 20일 우크라이나군에 붙잡힌 북한군 병사가 배를 타고 러시아로 건너갔다고 진술하는 영상을 "
     "공개했다.",
     "2025-01-21T09:00:00+09:00", {"event_type": "troop_deployment", "actor": "DPRK"}),
    # The three as the words' own beginning ("日米韓3カ国は…訓練", 11 December 2017); a network "breached" (5
    # December 2016).
    ("", "日米韓3カ国は11日、北朝鮮の弾道ミサイル発射を想定した共同訓練を始めた。", "2017-12-11T18:00:00+09:00",
     {"event_type": "trilateral_action"}),
    ("", "South Korea's closed military intranet has been breached, and investigators believe North Korea was "
     "behind it, the defense ministry said on Monday.", "2016-12-05T18:00:00+09:00",
     {"event_type": "cyber_incident", "actor": "DPRK"}),
    # Missiles told as being built (30 July 2018); acts told as known ones: an aside on their doer in the perfect
    # (22 August 2022), several launches as the subject of what they were, or "were in fact" (10 March 2022).
    ("", "U.S. spy agencies have seen signs that North Korea is building new intercontinental ballistic missiles at "
     "the factory that made its first ICBMs, a newspaper reported on Monday.", "2018-07-31T09:00:00+09:00",
     {"event_type": "other"}),
    ("", "Seoul and Washington began their summer drills on Monday despite threats from North Korea, which has fired "
     "several cruise missiles this month.", "2022-08-22T18:00:00+09:00", {"event_type": "other"}),
    ("North Korea's recent 'satellite' launches tested a new ICBM, US says",
     "US officials gave their assessment at a briefing on Thursday.", "2022-03-11T09:00:00+09:00",
     {"event_type": "other"}),
    ("", "Two launches that North Korea called satellite work were in fact tests of a new intercontinental ballistic "
     "missile, the Pentagon said on Thursday.", "2022-03-11T09:00:00+09:00", {"event_type": "other"}),
    # Shots of a rocket launcher counted (20 March 2022).
    ("", "North Korea has fired four shots from what appear to be multiple rocket launchers into the Yellow Sea, "
     "Seoul said on Sunday.",
     "2022-03-20T12:00:00+09:00", {"event_type": "artillery_fire", "count": 4}),
    # Seoul and Washington as one doer in Korean (29 July 2017); a launch judged hard to make (1 November 2019); a
    # launch position (7 May 2013).
    ("", "한미 양국 군이 29일 새벽 동해안에서 연합 탄도미사일 사격을 실시했다.", "2017-07-29T09:00:00+09:00",
     {"event_type": "other"}),
    # A broadcast's "N시간 만입니다": the time since another act (29 July 2017).
    ("", "합참은 오늘 새벽 한미 미사일 부대가 동해안에서 대응 사격을 했다고 밝혔습니다. 북한이 어젯밤 탄도미사일을 쏜 "
     "지 6시간 만입니다.", "2017-07-29T09:00:00+09:00", {"event_type": "other"}),
    ("정의용 \"北 ICBM, 이동식 발사대로 발사 어렵다\"",
     "정의용 국가안보실장은 1일 국회에서 북한 ICBM을 이동식 발사차량으로 발사하기는 어렵다고 말했다.",
     "2019-11-01T18:00:00+09:00", {"event_type": "other"}),
    ("북, 무수단 미사일 2기 발사 위치서 철수", "북한이 동해안에 배치했던 무수단 미사일을 발사 위치에서 거둬들인 "
     "것으로 7일 알려졌다.", "2013-05-07T18:00:00+09:00", {"event_type": "other"}),
    # The event a measure answers, told over clauses run on into "ことを受け" (2 December 2022); the act a first
    # since counts from (7 March 2016).
    ("", "北朝鮮が弾道ミサイルを発射し、挑発を繰り返していることを受け、政府は2日、北朝鮮の3団体を資産凍結の"
     "対象に加えた。", "2022-12-02T18:00:00+09:00", {"event_type": "other"}),
    ("", "한미 양국은 7일 북한의 4차 핵실험 이후 처음 열리는 연합연습을 시작했다.", "2016-03-07T18:00:00+09:00",
     {"event_type": "other"}),
    # Work over the past year, up to now (7 September 2015); a nuclear plant's construction in Korean, going on after
    # a summit (27 June 2018).
    ("", "North Korea has expanded its uranium enrichment building at Yongbyon over the past year, the head of the "
     "IAEA said on Monday.", "2015-09-07T18:00:00+09:00", {"event_type": "nuclear_activity", "actor": "DPRK"}),
    ("", "북한이 정상회담 후에도 영변 핵시설의 개선 공사를 계속 진행하고 있는 것으로 26일 나타났다.",
     "2018-06-27T09:00:00+09:00", {"event_type": "nuclear_activity", "actor": "DPRK"}),
    # A class whose possibility is called low (6 March 2017).
    ("", "北朝鮮は6日朝、弾道ミサイル4発を発射した。韓国軍によると、ICBMの可能性は低いという。",
     "2017-03-06T12:00:00+09:00", {"missile_class": None, "count": 4}),
    # The object just before a means is not its doer ("disrespect to China by firing", 29 May 2017); what a state is
    # able to do (7 April 2015); launches condemned as a run of known ones (27 August 2019); the Security Council
    # by its full name in Korean (24 June 2016).
    ("", "President Trump said on Monday that North Korea had shown disrespect to its neighbor China by firing yet "
     "another ballistic missile.", "2017-05-29T10:00:00-04:00",
     {"event_type": "ballistic_missile_launch", "actor": "DPRK"}),
    ("", "North Korea has the ability to put a nuclear warhead on its KN-08 intercontinental ballistic missile, the "
     "head of US Northern Command said on Tuesday.", "2015-04-07T18:00:00-04:00", {"event_type": "other"}),
    ("", "Britain, France and Germany on Tuesday condemned North Korea's recent run of ballistic missile launches at "
     "the United Nations.", "2019-08-27T18:00:00-04:00", {"event_type": "other"}),
    ("", "유엔 안전보장이사회가 23일(현지시간) 북한의 중거리탄도미사일 발사를 규탄하는 언론성명을 냈다.",
     "2016-06-24T07:00:00+09:00", {"event_type": "other"}),
    # A time Seoul's military gives, its title in lower case, in a story filed in London (25 March 2021).
    ("", "North Korea fired two ballistic missiles into the sea on Thursday, South Korea's joint chiefs of staff "
     "said, the first at 7.06am.", "2021-03-25T10:00:00+00:00", {"occurred_at": "2021-03-25T07:06:00+09:00"}),
    # An act given as the grounds of a designation (16 January 2025); half a year's thefts summed (17 July 2025);
    # a year since a deployment was disclosed (18 October 2025).
    ("", "米財務省は16日、北朝鮮がIT技術者を海外に送り込んで外貨を稼いでいるとして、関連する4団体を制裁対象に"
     "指定したと発表した。", "2025-01-17T09:00:00+09:00", {"event_type": "other"}),
    ("暗号資産の盗難、上半期で21億ドル超", "米調査会社は17日、今年上半期に暗号資産関連サービスから盗まれた資産が"
     "21億ドルを超え、大半が北朝鮮のハッカー集団によるものだったと発表した。", "2025-07-18T09:00:00+09:00",
     {"event_type": "other"}),
    ("[북한군 파병 1년] 1만5천명 보내 2천명 전사", "국가정보원이 북한군의 러시아 파병 사실을 처음 공개한 지 18일로 "
     "1년이 됐다.", "2025-10-18T09:00:00+09:00", {"event_type": "other"}),
    # A port a state has named as an arms hub (24 February 2025); fuel traded with the DPRK as "the sanctioned
    # state" (1 February 2023); Russia's Security Council, no meeting (17 June 2025).
    ("", "A large cargo ship docked last week at North Korea's Rajin port, which Washington has named as a loading "
     "point for weapons bound for Russia, according to a report on Monday.", "2025-02-24T18:00:00+09:00",
     {"event_type": "arms_transfer", "actor": "DPRK"}),
    ("South Korea arrests broker behind diesel transfers to North Korea",
     "A shipping agent has been arrested in South Korea on suspicion of organising illegal diesel transfers to the "
     "sanctioned state, the coast guard said on Wednesday.", "2023-02-01T18:00:00+09:00",
     {"event_type": "sanctions_evasion", "actor": "DPRK"}),
    ("", "북한이 러시아 쿠르스크에 군사 건설 인력 6천 명을 보내기로 했다고 러시아 국가안보회의 세르게이 쇼이구 서기가 "
     "17일 밝혔다.", "2025-06-17T18:00:00+09:00", {"event_type": "troop_deployment", "actor": "DPRK"}),
    # An entry into the zone not confirmed, the negative run on ("確認されておらず", 18 September 2024); the day
    # before's launch, too ("前日の7日にも", 8 April 2026): its failure is not the story's.
    ("", "防衛省は18日、北朝鮮が弾道ミサイルを発射したと発表した。日本の排他的経済水域(EEZ)内への飛来は"
     "確認されておらず、被害の情報もない。", "2024-09-18T09:00:00+09:00",
     {"event_type": "ballistic_missile_launch", "eez": None}),
    ("", "防衛省は8日、北朝鮮が同日午後、弾道ミサイル1発を発射したと発表した。北朝鮮は前日の7日にも1発を発射した"
     "が、韓国軍は失敗したとみている。", "2026-04-08T18:00:00+09:00",
     {"event_type": "ballistic_missile_launch", "outcome": "unknown"}),
    # A firm's name is no state: the hacked "한국항공우주산업" does not make the ROK the hacker (30 June 2021).
    ("KAI도 해킹 당했다…\"북한 김수키 소행 가능성\"", "한국형 전투기를 개발하는 방산업체 한국항공우주산업의 내부 "
     "시스템이 해킹당한 것으로 30일 확인됐다.", "2021-06-30T18:00:00+09:00",
     {"event_type": "cyber_incident", "actor": "DPRK"}),
    # A launch supposed ("発射した場合", 10 August 2017); a paper's corrections column (21 November 2022); "오늘" in
    # words said before midnight, filed after it (25 July 2023); "このミサイルは" after a sentence of an earlier
    # launch (19 October 2021); a kind that is one of two guesses, "…이거나 함대함 미사일" (18 May 2013).
    ("", "小野寺防衛相は10日、北朝鮮がグアムに向けて弾道ミサイルを発射した場合、迎撃できるとの考えを示した。",
     "2017-08-10T18:00:00+09:00", {"event_type": "other"}),
    ("Corrections & Amplifications", "North Korea's Hwasong-17 intercontinental ballistic missile, launched on "
     "Friday from Pyongyang's Sunan area, climbed to about 6,100 kilometers, South Korea's Joint Chiefs of Staff "
     "said. An article on Saturday incorrectly gave the altitude in miles.",
     "2022-11-21T00:05:00-05:00", {"event_type": "other"}),
    ("", "합참은 \"오늘 23시55분쯤 북한이 동해상으로 단거리 탄도미사일 2발을 발사했다\"고 밝혔다.",
     "2023-07-25T00:35:00+09:00", {"occurred_at": "2023-07-24T23:55:00+09:00"}),
    ("", "北朝鮮は19日午前、弾道ミサイル1発を発射した。北朝鮮のSLBM発射は2019年10月以来となる。このミサイルは"
     "日本の排他的経済水域(EEZ)内に落下した。", "2021-10-19T12:00:00+09:00",
     {"event_type": "ballistic_missile_launch", "eez": None}),
    ("", "북한이 18일 동해안에서 단거리 유도미사일 3발을 발사했다. 군 당국은 KN-02 미사일이거나 함대함 미사일을 "
     "개량한 신형일 가능성이 있다고 보고 있다.", "2013-05-18T18:00:00+09:00",
     {"event_type": "ballistic_missile_launch", "missile_class": "SRBM"}),
    # Hackers' fake video meeting is no meeting (18 June 2025); malicious packages published (10 October 2025); an
    # arrangement of the three to share intelligence (29 December 2014); fuel handed to a DPRK ship (3 April 2019).
    ("", "North Korean hackers used deepfaked executives in a fake Zoom meeting to get an employee of a crypto "
     "foundation to install malware, a security firm said on Wednesday.", "2025-06-18T18:00:00-04:00",
     {"event_type": "cyber_incident", "actor": "DPRK"}),
    ("", "North Korean operators have pushed 338 malicious packages onto npm, a security firm said on Friday.",
     "2025-10-10T18:00:00-04:00", {"event_type": "cyber_incident", "actor": "DPRK"}),
    ("", "Japan, South Korea and the United States put into effect on Monday an arrangement to share classified "
     "information on North Korea's nuclear and missile programs.", "2014-12-29T18:00:00+09:00",
     {"event_type": "trilateral_action"}),
    ("", "공해상에서 북한 선박에 석유제품을 넘긴 혐의를 받는 한국 국적 선박이 부산항에 억류돼 있는 것으로 3일 "
     "확인됐다.", "2019-04-03T18:00:00+09:00", {"event_type": "sanctions_evasion", "actor": "DPRK"}),
    # The DPRK's officers killed in the war, in Japanese (4 October 2024).
    # A model's number is no clock time ("KF-21 시제기" is no 21시, 30 June 2021).
    ("KAI도 해킹당했다…\"北 김수키 소행 가능성\"", "국산 전투기 KF-21을 개발하는 한국항공우주산업의 내부 시스템이 "
     "해킹당한 사실이 확인됐다.\n\nKF-21 시제기는 지난 4월 출고식을 가졌다.", "2021-06-30T15:00:00+09:00",
     {"event_type": "cyber_incident", "occurred_at": None}),
    # A day things came to light is not the incident's ("…포착된 것으로 26일 확인됐다", 27 December 2017).
    ("", "중국 선박들이 서해 공해상에서 북한에 석유를 몰래 넘긴 정황이 미국 정찰위성에 포착된 것으로 26일 확인됐다.",
     "2017-12-27T09:00:00+09:00", {"event_type": "sanctions_evasion", "occurred_at": None}),
    ("", "ウクライナのメディアは4日、ロシア占領下のドネツク近郊でウクライナ軍が3日に行った攻撃で北朝鮮軍の将校6人が"
     "死亡したと報じた。",
     "2024-10-05T09:00:00+09:00", {"event_type": "troop_deployment", "actor": "DPRK"}),
    # Arms, aircraft and the means to make them handed to the DPRK, the DPRK named as the receiver: MiG-29s and
    # Su-27s (Paparo, 7 December 2024), drone factories on its soil (Budanov, 10 June 2025), drone technology
    # (Yermak, 1 August 2025); Iran's drone technology for Russia is no transfer between the two.
    ("", "Moscow has been giving Pyongyang fighter jets as payment for its soldiers, the head of US Indo-Pacific "
     "Command said on Saturday.", "2024-12-08T09:00:00+09:00", {"event_type": "arms_transfer", "actor": "Russia"}),
    ("", "Russia has agreed to set up factories for Geran attack drones on North Korean soil, Ukraine's military "
     "intelligence chief told Newsweek on Tuesday.", "2025-06-11T09:00:00+09:00",
     {"event_type": "arms_transfer", "actor": "Russia"}),
    ("", "러시아가 샤헤드형 무인기 생산 기술을 북한에 넘기고 있다고 안드리 예르마크 우크라이나 대통령실장이 1일 "
     "주장했다.", "2025-08-01T18:00:00+09:00", {"event_type": "arms_transfer", "actor": "Russia"}),
    ("", "Iran handed Russia the technology to build Shahed drones at Alabuga years ago, Western officials said on "
     "Monday.", "2025-08-04T09:00:00+09:00", {"event_type": "other"}),
    # Engineers, sappers and builders of its army sent (Kursk, 2025), and its forces sent, told with the DPRK as the
    # sender in Japanese and Korean (the first special forces, 8 to 13 October 2024, disclosed on the 18th).
    ("", "North Korea has sent about 1,000 military engineers to Russia's Kursk region to clear mines, Russia's "
     "defence ministry said on Thursday.", "2025-11-13T18:00:00+09:00",
     {"event_type": "troop_deployment", "actor": "DPRK"}),
    ("", "北朝鮮が特殊作戦部隊の兵士約1500人をロシア海軍の艦艇でウラジオストクへ移送したと、韓国の国家情報院が18日"
     "発表した。",
     "2024-10-18T18:00:00+09:00", {"event_type": "troop_deployment", "actor": "DPRK"}),
    ("", "북한이 지난 8일부터 13일까지 특수부대 1천500명을 러시아 해군 수송함으로 블라디보스토크에 "
     "보냈다고 국가정보원이 18일 밝혔다.", "2024-10-18T18:00:00+09:00",
     {"event_type": "troop_deployment", "actor": "DPRK"}),
    # A launch in a month named without its day is another launch than the story's ("지난 5월 발사한", the Chollima-1
    # wreckage salvaged, 16 June 2023); a state's standing as a cyber power is no incident (IISS, 28 June 2021); a
    # title counting the years since a theft is an anniversary's (Coincheck, 26 January 2019).
    ("", "군은 북한이 지난 5월 발사한 우주발사체 '천리마-1형'의 2단부 추정 잔해를 서해에서 건져 올렸다고 16일 "
     "밝혔다.", "2023-06-16T18:00:00+09:00", {"event_type": "other"}),
    ("", "North Korea is a third-tier cyber power whose offensive reach outstrips its defences, the International "
     "Institute for Strategic Studies said in a report on Monday.", "2021-06-28T18:00:00+09:00",
     {"event_type": "other"}),
    ("コインチェック流出1年　北朝鮮の暗号資産窃取、被害拡大", "仮想通貨交換業者コインチェックから約580億円相当の"
     "NEMが不正に送金された事件から、26日で1年となる。北朝鮮のハッカー集団の関与が指摘されているが、流出した資産の"
     "大半は戻っていない。", "2019-01-26T18:00:00+09:00", {"event_type": "other"}),
    # The DPRK named as the receiver before what it is handed, in Korean (the NIS on Russia's help with its
    # reconnaissance satellite, 23 November 2023); munitions "sent from" the DPRK in Japanese (Budanov, December 2024).
    ("", "국가정보원은 러시아가 북한에 정찰위성 관련 기술을 제공한 것으로 보인다고 23일 국회 정보위원회에 보고했다.",
     "2023-11-23T18:00:00+09:00", {"event_type": "arms_transfer", "actor": "Russia"}),
    ("", "ウクライナ国防省情報総局のブダノフ局長は、ロシア軍が前線で使う弾薬の最大4割は北朝鮮から送られた砲弾だと"
     "述べた。", "2024-12-23T18:00:00+09:00", {"event_type": "arms_transfer", "actor": "DPRK"}),
    # The two Koreas trading fire: the DPRK fired (Yeonpyeong, 23 November 2010).
    ("", "North and South Korea exchanged artillery fire near Yeonpyeong Island on Tuesday after shells from the "
     "North struck the island, Seoul's military said.", "2010-11-23T18:00:00+09:00",
     {"event_type": "artillery_fire", "actor": "DPRK"}),
)  # fmt: skip


@pytest.mark.parametrize(("title", "body", "published", "told"), READ_AS_TOLD)
def test_the_press_is_read_as_it_tells(title: str, body: str, published: str, told: dict[str, Any]) -> None:
    fields = read_fields(to_event(press(body, published=published, title=title)), ())
    assert {name: fields[name] for name in told} == told
