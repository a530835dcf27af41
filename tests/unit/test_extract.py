"""Text extraction on reports written in each source's style from public facts."""

from __future__ import annotations

from datetime import datetime, timedelta

from launchwatch.schemas import TextReport
from services.ingest.incidents import group
from services.ingest.normalize import ReportRejected, parse_report, party_of, to_event


def report(body: str, published_at: str, source: str = "japan-mod", title: str = "") -> TextReport:
    return TextReport(id="r", source=source, published_at=datetime.fromisoformat(published_at), title=title, body=body)


def test_japan_mod_follow_up_of_the_2023_12_18_icbm() -> None:
    e = to_event(
        report(
            "North Korea launched one ICBM-class ballistic missile from near Pyongyang at around 8:24 a.m. toward the "
            "northeast. It flew for about 73 minutes, about 1,000 km, with a maximum altitude of over 6,000 km, and "
            "fell in the Sea of Japan outside Japan's exclusive economic zone (EEZ).",
            "2023-12-18T10:30:00+09:00",
        )
    )
    assert (e.event_type, e.missile_class, e.count, e.count_qualifier) == (
        "ballistic_missile_launch",
        "ICBM",
        1,
        "exact",
    )
    assert e.occurred_at == datetime.fromisoformat("2023-12-18T08:24:00+09:00")
    assert (e.apogee_km, e.range_km, e.flight_time_min) == (6000, 1000, 73)
    assert e.location is not None and (e.location.eez, e.location.landing, e.location.site) == (
        "outside",
        "sea-of-japan",
        "Pyongyang",
    )
    assert e.party == "Japan"
    spans = {p.field: p.text for p in e.provenance}
    assert "6,000 km" in spans["apogee_km"] and "8:24 a.m." in spans["occurred_at"]


def test_night_launch_reported_after_midnight_is_dated_the_day_before() -> None:
    e = to_event(
        report(
            "North Korea fired what it claims is a military reconnaissance satellite toward the south at 10:43 p.m.",
            "2023-11-22T00:15:00+09:00",
            source="rok-jcs",
        )
    )
    assert e.event_type == "satellite_launch" and e.missile_class == "SLV"
    assert e.occurred_at == datetime.fromisoformat("2023-11-21T22:43:00+09:00")


def test_explicit_date_and_seconds() -> None:
    e = to_event(
        report(
            "The satellite was launched by the carrier rocket Chollima-1 at 22:42:28 on November 21 from Sohae.",
            "2023-11-22T06:00:00+09:00",
            source="kcna",
        )
    )
    assert e.occurred_at == datetime.fromisoformat("2023-11-21T22:42:28+09:00")
    assert e.occurred_precision == "second"
    assert (e.system, e.party) == ("Chollima-1", "DPRK")
    assert e.location is not None and e.location.site == "Sohae"


def test_vague_counts_stay_unknown_and_nothing_is_invented() -> None:
    e = to_event(
        report(
            "North Korea fired several cruise missiles off its west coast.",
            "2024-01-24T12:00:00+09:00",
            source="rok-jcs",
        )
    )
    assert (e.event_type, e.missile_class, e.count, e.count_qualifier) == (
        "cruise_missile_launch",
        "cruise",
        None,
        "unknown",
    )
    assert e.occurred_at is None and e.apogee_km is None and e.range_km is None


def test_at_least_is_kept() -> None:
    e = to_event(report("North Korea launched at least three ballistic missiles.", "2022-11-02T09:00:00+09:00"))
    assert (e.count, e.count_qualifier) == (3, "at_least")


def test_parties_from_sources() -> None:
    assert [party_of(s) for s in ("japan-mod", "rok-jcs", "us-indopacom", "kcna", "yonhap")] == [
        "Japan",
        "ROK",
        "US",
        "DPRK",
        "other",
    ]


def test_rejects_carry_reasons() -> None:
    for data, reason in [
        (b"\xff\xfe", "invalid_encoding"),
        (b"{not json", "invalid_json"),
        (b'{"id": "a", "kind": "text"}', "validation_error"),
    ]:
        try:
            parse_report(data)
        except ReportRejected as exc:
            assert exc.reason == reason and exc.detail
        else:
            raise AssertionError(f"{data!r} was accepted")


def test_reports_of_one_launch_share_an_incident() -> None:
    jmod = to_event(report("North Korea launched a ballistic missile at around 7:22 a.m.", "2023-04-13T08:00:00+09:00"))
    jcs = to_event(
        report(
            "North Korea fired a ballistic missile at around 7:23 a.m.", "2023-04-13T07:40:00+09:00", source="rok-jcs"
        )
    )
    assert jmod.event_id != jcs.event_id
    [one] = group([jmod, jcs], timedelta(hours=1))
    assert one.event_ids == {jmod.event_id, jcs.event_id}


