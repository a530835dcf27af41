"""The wire form: `encode` gives exactly the bytes of `model_dump_json`, and `decode` reads them back."""

from __future__ import annotations

from datetime import UTC, datetime

from launchwatch.codec import decode, encode
from launchwatch.schemas import DeadLetter, Event, Location, MatchedEvent, Provenance
from tests.factories import matched_launch

NOW = datetime(2024, 10, 31, 7, 10, tzinfo=UTC)


def launch() -> MatchedEvent:
    """A matched launch with text that JSON must escape or keep as UTF-8."""
    return matched_launch(
        "r-1",
        "japan-mod",
        "Japan",
        "ICBM",
        occurred_at=NOW.isoformat(),
        reported_at=NOW.isoformat(),
        location=Location(site="Pyongyang area", eez="outside"),
        provenance=(Provenance(field="apogee_km", text="高度約7,000km", start=3, end=12, method="rule:apogee"),),
        summary='弾道ミサイル — \u2028 "quoted" \\ ∞',
        apogee_km=7000.0,
        matched_at=NOW,
    )


def test_encode_is_model_dump_json_as_utf8() -> None:
    matched = launch()
    dead = DeadLetter(
        reason="invalid_json",
        detail="x",
        service="matcher",
        source_topic="t",
        original_base64="AA==",
        failed_at=NOW,
    )
    for message in (matched.event, matched, dead):
        assert encode(message) == message.model_dump_json(exclude_none=False).encode()
    assert b'"count":null' in encode(matched.event)  # None fields are on the wire


def test_decode_reads_what_encode_wrote() -> None:
    matched = launch()
    assert decode(Event, encode(matched.event)) == matched.event
    assert decode(MatchedEvent, encode(matched)) == matched
    assert decode(MatchedEvent, encode(matched).decode()) == matched
