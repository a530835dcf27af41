"""Reading the press: the project's labelled press corpus (tests/fixtures/press/*.jsonl), scored as
`launchwatch analyze --score` scores it.

Each report was written in the project's own words from a real public article's facts (dates, numbers, places,
who said what; `basis` names the event), keeping its structure: a lede that tells the news, then background,
reactions and analysis. Many tell of no new DPRK act at all (imagery, notices, parades, ground tests,
anniversaries, analyses, designations, meetings, other states' tests) and must raise nothing. The commitments
each bears on were derived from its labelled facts (tests/fixtures/press/complete_labels.py), not from what the
extraction reads.

The figures asserted are those the reading reached when the corpus was written (README, "Reading the press"):
a change that loses any of them fails here; one that gains should raise them.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from launchwatch.scoring import Scores, labelled_lines, score

PRESS = Path(__file__).resolve().parents[1] / "fixtures" / "press"
FILES = {
    "en": ("press_en_launch.jsonl", "press_en_other.jsonl"),
    "ja": ("press_ja.jsonl",),
    "ko": ("press_ko.jsonl",),
}
HELD_OUT = "heldout_press.jsonl"
#: Later sets, each written (by another hand, from events not in the corpus) to test the reading on unseen text:
#: mostly launch stories in the three languages, a third look-alikes. Each was scored once as it came, before
#: the reading was changed for it (README, "Reading the press"), then used like the rest.
LATER = {
    "second set": "press_launches_2.jsonl",
    "third set": "press_launches_3.jsonl",
    "fourth set": "press_launches_4.jsonl",
    "fifth set": "press_lookalikes_5.jsonl",
    "sixth set": "press_launches_6.jsonl",
    "seventh set": "press_launches_7.jsonl",
    "eighth set": "press_launches_8.jsonl",
    "ninth set": "press_launches_9.jsonl",
    "tenth set": "press_launches_10.jsonl",
    "eleventh set": "press_launches_11.jsonl",
    "twelfth set": "press_launches_12.jsonl",
    "thirteenth look-alikes": "press_lookalikes_13.jsonl",
    "thirteenth set": "press_launches_13.jsonl",
    "fourteenth set": "press_launches_14.jsonl",
    "fifteenth set": "press_launches_15.jsonl",
    "sixteenth set": "press_launches_16.jsonl",
    "seventeenth set": "press_launches_17.jsonl",
    "eighteenth set": "press_launches_18.jsonl",
    "nineteenth set": "press_launches_19.jsonl",
    "twentieth set": "press_launches_20.jsonl",
    "twenty-first set": "press_launches_21.jsonl",
    "twenty-second set": "press_launches_22.jsonl",
    "twenty-third set": "press_launches_23.jsonl",
    "twenty-fourth set": "press_launches_24.jsonl",
    "twenty-fifth set": "press_launches_25.jsonl",
    "twenty-sixth set": "press_launches_26.jsonl",
    "twenty-seventh set": "press_launches_27.jsonl",
    "twenty-eighth set": "press_launches_28.jsonl",
    "twenty-ninth set": "press_launches_29.jsonl",
    "thirtieth set": "press_launches_30.jsonl",
    "thirty-first set": "press_launches_31.jsonl",
}
LAUNCHES = frozenset({"ballistic_missile_launch", "cruise_missile_launch", "satellite_launch"})
SCRIPTS = {"ja": "[\u3040-\u30ff]", "ko": "[\uac00-\ud7a3]"}

#: What the reading reached, per corpus: reports fully right, launch stories fully right (every labelled field),
#: event type accuracy, and at most how many reports that tell of no new incident raise an alert (none at FLASH
#: in any corpus).
REACHED = {
    "en": {"fully_right": 0.87, "launches": 0.94, "event_type": 0.96, "false_alerts": 0},
    "ja": {"fully_right": 0.90, "launches": 0.94, "event_type": 0.95, "false_alerts": 0},
    "ko": {"fully_right": 0.80, "launches": 0.83, "event_type": 0.95, "false_alerts": 1},
    # Written after the reading, from events and angles not in the corpus; scored once before the reading was
    # changed for it (3 false alerts, 10 incidents missed), then used like the rest.
    "held-out": {"fully_right": 0.79, "launches": 0.64, "event_type": 0.95, "false_alerts": 0},
    "second set": {"fully_right": 0.84, "launches": 0.76, "event_type": 1.0, "false_alerts": 0},
    "third set": {"fully_right": 0.85, "launches": 0.76, "event_type": 0.95, "false_alerts": 0},
    # One look-alike still raises an alert: an analysis, two days on, of a launch (at FLASH; see the README).
    "fourth set": {"fully_right": 0.77, "launches": 0.68, "event_type": 0.97, "false_alerts": 1, "false_flash": 1},
    # Look-alikes only, each written to tempt a FLASH (analyses of a launch, a J-Alert test, a white paper, a Diet
    # protest, another state's ICBM).
    "fifth set": {"fully_right": 1.0, "launches": 1.0, "event_type": 1.0, "false_alerts": 0},
    # First look: 21 of 42 fully right, 9 of 28 launch stories, 3 false alerts (none FLASH).
    "sixth set": {"fully_right": 0.71, "launches": 0.57, "event_type": 0.97, "false_alerts": 0},
    # First look: 13 of 42 fully right, 3 of 28 launch stories, event type 67 %, 3 false alerts (1 FLASH).
    "seventh set": {"fully_right": 0.59, "launches": 0.39, "event_type": 0.92, "false_alerts": 0},
    # First look: 26 of 42 fully right, 13 of 27 launch stories, event type 79 %, 4 false alerts (1 FLASH).
    "eighth set": {"fully_right": 0.85, "launches": 0.77, "event_type": 1.0, "false_alerts": 0},
    # First look: 29 of 40 fully right, 17 of 26 launch stories, event type 90 %, 2 false alerts (1 FLASH).
    "ninth set": {"fully_right": 0.87, "launches": 0.80, "event_type": 0.97, "false_alerts": 0},
    # First look: 30 of 42 fully right, 11 of 22 launch stories, event type 95 %, 1 false alert (none FLASH).
    "tenth set": {"fully_right": 0.88, "launches": 0.81, "event_type": 0.97, "false_alerts": 1},
    # First look (after the tenth set's rules): 29 of 40, 14 of 23 launch stories, event type 93 %, 1 false alert
    # (none FLASH).
    "eleventh set": {"fully_right": 0.90, "launches": 0.82, "event_type": 1.0, "false_alerts": 0},
    # First look (after the tenth and eleventh sets' rules): 27 of 40, 13 of 23 launch stories, event type 85 %,
    # 2 false alerts (1 FLASH), 3 launches missed.
    "twelfth set": {"fully_right": 0.80, "launches": 0.69, "event_type": 0.97, "false_alerts": 0},
    # Look-alikes only, each written to tempt a FLASH; first look (after the twelfth set's rules, the same with the
    # code before the tenth's): 29 of 32, 3 false alerts (2 FLASH).
    "thirteenth look-alikes": {
        "fully_right": 0.96,
        "launches": 1.0,
        "event_type": 0.96,
        "false_alerts": 1,
    },
    # First look (after the twelfth set's rules, the same with the code before the tenth's): 21 of 36, 9 of 21 launch
    # stories, event type 89 %, 3 false alerts (2 FLASH).
    "thirteenth set": {"fully_right": 0.69, "launches": 0.52, "event_type": 0.94, "false_alerts": 1},
    # First look (after the thirteenth set's rules): 30 of 36 fully right, 15 of 18 launch stories, event type 89 %,
    # 2 false alerts (none FLASH), 2 incidents missed.
    "fourteenth set": {"fully_right": 1.0, "launches": 1.0, "event_type": 1.0, "false_alerts": 0},
    # First look (after the fourteenth set's rules): 28 of 36 fully right, 13 of 18 launch stories, event type 81 %,
    # 1 false alert (IMMEDIATE: a UN Council meeting on the year's launches), 4 launches missed.
    "fifteenth set": {"fully_right": 0.88, "launches": 0.88, "event_type": 0.94, "false_alerts": 0},
    # First look (after the fifteenth set's rules, and the same after the sixteenth's): 31 of 36 fully right, 15 of
    # 19 launch stories, event type 100 %, no false alert, none missed.
    "sixteenth set": {"fully_right": 0.94, "launches": 0.89, "event_type": 1.0, "false_alerts": 0},
    # First look (after the sixteenth set's rules): 20 of 30 fully right, 9 of 17 launch stories, 2 false alerts
    # (PRIORITY: a UN panel's yearly sum of thefts, a weapons exhibition in Japanese), 2 launches missed.
    "seventeenth set": {"fully_right": 0.73, "launches": 0.52, "event_type": 0.93, "false_alerts": 0},
    # First look (after the seventeenth set's rules): 24 of 36 fully right, 9 of 20 launch stories, event type 86 %,
    # 1 false alert (FLASH: the ROK's missile fired in answer to an IRBM, in Korean), 2 launches missed.
    "eighteenth set": {"fully_right": 0.86, "launches": 0.75, "event_type": 0.94, "false_alerts": 0},
    # First look (after the eighteenth set's rules): 25 of 36 fully right, 11 of 20 launch stories, event type 89 %,
    # 2 false alerts (IMMEDIATE: the Council condemning a "failed rocket launch" of last week, a Nodong's 30th
    # anniversary in Japanese), 2 launches missed (a Q&A explainer, an editorial).
    "nineteenth set": {"fully_right": 0.77, "launches": 0.60, "event_type": 0.97, "false_alerts": 0},
    # First look (after the nineteenth set's rules): 25 of 36 fully right, 11 of 20 launch stories, event type 94 %,
    # 2 false alerts (FLASH: a J-Alert follow-up two days on in Japanese, a Q&A on a two-day-old ICBM in Korean).
    "twentieth set": {"fully_right": 0.80, "launches": 0.65, "event_type": 1.0, "false_alerts": 0},
    # First look (after the twentieth set's rules): 17 of 36 fully right, 7 of 18 launch stories, event type 75 %,
    # 5 false alerts (IMMEDIATE: the ROK's own ballistic missile "北 전역 사정권", a satellite "곧 발사"; PRIORITY: a
    # rocket's wreckage salvaged, engines ordered for ICBMs, a missile moved to the coast), 3 launches missed.
    "twenty-first set": {"fully_right": 0.72, "launches": 0.50, "event_type": 0.97, "false_alerts": 0},
    # First look (after the twenty-first set's rules): 25 of 36 fully right, 9 of 19 launch stories, event type 97 %,
    # 1 false alert (IMMEDIATE: Kim Yo Jong's statement "발사 실패 하루 만에", in Korean), none missed.
    "twenty-second set": {"fully_right": 0.86, "launches": 0.73, "event_type": 1.0, "false_alerts": 0},
    # First look (after the twenty-second sets' rules): 26 of 36 fully right, 9 of 19 launch stories, event type
    # 94 %, no false alert, 2 launches missed (a UPI "UPDATE 3" of a missile "fired a day earlier", a lede opening
    # on three quoted sentences of Obama's).
    "twenty-third set": {"fully_right": 0.86, "launches": 0.73, "event_type": 1.0, "false_alerts": 0},
    # First look (after the twenty-third sets' rules): 27 of 36 fully right, 11 of 18 launch stories, event type
    # 92 %, 2 false alerts (IMMEDIATE: a Council meeting on a "sub-launched missile", a satellite launch announced for
    # next month in Japanese), 1 launch missed (a rocket launcher Kim "oversaw", which Seoul called ballistic).
    "twenty-fourth set": {"fully_right": 0.91, "launches": 0.83, "event_type": 1.0, "false_alerts": 0},
    # First look (after the twenty-fourth sets' rules): 30 of 36 fully right, 13 of 19 launch stories, event type
    # 100 %, no false alert, none missed (misses: a satellite's orbit told by NORAD, "at least 50 km", "none of the
    # missiles" reached the zone, a sum over three days in a Korean title).
    "twenty-fifth set": {"fully_right": 0.97, "launches": 0.94, "event_type": 1.0, "false_alerts": 0},
    # First look (after the twenty-fifth sets' rules): 28 of 36 fully right, 12 of 18 launch stories, event type
    # 89 %, 2 false alerts (FLASH: a J-Alert follow-up a day on, in Japanese, "発射した際"; PRIORITY: Seoul's analysis
    # of a rocket's debris, "the technology to build a ballistic missile"), 2 launches missed (a quote-first lede
    # under a "PALM BEACH, Fla." dateline; "飛翔(ひしょう)体" with its reading inside the word).
    "twenty-sixth set": {"fully_right": 0.88, "launches": 0.77, "event_type": 1.0, "false_alerts": 0},
    # First look (after the twenty-sixth sets' rules): 24 of 36 fully right, 7 of 15 launch stories, event type
    # 86 %, 2 false alerts (FLASH: a Council resolution whose lede names the nuclear test of the DPRK it targets,
    # "核実験を強行した北朝鮮に対する制裁決議", in Japanese; IMMEDIATE: a 240 mm launcher's "artillery rockets" read
    # as ballistic), 2 missed (an artillery drill "Kim Jong-un ordered" in a lede whose subject is Seoul; "단거리
    # 로켓 25발" in Korean).
    "twenty-seventh set": {"fully_right": 0.91, "launches": 0.86, "event_type": 1.0, "false_alerts": 0},
    # First look (after the twenty-seventh sets' rules): 21 of 36 fully right, 7 of 14 launch stories, event type
    # 83 %, 6 false alerts (FLASH: US officials saying the DPRK's "'satellite' launches tested new ICBM"; in Korean, a
    # ROK-US drill "6시간 만입니다" after an ICBM, an ICBM judged hard to launch from a TEL, "발사 어렵다", Musudans
    # withdrawn "발사 위치서"; IMMEDIATE: a drill beside ", which has fired ..."; PRIORITY: ICBMs being built), none
    # missed.
    "twenty-eighth set": {"fully_right": 0.77, "launches": 0.5, "event_type": 1.0, "false_alerts": 0},
    # First look (after the twenty-eighth sets' rules): 24 of 36 fully right, 9 of 18 launch stories, event type
    # 86 %, 3 false alerts, none at FLASH (PRIORITY: a US commander saying the DPRK "has the ability to" mount a
    # warhead on its KN-08 ICBM; Europeans condemning "North Korea's recent run of ballistic missile launches"; the
    # Security Council's statement on Musudans, "유엔 안전보장이사회가 … 발사를 규탄하는 언론성명", in Korean), 2
    # missed (Trump on the DPRK's "disrespect to its neighbor China by firing" a missile, read as China's act; Kim's
    # "equilibrium" words "a day after he watched" an IRBM fly over Japan).
    "twenty-ninth set": {"fully_right": 0.8, "launches": 0.61, "event_type": 0.97, "false_alerts": 0},
    # First look (after the twenty-ninth sets' rules): 25 of 36 fully right, 9 of 18 launch stories, event type
    # 92 %, 2 false alerts (FLASH: a Diet answer on intercepting missiles "if" the DPRK fired them at Guam,
    # "グアムに向けて弾道ミサイルを発射した場合", in Japanese; PRIORITY: a paper's corrections column on an ICBM
    # story), none missed.
    "thirtieth set": {"fully_right": 0.83, "launches": 0.66, "event_type": 1.0, "false_alerts": 0},
    # First look (after the thirtieth's rules and two on arms and troops): 28 of 36 fully right, 12 of 17 launch
    # stories, 1 false alert (IMMEDIATE: a rocket's fairing washed ashore, "今年2月に発射した" read as today's
    # launch), 2 missed (an exchange of fire across the sea border, "North and South Korea traded artillery fire",
    # read as the South's; KCNA's next-day story of "Wednesday's" SLBM).
    "thirty-first set": {"fully_right": 0.83, "launches": 0.70, "event_type": 0.94, "false_alerts": 0},
}


def cases(corpus: str) -> list[dict]:
    names = FILES.get(corpus) or ((LATER[corpus],) if corpus in LATER else (HELD_OUT,))
    return [case for name in names for case in labelled_lines(PRESS / name)]


def scored(language: str) -> Scores:
    return score(cases(language))


def test_the_corpus_has_its_size_languages_and_look_alikes() -> None:
    every = {language: cases(language) for language in FILES}
    assert len(every["en"]) >= 120 and len(every["ja"]) >= 40 and len(every["ko"]) >= 40
    total = sum(map(len, every.values()))
    no_incident = sum(1 for group in every.values() for case in group if case["expected"]["event_type"] == "other")
    assert no_incident / total >= 0.4
    for language, script in SCRIPTS.items():
        assert all(re.search(script, case["report"]["body"]) for case in every[language])
    ids = [case["report"]["id"] for group in every.values() for case in group]
    assert len(ids) == len(set(ids))
    # Lede and background: most reports have more than one paragraph.
    paragraphs = [case["report"]["body"].count("\n\n") + 1 for group in every.values() for case in group]
    assert sum(p > 1 for p in paragraphs) / len(paragraphs) >= 0.8


@pytest.mark.parametrize("language", [*FILES, "held-out", *LATER])
def test_the_press_is_read_as_well_as_when_the_corpus_was_written(
    language: str, capsys: pytest.CaptureFixture[str]
) -> None:
    scores = scored(language)
    launches = score([case for case in cases(language) if case["expected"]["event_type"] in LAUNCHES])
    reached = REACHED[language]
    with capsys.disabled():
        print(
            f"\npress ({language}): {scores.reports} reports, {scores.fully_right} fully right "
            f"({launches.fully_right} of {launches.reports} launch stories), "
            f"event type {scores.accuracy('event_type'):.1%}, {len(scores.false_alerts)} of {scores.no_incident} "
            f"without an incident raise an alert ({scores.false_flash} FLASH), {len(scores.missed)} missed"
        )
    assert not launches.reports or launches.fully_right / launches.reports >= reached["launches"]
    assert scores.false_flash <= reached.get("false_flash", 0), scores.false_alerts
    assert len(scores.false_alerts) <= reached["false_alerts"], scores.false_alerts
    assert scores.fully_right / scores.reports >= reached["fully_right"]
    assert scores.accuracy("event_type") >= reached["event_type"]


def test_a_false_alert_and_a_missed_incident_are_counted() -> None:
    """The scorer itself: a look-alike read as a launch is a false alert, a launch read as nothing a miss."""
    launch = {
        "report": {
            "id": "s1",
            "kind": "text",
            "source": "press-test",
            "published_at": "2024-10-31T09:00:00+09:00",
            "title": "North Korea fires ICBM",
            "body": "North Korea fired an intercontinental ballistic missile at 7:10 a.m. today, Seoul said.",
        },
        "expected": {"event_type": "other", "commitments": []},
    }
    quiet = {
        "report": {**launch["report"], "id": "s2", "title": "", "body": "Nothing happened today."},
        "expected": {"event_type": "ballistic_missile_launch", "commitments": ["unsc-ballistic"]},
    }
    scores = score([launch, quiet])
    assert [r for r, _, _ in scores.false_alerts] == ["s1"] and scores.false_flash == 1
    assert scores.missed == [("s2", "ballistic_missile_launch")]
    assert scores.fully_right == 0


#: Reports of the incidents the statements centre on besides launches (written for testing, like the sets above,
#: from real events' facts; a third look-alikes: another state's transfer or hack, a bilateral drill, a
#: designation, a verdict, an estimate over years), scored once as they came (README) and held here: the share with
#: the right type and commitments (the figure the incident issue asks for), and the look-alikes raising an alert.
INCIDENTS = {
    "incidents_arms_troops.jsonl": {"type_and_commitments": 0.94, "false_alerts": 0},
    "incidents_cyber_sanctions.jsonl": {"type_and_commitments": 0.96, "false_alerts": 1},
    "incidents_nuclear_trilateral.jsonl": {"type_and_commitments": 0.90, "false_alerts": 0},
    # Written with labelled facts (`details`); first look: 35 of 54, 3 look-alikes alerting (1 FLASH).
    "incidents_6.jsonl": {"type_and_commitments": 0.94, "false_alerts": 0},
    # First look: 31 of 54, 3 look-alikes alerting (none FLASH), facts 42 of 140.
    "incidents_7.jsonl": {"type_and_commitments": 0.83, "false_alerts": 0},
    # First look: 38 of 54 (70 %), no look-alike alerting, 11 incidents missed, facts 20 of 89.
    "incidents_8.jsonl": {"type_and_commitments": 0.92, "false_alerts": 0},
    # First look: 31 of 48 (65 %), 2 look-alikes alerting (none FLASH), 12 missed, facts 20 of 80.
    "incidents_9.jsonl": {"type_and_commitments": 0.89, "false_alerts": 0},
    # First look: 29 of 48 (60 %), 6 look-alikes alerting (none FLASH), 8 missed, facts 20 of 78.
    "incidents_10.jsonl": {"type_and_commitments": 0.91, "false_alerts": 1},
    # First look (after the tenth set's rules): 36 of 45 (80 %), no look-alike alerting, 5 missed, facts 32 of 70.
    "incidents_11.jsonl": {"type_and_commitments": 0.97, "false_alerts": 0},
    # First look (after the tenth and eleventh sets' rules): 35 of 45 (78 %), 3 look-alikes alerting (none FLASH),
    # 5 missed, facts 29 of 70.
    "incidents_12.jsonl": {"type_and_commitments": 0.93, "false_alerts": 2},
    # First look (after the twelfth set's rules): 38 of 42 (90 %; 35 with the code before the tenth's rules),
    # 1 look-alike alerting (none FLASH), 1 missed, facts 26 of 57.
    "incidents_13.jsonl": {"type_and_commitments": 0.95, "false_alerts": 1},
    # First look (after the thirteenth set's rules): 25 of 42 (60 %), 1 look-alike alerting (none FLASH), 13 missed,
    # facts 9 of 60.
    "incidents_14.jsonl": {"type_and_commitments": 0.85, "false_alerts": 1},
    # First look (after the fourteenth set's rules): 30 of 42 (71 %), 2 look-alikes alerting (none FLASH), 7 missed,
    # facts 27 of 65.
    "incidents_15.jsonl": {"type_and_commitments": 0.88, "false_alerts": 2},
    # First look (after the fifteenth set's rules): 30 of 42 (71 %; 31 with espionage-only thefts labelled as
    # bearing on nothing), 2 look-alikes alerting (none FLASH), 6 missed, facts 18 of 55.
    "incidents_16.jsonl": {"type_and_commitments": 0.97, "false_alerts": 0},
    # First look (after the sixteenth set's rules): 24 of 36 (67 %), 3 look-alikes alerting (none FLASH), 8 missed,
    # facts 15 of 52.
    "incidents_17.jsonl": {"type_and_commitments": 0.72, "false_alerts": 1},
    # First look (after the seventeenth set's rules): 34 of 40 (85 %), 3 look-alikes alerting (none FLASH: two
    # sums of a year's or months' thefts, a non-denial of troops sent), 3 missed, facts 28 of 60.
    "incidents_18.jsonl": {"type_and_commitments": 0.95, "false_alerts": 1},
    # First look (after the eighteenth set's rules): 26 of 40 (65 %), 5 look-alikes alerting (none FLASH), 7 missed,
    # facts 22 of 64.
    "incidents_19.jsonl": {"type_and_commitments": 0.75, "false_alerts": 3},
    # First look (after the nineteenth set's rules): 32 of 40 (80 %), no look-alike alerting, 4 missed, a Russian
    # strike on Kharkiv with North Korean missiles read as a DPRK launch (FLASH), facts 16 of 59.
    "incidents_20.jsonl": {"type_and_commitments": 0.92, "false_alerts": 0},
    # First look (after the twentieth set's rules and some of the twenty-first launch set's): 29 of 40 (72 %), 3
    # look-alikes alerting (Iran's shells to Russia and a port ban on coal ships, PRIORITY; "no sign" of a new
    # deployment, IMMEDIATE), 8 missed, facts 11 of 52.
    "incidents_21.jsonl": {"type_and_commitments": 0.92, "false_alerts": 0},
    # First look (after the twenty-first sets' rules): 30 of 40 (75 %) as labelled then, no look-alike alerting, 9
    # missed, facts 15 of 66. Three disablement reports (a shutdown, two demolitions) were relabelled other on
    # review, as the 2018 Punggye-ri demolition already was: by those labels the first look was 31 of 40, with 1
    # look-alike alerting (PRIORITY: the 2007 Yongbyon shutdown).
    "incidents_22.jsonl": {"type_and_commitments": 0.97, "false_alerts": 0},
    # First look (after the twenty-second sets' rules): 27 of 40 (68 %) as labelled then (29 with two phishing and
    # mail-account thefts labelled espionage on review), 2 look-alikes alerting (IMMEDIATE: the Kremlin dismissing
    # reports of troops sent; ROUTINE: Freedom Edge announced for the coming week), 6 missed, an IAEA statement that a
    # test site is "ready for a nuclear test" read as a nuclear test, facts 13 of 64.
    "incidents_23.jsonl": {"type_and_commitments": 0.92, "false_alerts": 0},
    # First look (after the twenty-third sets' rules): 31 of 40 (78 %; 30 as written, before two stories of DPRK
    # forces at home, guard posts rebuilt and artillery doubled, were relabelled other on review: the catalogue's
    # troop deployments are abroad), no look-alike alerting, 4 missed, missile parts seized read as a launch, facts
    # 13 of 60.
    "incidents_24.jsonl": {"type_and_commitments": 0.95, "false_alerts": 0},
    # First look (after the twenty-fourth sets' rules): 30 of 40 (75 %), 1 look-alike alerting (PRIORITY: a court's
    # forfeiture of a tanker that had carried fuel to the DPRK), 9 missed, facts 17 of 62.
    "incidents_25.jsonl": {"type_and_commitments": 0.92, "false_alerts": 0},
    # First look (after the twenty-fifth sets' rules): 31 of 40 (78 %), 1 look-alike alerting (PRIORITY: the DPRK
    # denying a charged hacker's "Sony and WannaCry role"), 6 missed, DPRK-made missiles Russia fires read as a
    # DPRK launch, facts 13 of 69.
    "incidents_26.jsonl": {"type_and_commitments": 0.85, "false_alerts": 0},
    # First look (after the twenty-sixth sets' rules): 33 of 40 (83 %), 1 look-alike alerting (PRIORITY: the DPRK
    # denying "the US government's announcement" naming it behind WannaCry, in Korean), 4 missed, a warhead "small
    # enough to be mounted on ballistic missiles" read as a launch, facts 20 of 71.
    "incidents_27.jsonl": {"type_and_commitments": 0.97, "false_alerts": 0},
    # First look (after the twenty-seventh sets' rules): 31 of 40 (78 %), 2 look-alikes alerting at FLASH (Japan's
    # asset freeze "in response to" launches, "…発射し、…ことを受け"; a ROK-US drill, the first "since" a nuclear
    # test, "핵실험 … 이후 처음"), 7 missed, facts 17 of 54.
    "incidents_28.jsonl": {"type_and_commitments": 0.92, "false_alerts": 0},
    # First look (after the twenty-eighth sets' rules): 30 of 40 (75 %), 3 look-alikes alerting, none at FLASH
    # (IMMEDIATE: a Korean analysis a year after the deployment was disclosed, "[북한군 파병 1년]"; PRIORITY: US
    # sanctions on IT workers' network, the act their grounds, "…稼いでいるとして、…指定"; half a year's crypto
    # thefts summed, "上半期で21億ドル超"), 6 missed, facts 18 of 60.
    "incidents_29.jsonl": {"type_and_commitments": 0.92, "false_alerts": 0},
    # First look (after the twenty-ninth sets' rules): 27 of 40 (68 %), no look-alike alerting, 13 missed (hackers'
    # "fake Zoom meeting" read as a meeting, "malicious packages", the three's intelligence-sharing arrangement,
    # fuel handed to "북한 선박에", the DPRK's officers killed, in Japanese, among them), facts 11 of 67.
    "incidents_30.jsonl": {"type_and_commitments": 0.82, "false_alerts": 0},
    # First look (after the thirtieth sets' rules and two on arms and troops): 28 of 40 (70 %), 2 look-alikes alerting
    # (PRIORITY: a think tank calling the DPRK "a formidable cyber actor"; a Japanese piece a year after a theft,
    # "流出1年"), 9 missed (Russia's drone-technology deal and Yermak's claim retold, Tikhoretsk in Japanese, WannaCry's
    # code link, a Lexus smuggling raid, Punggye-ri tunnelling, Amazon's blocked IT-worker applicants in Japanese, a
    # trilateral interdiction drill in Japanese, a 50,000-strong Kursk force), facts 12 of 60.
    "incidents_31.jsonl": {"type_and_commitments": 0.80, "false_alerts": 0},
}
INCIDENT_TYPES = (
    "arms_transfer",
    "troop_deployment",
    "cyber_incident",
    "sanctions_evasion",
    "nuclear_activity",
    "trilateral_action",
)


def test_the_incident_corpora_cover_each_type_in_each_language() -> None:
    every = [case for name in INCIDENTS for case in labelled_lines(PRESS / name)]
    for event_type in INCIDENT_TYPES:
        of_type = [c for c in every if c["expected"]["event_type"] == event_type]
        by_language = {lang: sum(1 for c in of_type if c["report"].get("language", "en") == lang) for lang in SCRIPTS}
        assert len(of_type) - sum(by_language.values()) >= 10 and min(by_language.values()) >= 3, event_type
    assert sum(1 for c in every if c["expected"]["event_type"] == "other") / len(every) >= 1 / 3


@pytest.mark.parametrize("name", INCIDENTS)
def test_incidents_are_read_with_their_type_and_commitments(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    cases = labelled_lines(PRESS / name)
    scores = score(cases)
    wrong = {report for report, field, _, _ in scores.misses if field in ("event_type", "commitments")}
    right = (scores.reports - len(wrong)) / scores.reports
    with capsys.disabled():
        print(
            f"\n{name}: {scores.reports} reports, type and commitments right {right:.0%}, "
            f"{len(scores.false_alerts)} of {scores.no_incident} look-alikes raise an alert, "
            f"{len(scores.missed)} missed"
        )
    assert right >= INCIDENTS[name]["type_and_commitments"]
    assert len(scores.false_alerts) <= INCIDENTS[name]["false_alerts"] and scores.false_flash == 0


def test_the_labelled_facts_of_incidents_are_read_as_well_as_when_the_set_came() -> None:
    """The sixth incident set labels the facts an officer acts on (group, victim, amount, vessel, quantity ...) in
    the fields of `IncidentDetails`; scored loosely (a name contained in the label, a figure within 2%). First look:
    49 of 152 labelled facts; the share held here is what the reading reached (README)."""
    scores = score(labelled_lines(PRESS / "incidents_6.jsonl"))
    right = sum(r for r, _ in scores.details.values())
    labelled = sum(n for _, n in scores.details.values())
    assert labelled >= 150
    assert right / labelled >= 0.5, scores.detail_misses
    assert scores.details["activity"][0] >= 11 and scores.details["group"][0] >= 4
