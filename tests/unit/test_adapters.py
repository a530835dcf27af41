"""Source adapters on the real shared data sets: detection, every row a valid report, fields mapped faithfully."""

from __future__ import annotations

import csv
import json
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from launchwatch.cli import main
from launchwatch.schemas import EventType, MissileClass, Outcome, Party, StructuredReport, TimePrecision
from services.ingest.adapters import (
    FORMATS,
    FormatError,
    UnknownFormat,
    adapter_for,
    detect,
    iter_report_bytes,
    read_reports,
)
from services.ingest.adapters.base import parse_km, row_report
from services.ingest.adapters.cns import row_number
from services.ingest.adapters.csis import classify
from services.ingest.incidents import group
from services.ingest.normalize import ReportRejected, parse_report, to_event

JST = timezone(timedelta(hours=9))

CNS = "data/cns-missile-db-2023/north_korea_missile_test_database.{}.csv"
CSIS = "data/csis-provocations/{}_north_korea_provocations_1958_present.{}"
JMOD = "data/japan-mod-launch-reports/launch-reports.jsonl"
NKMT = "data/nk-missile-tests/test.{}.json"


def count_rows(path: Path) -> int:
    """Rows of a data file counted without the adapters: CSV records, JSON array items, JSON lines, test rows."""
    if path.suffix == ".csv":
        text = path.read_text(encoding="cp1252" if "cp1252" in path.name else "utf-8")
        return sum(1 for _ in csv.DictReader(text.splitlines(keepends=True)))
    if path.suffix == ".jsonl":
        return sum(1 for line in path.read_text(encoding="utf-8").splitlines() if line.strip())
    document = json.loads(path.read_text(encoding="utf-8"))
    if isinstance(document, list):
        return len(document)
    return sum(len(time_bin["data"]) for time_bin in document["timeBins"])


DATA_FILES = [
    (CNS.format("cp1252"), "cns"),
    (CNS.format("utf8"), "cns"),
    (CSIS.format("raw", "csv"), "csis"),
    (CSIS.format("raw", "json"), "csis"),
    (CSIS.format("processed", "csv"), "csis"),
    (CSIS.format("processed", "json"), "csis"),
    (JMOD, "jmod"),
    (NKMT.format("en"), "nk-missile-tests"),
    (NKMT.format("ja"), "nk-missile-tests"),
]


@pytest.mark.parametrize(("relative", "fmt"), DATA_FILES)
def test_each_data_file_is_detected(shared_dir: Path, relative: str, fmt: str) -> None:
    assert detect(shared_dir / relative).name == fmt


