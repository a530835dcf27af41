"""Secrets (the API token, the SASL password, a database password, receivers' headers) are used where they are
needed and shown nowhere: not in the settings' repr or str, not by `launchwatch settings`, not in error messages
or logs."""

from __future__ import annotations

from pathlib import Path

import aiohttp
import pytest
from pydantic import SecretStr

from launchwatch.cli import main
from launchwatch.kafka import client_kwargs, free_port
from launchwatch.schemas import utcnow
from launchwatch.settings import Settings, hide_url_password
from launchwatch.web import authorized
from services.alerts.receivers import ReceiversConfig, load_receivers, send
from services.alerts.receivers import test_alert as receiver_test_alert
from tests.receiver_hook import Hook

TOKEN = "tok-3f9a1c"
PASSWORD = "pw-77d2e0"
DB_PASSWORD = "db-5b8c44"
DB_URL = f"postgresql+psycopg://launchwatch:{DB_PASSWORD}@db.example.invalid:5432/launchwatch"
SECRETS = (TOKEN, PASSWORD, DB_PASSWORD)


@pytest.fixture
def secret_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LAUNCHWATCH_API_TOKEN", TOKEN)
    monkeypatch.setenv("KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT")
    monkeypatch.setenv("KAFKA_SASL_MECHANISM", "PLAIN")
    monkeypatch.setenv("KAFKA_SASL_USERNAME", "launchwatch")
    monkeypatch.setenv("KAFKA_SASL_PASSWORD", PASSWORD)
    monkeypatch.setenv("LAUNCHWATCH_DATABASE_URL", DB_URL)


def assert_no_secret(text: str) -> None:
    for secret in SECRETS:
        assert secret not in text, f"{secret!r} shown in: {text}"


def test_the_settings_repr_and_str_show_no_secret(secret_env: None) -> None:
    settings = Settings()
    for text in (repr(settings), str(settings), f"{settings}", settings.model_dump_json()):
        assert_no_secret(text)
    assert "api_token=SecretStr('**********')" in repr(settings)
    assert "database_url='postgresql+psycopg://launchwatch:***@db.example.invalid:5432/launchwatch'" in repr(settings)
    # The values are there for what needs them.
    assert isinstance(settings.api_token, SecretStr) and settings.api_token.get_secret_value() == TOKEN
    assert settings.database_url == DB_URL


def test_the_kafka_clients_and_the_http_endpoints_get_the_values(secret_env: None) -> None:
    settings = Settings(kafka_bootstrap="127.0.0.1:9092")
    kwargs = client_kwargs(settings)
    assert kwargs["sasl_plain_username"] == "launchwatch" and kwargs["sasl_plain_password"] == PASSWORD
    assert authorized(f"Bearer {TOKEN}", settings.api_token) and not authorized("Bearer nope", settings.api_token)
    assert client_kwargs(Settings(kafka_bootstrap="127.0.0.1:9092", kafka_security_protocol="PLAINTEXT")).keys() == {
        "bootstrap_servers",
        "security_protocol",
    }


def test_launchwatch_settings_masks_them(secret_env: None, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["settings"]) == 0
    out, err = capsys.readouterr()
    assert_no_secret(out + err)
    lines = out.splitlines()
    assert "LAUNCHWATCH_API_TOKEN=***" in lines and "KAFKA_SASL_PASSWORD=***" in lines
    assert "KAFKA_SASL_USERNAME=launchwatch" in lines
    assert f"LAUNCHWATCH_DATABASE_URL={hide_url_password(DB_URL)}" in lines


def test_unset_secrets_show_as_unset(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    for variable in ("LAUNCHWATCH_API_TOKEN", "KAFKA_SASL_PASSWORD"):
        monkeypatch.delenv(variable, raising=False)
    assert main(["settings"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert "LAUNCHWATCH_API_TOKEN=" in lines and "KAFKA_SASL_PASSWORD=" in lines


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("sqlite:///launchwatch.db", "sqlite:///launchwatch.db"),
        (
            "postgresql+psycopg://lw:p%40ss/w@db:5432/lw?sslmode=require",
            "postgresql+psycopg://lw:***@db:5432/lw?sslmode=require",
        ),
        ("postgresql+psycopg://lw@db/lw", "postgresql+psycopg://lw@db/lw"),
        ("postgresql+psycopg://db/lw", "postgresql+psycopg://db/lw"),
    ],
)
def test_a_database_urls_password_is_hidden(url: str, shown: str) -> None:
    assert hide_url_password(url) == shown


def test_an_invalid_setting_names_it_without_showing_a_secret(
    secret_env: None, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("LAUNCHWATCH_TOPIC_PARTITIONS", "0")
    assert main(["settings"]) == 2
    out, err = capsys.readouterr()
    assert "LAUNCHWATCH_TOPIC_PARTITIONS" in err
    assert_no_secret(out + err)


def test_an_unreachable_broker_is_one_line_without_a_secret(
    secret_env: None, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("KAFKA_BOOTSTRAP", f"127.0.0.1:{free_port()}")
    monkeypatch.setenv("LAUNCHWATCH_LOG_LEVEL", "DEBUG")  # what the clients log, too
    assert main(["topics", "create", "--wait", "0.5"]) == 2
    out, err = capsys.readouterr()
    assert_no_secret(out + err)
    assert [line for line in err.splitlines() if line.startswith("error:")] == [err.splitlines()[-1]]


@pytest.mark.parametrize("command", [["alerts", "list"], ["db"], ["alerts", "silences"]])
def test_an_unreachable_database_is_one_line_without_its_password(
    command: list[str], secret_env: None, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv(
        "LAUNCHWATCH_DATABASE_URL", f"postgresql+psycopg://launchwatch:{DB_PASSWORD}@127.0.0.1:{free_port()}/lw"
    )
    assert main(command) == 2
    out, err = capsys.readouterr()
    assert_no_secret(out + err)
    assert err.startswith("error: the store at postgresql+psycopg://launchwatch:***@127.0.0.1:")
    assert err.count("\n") == 1


async def test_receivers_headers_are_sent_and_never_shown(tmp_path: Path) -> None:
    path = tmp_path / "receivers.toml"
    path.write_text(
        f'[[receivers]]\nname = "floor"\nurl = "http://127.0.0.1:1/hooks/{TOKEN}"\n'
        f'headers = {{ Authorization = "Bearer {PASSWORD}" }}\n'
    )
    config = load_receivers(path)
    receiver = config.get("floor")
    for text in (repr(config), str(config), repr(receiver), receiver.where):
        assert_no_secret(text)
    assert isinstance(config, ReceiversConfig)
    hook = await Hook().start()
    try:
        sent = receiver.model_copy(update={"url": f"{hook.url}/hooks/x"})
        async with aiohttp.ClientSession() as session:
            assert await send(session, sent, receiver_test_alert("floor", utcnow()), "floor:test") == "HTTP 200"
    finally:
        await hook.stop()
    assert hook.received[0].headers["Authorization"] == f"Bearer {PASSWORD}"
