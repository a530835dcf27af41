"""How the rehearsal reads deploy/docker-compose.yml (no server needed): interpolation, command lines, addresses."""

from __future__ import annotations

import pytest

from tests.rehearsal.compose import (
    ComposeError,
    built_image,
    container_argv,
    environment,
    interpolate,
    load_compose,
    localise,
)
from tests.rehearsal.deployment import LAUNCHWATCH_SERVICES, check_phases

pytestmark = pytest.mark.rehearsal

VARIABLES = {"SET": "value", "EMPTY": ""}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("${SET}", "value"),
        ("$SET/x", "value/x"),
        ("$$SET", "$SET"),
        ("${UNSET}", ""),
        ("${UNSET:-fallback}", "fallback"),
        ("${EMPTY:-fallback}", "fallback"),
        ("${EMPTY-fallback}", ""),
        ("${SET:-fallback}", "value"),
        ("${SET:?needed}", "value"),
        ("${SET:+other}", "other"),
        ("${UNSET:+other}", ""),
        ("a ${SET} b ${UNSET:-c}", "a value b c"),
    ],
)
def test_interpolation_follows_compose(text: str, expected: str) -> None:
    assert interpolate(text, VARIABLES) == expected


@pytest.mark.parametrize("text", ["${UNSET:?say why}", "${EMPTY:?say why}", "${UNSET?say why}"])
def test_a_required_variable_that_is_missing_is_an_error(text: str) -> None:
    with pytest.raises(ComposeError, match="say why"):
        interpolate(text, VARIABLES)


def test_the_compose_file_needs_the_api_token() -> None:
    with pytest.raises(ComposeError, match="LAUNCHWATCH_API_TOKEN"):
        load_compose({})


def test_the_rehearsal_runs_every_compose_service_after_its_dependencies() -> None:
    services = load_compose({"LAUNCHWATCH_API_TOKEN": "t"})["services"]
    check_phases(services)
    with pytest.raises(ComposeError, match="does not run: \\['extra'\\]"):
        check_phases({**services, "extra": {}})
    with pytest.raises(ComposeError, match="ingest depends on alerts"):
        check_phases({**services, "ingest": {**services["ingest"], "depends_on": ["alerts"]}})


def test_command_lines_are_the_image_entrypoint_and_the_compose_command() -> None:
    services = load_compose({"LAUNCHWATCH_API_TOKEN": "t"})["services"]
    for name in LAUNCHWATCH_SERVICES:
        assert container_argv(services[name], built_image(services[name])) == ["launchwatch", "worker", name]
    # The topics job sets `entrypoint: []`: its command runs as it is, without the image's `launchwatch`.
    topics = container_argv(services["topics"], built_image(services["topics"]))
    assert topics[:2] == ["sh", "-c"] and "launchwatch topics create" in topics[2]


def test_localise_maps_the_compose_network_to_this_host() -> None:
    services = load_compose({"LAUNCHWATCH_API_TOKEN": "t"})["services"]
    env = environment(services["ingest"])
    nodes = {f"kafka-{n}:9092": f"127.0.0.1:{1110 + n}" for n in (1, 2, 3)}
    addresses = {**nodes, "postgres:5432": "127.0.0.1:2222"}
    local = localise(env, addresses, web_port=3333)
    assert local["KAFKA_BOOTSTRAP"] == "127.0.0.1:1111,127.0.0.1:1112,127.0.0.1:1113"
    assert (
        local["LAUNCHWATCH_DATABASE_URL"] == "postgresql+psycopg://launchwatch:launchwatch@127.0.0.1:2222/launchwatch"
    )
    assert (local["LAUNCHWATCH_WEB_HOST"], local["LAUNCHWATCH_WEB_PORT"]) == ("127.0.0.1", "3333")
    assert local["LAUNCHWATCH_API_TOKEN"] == "t"
    with pytest.raises(ComposeError, match="kafka-1:9092"):
        localise(env, {"postgres:5432": "127.0.0.1:2222"})
