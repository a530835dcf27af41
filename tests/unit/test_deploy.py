"""The deployment files agree with the code: compose services, settings, ports, scrape targets, dashboards, rules."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from launchwatch.settings import Settings, environment_reference

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"
COMPOSE = yaml.safe_load((DEPLOY / "docker-compose.yml").read_text())
SERVICES = COMPOSE["services"]
WORKERS = ("ingest", "matcher", "alerts", "counts")
SETTING_VARIABLES = {variable for variable, _, _ in environment_reference()}


def promtool() -> str:
    path = shutil.which("promtool")
    assert path, "promtool is missing: `make tools` installs Debian's prometheus package, which has it"
    return path


def test_every_dependency_names_a_service() -> None:
    for name, service in SERVICES.items():
        for dependency in service.get("depends_on", {}):
            assert dependency in SERVICES, f"{name} depends on unknown service {dependency}"


def test_the_services_and_the_topic_job_run_the_one_image() -> None:
    for name in (*WORKERS, "topics"):
        service = SERVICES[name]
        assert service["build"] == {"context": "..", "dockerfile": "deploy/Dockerfile"}, name
        assert service["image"] == "launchwatch:latest", name
    assert [SERVICES[name]["command"] for name in WORKERS] == [["worker", role] for role in WORKERS]
    assert (DEPLOY / "Dockerfile").read_text().count("ENTRYPOINT") == 1


def test_every_launchwatch_variable_set_is_a_setting_the_code_reads() -> None:
    for name in (*WORKERS, "topics"):
        environment = SERVICES[name]["environment"]
        ours = {k for k in environment if k.startswith(("LAUNCHWATCH_", "KAFKA_"))}
        assert ours <= SETTING_VARIABLES, f"{name}: unknown settings {sorted(ours - SETTING_VARIABLES)}"
        assert {"KAFKA_BOOTSTRAP", "LAUNCHWATCH_DATABASE_URL", "LAUNCHWATCH_TOPIC_PARTITIONS"} <= ours


def test_ports_health_checks_and_scrape_targets_agree_with_the_web_port() -> None:
    port = SERVICES["ingest"]["environment"]["LAUNCHWATCH_WEB_PORT"]
    assert int(port) == Settings().web_port_for("ingest")  # the default, so a container needs no other
    for name in WORKERS:
        service = SERVICES[name]
        assert service["environment"]["LAUNCHWATCH_WEB_PORT"] == port
        assert f"127.0.0.1:{port}/healthz" in " ".join(service["healthcheck"]["test"])
        for mapping in service.get("ports", []):
            assert mapping.endswith(f":{port}"), mapping
    prometheus = yaml.safe_load((DEPLOY / "prometheus" / "prometheus.yml").read_text())
    [job] = prometheus["scrape_configs"]
    [discovery] = job["dns_sd_configs"]
    assert sorted(discovery["names"]) == sorted(WORKERS) and str(discovery["port"]) == port
    assert prometheus["rule_files"] == ["/etc/prometheus/rules.yml"]
    mounts = SERVICES["prometheus"]["volumes"]
    assert "./prometheus/rules.yml:/etc/prometheus/rules.yml:ro" in mounts


def test_grafana_provisions_the_dashboard_and_the_datasource_it_uses() -> None:
    datasource = yaml.safe_load((DEPLOY / "grafana/provisioning/datasources/prometheus.yml").read_text())
    [source] = datasource["datasources"]
    assert source["url"] == "http://prometheus:9090"
    provider = yaml.safe_load((DEPLOY / "grafana/provisioning/dashboards/launchwatch.yml").read_text())
    [files] = provider["providers"]
    assert "./grafana/dashboards:" + files["options"]["path"] + ":ro" in SERVICES["grafana"]["volumes"]
    dashboard = json.loads((DEPLOY / "grafana/dashboards/launchwatch.json").read_text())
    uids = {target["datasource"]["uid"] for panel in dashboard["panels"] for target in panel["targets"]}
    assert uids == {source["uid"]}


def test_dashboard_queries_name_only_launchwatch_metrics_that_exist() -> None:
    from launchwatch import metrics

    declared = {
        collector._name  # type: ignore[attr-defined]
        for collector in vars(metrics).values()
        if hasattr(collector, "_name") and hasattr(collector, "_documentation")
    }
    dashboard = json.loads((DEPLOY / "grafana/dashboards/launchwatch.json").read_text())
    for panel in dashboard["panels"]:
        for target in panel["targets"]:
            for name in re.findall(r"launchwatch_[a-z_]+", target["expr"]):
                base = re.sub(r"_(total|bucket|count|sum)$", "", name)
                assert base in declared, f"panel {panel['title']!r} queries {name}, which no service exposes"


def test_alerting_rules_are_valid_and_their_unit_tests_pass() -> None:
    check = subprocess.run([promtool(), "check", "rules", "rules.yml"], cwd=DEPLOY / "prometheus", capture_output=True)
    assert check.returncode == 0, check.stdout.decode() + check.stderr.decode()
    test = subprocess.run(
        [promtool(), "test", "rules", "rules.test.yml"], cwd=DEPLOY / "prometheus", capture_output=True
    )
    assert test.returncode == 0, test.stdout.decode() + test.stderr.decode()


@pytest.mark.parametrize("name", ["prometheus.yml"])
def test_prometheus_configuration_is_valid(name: str) -> None:
    result = subprocess.run(
        [promtool(), "check", "config", "--syntax-only", name], cwd=DEPLOY / "prometheus", capture_output=True
    )
    assert result.returncode == 0, result.stdout.decode() + result.stderr.decode()