@pytest.mark.parametrize(("relative", "fmt"), DATA_FILES)
def test_analyze_rejects_no_row_of_a_whole_data_file(
    shared_dir: Path, relative: str, fmt: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = shared_dir / relative
    assert main(["analyze", "--strict", "--format", fmt, str(path)]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(lines) == count_rows(path) > 0
    assert not [line for line in lines if "error" in line]
    assert len({line["report_id"] for line in lines}) == len(lines), "report ids are unique within a file"


def test_auto_detection_gives_the_same_reports_as_the_named_format(shared_dir: Path) -> None:
    path = shared_dir / JMOD
    assert list(iter_report_bytes(path)) == list(iter_report_bytes(path, "jmod"))


def test_unrecognised_file_names_every_known_format(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("just some notes\n")
    with pytest.raises(UnknownFormat) as caught:
        detect(notes)
    for name in FORMATS[1:]:
        assert name in str(caught.value)
    assert main(["analyze", str(notes)]) == 2
    assert "format not recognised" in capsys.readouterr().err


def test_a_broken_json_document_is_a_format_error(tmp_path: Path) -> None:
    broken = tmp_path / "test.en.json"
    broken.write_text('{"timeBins": [')
    with pytest.raises(FormatError):
        list(read_reports(broken, "nk-missile-tests"))


def test_jsonl_keeps_malformed_lines_byte_for_byte(tmp_path: Path) -> None:
    lines = tmp_path / "reports.jsonl"
    lines.write_bytes(b'{"id": "a"}\n\n{broken\n')
    assert list(iter_report_bytes(lines)) == [b'{"id": "a"}', b"{broken"]
    array = tmp_path / "reports.json"
    array.write_text('[{"id": "a"}, {"id": "b"}]')
    assert [json.loads(b)["id"] for b in iter_report_bytes(array)] == ["a", "b"]
    assert adapter_for(array).name == "jsonl"


def test_a_row_that_does_not_validate_is_kept_for_the_dead_letter_topic() -> None:
    item = row_report({"kind": "event", "id": "x-1", "source": "cns-missile-db", "event": {"event_type": "launch"}})
    assert isinstance(item, bytes)
    with pytest.raises(ReportRejected) as caught:
        parse_report(item)
    assert caught.value.reason == "validation_error" and "published_at" in caught.value.detail


@pytest.mark.parametrize(
    ("text", "km"), [("6248 km", 6248.0), ("1,380 km", 1380.0), ("330 lm", 330.0), (950, 950.0), ("80", 80.0)]
)
def test_parse_km(text: object, km: float) -> None:
    assert parse_km(text) == km


@pytest.mark.parametrize("text", ["Unknown", "unknown", "na", "", None, "4000 km out into Pacific"])
def test_parse_km_unknown(text: object) -> None:
    assert parse_km(text) is None


# --------------------------------------------------------------------------- CNS


def cns_reports(shared_dir: Path, encoding: str = "utf8") -> dict[str, StructuredReport]:
    reports = {}
    for item in read_reports(shared_dir / CNS.format(encoding)):
        assert isinstance(item, StructuredReport)
        reports[item.id] = item
    return reports


def test_cns_row_maps_every_column(shared_dir: Path) -> None:
    report = cns_reports(shared_dir)["cns-118"]
    assert row_number(report.id) == "118" and "cns-row:118" in report.event.tags
    assert report.source == "cns-missile-db" and report.event.party is Party.OTHER
    facts = report.event
    assert facts.event_type is EventType.BALLISTIC_MISSILE_LAUNCH
    assert facts.missile_class is MissileClass.ICBM and facts.system == "Hwasong-15"
    assert facts.occurred_at == datetime(2017, 11, 28, 18, 18, tzinfo=UTC)
    assert facts.occurred_precision is TimePrecision.SECOND
    assert facts.apogee_km == 4475 and facts.range_km == 950 and facts.outcome is Outcome.SUCCESS
    assert facts.location is not None and facts.location.landing == "sea-of-japan"
    assert facts.location.site == "Pyongsong Field" and facts.location.lat == pytest.approx(39.282)
    assert report.published_at == datetime(2017, 11, 29, tzinfo=UTC)  # Date Entered/Updated
    assert "confirmed" in facts.tags


def test_cns_partial_dates_keep_their_precision_and_invent_no_day(shared_dir: Path) -> None:
    reports = cns_reports(shared_dir)
    september = reports["cns-4"].event
    assert september.occurred_precision is TimePrecision.MONTH
    assert september.occurred_at == datetime(1984, 9, 1, tzinfo=UTC)
    # A month does not group rows into one incident: each such row is its own.
    incidents = {to_event(reports[f"cns-{n}"]).incident_id for n in (4, 5, 6)}
    assert len(incidents) == 3
    assert reports["cns-1"].event.occurred_precision is TimePrecision.DAY
    months = [r for r in reports.values() if r.event.occurred_precision is TimePrecision.MONTH]
    assert len(months) == 8


def test_cns_both_encodings_give_the_same_reports(shared_dir: Path) -> None:
    assert cns_reports(shared_dir, "cp1252") == cns_reports(shared_dir, "utf8")


# --------------------------------------------------------------------------- CSIS


@pytest.mark.parametrize(
    ("category", "event_type", "missile_class"),
    [
        ("Short-range Ballistic Missile Launch", EventType.BALLISTIC_MISSILE_LAUNCH, MissileClass.SRBM),
        ("Intercontinental Ballistic Missile", EventType.BALLISTIC_MISSILE_LAUNCH, MissileClass.ICBM),
        (
            "Inter-Continental Ballistic Missile/Short-Range Missile Launches",
            EventType.BALLISTIC_MISSILE_LAUNCH,
            "ICBM",
        ),
        ("Submarine Launched Ballistic Missile Launch", EventType.BALLISTIC_MISSILE_LAUNCH, MissileClass.SLBM),
        ("Strategic cruise missile", EventType.CRUISE_MISSILE_LAUNCH, MissileClass.CRUISE),
        ("Anti-Ship Cruise Missile Launch", EventType.CRUISE_MISSILE_LAUNCH, MissileClass.CRUISE),
        ("Satellite Launch (Other Provocation)", EventType.SATELLITE_LAUNCH, MissileClass.SLV),
        ("Nuclear Test", EventType.NUCLEAR_TEST, None),
        ("Nuclear Test / Short-range missile launch", EventType.NUCLEAR_TEST, None),
        ("Multiple Lanuch Rocket System (MLRS) Test", EventType.ARTILLERY_FIRE, None),
        ("Shelling of Yeonpyeong Island", EventType.ARTILLERY_FIRE, None),
        ("Tactical Ballistic Missile Launcher Deployment", EventType.OTHER, None),
        ("Long-range Surface-to-Air Missile Launch", EventType.OTHER, None),
        ("Balloon-floating Trash", EventType.OTHER, None),
        ("Short-range Missile Launch", EventType.OTHER, None),
    ],
)
def test_csis_categories_map_through_the_table(
    category: str, event_type: EventType, missile_class: MissileClass | None
) -> None:
    rule = classify(category)
    assert (rule.event_type if rule else EventType.OTHER) is event_type
    assert (rule.missile_class if rule else None) == missile_class


def test_csis_rows_carry_type_tag_and_local_date(shared_dir: Path) -> None:
    reports = [r for r in read_reports(shared_dir / CSIS.format("raw", "csv")) if isinstance(r, StructuredReport)]
    by_type: dict[EventType, int] = {}
    for report in reports:
        by_type[report.event.event_type] = by_type.get(report.event.event_type, 0) + 1
    assert by_type[EventType.NUCLEAR_TEST] == 6  # 2006, 2009, 2013, 2016 (twice), 2017
    assert set(by_type) >= {
        EventType.BALLISTIC_MISSILE_LAUNCH,
        EventType.CRUISE_MISSILE_LAUNCH,
        EventType.SATELLITE_LAUNCH,
        EventType.ARTILLERY_FIRE,
        EventType.OTHER,
    }
    balloons = [r for r in reports if "csis:balloon-floating-trash" in r.event.tags]
    assert len(balloons) == 32 and all(r.event.event_type is EventType.OTHER for r in balloons)
    first = reports[-1]  # the file is newest first
    assert first.id == "csis-1958-02-16-1" and first.event.occurred_at == datetime(1958, 2, 16, tzinfo=JST)
    assert first.event.occurred_precision is TimePrecision.DAY


def test_csis_raw_and_processed_files_give_the_same_ids(shared_dir: Path) -> None:
    ids = {fmt: [r.id for r in read_reports(shared_dir / CSIS.format(fmt, "json"))] for fmt in ("raw", "processed")}
    assert ids["raw"] == ids["processed"]


# --------------------------------------------------------------------------- Japan MoD


def test_jmod_flash_and_follow_up_are_one_incident(shared_dir: Path) -> None:
    reports = {r.id: r for r in read_reports(shared_dir / JMOD) if isinstance(r, StructuredReport)}
    flash, follow_up = reports["2023-12-18c"], reports["2023-12-18d"]
    assert flash.source == "japan-mod" and flash.event.party is Party.JAPAN
    assert flash.event.count == 1 and flash.event.count_qualifier == "at_least"
    assert follow_up.event.missile_class is MissileClass.ICBM
    assert follow_up.event.flight_time_min == 73 and follow_up.event.apogee_km == 6000
    assert "apogee-over" in follow_up.event.tags and follow_up.event.location.eez == "outside"
    assert follow_up.event.occurred_at == datetime(2023, 12, 18, 8, 24, tzinfo=JST)
    # The release is dated, not timed; on the launch day it cannot precede the launch.
    assert follow_up.published_at == follow_up.event.occurred_at
    [one] = group([to_event(flash), to_event(follow_up)], timedelta(hours=1))
    assert len(one.members) == 2


def test_jmod_hour_precision_and_several_missiles(shared_dir: Path) -> None:
    reports = {r.id: r for r in read_reports(shared_dir / JMOD) if isinstance(r, StructuredReport)}
    several = reports["2026-04-19b"].event
    assert several.occurred_precision is TimePrecision.HOUR
    assert several.count == 2 and several.count_qualifier == "at_least"
    assert reports["2023-11-22b"].event.event_type is EventType.SATELLITE_LAUNCH


# --------------------------------------------------------------------------- nk-missile-tests


def test_nk_missile_tests_join_missile_and_facility(shared_dir: Path) -> None:
    reports = [r for r in read_reports(shared_dir / NKMT.format("en")) if isinstance(r, StructuredReport)]
    hwasong = next(r for r in reports if r.id == "nkmt-2023-07-12-1").event
    assert hwasong.system == "Hwasong-18" and hwasong.missile_class is MissileClass.ICBM
    assert hwasong.occurred_at == datetime(2023, 7, 12, 0, 59, tzinfo=UTC)
    assert hwasong.apogee_km == 6648 and hwasong.range_km == 1001
    assert hwasong.location is not None and hwasong.location.site and hwasong.location.lat
    months = [r for r in reports if r.event.occurred_precision is TimePrecision.MONTH]
    assert len(months) == 8 and {r.event.occurred_at.day for r in months} == {1}
    satellite = next(r for r in reports if r.id == "nkmt-2023-11-21-1").event
    assert satellite.event_type is EventType.SATELLITE_LAUNCH


def test_nk_missile_tests_japanese_file_is_in_jst(shared_dir: Path) -> None:
    def instants(lang: str) -> set[datetime]:
        return {
            r.event.occurred_at
            for r in read_reports(shared_dir / NKMT.format(lang))
            if isinstance(r, StructuredReport) and r.event.occurred_precision is TimePrecision.MINUTE
        }

    english, japanese = instants("en"), instants("ja")
    assert english and english == japanese


@pytest.mark.parametrize(("relative", "fmt"), DATA_FILES)
def test_a_named_format_that_does_not_fit_the_file_is_an_error_before_reading(
    shared_dir: Path, relative: str, fmt: str
) -> None:
    path = shared_dir / relative
    assert adapter_for(path, fmt).name == fmt
    wrong = "jmod" if fmt != "jmod" else "cns"
    with pytest.raises(FormatError, match=f"is not {wrong} .*looks like {fmt}"):
        adapter_for(path, wrong)


def test_the_sample_feed_named_as_cns_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    from launchwatch.cli import sample_feed_path

    assert main(["analyze", "--format", "cns", str(sample_feed_path())]) == 2
    assert "is not cns" in capsys.readouterr().err
