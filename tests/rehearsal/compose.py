"""deploy/docker-compose.yml read as docker compose reads it, and what changes when it runs on one host.

pyyaml resolves the anchors and ``<<: *merge`` keys; ``${VAR...}`` interpolation is done here from a dict of
variables (compose's own rules: ``$$``, ``$VAR``, ``${VAR}``, ``${VAR:-default}``, ``${VAR-default}``,
``${VAR:?message}``, ``${VAR?message}``, ``${VAR:+other}``, ``${VAR+other}``). A service's command line is the
image's entrypoint (from the Dockerfile compose builds) followed by its command, as in a container.
"""

from __future__ import annotations

import copy
import json
import re
import shlex
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import make_url

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"
COMPOSE_FILE = DEPLOY / "docker-compose.yml"
POSTGRES_PORT = 5432  # the port the postgres image listens on; compose reaches it as postgres:5432

_VARIABLE = re.compile(r"\$(?:(?P<escaped>\$)|\{(?P<braced>[^}]*)\}|(?P<named>[A-Za-z_][A-Za-z0-9_]*))")
_BRACED = re.compile(r"(?P<name>[A-Za-z_][A-Za-z0-9_]*)(?:(?P<operator>:?[-?+])(?P<argument>.*))?", re.DOTALL)


class ComposeError(ValueError):
    """The compose file cannot be read, or names something the rehearsal does not run."""


def interpolate(text: str, variables: Mapping[str, str]) -> str:
    """`text` with compose's variable references replaced from `variables` (an unset variable is empty)."""

    def substitute(match: re.Match[str]) -> str:
        if match["escaped"]:
            return "$"
        if match["named"]:
            return variables.get(match["named"], "")
        braced = _BRACED.fullmatch(match["braced"])
        if braced is None:
            raise ComposeError(f"invalid interpolation {match[0]!r}")
        name, operator, argument = braced["name"], braced["operator"], braced["argument"] or ""
        value = variables.get(name)
        if operator is None:
            return value or ""
        # With a colon the variable counts as missing when empty too; without, only when unset.
        missing = not value if operator.startswith(":") else value is None
        if operator.endswith("-"):
            return argument if missing else value  # type: ignore[return-value]
        if operator.endswith("?"):
            if missing:
                raise ComposeError(f"{name}: {argument or 'required variable is missing'}")
            return value  # type: ignore[return-value]
        return "" if missing else argument  # "+": the argument when the variable is set

    return _VARIABLE.sub(substitute, text)


def interpolate_all(node: Any, variables: Mapping[str, str]) -> Any:
    """Every string value of a parsed YAML document interpolated (keys are not, as in compose)."""
    if isinstance(node, str):
        return interpolate(node, variables)
    if isinstance(node, dict):
        return {key: interpolate_all(value, variables) for key, value in node.items()}
    if isinstance(node, list):
        return [interpolate_all(item, variables) for item in node]
    return node


def load_compose(variables: Mapping[str, str], path: Path = COMPOSE_FILE) -> dict[str, Any]:
    document = yaml.safe_load(path.read_text())
    if not isinstance(document, dict) or not isinstance(document.get("services"), dict):
        raise ComposeError(f"{path}: no services")
    return interpolate_all(document, variables)


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def environment(service: Mapping[str, Any]) -> dict[str, str]:
    """A service's `environment` (mapping or list form) as strings; a variable without a value is left out."""
    raw = service.get("environment") or {}
    if isinstance(raw, list):
        raw = dict(item.split("=", 1) if "=" in item else (item, None) for item in raw)
    return {key: _scalar(value) for key, value in raw.items() if value is not None}


def _argv(value: str | Sequence[str] | None) -> list[str]:
    if value is None:
        return []
    return shlex.split(value) if isinstance(value, str) else [str(part) for part in value]


def dependencies(service: Mapping[str, Any]) -> dict[str, str]:
    """The services `service` depends on, each with its condition (a list means `service_started`)."""
    raw = service.get("depends_on") or {}
    if isinstance(raw, list):
        return dict.fromkeys(raw, "service_started")
    return {name: (spec or {}).get("condition", "service_started") for name, spec in raw.items()}


@dataclass(frozen=True)
class Image:
    """What a container of an image built from a Dockerfile starts with: ENTRYPOINT, CMD and ENV."""

    entrypoint: list[str] = field(default_factory=list)
    cmd: list[str] = field(default_factory=list)
    env: dict[str, str] = field(default_factory=dict)


def dockerfile_image(path: Path) -> Image:
    """The ENTRYPOINT, CMD (exec form only, as the project's Dockerfile uses) and ENV of a Dockerfile."""
    image = Image()
    for line in path.read_text().splitlines():
        instruction, _, rest = line.strip().partition(" ")
        instruction = instruction.upper()
        if instruction in ("ENTRYPOINT", "CMD"):
            try:
                words = json.loads(rest)
            except json.JSONDecodeError as exc:
                raise ComposeError(f"{path}: {instruction} in shell form is not supported: {rest}") from exc
            (image.entrypoint if instruction == "ENTRYPOINT" else image.cmd)[:] = words
        elif instruction == "ENV":
            for pair in shlex.split(rest):
                key, _, value = pair.partition("=")
                image.env[key] = value
    return image


