"""Rule-based extraction of event facts from the text of a report.

Pure: no Kafka, no I/O. Every extracted field keeps the span it came from (provenance) and a
confidence; a field the text does not support stays empty, nothing is invented.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta, tzinfo
from typing import Any

from launchwatch.schemas import (
    MAX_SPAN_LEN,
    PLAUSIBLE_YEARS,
    CountQualifier,
    EezRelation,
    EventType,
    MissileClass,
    Outcome,
    Provenance,
    TextReport,
    TimePrecision,
)
from services.ingest.gazetteer import MISSILE_SYSTEMS, SITES
from services.ingest.prefilter import FirstMatch, Pattern, Text

_FLAGS = re.IGNORECASE


def _rx(pattern: str) -> Pattern:
    return Pattern(re.compile(pattern, _FLAGS))


# Event types, most specific first: the first pattern found decides.
EVENT_TYPE_PATTERNS: tuple[tuple[EventType, Pattern], ...] = (
    (
        EventType.NUCLEAR_TEST,
        _rx(r"\bnuclear (?:weapons? )?test|\bnuclear explosion|\bunderground nuclear|hydrogen bomb test"),
    ),
    (
        EventType.TRILATERAL_ACTION,
        _rx(
            r"\btrilateral\b[^.]{0,120}\b(?:exercise|mechanism|activated|data[- ]sharing|monitoring team)|\bFreedom Edge\b"
        ),
    ),
    (
        EventType.TROOP_DEPLOYMENT,
        _rx(
            r"\b(?:troops|soldiers|forces)\b[^.]{0,80}\b(?:to|in|into) (?:Russia|Kursk)|\bdeploy(?:ed|ment)?\b[^.]{0,60}\b(?:troops|soldiers)"
        ),
    ),
    (
        EventType.CYBER_INCIDENT,
        _rx(
            r"\bcyber|\bhack(?:ers?|ing|ed)?\b|\bLazarus\b|\bTraderTraitor\b|\bcrypto(?:currency)?\b[^.]{0,60}\b(?:theft|stole|stolen)|\bvirtual[- ]asset"
        ),
    ),
    (
        EventType.SANCTIONS_EVASION,
        _rx(
            r"\bship-to-ship\b|\bsanctions evasion\b|\bevad(?:e|ing) sanctions\b|\bworkers abroad\b|\billicit (?:oil|coal)"
        ),
    ),
    (
        EventType.ARMS_TRANSFER,
        _rx(
            r"\b(?:arms|munitions|ammunition|shells|missiles?)\b[^.]{0,80}\b(?:transfer(?:red|s)?|shipped|supplied|delivered|provided)\b[^.]{0,60}\bRussia"
            r"|\b(?:transferred|shipped|supplied|delivered|provided)\b[^.]{0,20}\bRussia\b[^.]{0,20}\bwith\b[^.]{0,60}\b(?:arms|munitions|ammunition|shells|missiles?|launchers)\b"
            r"|\barms (?:transfer|deal|trade)"
        ),
    ),
    (EventType.SATELLITE_LAUNCH, _rx(r"\bsatellite\b|\bspace launch vehicle\b|\bSLV\b|\bcarrier rocket\b")),
    (EventType.CRUISE_MISSILE_LAUNCH, _rx(r"\bcruise missiles?\b")),
    (
        EventType.BALLISTIC_MISSILE_LAUNCH,
        _rx(
            r"\bballistic missiles?\b|\bICBM\b|\bIRBM\b|\bSRBM\b|\bMRBM\b|\bSLBM\b|\bmissiles?\b[^.]{0,40}\b(?:launch|fired)|\b(?:launch|fired)\b[^.]{0,40}\bmissiles?\b"
        ),
    ),
    (EventType.ARTILLERY_FIRE, _rx(r"\bartillery\b|\bshells?\b|\bcoastal guns?\b|\bmultiple rocket launchers?\b")),
)

MISSILE_CLASS_PATTERNS: tuple[tuple[MissileClass, Pattern], ...] = (
    (MissileClass.ICBM, _rx(r"\bintercontinental ballistic missiles?\b|\bICBM(?:-class)?s?\b")),
    (MissileClass.IRBM, _rx(r"\bintermediate[- ]range ballistic missiles?\b|\bIRBMs?\b")),
    (MissileClass.MRBM, _rx(r"\bmedium[- ]range ballistic missiles?\b|\bMRBMs?\b")),
    (MissileClass.SLBM, _rx(r"\bsubmarine[- ]launched ballistic missiles?\b|\bSLBMs?\b")),
    (MissileClass.SRBM, _rx(r"\bshort[- ]range ballistic missiles?\b|\bSRBMs?\b")),
    (MissileClass.CRUISE, _rx(r"\bcruise missiles?\b")),
)

NUMBER_WORDS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "single": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "dozen": 12,
}
_COUNT_NOUN = r"(?:[\w-]+\s+){0,5}?(?:ballistic |cruise )?(?:missiles?|rockets?|projectiles?|ICBMs?|SRBMs?|IRBMs?|shells?|rounds?)"
COUNT_PATTERN = _rx(
    r"\b(?P<qual>at least |about |around |some |approximately )?(?<![\w-])(?P<num>\d{1,3}|"
    + "|".join(NUMBER_WORDS)
    + r")\s+"
    + _COUNT_NOUN
    + r"\b"
)
UNKNOWN_COUNT_PATTERN = _rx(r"\b(?:several|multiple|a number of|a barrage of|volley of)\s+" + _COUNT_NOUN)

_NUM = r"(?P<value>\d{1,3}(?:,\d{3})*(?:\.\d+)?)"
APOGEE_PATTERN = _rx(
    r"(?:altitude|apogee|height)\s+(?:of\s+)?(?:about |approximately |around |over |more than |some )?"
    + _NUM
    + r"\s*(?:km|kilomet(?:er|re)s?)"
)
RANGE_PATTERN = _rx(
    r"(?:flew|flying|traveled|travelled|range of|distance of|covered|flight distance of)\b"
    r"(?:(?!altitude|apogee|height)[^.]){0,40}?(?:about |approximately |around |over |more than |some )?"
    + _NUM
    + r"\s*(?:km|kilomet(?:er|re)s?)"
)
FLIGHT_TIME_PATTERN = _rx(
    r"(?:flew for|flight time of|flight of|for)\s+(?:about |approximately |around )?(?P<value>\d{1,3})\s+minutes"
)

EEZ_INSIDE = _rx(r"\b(?:inside|within|into) Japan'?s (?:exclusive economic zone|EEZ)")
#: Words that deny or doubt what their sentence says ("there is no confirmation that it fell within ...").
#: A plain regular expression: it runs on one sentence, seldom.
NEGATION = re.compile(r"\b(?:not|no|never|neither|nor|unconfirmed|without)\b", _FLAGS)
EEZ_OUTSIDE = _rx(r"\boutside (?:of )?Japan'?s (?:exclusive economic zone|EEZ)|\boutside the EEZ")
OVERFLIGHT = _rx(
    r"\b(?:passed|flew|flying|overflew|passing) over (?:Japan\b|Japanese territory|(?:the )?(?:Tohoku|Hokkaido|Aomori|Okinawa))|\boverflew Japan"
)
LANDINGS = (
    ("sea-of-japan", _rx(r"\bSea of Japan\b|\bEast Sea\b")),
    ("yellow-sea", _rx(r"\bYellow Sea\b|\bWest Sea\b")),
    ("pacific", _rx(r"\bPacific\b")),
)
FAILURE = _rx(r"\b(?:failed|failure|exploded|crashed|broke up|disintegrated|went wrong)\b")
SUCCESS = _rx(r"\bsuccessful(?:ly)?\b|\bsuccess\b")

# "at around 7:22 a.m.", "at 10:43 p.m.", "at 22:42:28", "at 6:39 pm"
TIME_PATTERN = _rx(
    r"\b(?:at|around)\s+(?:around\s+|about\s+|approximately\s+)?"
    r"(?:(?P<h>\d{1,2})[:.](?P<m>\d{2})(?::(?P<s>\d{2}))?\s*(?P<ampm>a\.?m\.?|p\.?m\.?)?"
    r"|(?P<hour_only>\d{1,2})\s*(?P<hour_ampm>a\.?m\.?|p\.?m\.?))"  # "around 10 a.m.": the hour only
)
MONTHS = {
    m: i
    for i, m in enumerate(
        [
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ],
        start=1,
    )
}
DATE_PATTERN = _rx(r"\b(?:on\s+)?(?P<month>" + "|".join(MONTHS) + r")\s+(?P<day>\d{1,2})(?:,\s*(?P<year>\d{4}))?")
#: "on March 24", "on November 21, 2023", "on the afternoon of January 14": when something happened.
ON_DATE_PATTERN = _rx(
    r"\bon\s+(?:the\s+(?:morning|afternoon|evening|night)\s+of\s+)?(?P<month>"
    + "|".join(MONTHS)
    + r")\s+(?P<day>\d{1,2})\b(?:,\s*(?P<year>\d{4}))?"
)
RUSSIA = _rx(r"\bRussia(?:n)?\b")
EXERCISE = _rx(r"\bexercise\b|\bFreedom Edge\b")
WARNING_SHARING = _rx(r"missile[- ]warning data|data[- ]sharing mechanism|real[- ]time[^.]{0,40}\bdata")

# The ordered tables above, each searched as one: the first entry (in order) whose pattern matches wins.
EVENT_TYPE_TABLE = FirstMatch(EVENT_TYPE_PATTERNS)
MISSILE_CLASS_TABLE = FirstMatch(MISSILE_CLASS_PATTERNS)
SYSTEM_TABLE = FirstMatch((name, pattern) for name, (_, _, pattern) in MISSILE_SYSTEMS.items())
SITE_TABLE = FirstMatch((name, pattern) for name, (_, pattern) in SITES.items())
LANDING_TABLE = FirstMatch(LANDINGS)

#: Event types whose date alone (without a time) is taken as the time of occurrence.
DATED_TYPES = frozenset(
    {
        EventType.BALLISTIC_MISSILE_LAUNCH,
        EventType.CRUISE_MISSILE_LAUNCH,
        EventType.SATELLITE_LAUNCH,
        EventType.NUCLEAR_TEST,
        EventType.ARTILLERY_FIRE,
    }
)

#: Event types whose count (of missiles, shells) is extracted.
COUNTED_TYPES = frozenset(
    {
        EventType.BALLISTIC_MISSILE_LAUNCH,
        EventType.CRUISE_MISSILE_LAUNCH,
        EventType.SATELLITE_LAUNCH,
        EventType.ARTILLERY_FIRE,
    }
)


@dataclass
class Extraction:
    """The facts found in one text, each with its provenance."""

    values: dict[str, Any] = field(default_factory=dict)
    provenance: list[Provenance] = field(default_factory=list)

    def put(self, name: str, value: Any, match: re.Match[str] | None, confidence: float, rule: str) -> None:
        if value is None or name in self.values:
            return
        self.values[name] = value
        self.provenance.append(
            Provenance(
                field=name,
                # A span stretched by odd whitespace can exceed what a record keeps: cut its text, not the report.
                text=match.group(0)[:MAX_SPAN_LEN] if match else None,
                start=match.start() if match else None,
                end=match.end() if match else None,
                confidence=confidence,
                method=f"rule:{rule}",
            )
        )


def _number(text: str) -> float:
    return float(text.replace(",", ""))


def plausible(value: datetime | None) -> bool:
    """A time the text can support: on the calendar, within the years reports may carry."""
    return value is not None and value.year in PLAUSIBLE_YEARS and value.year + 1 in PLAUSIBLE_YEARS


def _resolve_time(match: re.Match[str], text: Text, published_at: datetime) -> tuple[datetime | None, TimePrecision]:
    """A local clock time in the report, resolved with the report's date and time zone (None: no such time)."""
    try:
        return _local_time(match, text, published_at)
    except (ValueError, OverflowError):  # "February 30", or a day before the first of the calendar
        return None, TimePrecision.MINUTE


