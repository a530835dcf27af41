from __future__ import annotations

from pathlib import Path

import pytest

from launchwatch.schemas import Precedence
from launchwatch.settings import Settings, environment_reference
from launchwatch.topics import BASE_TOPICS, TopicRegistry


def test_registry_names_every_topic_with_the_prefix() -> None:
    live = TopicRegistry(prefix="prod.")
    assert live.reports_raw == "prod.reports.raw"
    assert live.alerts_for(Precedence.FLASH) == "prod.alerts.flash"
    assert len(live.all()) == len(BASE_TOPICS) == 12
    assert live.system_alerts == "prod.alerts.system"
    with pytest.raises(KeyError):
        live.name("alerts.urgent")


def test_a_drill_registry_cannot_name_a_live_topic() -> None:
    live, drill = TopicRegistry(prefix="prod."), TopicRegistry(prefix="prod.", drill=True)
    assert not set(live.all()) & set(drill.all())
    assert all(name.startswith("prod.drill.") for name in drill.all())
    assert not any(drill.owns(name) for name in live.all())


def test_settings_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KAFKA_BOOTSTRAP", "kafka-1:9092, kafka-2:9092")
    monkeypatch.setenv("LAUNCHWATCH_TOPIC_PREFIX", "staging.")
    monkeypatch.setenv("LAUNCHWATCH_DRILL", "true")
    monkeypatch.setenv("LAUNCHWATCH_WEB_PORT", "7070")
    settings = Settings()
    assert settings.bootstrap_servers == ["kafka-1:9092", "kafka-2:9092"]
    assert settings.topic_prefix == "staging." and settings.drill and settings.web_port == 7070
    assert TopicRegistry.from_settings(settings).reports_raw == "staging.drill.reports.raw"


def test_defaults_need_no_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for variable, _, _ in environment_reference():
        monkeypatch.delenv(variable, raising=False)
    settings = Settings()
    assert settings.kafka_bootstrap is None and settings.bootstrap_servers == []
    assert settings.database_url.startswith("sqlite:///")
    assert settings.web_host == "127.0.0.1" and settings.drill is False


def test_a_bad_value_names_its_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LAUNCHWATCH_WEB_PORT", "not-a-port")
    with pytest.raises(ValueError, match="LAUNCHWATCH_WEB_PORT"):
        Settings()


def test_every_setting_is_documented() -> None:
    rows = environment_reference()
    assert {variable for variable, _, _ in rows} >= {
        "KAFKA_BOOTSTRAP",
        "LAUNCHWATCH_TOPIC_PREFIX",
        "LAUNCHWATCH_DATABASE_URL",
        "LAUNCHWATCH_WEB_PORT",
        "LAUNCHWATCH_LOG_LEVEL",
    }
    undocumented = [v for v, _, description in rows if not description]
    assert undocumented == []


def test_each_role_and_namespace_has_a_web_port_of_its_own() -> None:
    from launchwatch.settings import ROLE_WEB_PORTS

    ports = {Settings(drill=drill).web_port_for(role) for role in ROLE_WEB_PORTS for drill in (False, True)}
    assert len(ports) == 2 * len(ROLE_WEB_PORTS)
    assert Settings(web_port=0).web_port_for("ingest") == 0 and Settings(web_port=7070).web_port_for("alerts") == 7070


def test_a_taken_web_port_is_a_one_line_error(tmp_path: Path) -> None:
    import socket
    import subprocess
    import sys

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        env = {
            "PATH": "/usr/bin:/bin",
            "KAFKA_BOOTSTRAP": "127.0.0.1:1",
            "LAUNCHWATCH_WEB_PORT": str(port),
            "LAUNCHWATCH_DATABASE_URL": f"sqlite:///{tmp_path / 'store.db'}",
        }
        result = subprocess.run(
            [sys.executable, "-m", "launchwatch", "worker", "ingest"], env=env, capture_output=True, timeout=60
        )
    errors = [line for line in result.stderr.decode().splitlines() if line.startswith("error:")]
    assert result.returncode == 2 and b"Traceback" not in result.stderr
    assert len(errors) == 1 and f"port {port} on 127.0.0.1 is taken" in errors[0]
