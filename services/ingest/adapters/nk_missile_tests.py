"""nagix/nk-missile-tests: the CNS database with bearings, 1984-2026, as `test.<lang>.json`.

Rows name their missile and facility by key; the adapter joins `missile.<lang>.json` and
`facility.<lang>.json` from the same folder (English if the language's file is missing; the bare key when
neither is there). Each row (one missile) becomes a structured report of source `nk-missile-tests`, id
`nkmt-<date>-<n>` with n the row's position among that date's rows. Dates and times are UTC in the English
file and JST in the Japanese one (the same tests: ingest one of them); a row without a time keeps day precision,
a row with only a month (`1984-09`) month precision.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from pathlib import Path
from typing import Any

from launchwatch.schemas import EventType, MissileClass, Outcome, Party, TimePrecision
from services.ingest.adapters.base import (
    FormatError,
    ReportItem,
    coarse_incident_id,
    first_json_value,
    load_json_document,
    missile_class_of,
    parse_iso_date,
    parse_km,
    row_report,
)

SOURCE = "nk-missile-tests"

LANDINGS: dict[str, str | None] = {
    "sea-of-japan": "sea-of-japan",
    "yellow-sea": "yellow-sea",
    "pacific-ocean": "pacific",
    "north-korea": "north-korea",
    "na": None,
    "unknown": None,
}

OUTCOMES: dict[str, Outcome] = {"success": Outcome.SUCCESS, "failure": Outcome.FAILURE}


def load_sibling(path: Path, stem: str) -> dict[str, Any]:
    """`<stem>.<lang>.json` beside `path` (`test.<lang>.json`), falling back to English, else empty."""
    lang = path.name.split(".")[1] if path.name.count(".") >= 2 else "en"
    for candidate in (path.with_name(f"{stem}.{lang}.json"), path.with_name(f"{stem}.en.json")):
        if candidate.is_file():
            return json.loads(candidate.read_text(encoding="utf-8"))
    return {}


#: Time zones the files give their times in: `test.en.json` says `(UTC)`, `test.ja.json` `(JST)`.
ZONES: dict[str, tzinfo] = {"UTC": UTC, "JST": timezone(timedelta(hours=9), "JST")}


def file_zone(tests: list[dict[str, Any]]) -> tzinfo:
    """The zone of a file's dates and times: the one its times name (rows without a time share it)."""
    for test in tests:
        clock = str(test.get("time") or "")
        for name, zone in ZONES.items():
            if clock.endswith(f"({name})"):
                return zone
    return UTC


def occurred(test: dict[str, Any], zone: tzinfo) -> tuple[datetime | None, TimePrecision]:
    """The launch time: date and minute when both are known, else the date (or month) alone, in `zone`."""
    day = str(test.get("date") or "")
    clock = str(test.get("time") or "").split("(")[0].strip()
    try:
        return datetime.strptime(f"{day} {clock}", "%Y-%m-%d %H:%M").replace(tzinfo=zone), TimePrecision.MINUTE
    except ValueError:
        pass
    parsed = parse_iso_date(day, zone)
    return parsed if parsed else (None, TimePrecision.DAY)


def test_to_report(
    test: dict[str, Any], ordinal: int, missiles: dict[str, Any], facilities: dict[str, Any], zone: tzinfo = UTC
) -> ReportItem:
    missile_key = str(test.get("missile") or "unknown")
    missile = missiles.get(missile_key) or {}
    missile_type = str(missile.get("type") or "")
    missile_class = missile_class_of(missile_type)
    facility_key = str(test.get("facility") or "")
    facility = facilities.get(facility_key) or {}
    when, precision = occurred(test, zone)
    tags = []
    if test.get("series") is not None:
        tags.append(f"series:{test['series']}")
    if missile_type.upper() == "HGV" or test.get("glide"):
        tags.append("hgv")
    location = {
        "site": facility.get("name") or facility_key or None,
        "lat": facility.get("lat"),
        "lon": facility.get("lon"),
        "landing": LANDINGS.get(str(test.get("landing")), str(test.get("landing") or "")[:200] or None),
    }
    facts = {
        "event_type": EventType.SATELLITE_LAUNCH
        if missile_class is MissileClass.SLV
        else EventType.BALLISTIC_MISSILE_LAUNCH,
        "party": Party.OTHER,
        "missile_class": missile_class,
        "system": (missile.get("name") or (missile_key if missile_key != "unknown" else None)),
        "count": 1,
        "count_qualifier": "exact",
        "occurred_at": when,
        "occurred_precision": precision,
        "location": {k: v for k, v in location.items() if v is not None} or None,
        "apogee_km": parse_km(test.get("apogee")),
        "range_km": parse_km(test.get("distance")),
        "outcome": OUTCOMES.get(str(test.get("outcome")), Outcome.UNKNOWN),
        "tags": tags,
        "summary": str(test.get("description") or "").strip()[:2_000] or None,
    }
    report_id = f"nkmt-{test.get('date')}-{ordinal}"
    facts["incident_id"] = coarse_incident_id(SOURCE, report_id, precision)
    fields = {
        "kind": "event",
        "id": report_id,
        "source": SOURCE,
        # The data set has no publication time: the launch stands in for it.
        "published_at": when,
        "event": {k: v for k, v in facts.items() if v is not None},
    }
    return row_report(fields)


class NkMissileTestsAdapter:
    name = "nk-missile-tests"
    description = "nagix/nk-missile-tests test.<lang>.json (missile and facility files joined from the same folder)"

    def detect(self, path: Path, head: bytes) -> bool:
        start = first_json_value(head)
        return start.startswith(b"{") and b'"timeBins"' in start

    def read(self, path: Path) -> Iterator[ReportItem]:
        document = load_json_document(path)
        if not isinstance(document, dict):
            raise FormatError(f"{path}: not an nk-missile-tests file (expected an object with timeBins)")
        missiles = load_sibling(path, "missile")
        facilities = load_sibling(path, "facility").get("facilities", {})
        tests = [test for time_bin in document.get("timeBins", []) for test in time_bin.get("data", [])]
        zone = file_zone(tests)
        per_date: Counter[str] = Counter()
        for test in tests:
            per_date[str(test.get("date"))] += 1
            yield test_to_report(test, per_date[str(test.get("date"))], missiles, facilities, zone)
