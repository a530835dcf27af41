"""`POST /reports` decisions without Kafka: token, body size, validation through the stream's parse path."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from pydantic import SecretStr

from launchwatch.cli import main
from launchwatch.settings import ConfigurationError, Settings
from launchwatch.web import authorized, check_binding, is_loopback
from services.ingest.http import check_request, decide_reports, read_limited

TOKEN = "s3cret-token-value"


def report(report_id: str, **changes: object) -> dict[str, object]:
    value: dict[str, object] = {
        "id": report_id,
        "kind": "text",
        "source": "rok-jcs",
        "published_at": "2023-12-18T08:38:00+09:00",
        "body": "North Korea fired a long-range ballistic missile at around 8:24 a.m.",
    }
    return value | changes


@pytest.mark.parametrize("host", ["127.0.0.1", "127.0.0.53", "::1", "[::1]", "localhost"])
def test_loopback_hosts(host: str) -> None:
    assert is_loopback(host)
    check_binding(Settings(web_host=host))


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "10.0.0.5", "ingest.example.org"])
def test_open_hosts_need_a_token(host: str) -> None:
    assert not is_loopback(host)
    with pytest.raises(ConfigurationError, match="LAUNCHWATCH_API_TOKEN"):
        check_binding(Settings(web_host=host))
    check_binding(Settings(web_host=host, api_token=TOKEN))


@pytest.mark.parametrize(
    ("header", "allowed"),
    [
        (None, False),
        ("", False),
        (f"Bearer {TOKEN}", True),
        (f"bearer {TOKEN}", True),
        (f"Bearer {TOKEN}x", False),
        ("Bearer ", False),
        (f"Basic {TOKEN}", False),
        (TOKEN, False),
    ],
)
def test_bearer_token(header: str | None, allowed: bool) -> None:
    assert authorized(header, SecretStr(TOKEN)) is allowed
    assert authorized(header, None) is True  # no token configured: loopback only, open


def test_check_request_before_reading_the_body() -> None:
    settings = Settings(api_token=TOKEN, http_max_body_bytes=100)
    unauthorized = check_request(None, 10, settings)
    assert unauthorized is not None and unauthorized.status == 401
    assert unauthorized.body["error"] == "unauthorized" and "WWW-Authenticate" in unauthorized.headers
    assert TOKEN not in json.dumps(unauthorized.body)
    too_large = check_request(f"Bearer {TOKEN}", 101, settings)
    assert too_large is not None and too_large.status == 413 and too_large.body["error"] == "body_too_large"
    assert check_request(f"Bearer {TOKEN}", 100, settings) is None
    assert check_request(f"Bearer {TOKEN}", None, settings) is None  # chunked: limited while reading


def chunks(*parts: bytes) -> Iterator[bytes]:
    yield from parts
    while True:
        yield b""


async def test_read_limited_stops_past_the_limit() -> None:
    source = chunks(b"a" * 60, b"b" * 40)

    async def read(_: int) -> bytes:
        return next(source)

    assert await read_limited(read, 100) == b"a" * 60 + b"b" * 40
    source = chunks(b"a" * 60, b"b" * 41, b"never read")
    assert await read_limited(read, 100) is None


def test_one_report_or_a_list_is_accepted() -> None:
    single = decide_reports(json.dumps(report("jcs-1")).encode(), drill_namespace=False)
    assert single.status == 202 and single.body == {"accepted": ["jcs-1"]}
    key, value = single.messages[0]
    assert key == "jcs-1" and json.loads(value)["id"] == "jcs-1"
    many = decide_reports(json.dumps([report("jcs-1"), report("jcs-2")]).encode(), drill_namespace=False)
    assert many.status == 202 and many.body == {"accepted": ["jcs-1", "jcs-2"]} and len(many.messages) == 2


def test_any_invalid_report_rejects_the_whole_request() -> None:
    body = json.dumps([report("jcs-1"), report("jcs-2", published_at="yesterday"), "text", report("", body="x")])
    answer = decide_reports(body.encode(), drill_namespace=False)
    assert answer.status == 400 and answer.messages == ()
    assert answer.body["error"] == "invalid_reports"
    problems = answer.body["reports"]
    assert [p["index"] for p in problems] == [1, 2, 3]
    assert problems[0]["id"] == "jcs-2" and problems[0]["error"] == "validation_error"
    assert "published_at" in problems[0]["detail"]
    assert problems[1]["id"] is None


@pytest.mark.parametrize(
    ("body", "reason"),
    [(b"{not json", "invalid_json"), (b"\xff\xfe", "invalid_json"), (b"[]", "no_reports")],
)
def test_bodies_that_are_not_reports(body: bytes, reason: str) -> None:
    answer = decide_reports(body, drill_namespace=False)
    assert answer.status == 400 and answer.body["error"] == reason and answer.messages == ()


def test_a_drill_report_is_refused_on_a_live_worker() -> None:
    body = json.dumps(report("jcs-1", drill=True)).encode()
    live = decide_reports(body, drill_namespace=False)
    assert live.status == 400 and live.body["reports"][0]["error"] == "drill_on_live_topic"
    assert decide_reports(body, drill_namespace=True).status == 202


def test_worker_refuses_to_listen_beyond_loopback_without_token(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("KAFKA_BOOTSTRAP", "127.0.0.1:1")  # never reached: the check comes first
    monkeypatch.setenv("LAUNCHWATCH_WEB_HOST", "0.0.0.0")
    monkeypatch.delenv("LAUNCHWATCH_API_TOKEN", raising=False)
    assert main(["worker", "ingest"]) == 2
    assert "LAUNCHWATCH_API_TOKEN" in capsys.readouterr().err


def test_settings_never_print_the_token(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("LAUNCHWATCH_API_TOKEN", TOKEN)
    assert main(["settings"]) == 0
    out = capsys.readouterr().out
    assert "LAUNCHWATCH_API_TOKEN=***" in out and TOKEN not in out
    assert TOKEN not in repr(Settings())
