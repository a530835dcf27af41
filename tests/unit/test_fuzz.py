"""Fuzzing (hypothesis): arbitrary bytes, huge fields, wrong types, odd Unicode and dates out of range on the
parse path, every adapter and `POST /reports`. Nothing crashes; every reject has a reason.
"""

from __future__ import annotations

import json
import os
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from launchwatch.codec import encode
from launchwatch.schemas import Event
from services.alerts.build import build_revision
from services.alerts.cap import alert_to_cap
from services.ingest.adapters import ADAPTERS, FormatError, wire_bytes
from services.ingest.http import decide_reports
from services.ingest.normalize import ReportRejected, accept_report, to_event
from services.matcher.catalogue import default_catalogue
from tests.factories import incident_update

from ..conftest import SHARED

REJECT_REASONS = {
    "invalid_encoding",
    "invalid_json",
    "invalid_characters",
    "validation_error",
    "report_too_large",
    "self_retraction",
    "retraction_of_other_source",
    "drill_on_live_topic",
}
CATALOGUE = default_catalogue()
NOW = datetime(2025, 1, 1, tzinfo=UTC)
#: Deterministic in CI (the same examples every run); LAUNCHWATCH_FUZZ_EXAMPLES=5000 explores afresh, longer.
EXPLORE = os.environ.get("LAUNCHWATCH_FUZZ_EXAMPLES")
FUZZ = settings(
    max_examples=int(EXPLORE or 150),
    derandomize=not EXPLORE,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


def through_the_pipeline(data: bytes) -> Event | None:
    """The whole pure path of one raw message: parse, normalise, match, alert, CAP. None: rejected with a reason."""
    try:
        report = accept_report(data, drill_namespace=False)
    except ReportRejected as exc:
        assert exc.reason in REJECT_REASONS and exc.detail
        return None
    event = to_event(report)
    assert Event.model_validate_json(encode(event)) == event  # what is published reads back the same
    matched = incident_update([event], matched_at=NOW)
    for match in matched.matches:
        alert = build_revision(matched, match, None, NOW)
        assert alert is not None and alert_to_cap(alert).startswith("<?xml")
    return event


odd_text = st.one_of(
    st.text(max_size=50),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=200),
    st.text(alphabet=st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF), min_size=1, max_size=3),  # surrogates
    st.integers(min_value=0, max_value=300_000).map(lambda n: "missile " * (n // 8)),  # huge
    st.sampled_from(["\u202e", "\x00", "٣", "\uff29\uff23\uff22\uff2d", "🚀" * 10, "at around 7:22 a.m. " * 3]),
)
odd_dates = st.one_of(
    st.sampled_from(
        [
            "0001-01-01T00:00:00-12:00",
            "9999-12-31T23:59:59+14:00",
            "2024-02-30T10:00:00+09:00",
            "2024-01-14T25:00:00Z",
            "2024-01-14",
            "yesterday",
            "",
        ]
    ),
    st.datetimes(timezones=st.timezones()).map(lambda d: d.isoformat()),
)
odd_values: st.SearchStrategy[Any] = st.one_of(
    odd_text, odd_dates, st.none(), st.booleans(), st.integers(), st.floats(), st.lists(st.integers(), max_size=3)
)


@st.composite
def report_shaped(draw: st.DrawFn) -> dict[str, Any]:
    """A report's fields, each either plausible or hostile."""
    report: dict[str, Any] = {
        "id": draw(st.one_of(st.text(min_size=1, max_size=20), odd_values)),
        "kind": draw(st.sampled_from(["text", "event", "other", 3])),
        "source": draw(st.one_of(st.sampled_from(["japan-mod", "rok-jcs", "kcna", "us-dod"]), odd_values)),
        "published_at": draw(odd_dates),
        "title": draw(odd_text),
        "body": draw(odd_text),
    }
    if report["kind"] == "event":
        report["event"] = draw(
            st.fixed_dictionaries(
                {"event_type": st.sampled_from(["ballistic_missile_launch", "nuclear_test", "bogus"])},
                optional={
                    "occurred_at": odd_dates,
                    "missile_class": st.sampled_from(["ICBM", "SLV", "XXL"]),
                    "count": st.integers(),
                    "apogee_km": st.floats(),
                },
            )
        )
    if draw(st.booleans()):
        report["extra"] = draw(odd_values)
    return report


def to_json_bytes(value: Any) -> bytes:
    # Lone surrogates survive json.dumps as escapes: exactly what a hostile client can send.
    return json.dumps(value).encode()


@FUZZ
@given(st.binary(max_size=3_000))
def test_arbitrary_bytes_never_crash(data: bytes) -> None:
    through_the_pipeline(data)


@FUZZ
@given(report_shaped())
# Found by fuzzing: a time "yesterday" of the first day of the calendar.
@example(
    {
        "id": "0",
        "kind": "text",
        "source": "japan-mod",
        "published_at": "0001-01-01T00:00:00-12:00",
        "body": "AROUND 0:06",
    }
)
@example(
    {
        "id": "1",
        "kind": "text",
        "source": "kcna",
        "published_at": "2024-01-01T00:00:00+09:00",
        "body": "missile fired on February 30",
    }
)
def test_hostile_report_fields_are_processed_or_rejected_with_a_reason(report: dict[str, Any]) -> None:
    through_the_pipeline(to_json_bytes(report))


@FUZZ
@given(
    st.one_of(
        st.binary(max_size=2_000), report_shaped().map(to_json_bytes), st.lists(report_shaped()).map(to_json_bytes)
    )
)
def test_post_reports_answers_202_or_400_with_reasons(body: bytes) -> None:
    answer = decide_reports(body, drill_namespace=False)
    assert answer.status in (202, 400)
    if answer.status == 400:
        assert answer.body["error"] and answer.body["detail"]
        for problem in answer.body.get("reports", []):
            assert problem["error"] in REJECT_REASONS
    else:
        for _, data in answer.messages:
            assert through_the_pipeline(data) is not None


def sample_head(adapter_name: str) -> bytes:
    """The first line of a real file of each format (its header, or one record), from the shared data sets."""
    samples = {
        "cns": "cns-missile-db-2023/north_korea_missile_test_database.utf8.csv",
        "csis": "csis-provocations/raw_north_korea_provocations_1958_present.csv",
        "jmod": "japan-mod-launch-reports/launch-reports.jsonl",
    }
    if adapter_name not in samples:
        return b""
    return (SHARED / "data" / samples[adapter_name]).read_bytes().split(b"\n", 1)[0] + b"\n"


@pytest.mark.parametrize("adapter", ADAPTERS, ids=lambda a: a.name)
@FUZZ
@given(tail=st.one_of(st.binary(max_size=2_000), st.text(max_size=500).map(str.encode)))
@example(tail=b"[\x80")  # found by fuzzing: a JSON array that is not UTF-8
@example(tail=b'["\\ud800"]')  # a lone surrogate escape inside an array
def test_every_adapter_reads_hostile_files_without_crashing(adapter: Any, tail: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"fuzz.{adapter.name}"
        path.write_bytes(sample_head(adapter.name) + tail)
        try:
            items = list(adapter.read(path))
        except FormatError as exc:
            assert str(exc)  # a clear error, not a crash
            return
        for item in items:
            through_the_pipeline(wire_bytes(item))
