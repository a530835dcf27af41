from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from launchwatch.schema_files import EXPORTED_MODELS, check_schema_files, rendered_schemas, write_schema_files
from launchwatch.schemas import RAW_REPORT, StructuredReport, TextReport, alert_id, stable_id
from tests.conftest import REPO_ROOT


def test_schema_files_match_the_models() -> None:
    stale = check_schema_files(REPO_ROOT / "schemas")
    assert stale == [], f"regenerate with `launchwatch schemas export`: {stale}"


def test_drift_is_detected(tmp_path: Path) -> None:
    write_schema_files(tmp_path)
    assert check_schema_files(tmp_path) == []
    (tmp_path / "event.schema.json").write_text("{}")
    (tmp_path / "old.schema.json").write_text("{}")
    assert check_schema_files(tmp_path) == ["event.schema.json", "old.schema.json"]


def test_every_exported_model_has_a_file() -> None:
    names = set(rendered_schemas())
    assert {f"{stem}.schema.json" for stem in EXPORTED_MODELS} | {"raw-report.schema.json"} == names


def test_raw_report_is_chosen_by_kind() -> None:
    text = RAW_REPORT.validate_json(
        '{"id":"a","kind":"text","source":"kcna","published_at":"2023-11-22T06:00:00+09:00","body":"text"}'
    )
    assert isinstance(text, TextReport) and text.drill is False and text.language == "en"
    structured = RAW_REPORT.validate_python(
        {
            "id": "b",
            "kind": "event",
            "source": "usgs",
            "published_at": "2017-09-03T03:40:00Z",
            "event": {"event_type": "nuclear_test", "occurred_at": "2017-09-03T03:30:01Z"},
        }
    )
    assert isinstance(structured, StructuredReport)


@pytest.mark.parametrize(
    "payload, problem",
    [
        ({"id": "a", "kind": "text", "source": "x", "published_at": "2023-11-22T06:00:00", "body": "b"}, "timezone"),
        ({"id": "a", "kind": "memo", "source": "x", "published_at": "2023-11-22T06:00:00Z", "body": "b"}, "kind"),
        ({"id": "", "kind": "text", "source": "x", "published_at": "2023-11-22T06:00:00Z", "body": "b"}, "id"),
        ({"id": "a", "kind": "text", "source": "x", "published_at": "2023-11-22T06:00:00Z", "body": "b", "x": 1}, "x"),
    ],
)
def test_invalid_reports_are_refused(payload: dict, problem: str) -> None:
    with pytest.raises(ValidationError) as error:
        RAW_REPORT.validate_python(payload)
    assert problem in str(error.value)


def test_ids_are_stable_and_drill_alerts_never_share_a_live_id() -> None:
    assert stable_id("evt", "a", "b") == stable_id("evt", "a", "b") != stable_id("evt", "ab", "")
    assert alert_id("inc-1", "rtw-sharing") == alert_id("inc-1", "rtw-sharing")
    assert alert_id("inc-1", "rtw-sharing", drill=True) != alert_id("inc-1", "rtw-sharing")
    assert alert_id("inc-1", "rtw-sharing", drill=True).startswith("drill-alert-")