def built_image(service: Mapping[str, Any], compose_dir: Path = DEPLOY) -> Image:
    """The image a service's `build` section makes (its Dockerfile, relative to the build context)."""
    build = service.get("build")
    if build is None:
        raise ComposeError("the service is not built from a Dockerfile")
    if isinstance(build, str):
        build = {"context": build}
    context = (compose_dir / build.get("context", ".")).resolve()
    return dockerfile_image(context / build.get("dockerfile", "Dockerfile"))


def container_argv(service: Mapping[str, Any], image: Image) -> list[str]:
    """The command line a container of `service` runs: its entrypoint then its command.

    As in docker, an `entrypoint` set in compose (even `[]`) replaces the image's and drops the image's CMD.
    """
    if "entrypoint" in service:
        return _argv(service["entrypoint"]) + _argv(service.get("command"))
    command = service.get("command")
    return image.entrypoint + (_argv(command) if command is not None else image.cmd)


def advertised_address(kafka_environment: Mapping[str, str], listener: str = "PLAINTEXT") -> str:
    """host:port the compose Kafka advertises on `listener` (what clients in the compose network use)."""
    for entry in kafka_environment.get("KAFKA_ADVERTISED_LISTENERS", "").split(","):
        name, _, address = entry.strip().partition("://")
        if name == listener:
            return address
    raise ComposeError(f"the kafka service advertises no {listener} listener")


def mounts(service: Mapping[str, Any], compose_dir: Path = DEPLOY) -> dict[str, Path | str]:
    """Container path -> host path (bind mount, resolved from the compose folder) or volume name."""
    found: dict[str, Path | str] = {}
    for entry in service.get("volumes") or []:
        source, target = entry.split(":")[:2]
        found[target] = (compose_dir / source).resolve() if source.startswith((".", "/")) else source
    return found


def _map_address(address: str, addresses: Mapping[str, str]) -> str:
    if address not in addresses:
        raise ComposeError(f"compose names {address}, which the rehearsal does not run (it runs {sorted(addresses)})")
    return addresses[address]


def localise(env: Mapping[str, str], addresses: Mapping[str, str], web_port: int | None = None) -> dict[str, str]:
    """A compose service's environment for a process on this host.

    `addresses` maps the compose network's host:port (``kafka:9092``, ``postgres:5432``) to the local servers'.
    """
    local = dict(env)
    local["KAFKA_BOOTSTRAP"] = ",".join(_map_address(a.strip(), addresses) for a in env["KAFKA_BOOTSTRAP"].split(","))
    url = make_url(env["LAUNCHWATCH_DATABASE_URL"])
    host, _, port = _map_address(f"{url.host}:{url.port or POSTGRES_PORT}", addresses).rpartition(":")
    local["LAUNCHWATCH_DATABASE_URL"] = url.set(host=host, port=int(port)).render_as_string(hide_password=False)
    if web_port is not None:
        # In compose every service listens on the same port inside a container of its own; here they share one
        # network namespace, so each gets a port of its own.
        local["LAUNCHWATCH_WEB_PORT"] = str(web_port)
    # 0.0.0.0 inside a container reaches only the compose network (the host publishes chosen ports on 127.0.0.1);
    # on this host it would open the services on every interface of the machine. Loopback is the same exposure.
    local["LAUNCHWATCH_WEB_HOST"] = "127.0.0.1"
    return local


def local_prometheus_config(
    source: Mapping[str, Any], targets: Mapping[str, Sequence[str]], host_path: Callable[[str], Path]
) -> dict[str, Any]:
    """deploy/prometheus/prometheus.yml for the local processes.

    Same global settings (but the intervals), job names and relabelling: each `dns_sd_configs` entry becomes
    `static_configs` of the local replicas of each name, carrying the label DNS discovery gives them
    (``__meta_dns_name``), so the job's own relabel rules make the `service` label. `targets` maps a DNS name
    (compose service) to its replicas' host:port; `host_path` maps a container path to the host file mounted there.
    """
    config = copy.deepcopy(dict(source))
    # 1 s instead of 15 s, so that targets are scraped, rules evaluated and rates computable within seconds.
    config["global"] = {**source.get("global", {}), "scrape_interval": "1s", "evaluation_interval": "1s"}
    config["rule_files"] = [str(host_path(path)) for path in source.get("rule_files", [])]
    for job in config["scrape_configs"]:
        static: list[dict[str, Any]] = []
        for discovery in job.pop("dns_sd_configs", []):
            for name in discovery["names"]:
                if not targets.get(name):
                    raise ComposeError(f"prometheus discovers {name}, which the rehearsal does not run")
                static.append({"targets": list(targets[name]), "labels": {"__meta_dns_name": name}})
        if any(key.endswith("_sd_configs") for key in job):
            raise ComposeError(f"job {job['job_name']}: only dns_sd_configs can be rehearsed")
        job["static_configs"] = job.get("static_configs", []) + static
    return config
