from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from launchwatch.cli import build_parser, main, sample_feed_path

COMMANDS = {
    "up",
    "console",
    "receivers",
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
    # How the text was read: the deciding clause and each field's.
    assert line["reading"]["event"] == (
        "ballistic_missile_launch in lede sentence 1 ('launched a Taepodong-1 ballistic missile')"
    )
    assert line["reading"]["fields"]["system"] == "lede sentence 1" and line["reading"]["actor"] == "DPRK"


def test_analyze_score_prints_the_figures_of_labelled_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    report = {
        "id": "p-1",
        "kind": "text",
        "source": "press-ap",
        "published_at": "2024-10-31T09:00:00+09:00",
        "title": "China test-fires ICBM into the Pacific",
        "body": "China fired an intercontinental ballistic missile into the Pacific on Wednesday.",
    }
    labelled = tmp_path / "l.jsonl"
    labelled.write_text(json.dumps({"report": report, "expected": {"event_type": "other", "commitments": []}}))
    assert main(["analyze", "--score", str(labelled)]) == 0
    scores = json.loads(capsys.readouterr().out)
    assert scores["reports"] == 1 and scores["fully_right"] == 1 and scores["false_alerts"] == []
    assert scores["fields"] == {"event_type": 1.0, "commitments": 1.0}
    broken = tmp_path / "b.jsonl"
    broken.write_text('{"report": {}}\n')
    with pytest.raises(SystemExit, match=r"b.jsonl:1: a labelled line is"):
        main(["analyze", "--score", str(broken)])


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


def one_line_error(argv: list[str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> str:
    """The command's error: one line on stderr, a non-zero exit, no traceback."""
    monkeypatch.setenv("KAFKA_BOOTSTRAP", "127.0.0.1:1")  # never reached: the files are checked first
    try:
        code = main(argv)
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
        if isinstance(exc.code, str):
            print(exc.code, file=sys.stderr)
    err = capsys.readouterr().err.strip()
    assert code != 0 and err.startswith("error:") and len(err.splitlines()) == 1, err
    return err


@pytest.mark.parametrize(
    "argv",
    [
        ["up", "--feed", "nope.jsonl"],
        ["replay", "nope.jsonl"],
        ["alerts", "export", "--cap", "--input", "nope.jsonl"],
    ],
)
def test_a_missing_file_is_one_line(
    argv: list[str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)
    assert "nope.jsonl: no such file" in one_line_error(argv, capsys, monkeypatch)


def test_a_directory_is_named_as_one(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    assert "is a directory" in one_line_error(["ingest", str(tmp_path)], capsys, monkeypatch)


@pytest.mark.parametrize(
    ("content", "says"), [(b"\xff\xfe{}", "is not UTF-8"), (b'{"a": 1}\n', "line 1 is not an alert revision")]
)
def test_export_of_what_is_not_alerts_is_one_line(
    content: bytes,
    says: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    source = tmp_path / "input.jsonl"
    source.write_bytes(content)
    argv = ["alerts", "export", "--cap", "--input", str(source), "--out", str(tmp_path / "cap")]
    assert says in one_line_error(argv, capsys, monkeypatch)


def test_a_listing_cut_short_by_its_reader_ends_quietly(tmp_path: Path) -> None:
    from datetime import UTC, datetime

    from launchwatch.storage import Store
    from services.alerts.revisions import revise
    from tests.factories import matched_launch

    url = f"sqlite:///{tmp_path / 'store.db'}"
    store = Store(url)
    for i in range(300):  # more than a pipe buffer holds
        matched = matched_launch(f"jcs-{i}", incident_id=f"inc-{i}", matched_at=datetime(2024, 1, 1, tzinfo=UTC))
        for match in matched.matches:
            revise(store, matched, match, datetime(2024, 1, 1, tzinfo=UTC))
    store.close()
    result = subprocess.run(
        f"{sys.executable} -m launchwatch alerts list --limit 1000 | head -n 1",
        shell=True,
        capture_output=True,
        env={"LAUNCHWATCH_DATABASE_URL": url, "PATH": "/usr/bin:/bin"},
        timeout=60,
    )
    assert len(result.stdout.decode().splitlines()) == 1
    assert b"Traceback" not in result.stderr and b"BrokenPipe" not in result.stderr, result.stderr.decode()


def test_a_silence_on_an_unknown_commitment_is_refused(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("LAUNCHWATCH_DATABASE_URL", f"sqlite:///{tmp_path / 'store.db'}")
    argv = ["alerts", "silence", "--commitment", "unsc-balistic", "--until", "2h", "--by", "me", "--comment", "x"]
    assert "no commitment 'unsc-balistic'" in one_line_error(argv, capsys, monkeypatch)


def test_schema_check_outside_the_repository_calls_the_files_missing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert main(["schemas", "export", "--check", "--dir", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert f"missing: {tmp_path / 'alert.schema.json'}" in err and "out of date" not in err


def test_an_ack_that_cannot_be_published_says_so_and_a_retry_makes_no_second_revision(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from datetime import UTC, datetime

    from launchwatch.schemas import AlertMsgType
    from launchwatch.storage import Store
    from services.alerts.revisions import revise
    from tests.factories import matched_launch

    url = f"sqlite:///{tmp_path / 'store.db'}"
    monkeypatch.setenv("LAUNCHWATCH_DATABASE_URL", url)
    store = Store(url)
    matched = matched_launch("jcs-1", matched_at=datetime(2024, 1, 1, tzinfo=UTC))
    alert, _ = revise(store, matched, matched.matches[0], datetime(2024, 1, 1, tzinfo=UTC))
    argv = ["alerts", "ack", alert.id, "--by", "duty officer"]
    for _ in range(2):  # the broker (127.0.0.1:1) is unreachable both times
        err = one_line_error(argv, capsys, monkeypatch)
        assert "acknowledged" in err and "not published" in err and "run the same command again" in err
    revisions = [r for r in store.revisions() if r.id == alert.id]
    assert [r.msg_type for r in revisions] == [AlertMsgType.ALERT, AlertMsgType.ACK]


def test_receivers_commands_say_what_is_wrong_in_one_line(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("LAUNCHWATCH_RECEIVERS_FILE", raising=False)
    assert "LAUNCHWATCH_RECEIVERS_FILE is not set" in one_line_error(["receivers", "list"], capsys, monkeypatch)
    path = tmp_path / "receivers.toml"
    path.write_text('[[receivers]]\nname = "floor"\nurl = "http://127.0.0.1:1/hook"\ntimeout_seconds = 2\n')
    monkeypatch.setenv("LAUNCHWATCH_RECEIVERS_FILE", str(path))
    unknown = one_line_error(["receivers", "test", "flor"], capsys, monkeypatch)
    assert "no receiver 'flor' (configured: floor)" in unknown
    error = one_line_error(["receivers", "test", "floor"], capsys, monkeypatch)
    assert error.startswith("error: receiver floor: http://127.0.0.1:1") and "Cannot connect" in error
    assert main(["receivers", "list"]) == 0
    listed = capsys.readouterr().out.splitlines()
    assert listed[0].split() == ["floor", "webhook", "http://127.0.0.1:1", "routes:", "namespace", "live"]
    assert listed[1:] == [
        "escalation flash: live FLASH, ack due in 120 s; step 1 at 120 s to its receivers, then every 300 s",
        "escalation immediate: live IMMEDIATE, ack due in 900 s; step 1 at 900 s to its receivers, then every 1800 s",
    ]
    path.write_text(
        'escalations = []\n[[receivers]]\nname = "ops"\nurl = "http://127.0.0.1:1/ops"\nroutes = []\n'
        "heartbeat_seconds = 300\nsystem_alerts = true\n"
    )
    assert main(["receivers", "list"]) == 0
    listed = capsys.readouterr().out.splitlines()
    assert listed == [
        "ops                  webhook   http://127.0.0.1:1  routes: none  heartbeat every 300 s  system alerts"
    ]
    path.write_text('[[receivers]]\nname = "floor"\n')
    error = one_line_error(["receivers", "list"], capsys, monkeypatch)
    assert "receivers.0: Value error, a webhook receiver needs its url" in error


def test_console_without_an_alerts_service_says_how_to_start_one(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from launchwatch.kafka import free_port

    error = one_line_error(["console", "--no-open", "--url", f"http://127.0.0.1:{free_port()}"], capsys, monkeypatch)
    assert "no alerts service answers" in error and "launchwatch worker alerts" in error


def test_each_area_module_adds_its_commands_with_their_handlers() -> None:
    """`launchwatch/cli/`: run, feed, alerts and admin each add their commands, whose handlers they hold."""
    areas = {
        "run": {"up", "worker", "broker", "console"},
        "feed": {"ingest", "analyze", "replay"},
        "alerts": {"alerts", "receivers"},
        "admin": {"db", "schemas", "commitments", "topics", "bench", "settings"},
    }
    subparsers = next(a for a in build_parser()._actions if a.dest == "command")
    for name, sub in subparsers.choices.items():
        area = next(area for area, names in areas.items() if name in names)
        nested = [a for a in sub._actions if isinstance(a, type(subparsers))]
        handlers = [p.get_default("handler") for a in nested for p in a.choices.values()]
        handlers = handlers or [sub.get_default("handler")]
        assert {h.__module__ for h in handlers} == {f"launchwatch.cli.{area}"}, name