def _local_time(match: re.Match[str], text: Text, published_at: datetime) -> tuple[datetime, TimePrecision]:
    hour_only = match["hour_only"] is not None
    hour, minute = (int(match["hour_only"]), 0) if hour_only else (int(match["h"]), int(match["m"]))
    ampm = (match["hour_ampm"] if hour_only else match["ampm"] or "").lower().replace(".", "")
    if ampm == "pm" and hour < 12:
        hour += 12
    elif ampm == "am" and hour == 12:
        hour = 0
    second = int(match["s"]) if match["s"] else 0
    zone: tzinfo = published_at.tzinfo  # type: ignore[assignment]
    local_published = published_at.astimezone(zone)
    day = local_published.date()
    date_match = DATE_PATTERN.search(text, max(0, match.start() - 60), match.end() + 40)
    if date_match:
        year = int(date_match["year"]) if date_match["year"] else local_published.year
        day = day.replace(year=year, month=MONTHS[date_match["month"].lower()], day=int(date_match["day"]))
    occurred = datetime.combine(day, time(hour % 24, minute, second), tzinfo=zone)
    if not date_match and occurred > local_published + timedelta(minutes=5):
        occurred -= timedelta(days=1)  # a night launch reported after midnight: it happened the day before
    if hour_only:
        return occurred, TimePrecision.HOUR
    return occurred, TimePrecision.SECOND if match["s"] else TimePrecision.MINUTE


