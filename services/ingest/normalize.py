"""From raw bytes to a normalised `Event`: parsing, validation, extraction, party and incident.

Pure: no Kafka, no I/O. A report that cannot be parsed raises `ReportRejected` with a reason,
which the service turns into a dead-letter message carrying the original bytes.
"""

from __future__ import annotations

import json

from pydantic import ValidationError

from launchwatch.schemas import (
    RAW_REPORT,
    Event,
    EventType,
    Location,
    Party,
    Provenance,
    StructuredReport,
    TextReport,
    event_id,
)
from services.ingest.details import details_from
from services.ingest.extract import Extraction, extract
from services.ingest.incidents import own_incident_id
from services.ingest.reading import TRILATERAL_ACTOR

#: Source-name prefixes and the party that issues them. Data, checked in order.
SOURCE_PARTIES: tuple[tuple[str, Party], ...] = (
    ("japan-", Party.JAPAN),
    ("jp-", Party.JAPAN),
    ("jmod", Party.JAPAN),
    ("rok-", Party.ROK),
    ("jcs", Party.ROK),
    ("us-", Party.US),
    ("usfk", Party.US),
    ("usgs", Party.US),
    ("kcna", Party.DPRK),
    ("kctv", Party.DPRK),
    ("rodong", Party.DPRK),
    ("dprk-", Party.DPRK),
    ("trilateral", Party.OTHER),
)


class ReportRejected(ValueError):
    """A report that cannot be processed, with a machine-readable reason."""

    def __init__(self, reason: str, detail: str):
        super().__init__(f"{reason}: {detail}")
        self.reason = reason
        self.detail = detail


#: The largest raw report ingest takes (the longest real one is a few KiB of text); larger is rejected.
MAX_REPORT_BYTES = 512 * 1024

#: How deeply a report's JSON may nest (a report has three levels; a bomb of brackets has thousands).
MAX_JSON_DEPTH = 32


def _depth_and_nul(value: object, depth: int = 1) -> None:
    """Raise ReportRejected for JSON nested deeper than MAX_JSON_DEPTH or a string holding NUL."""
    if depth > MAX_JSON_DEPTH:
        raise ReportRejected("invalid_json", f"report nests deeper than {MAX_JSON_DEPTH} levels")
    if isinstance(value, str):
        if "\x00" in value:  # PostgreSQL cannot store it, and no source sends it
            raise ReportRejected("invalid_characters", "a string of the report holds a NUL character")
    elif isinstance(value, dict):
        for key, item in value.items():
            _depth_and_nul(key, depth + 1)
            _depth_and_nul(item, depth + 1)
    elif isinstance(value, list):
        for item in value:
            _depth_and_nul(item, depth + 1)


def parse_report(data: bytes | None) -> TextReport | StructuredReport:
    """Parse and validate one raw report; raises ReportRejected with the reason."""
    if data is None:
        raise ReportRejected("empty_message", "a message with no value (a tombstone) is not a report")
    if len(data) > MAX_REPORT_BYTES:
        raise ReportRejected("report_too_large", f"report of {len(data):,} bytes; at most {MAX_REPORT_BYTES:,}")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ReportRejected("invalid_encoding", f"report is not UTF-8: {exc}") from exc
    try:
        _depth_and_nul(json.loads(text))
    except json.JSONDecodeError as exc:
        raise ReportRejected("invalid_json", f"report is not JSON: {exc}") from exc
    except RecursionError as exc:
        raise ReportRejected("invalid_json", f"report nests deeper than {MAX_JSON_DEPTH} levels") from exc
    try:
        report = RAW_REPORT.validate_json(text)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in error['loc']) or '(root)'}: {error['msg']}" for error in exc.errors()[:10]
        )
        raise ReportRejected("validation_error", problems) from exc
    if report.retracts is not None and report.retracts == report.id:
        # It would cancel the alerts it makes itself, and a replay, which sees it as new, would do it again.
        raise ReportRejected("self_retraction", f"report {report.id!r} retracts itself")
    return report


def accept_report(data: bytes | None, drill_namespace: bool) -> TextReport | StructuredReport:
    """Parse and validate one raw report, enforcing the namespace: drill reports never enter the live pipeline."""
    report = parse_report(data)
    if report.drill and not drill_namespace:
        raise ReportRejected("drill_on_live_topic", "a report marked drill arrived on a live topic")
    return report


