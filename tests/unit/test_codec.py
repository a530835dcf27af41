"""The wire form: `encode` gives exactly the bytes of `model_dump_json`, and `decode` reads them back."""

from __future__ import annotations

from datetime import UTC, datetime

from launchwatch.codec import decode, encode
from launchwatch.schemas import DeadLetter, Event, Location, MatchedEvent, Provenance
from services.matcher.catalogue import default_catalogue

NOW = datetime(2024, 10, 31, 7, 10, tzinfo=UTC)


def launch() -> Event:
    return Event(
        event_id="evt-1",
        incident_id="inc-1",
        report_id="r-1",
        source="japan-mod",
        party="Japan",
        event_type="ballistic_missile_launch",
        missile_class="ICBM",
        occurred_at=NOW,
        reported_at=NOW,
        location=Location(site="Pyongyang area", eez="outside"),
        provenance=(Provenance(field="apogee_km", text="高度約7,000km", start=3, end=12, method="rule:apogee"),),
        summary='弾道ミサイル — \u2028 "quoted" \\ ∞',
        apogee_km=7000.0,
    )


def test_encode_is_model_dump_json_as_utf8() -> None:
    event = launch()
    matched = MatchedEvent(event=event, matches=default_catalogue().match(event), matched_at=NOW)
    dead = DeadLetter(
        reason="invalid_json",
        detail="x",
        service="matcher",
        source_topic="t",
        original_base64="AA==",
        failed_at=NOW,
    )
    for message in (event, matched, dead):
        assert encode(message) == message.model_dump_json(exclude_none=False).encode()
    assert b'"count":null' in encode(event)  # None fields are on the wire


def test_decode_reads_what_encode_wrote() -> None:
    event = launch()
    matched = MatchedEvent(event=event, matches=default_catalogue().match(event), matched_at=NOW)
    assert decode(Event, encode(event)) == event
    assert decode(MatchedEvent, encode(matched)) == matched
    assert decode(MatchedEvent, encode(matched).decode()) == matched