def test_a_date_without_a_time_gives_the_day() -> None:
    from launchwatch.schemas import TextReport, TimePrecision
    from services.ingest.extract import extract

    report = TextReport(
        id="k",
        source="kcna",
        published_at="2024-01-15T06:00:00+09:00",
        body="A test-fire of an intermediate-range ballistic missile was conducted on the afternoon of January 14.",
    )
    found = extract(report).values
    assert found["occurred_at"].isoformat() == "2024-01-14T00:00:00+09:00"
    assert found["occurred_precision"] == TimePrecision.DAY
    # Published on New Year's Day (a date more than two days old is another event's: background).
    december = report.model_copy(
        update={
            "body": "It fired a ballistic missile on December 30.",
            "published_at": datetime.fromisoformat("2024-01-01T06:00:00+09:00"),
        }
    )
    assert extract(december).values["occurred_at"].year == 2023  # last year's December, not a future day


def test_a_span_stretched_by_whitespace_keeps_its_offsets_and_a_cut_text() -> None:
    body = "North Korea launched a ballistic missile at" + " " * 2_500 + "7:22 a.m. from near Pyongyang."
    event = to_event(report(body, "2024-01-14T09:00:00+09:00"))
    occurred = next(p for p in event.provenance if p.field == "occurred_at")
    assert occurred.text is not None and len(occurred.text) == 2_000 and occurred.text.startswith("at ")
    assert occurred.end - occurred.start > 2_500
    assert event.occurred_at == datetime.fromisoformat("2024-01-14T07:22:00+09:00")


def test_a_japanese_report_in_full_width_digits_keeps_its_spans_in_the_original() -> None:
    # Written in full-width digits, letters and brackets, as Japanese releases are (ASCII + 0xFEE0).
    full_width = {code: code + 0xFEE0 for code in range(0x21, 0x7F)}
    body = "北朝鮮は、本日(31日)7時11分頃、少なくとも1発のICBM級弾道ミサイルを発射し、" + "EEZ外に落下しました。"
    body = body.translate(full_width)
    e = to_event(report(body, "2024-10-31T09:00:00+09:00"))
    assert (e.event_type, e.missile_class, e.count, e.count_qualifier) == (
        "ballistic_missile_launch",
        "ICBM",
        1,
        "at_least",
    )
    assert e.occurred_at == datetime.fromisoformat("2024-10-31T07:11:00+09:00") and e.occurred_precision == "minute"
    assert e.location is not None and e.location.eez == "outside"
    spans = {p.field: p for p in e.provenance}
    assert spans["occurred_at"].text == "7時11分".translate(full_width)
    assert spans["count"].text == "少なくとも1発".translate(full_width)
    assert all(body[p.start : p.end] == p.text for p in e.provenance if p.start is not None)


def test_korean_times_dates_and_counts() -> None:
    jcs = to_event(
        report(
            "합참은 북한이 10월 31일 오전 7시 10분경 평양 일대에서 단거리탄도미사일 수 발을 발사했다고 밝혔다.",
            "2024-11-01T09:00:00+09:00",
            source="rok-jcs",
        )
    )
    assert (jcs.missile_class, jcs.count, jcs.count_qualifier) == ("SRBM", None, "unknown")
    assert jcs.occurred_at == datetime.fromisoformat("2024-10-31T07:10:00+09:00")
    assert jcs.location is not None and jcs.location.site == "Pyongyang"
    hour = to_event(
        report("북한은 밤 10시께 탄도미사일 10여 발을 발사했다.", "2024-11-01T23:00:00+09:00", source="rok-jcs")
    )
    assert (hour.count, hour.count_qualifier, hour.occurred_precision) == (10, "at_least", "hour")
    assert hour.occurred_at == datetime.fromisoformat("2024-11-01T22:00:00+09:00")
    # "30日" in a report of the 1st: the 30th of last month.
    early = to_event(report("北朝鮮は30日、弾道ミサイル1発を発射した。", "2024-12-01T08:00:00+09:00"))
    assert early.occurred_at is not None and early.occurred_at.date().isoformat() == "2024-11-30"


def test_the_language_comes_from_the_text_and_mixed_reports_get_each_rule_set() -> None:
    from services.ingest.extract import extract, languages

    assert languages("North Korea fired") == ("en",)
    assert languages("북한, 탄도미사일 발사", "en") == ("en", "ko")  # a feed that says English
    assert languages("北朝鮮弾道弾発射") == ("en", "ja")  # kanji only, as in a headline
    assert languages("ICBM", "ja-JP") == ("en", "ja")
    mixed = TextReport(
        id="m",
        source="press-x",
        published_at=datetime.fromisoformat("2023-11-22T06:00:00+09:00"),
        title="North Korea fired two ballistic missiles",
        body="합참에 따르면 북한은 어제 22시 38분경 동해상으로 탄도미사일을 발사했다.",
        language="en",
    )
    found = extract(mixed)
    assert found.languages == ("en", "ko")
    assert (found.values["count"], found.values["occurred_at"].isoformat()) == (2, "2023-11-21T22:38:00+09:00")


