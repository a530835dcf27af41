from __future__ import annotations

import pytest

from launchwatch.schemas import Precedence
from launchwatch.settings import Settings, environment_reference
from launchwatch.topics import BASE_TOPICS, TopicRegistry


def test_registry_names_every_topic_with_the_prefix() -> None:
    live = TopicRegistry(prefix="prod.")
    assert live.reports_raw == "prod.reports.raw"
    assert live.alerts_for(Precedence.FLASH) == "prod.alerts.flash"
    assert len(live.all()) == len(BASE_TOPICS) == 10
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
