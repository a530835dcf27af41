"""Text extraction on reports written in each source's style from public facts."""

from __future__ import annotations

from datetime import datetime

from launchwatch.schemas import TextReport
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
    assert jmod.incident_id == jcs.incident_id and jmod.event_id != jcs.event_id


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
    december = report.model_copy(update={"body": "It fired a ballistic missile on December 30."})
    assert extract(december).values["occurred_at"].year == 2023  # last year's December, not a future day


def test_a_span_stretched_by_whitespace_keeps_its_offsets_and_a_cut_text() -> None:
    body = "North Korea launched a ballistic missile at" + " " * 2_500 + "7:22 a.m. from near Pyongyang."
    event = to_event(report(body, "2024-01-14T09:00:00+09:00"))
    occurred = next(p for p in event.provenance if p.field == "occurred_at")
    assert occurred.text is not None and len(occurred.text) == 2_000 and occurred.text.startswith("at ")
    assert occurred.end - occurred.start > 2_500
    assert event.occurred_at == datetime.fromisoformat("2024-01-14T07:22:00+09:00")
