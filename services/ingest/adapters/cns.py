"""The CNS North Korea Missile Test Database as exported to CSV (one row per missile, 1984-2023).

Each row becomes a structured report of source `cns-missile-db`; its id is the row's own number (column `F1`)
as `cns-<F1>`, so the row is found again with :func:`row_number`. Dates keep their precision: `Sep-84` is a
month, `9-Apr-84` a day, a launch time makes it a second; no day or time is invented. The file's encoding is
Windows-1252 in the original and UTF-8 in the derived copy; both are read.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import UTC, datetime, time
from pathlib import Path
from typing import Any

from launchwatch.schemas import EventType, MissileClass, Outcome, Party, TimePrecision
from services.ingest.adapters.base import (
    FormatError,
    ReportItem,
    coarse_incident_id,
    csv_header,
    missile_class_of,
    parse_km,
    row_report,
    slug,
)

SOURCE = "cns-missile-db"
ID_PREFIX = "cns-"
#: Columns that tell this file from any other CSV.
SIGNATURE = ("F1", "Missile Name", "Missile Type", "Test Outcome")

#: `Landing Location` values and launchwatch's landing areas (others are kept as written).
LANDINGS: dict[str, str | None] = {
    "sea of japan or east sea": "sea-of-japan",
    "yellow sea or west sea": "yellow-sea",
    "pacific ocean": "pacific",
    "unknown": None,
    "n/a": None,
    "": None,
}

OUTCOMES: dict[str, Outcome] = {"success": Outcome.SUCCESS, "failure": Outcome.FAILURE}


def row_number(report_id: str) -> str:
    """The data set's own row id (`F1`) of a report id made here: `cns-118` → `118`."""
    return report_id.removeprefix(ID_PREFIX)


def decode(data: bytes) -> str:
    """The file's text: the data set comes as UTF-8 and as cp1252; anything else is a format error."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise FormatError(f"not a CNS file in UTF-8 or cp1252: byte {exc.start} cannot be decoded") from exc


def parse_date(text: str) -> tuple[datetime, TimePrecision] | None:
    """`9-Apr-84` (a day), `Sep-84` (a month) or `1984` (a year), as the first instant of that period in UTC."""
    text = text.strip()
    for pattern, precision in (
        ("%d-%b-%y", TimePrecision.DAY),
        ("%b-%y", TimePrecision.MONTH),
        ("%Y", TimePrecision.YEAR),
    ):
        try:
            parsed = datetime.strptime(text, pattern)
        except ValueError:
            continue
        # Two-digit years: the data set starts in 1984, so 84-99 are 19xx and 00-83 are 20xx.
        if pattern.endswith("%y") and parsed.year >= 2084:
            parsed = parsed.replace(year=parsed.year - 100)
        return parsed.replace(tzinfo=UTC), precision
    return None


def parse_time(text: str) -> time | None:
    """`10:22:00 PM` (UTC) → 22:22:00."""
    for pattern in ("%I:%M:%S %p", "%I:%M %p", "%H:%M:%S", "%H:%M"):
        try:
            return datetime.strptime(text.strip(), pattern).time()
        except ValueError:
            continue
    return None


def parse_entered(text: str) -> datetime | None:
    """`Date Entered/Updated`: `23-Dec-16` or `4/19/2023`."""
    for pattern in ("%d-%b-%y", "%m/%d/%Y"):
        try:
            return datetime.strptime(text.strip(), pattern).replace(tzinfo=UTC)
        except ValueError:
            continue
    return None


def _float(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


def row_to_report(row: dict[str, str]) -> ReportItem:
    """One CSV row → one structured report (or, when it cannot be mapped, its JSON for the dead-letter topic)."""
    number = (row.get("F1") or "").strip()
    report_id = f"{ID_PREFIX}{number}"
    when = parse_date(row.get("Date") or "")
    occurred_at, precision = when if when else (None, TimePrecision.DAY)
    launch_time = parse_time(row.get("Launch Time (UTC)") or "")
    if occurred_at is not None and launch_time is not None and precision is TimePrecision.DAY:
        occurred_at = datetime.combine(occurred_at.date(), launch_time, tzinfo=UTC)
        precision = TimePrecision.SECOND
    missile_class = missile_class_of(row.get("Missile Type"))
    event_type = EventType.SATELLITE_LAUNCH if missile_class is MissileClass.SLV else EventType.BALLISTIC_MISSILE_LAUNCH
    landing_text = (row.get("Landing Location") or "").strip()
    location = {
        "site": (row.get("Facility Name") or "").strip() or None,
        "region": (row.get("Facility Location") or "").strip() or None,
        "lat": _float(row.get("Facility Latitude") or ""),
        "lon": _float(row.get("Facility Longitude") or ""),
        "landing": LANDINGS.get(landing_text.lower(), landing_text[:200]),
    }
    confirmation = (row.get("Confirmation Status") or "").strip()
    tags = [f"cns-row:{number}"]
    if confirmation:
        tags.append(slug(confirmation))
    if (row.get("Missile Type") or "").strip().upper() == "HGV":
        tags.append("hgv")
    facts: dict[str, Any] = {
        "event_type": event_type,
        "party": Party.OTHER,
        "missile_class": missile_class,
        "system": (row.get("Missile Name") or "").strip()[:200] or None,
        "count": 1,
        "count_qualifier": "exact",
        "occurred_at": occurred_at,
        "occurred_precision": precision,
        "location": {k: v for k, v in location.items() if v is not None} or None,
        "apogee_km": parse_km(row.get("Apogee")),
        "range_km": parse_km(row.get("Distance Travelled")),
        "outcome": OUTCOMES.get((row.get("Test Outcome") or "").strip().lower(), Outcome.UNKNOWN),
        "tags": tags,
        "summary": (row.get("Additional Information") or "").strip()[:2_000] or None,
    }
    facts["incident_id"] = coarse_incident_id(SOURCE, report_id, precision)
    entered = parse_entered(row.get("Date Entered/Updated") or "")
    sources = [part.strip() for part in (row.get("Source(s)") or "").replace("\n", ";").split(";") if part.strip()]
    fields = {
        "kind": "event",
        "id": report_id,
        "source": SOURCE,
        # When CNS entered or last updated the record: the closest thing to a publication time the row has.
        "published_at": entered or occurred_at,
        "url": sources[0][:2_000] if sources and sources[0].startswith("http") else None,
        "event": {k: v for k, v in facts.items() if v is not None},
    }
    return row_report(fields)


class CnsAdapter:
    name = "cns"
    description = "CNS North Korea Missile Test Database, CSV (cp1252 or UTF-8)"

    def detect(self, path: Path, head: bytes) -> bool:
        header = csv_header(head)
        return all(column in header for column in SIGNATURE)

    def read(self, path: Path) -> Iterator[ReportItem]:
        for row in csv.DictReader(io.StringIO(decode(path.read_bytes()), newline="")):
            yield row_to_report(row)
