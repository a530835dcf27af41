from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from launchwatch.cli import build_parser, main, sample_feed_path

COMMANDS = {
    "up",
    "worker",
    "broker",
    "ingest",
    "analyze",
    "replay",
    "alerts",
    "schemas",
    "commitments",
    "settings",
    "bench",
    "topics",
    "db",
}


def test_help_lists_every_command() -> None:
    out = subprocess.run([sys.executable, "-m", "launchwatch", "--help"], capture_output=True, text=True, check=True)
    for command in COMMANDS:
        assert f"    {command}" in out.stdout


def test_every_command_has_help() -> None:
    parser = build_parser()
    subparsers = next(a for a in parser._actions if a.dest == "command")
    assert set(subparsers.choices) == COMMANDS
    for name, sub in subparsers.choices.items():
        assert sub.format_help(), name


def test_analyze_prints_one_json_line_per_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    reports = tmp_path / "reports.jsonl"
    reports.write_text(
        json.dumps(
            {
                "id": "jcs-1",
                "kind": "text",
                "source": "rok-jcs",
                "published_at": "2024-01-14T15:30:00+09:00",
                "body": "North Korea fired an intermediate-range ballistic missile from the Pyongyang area toward the "
                "East Sea at around 2:55 p.m.",
            }
        )
        + "\n{broken\n"
    )
    assert main(["analyze", str(reports)]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(lines) == 2
    assert lines[0]["report_id"] == "jcs-1" and lines[0]["event"]["missile_class"] == "IRBM"
    assert {m["commitment_id"] for m in lines[0]["matches"]} == {"rtw-sharing", "unsc-ballistic"}
    assert lines[1] == {"report_id": None, "error": {"reason": "invalid_json", "detail": lines[1]["error"]["detail"]}}
    assert main(["analyze", "--strict", str(reports)]) == 1


def test_analyze_explain_says_why_a_launch_did_not_match(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    reports = tmp_path / "r.jsonl"
    reports.write_text(
        json.dumps(
            {
                "id": "jmod-1998",
                "kind": "text",
                "source": "japan-mod",
                "published_at": "1998-08-31T18:00:00+09:00",
                "body": "North Korea launched a Taepodong-1 ballistic missile that flew over Japan at 12:07 p.m.",
            }
        )
    )
    assert main(["analyze", "--explain", str(reports)]) == 0
    line = json.loads(capsys.readouterr().out)
    assert line["matches"] == []
    unsc = next(e for e in line["explanations"] if e["rule_id"] == "unsc-ballistic.launch")
    assert unsc["matched"] is False and "no UNSC resolution" in unsc["text"]


def test_commitments_show_prints_the_quote(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["commitments", "show", "rtw-sharing"]) == 0
    out = capsys.readouterr().out
    assert "real-time missile warning data" in out and "rtw-sharing.launch v1" in out
    with pytest.raises(SystemExit, match="no commitment"):
        main(["commitments", "show", "nope"])


def test_schemas_check_passes_on_the_repository(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schemas", "export", "--check"]) == 0


def test_worker_without_bootstrap_says_what_to_do(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("KAFKA_BOOTSTRAP", raising=False)
    with pytest.raises(SystemExit, match="KAFKA_BOOTSTRAP is not set"):
        main(["worker", "matcher"])


def test_the_sample_feed_ships_in_the_package() -> None:
    assert sample_feed_path().is_file()
