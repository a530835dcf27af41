"""Japan Ministry of Defense press releases on DPRK launches, one JSON object per line (2020 on).

Each release becomes a structured report of source `japan-mod` (party Japan) with its own id (`2023-12-18d`).
Successive releases about one launch (a flash, then a follow-up with figures) share the launch time, so they
fall into one incident.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path
from typing import Any

from launchwatch.schemas import CountQualifier, EezRelation, EventType, MissileClass, Party, TimePrecision
from services.ingest.adapters.base import ReportItem, first_json_value, row_report

SOURCE = "japan-mod"
JST = timezone(timedelta(hours=9), "JST")
SIGNATURE = ('"weapon"', '"launchJst"', '"published"')

#: `weapon` → (event type, missile class, tag).
WEAPONS: dict[str, tuple[EventType, MissileClass | None, str | None]] = {
    "ballistic": (EventType.BALLISTIC_MISSILE_LAUNCH, None, None),
    "icbm-class": (EventType.BALLISTIC_MISSILE_LAUNCH, MissileClass.ICBM, "icbm-class"),
    # 弾道ミサイルの可能性: the ministry reports it as a possible ballistic missile; the tag keeps the doubt.
    "possible-ballistic": (EventType.BALLISTIC_MISSILE_LAUNCH, None, "possible-ballistic"),
    "satellite": (EventType.SATELLITE_LAUNCH, MissileClass.SLV, None),
    "other": (EventType.OTHER, None, None),
}

#: `countNote` → (count qualifier, count to use when the release gives none).
COUNT_NOTES: dict[str, tuple[CountQualifier, int | None]] = {
    "exact": (CountQualifier.EXACT, None),
    "total": (CountQualifier.EXACT, None),
    "at least": (CountQualifier.AT_LEAST, None),
    # 複数 ("several") says more than one and nothing else.
    "multiple": (CountQualifier.AT_LEAST, 2),
}

EEZ: dict[str, EezRelation] = {
    "inside": EezRelation.INSIDE,
    "outside": EezRelation.OUTSIDE,
    # No flight into Japan's territory or EEZ confirmed: not a statement that it fell outside.
    "none-seen": EezRelation.UNKNOWN,
}

DIRECTIONS = {"東": "E", "北東": "NE", "南東": "SE", "南": "S", "西": "W", "北": "N", "北西": "NW", "南西": "SW"}


def _datetime(value: Any) -> datetime | None:
    try:
        return datetime.fromisoformat(str(value))
    except ValueError:
        return None


def published_at(published: Any, launch: datetime | None) -> datetime | None:
    """The release has a date and no time: midnight JST of that date, or the launch time on the launch day
    (a release never precedes the launch it reports)."""
    try:
        day = date.fromisoformat(str(published))
    except ValueError:
        return launch
    midnight = datetime.combine(day, time(0), tzinfo=JST)
    return max(midnight, launch) if launch else midnight


def record_to_report(record: dict[str, Any]) -> ReportItem:
    event_type, missile_class, weapon_tag = WEAPONS.get(str(record.get("weapon")), (EventType.OTHER, None, None))
    launch = _datetime(record.get("launchJst"))
    qualifier, default_count = COUNT_NOTES.get(str(record.get("countNote")), (None, None))
    count = record.get("count") if record.get("count") is not None else default_count
    ranges = [float(v) for v in record.get("rangeKm") or [] if isinstance(v, int | float)]
    apogees = [float(v) for v in record.get("apogeeKm") or [] if isinstance(v, int | float)]
    tags = [tag for tag in (weapon_tag,) if tag]
    for name in ("range", "apogee"):
        bound = record.get(f"{name}Bound")
        if bound:
            tags.append(f"{name}-{str(bound).replace(' ', '-')}")
    direction = DIRECTIONS.get(str(record.get("directionJa")))
    if direction:
        tags.append(f"direction:{direction}")
    if record.get("eez") == "none-seen":
        tags.append("eez-none-seen")
    if record.get("textMentionsJapanUsRok"):
        tags.append("japan-us-rok")
    location = {
        "region": record.get("areaJa"),
        "landing": record.get("landing"),
        "eez": EEZ.get(str(record.get("eez"))),
    }
    facts = {
        "event_type": event_type,
        "party": Party.JAPAN,
        "missile_class": missile_class,
        "count": count,
        "count_qualifier": qualifier if count is not None else None,
        "occurred_at": launch,
        "occurred_precision": record.get("precision") or TimePrecision.MINUTE,
        "location": {k: v for k, v in location.items() if v is not None} or None,
        # One figure per missile when itemised: the event keeps the largest.
        "range_km": max(ranges) if ranges else None,
        "apogee_km": max(apogees) if apogees else None,
        "flight_time_min": record.get("flightMinutes"),
        "tags": tags,
    }
    fields = {
        "kind": "event",
        "id": record.get("id"),
        "source": SOURCE,
        "published_at": published_at(record.get("published"), launch),
        "url": record.get("url"),
        "event": {k: v for k, v in facts.items() if v is not None},
    }
    return row_report(fields)


class JapanModAdapter:
    name = "jmod"
    description = "Japan Ministry of Defense launch releases, JSON lines (id, published, weapon, launchJst, …)"

    def detect(self, path: Path, head: bytes) -> bool:
        first_line = first_json_value(head).split(b"\n", 1)[0].decode("utf-8", errors="replace")
        return first_line.startswith("{") and all(key in first_line for key in SIGNATURE)

    def read(self, path: Path) -> Iterator[ReportItem]:
        for line in path.read_bytes().splitlines():
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except (json.JSONDecodeError, UnicodeDecodeError):
                record = None
            # A line that is not a release is published as it is and dead-lettered with its bytes.
            yield record_to_report(record) if isinstance(record, dict) else line.strip()
