"""The CSIS Beyond Parallel database of North Korean provocations, 1958 on (raw or processed, CSV or JSON).

One row is one event day of any kind of provocation. Its `event` category (semi-free text, about 120 spellings)
decides the event type through :data:`CATEGORY_RULES`, a table checked in order: the first rule whose words all
occur in the category wins; nothing matching is `other`. Every report also carries the category as a tag
(`csis:<category>`), so the original wording is never lost. Dates are local (KST) dates without a time.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import timedelta, timezone
from pathlib import Path
from typing import Any

from launchwatch.schemas import EventType, MissileClass, Party, TimePrecision
from services.ingest.adapters.base import (
    FormatError,
    ReportItem,
    coarse_incident_id,
    csv_header,
    first_json_value,
    load_json_document,
    parse_iso_date,
    row_report,
    slug,
)

SOURCE = "csis-provocations"
COLUMNS = ("date", "type", "event", "description")
KST = timezone(timedelta(hours=9), "KST")


@dataclass(frozen=True)
class CategoryRule:
    """Categories containing every one of `words` (lower case) are `event_type`, of `missile_class` if given."""

    words: tuple[str, ...]
    event_type: EventType
    missile_class: MissileClass | None = None


E = EventType
M = MissileClass
#: Checked in order, first match wins: specific before general ("launcher deployment" before "ballistic missile
#: launch", "nuclear test" before "short-range missile"). Categories not matched are `other`.
CATEGORY_RULES: tuple[CategoryRule, ...] = (
    # Not launches, although the words are there.
    CategoryRule(("launcher deployment",), E.OTHER),
    CategoryRule(("nuclear detonation device",), E.OTHER),  # trigger tests and claims, not a nuclear explosion
    CategoryRule(("nuclear attack drone",), E.OTHER),
    CategoryRule(("nuclear test",), E.NUCLEAR_TEST),
    CategoryRule(("satellite launch",), E.SATELLITE_LAUNCH, M.SLV),
    CategoryRule(("cruise missile",), E.CRUISE_MISSILE_LAUNCH, M.CRUISE),
    CategoryRule(("surface-to-air",), E.OTHER),
    CategoryRule(("anti-aircraft",), E.OTHER),
    CategoryRule(("intercontinental ballistic",), E.BALLISTIC_MISSILE_LAUNCH, M.ICBM),
    CategoryRule(("inter-continental ballistic",), E.BALLISTIC_MISSILE_LAUNCH, M.ICBM),
    CategoryRule(("intermediate-range ballistic",), E.BALLISTIC_MISSILE_LAUNCH, M.IRBM),
    CategoryRule(("medium-range ballistic",), E.BALLISTIC_MISSILE_LAUNCH, M.MRBM),
    CategoryRule(("submarine launched ballistic",), E.BALLISTIC_MISSILE_LAUNCH, M.SLBM),
    CategoryRule(("short-range ballistic",), E.BALLISTIC_MISSILE_LAUNCH, M.SRBM),
    CategoryRule(("ballistic missile launch",), E.BALLISTIC_MISSILE_LAUNCH),
    CategoryRule(("(mirv)",), E.BALLISTIC_MISSILE_LAUNCH),
    # Multiple rocket launchers are rocket artillery; "Lanuch" is the data set's own spelling.
    CategoryRule(("(mlrs)",), E.ARTILLERY_FIRE),
    CategoryRule(("artillery fire",), E.ARTILLERY_FIRE),
    CategoryRule(("shelling",), E.ARTILLERY_FIRE),
    # "Short-range Missile Launch" mixes ballistic missiles, cruise missiles, surface-to-air missiles and
    # rockets: the category alone does not say which, so it stays `other` (with its tag).
)


def classify(category: str) -> CategoryRule | None:
    """The first rule matching `category`, or None (then the event type is `other`)."""
    lowered = " ".join(category.lower().split())
    for rule in CATEGORY_RULES:
        if all(word in lowered for word in rule.words):
            return rule
    return None


def first_url(resources: str) -> str | None:
    for token in resources.replace(",", " ").split():
        if token.startswith(("http://", "https://")):
            return token[:2_000]
    return None


def row_to_report(row: Mapping[str, Any], ordinal: int) -> ReportItem:
    """One row → one structured report; `ordinal` numbers the rows of one date in file order (1, 2, …)."""
    day = str(row.get("date") or "").strip()
    category = str(row.get("event") or "").strip()
    kind = str(row.get("type") or "").strip()
    rule = classify(category)
    parsed = parse_iso_date(day, KST)
    occurred_at, precision = parsed if parsed else (None, TimePrecision.DAY)
    tags = [f"csis:{slug(category)}"] if category else []
    if kind:
        tags.append(f"csis-type:{slug(kind)}")
    description = " ".join(str(row.get("description") or "").split())
    facts = {
        "event_type": rule.event_type if rule else EventType.OTHER,
        "party": Party.OTHER,
        "missile_class": rule.missile_class if rule else None,
        "occurred_at": occurred_at,
        "occurred_precision": precision,
        "tags": tags,
        "summary": description[:2_000] or None,
    }
    report_id = f"csis-{day}-{ordinal}"
    facts["incident_id"] = coarse_incident_id(SOURCE, report_id, precision)
    fields = {
        "kind": "event",
        "id": report_id,
        "source": SOURCE,
        # The list has no publication time: the event day stands in for it.
        "published_at": occurred_at,
        "url": first_url(str(row.get("resources") or "")),
        "event": {k: v for k, v in facts.items() if v is not None},
    }
    return row_report(fields)


def numbered(rows: Iterable[Mapping[str, Any]]) -> Iterator[tuple[Mapping[str, Any], int]]:
    """Each row with its ordinal among the rows of its date, so ids stay stable as new days are added."""
    seen: Counter[str] = Counter()
    for row in rows:
        day = str(row.get("date") or "")
        seen[day] += 1
        yield row, seen[day]


class CsisAdapter:
    name = "csis"
    description = "CSIS Beyond Parallel database of North Korean provocations, CSV or JSON"

    def detect(self, path: Path, head: bytes) -> bool:
        start = first_json_value(head)
        if start.startswith(b"["):
            text = start.decode("utf-8", errors="replace")
            return all(f'"{column}"' in text for column in COLUMNS) and "Provocation" in text
        header = csv_header(head)
        return all(column in header for column in COLUMNS)

    def read(self, path: Path) -> Iterator[ReportItem]:
        data = path.read_bytes()
        if first_json_value(data).startswith(b"["):
            document = load_json_document(path)
            rows: Iterable[Mapping[str, Any]] = [row for row in document if isinstance(row, dict)]
        else:
            try:
                text = data.decode("utf-8-sig")
            except UnicodeDecodeError as exc:
                raise FormatError(f"{path}: not UTF-8 ({exc})") from exc
            rows = csv.DictReader(io.StringIO(text, newline=""))
        for row, ordinal in numbered(rows):
            yield row_to_report(row, ordinal)