def party_of(source: str) -> Party:
    lowered = source.lower()
    for prefix, party in SOURCE_PARTIES:
        if lowered.startswith(prefix):
            return party
    return Party.OTHER


#: The party an incident type implies when a structured report names none: the catalogue's party checks read it.
_DPRK_ACTS = frozenset(
    {
        EventType.BALLISTIC_MISSILE_LAUNCH,
        EventType.CRUISE_MISSILE_LAUNCH,
        EventType.SATELLITE_LAUNCH,
        EventType.NUCLEAR_TEST,
        EventType.NUCLEAR_ACTIVITY,
        EventType.ARTILLERY_FIRE,
        EventType.TROOP_DEPLOYMENT,
        EventType.CYBER_INCIDENT,
        EventType.SANCTIONS_EVASION,
    }
)


def default_actor(event_type: EventType, counterparty: str | None) -> str | None:
    """Who performed an incident of this type when its report does not say: the DPRK for its own acts, Japan, the
    ROK and the US together for a trilateral action, and for an arms transfer the one of the DPRK and Russia that
    is not the counterparty."""
    if event_type in _DPRK_ACTS:
        return "DPRK"
    if event_type == EventType.TRILATERAL_ACTION:
        return TRILATERAL_ACTOR
    if event_type == EventType.ARMS_TRANSFER:
        return "Russia" if counterparty == "DPRK" else "DPRK"
    return None


def retracted_event_id(report: TextReport | StructuredReport) -> str | None:
    """The event of the earlier report (same source) this one withdraws, if it withdraws one."""
    return event_id(report.source, report.retracts) if report.retracts else None


def to_event(report: TextReport | StructuredReport, found: Extraction | None = None) -> Event:
    """Normalise a validated report into one event (from `found`, the text's extraction, when the caller has it)."""
    if isinstance(report, StructuredReport):
        facts = report.event
        return Event(
            event_id=event_id(report.source, report.id),
            incident_id=facts.incident_id or own_incident_id(facts.event_type, event_id(report.source, report.id)),
            report_id=report.id,
            source=report.source,
            party=facts.party or party_of(report.source),
            event_type=facts.event_type,
            missile_class=facts.missile_class,
            system=facts.system,
            count=facts.count,
            count_qualifier=facts.count_qualifier,
            occurred_at=facts.occurred_at,
            occurred_precision=facts.occurred_precision,
            reported_at=report.published_at,
            location=facts.location,
            apogee_km=facts.apogee_km,
            range_km=facts.range_km,
            flight_time_min=facts.flight_time_min,
            outcome=facts.outcome,
            counterparty=facts.counterparty,
            actor=facts.actor or default_actor(facts.event_type, facts.counterparty),
            tags=facts.tags,
            details=facts.details,
            claims=facts.claims,
            provenance=tuple(
                Provenance(field=name, method="structured")
                for name in sorted(facts.model_fields_set - {"party", "incident_id", "summary"})
            ),
            summary=facts.summary,
            url=report.url,
            retracts=retracted_event_id(report),
            drill=report.drill,
        )

    found = found or extract(report)
    values = found.values
    party = party_of(report.source)
    location_fields = {k: values[k] for k in ("site", "landing", "eez", "overflew_japan") if k in values}
    return Event(
        event_id=event_id(report.source, report.id),
        incident_id=own_incident_id(values["event_type"], event_id(report.source, report.id)),
        report_id=report.id,
        source=report.source,
        party=party,
        event_type=values["event_type"],
        missile_class=values.get("missile_class"),
        system=values.get("system"),
        count=values.get("count"),
        count_qualifier=values.get("count_qualifier"),
        occurred_at=values.get("occurred_at"),
        occurred_until=values.get("occurred_until"),
        occurred_precision=values.get("occurred_precision", "minute"),
        reported_at=report.published_at,
        location=Location(**location_fields) if location_fields else None,
        apogee_km=values.get("apogee_km"),
        range_km=values.get("range_km"),
        flight_time_min=values.get("flight_time_min"),
        outcome=values.get("outcome", "unknown"),
        counterparty=values.get("counterparty"),
        actor=values.get("actor"),
        # Weak evidence holds back a press report's alerts; an official source speaks for itself.
        unconfirmed=values.get("unconfirmed") if party == Party.OTHER else None,
        tags=values.get("tags", ()),
        details=details_from(values),
        provenance=tuple(found.provenance),
        summary=report.title or None,
        url=report.url,
        retracts=retracted_event_id(report),
        drill=report.drill,
    )