def test_kcna_tests_of_missile_technology_are_ballistic_launches() -> None:
    warheads = to_event(
        report(
            "The DPRK Missile Administration conducted a test of separating and guiding individual mobile warheads "
            "on June 26. The separated warheads were guided to three targets.",
            "2024-06-27T06:00:00+09:00",
            source="kcna",
        )
    )
    assert warheads.event_type == "ballistic_missile_launch"
    assert warheads.occurred_at is not None and warheads.occurred_at.date().isoformat() == "2024-06-26"
    stage = to_event(
        report(
            "An important weapon test was conducted with the solid-fuel engine of the first stage on March 18.",
            "2024-03-19T06:00:00+09:00",
            source="kcna",
        )
    )
    assert stage.event_type == "ballistic_missile_launch"
    ground = to_event(
        report("A ground jet test of a high-thrust solid-fuel motor was conducted.", "2022-12-16T06:00:00+09:00")
    )
    assert ground.event_type == "other"  # an engine on a test stand is not a launch


def test_a_satellite_put_into_orbit_is_one_vehicle_and_a_denied_overflight_is_none() -> None:
    orbit = to_event(
        report(
            "The carrier rocket Chollima-1 accurately put the reconnaissance satellite Malligyong-1 into orbit.",
            "2023-11-22T06:00:00+09:00",
            source="kcna",
        )
    )
    assert (orbit.event_type, orbit.count, orbit.count_qualifier) == ("satellite_launch", 1, "exact")
    corrected = to_event(
        report(
            "北朝鮮は本日7時39分頃、弾道ミサイル1発を発射しました。分析の結果、日本列島を通過していないことを確認しました。",
            "2022-11-03T10:00:00+09:00",
        )
    )
    assert corrected.location is None or corrected.location.overflew_japan is None


def test_balloons_drills_and_notices_are_not_launches() -> None:
    for body in (
        "北朝鮮から飛来した風船が見つかった。",
        "弾道ミサイルの落下を想定した住民避難訓練が行われた。",
        "북한이 오물풍선을 또 날려 보냈다.",
        "북한은 위성을 발사하겠다는 계획을 통보해 왔다.",
    ):
        assert to_event(report(body, "2024-06-01T12:00:00+09:00")).event_type == "other", body


def test_a_launch_told_beside_balloons_is_a_launch_and_about_is_approximate() -> None:
    e = to_event(
        report(
            "북한은 오물풍선 살포에 이어 오늘 오전 6시 14분경 단거리탄도미사일 18발가량을 발사했다.",
            "2024-05-30T07:00:00+09:00",
            source="rok-jcs",
        )
    )
    assert (e.event_type, e.count, e.count_qualifier) == ("ballistic_missile_launch", 18, "approximate")


def test_the_date_of_a_time_is_the_nearest_before_it_not_the_release_date() -> None:
    # The release's own date first, then the day of the launch in full-width brackets.
    body = "令和5年12月18日\n防衛省\n北朝鮮は、昨日\uff0817日\uff0922時37分頃、1発の弾道ミサイルを発射しました。"
    e = to_event(report(body, "2023-12-18T07:00:00+09:00"))
    assert e.occurred_at == datetime.fromisoformat("2023-12-17T22:37:00+09:00")


def test_a_distance_without_thousands_separator_is_read_whole() -> None:
    english = to_event(
        report("North Korea fired a ballistic missile that flew about 1100 km.", "2025-01-06T13:00:00+09:00")
    )
    japanese = to_event(
        report("北朝鮮は弾道ミサイル1発を発射した。ミサイルは約1100km飛行した。", "2025-01-06T13:00:00+09:00")
    )
    assert english.range_km == japanese.range_km == 1100


def test_flight_times_in_japanese_and_korean() -> None:
    ja = to_event(
        report(
            "北朝鮮はICBM級弾道ミサイル1発を発射した。約73分間飛翔し、日本海に落下した。", "2023-12-18T10:30:00+09:00"
        )
    )
    ko = to_event(report("북한은 탄도미사일 1발을 발사했다. 미사일은 53분간 비행했다.", "2017-11-29T06:00:00+09:00"))
    assert (ja.flight_time_min, ko.flight_time_min) == (73, 53)
