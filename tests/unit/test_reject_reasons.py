"""Hostile raw reports are rejected with a reason of their own, never as a processing error."""

from __future__ import annotations

import json

import pytest

from services.ingest.normalize import MAX_JSON_DEPTH, MAX_REPORT_BYTES, ReportRejected, parse_report

VALID = {
    "id": "jcs-1",
    "kind": "text",
    "source": "rok-jcs",
    "published_at": "2024-05-30T06:30:00+09:00",
    "body": "North Korea fired a short-range ballistic missile.",
}


def reason(data: bytes | None) -> str:
    with pytest.raises(ReportRejected) as rejected:
        parse_report(data)
    return rejected.value.reason


def test_a_valid_report_parses() -> None:
    assert parse_report(json.dumps(VALID).encode()).id == "jcs-1"


def test_a_tombstone_is_an_empty_message() -> None:
    assert reason(None) == "empty_message"


@pytest.mark.parametrize("field", ["id", "source", "body"])
def test_a_nul_character_in_any_string_is_refused(field: str) -> None:
    assert reason(json.dumps(VALID | {field: "jcs\x00-1"}).encode()) == "invalid_characters"


def test_deep_nesting_is_invalid_json_not_a_crash() -> None:
    assert reason(b"[" * 100_000 + b"]" * 100_000) == "invalid_json"
    nested: object = "x"
    for _ in range(MAX_JSON_DEPTH + 1):
        nested = {"a": nested}
    assert reason(json.dumps(VALID | {"extra": nested}).encode()) == "invalid_json"


def test_a_report_that_retracts_itself_is_refused() -> None:
    assert reason(json.dumps(VALID | {"retracts": "jcs-1"}).encode()) == "self_retraction"
    assert parse_report(json.dumps(VALID | {"retracts": "jcs-0"}).encode()).retracts == "jcs-0"


def test_a_report_over_the_limit_is_too_large() -> None:
    assert reason(json.dumps(VALID | {"body": "x" * MAX_REPORT_BYTES}).encode()) == "report_too_large"