def _resolve_date(match: re.Match[str], published_at: datetime) -> datetime | None:
    """A date without a time ("on March 24"): that day in the report's zone, or None if no such day."""
    local_published = published_at.astimezone(published_at.tzinfo)
    year = int(match["year"]) if match["year"] else local_published.year
    try:
        day = local_published.date().replace(year=year, month=MONTHS[match["month"].lower()], day=int(match["day"]))
        if not match["year"] and day > local_published.date():
            day = day.replace(year=year - 1)  # "on December 30" in a January report: last year
    except ValueError:  # "on February 30", or before the first of the calendar
        return None
    return datetime.combine(day, time(0, 0), tzinfo=published_at.tzinfo)


def sentence_of(text: str, match: re.Match[str]) -> str:
    """The sentence a match is in."""
    start = max(text.rfind(".", 0, match.start()), text.rfind("\n", 0, match.start())) + 1
    end = text.find(".", match.end())
    return text[start : end if end != -1 else len(text)]


def extract(report: TextReport) -> Extraction:
    """Extract event facts from a text report's title and body."""
    text = Text(f"{report.title}\n{report.body}" if report.title else report.body)
    found = Extraction()

    if hit := EVENT_TYPE_TABLE.search(text):
        event_type, m = hit
        found.put("event_type", event_type, m, 0.9, "event_type")
    else:
        found.put("event_type", EventType.OTHER, None, 0.5, "event_type-default")
    event_type = found.values["event_type"]
    is_launch = event_type in (
        EventType.BALLISTIC_MISSILE_LAUNCH,
        EventType.CRUISE_MISSILE_LAUNCH,
        EventType.SATELLITE_LAUNCH,
    )

    if is_launch:
        if hit := SYSTEM_TABLE.search(text):
            name, m = hit
            canonical, missile_class, _ = MISSILE_SYSTEMS[name]
            found.put("system", canonical, m, 0.95, f"gazetteer:{name}")
            found.put("missile_class", missile_class, m, 0.9, f"gazetteer:{name}")
        if hit := MISSILE_CLASS_TABLE.search(text):
            missile_class, m = hit
            found.put("missile_class", missile_class, m, 0.9, "missile_class")
        if event_type == EventType.SATELLITE_LAUNCH:
            found.put("missile_class", MissileClass.SLV, None, 0.8, "satellite-implies-slv")
        if event_type == EventType.CRUISE_MISSILE_LAUNCH:
            found.put("missile_class", MissileClass.CRUISE, None, 0.9, "cruise")

    if event_type in COUNTED_TYPES:
        if m := UNKNOWN_COUNT_PATTERN.search(text):
            found.put("count_qualifier", CountQualifier.UNKNOWN, m, 0.8, "count")
        elif m := COUNT_PATTERN.search(text):
            word = m["num"].lower()
            count = NUMBER_WORDS.get(word) or int(word)
            qualifier = (m["qual"] or "").strip().lower()
            found.put("count", count, m, 0.85, "count")
            found.put(
                "count_qualifier",
                CountQualifier.AT_LEAST
                if qualifier == "at least"
                else CountQualifier.APPROXIMATE
                if qualifier
                else CountQualifier.EXACT,
                m,
                0.85,
                "count",
            )

    if m := TIME_PATTERN.search(text):
        occurred, precision = _resolve_time(m, text, report.published_at)
        if plausible(occurred):
            found.put("occurred_at", occurred, m, 0.85, "local-time")
            found.put("occurred_precision", precision, m, 0.85, "local-time")
    elif (
        event_type in DATED_TYPES
        and (m := ON_DATE_PATTERN.search(text))
        and plausible(day := _resolve_date(m, report.published_at))
    ):
        # "was launched on March 24": the day is known, the time is not (precision: day).
        found.put("occurred_at", day, m, 0.75, "date")
        found.put("occurred_precision", TimePrecision.DAY, m, 0.75, "date")

    if hit := SITE_TABLE.search(text):
        name, m = hit
        found.put("site", SITES[name][0], m, 0.9, f"gazetteer:{name}")

    if is_launch:
        if m := APOGEE_PATTERN.search(text):
            found.put("apogee_km", _number(m["value"]), m, 0.9, "apogee")
        if m := RANGE_PATTERN.search(text):
            found.put("range_km", _number(m["value"]), m, 0.85, "range")
        if m := FLIGHT_TIME_PATTERN.search(text):
            found.put("flight_time_min", _number(m["value"]), m, 0.85, "flight-time")
        if (m := EEZ_INSIDE.search(text)) and not NEGATION.search(sentence_of(text.raw, m)):
            found.put("eez", EezRelation.INSIDE, m, 0.9, "eez")
        elif m := EEZ_OUTSIDE.search(text):
            found.put("eez", EezRelation.OUTSIDE, m, 0.9, "eez")
        if m := OVERFLIGHT.search(text):
            found.put("overflew_japan", True, m, 0.9, "overflight")
        if hit := LANDING_TABLE.search(text):
            landing, m = hit
            found.put("landing", landing, m, 0.8, "landing")
        if m := FAILURE.search(text):
            found.put("outcome", Outcome.FAILURE, m, 0.8, "outcome")
        elif m := SUCCESS.search(text):
            found.put("outcome", Outcome.SUCCESS, m, 0.7, "outcome")

    if event_type in (EventType.ARMS_TRANSFER, EventType.TROOP_DEPLOYMENT) and (m := RUSSIA.search(text)):
        found.put("counterparty", "Russia", m, 0.9, "counterparty")
    if event_type == EventType.TRILATERAL_ACTION:
        tags = []
        if EXERCISE.search(text):
            tags.append("exercise")
        if WARNING_SHARING.search(text):
            tags.append("missile-warning-sharing")
        if tags:
            found.put("tags", tuple(tags), None, 0.8, "tags")
    return found
