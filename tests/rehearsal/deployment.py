"""The compose deployment started as local processes on 127.0.0.1, from what deploy/docker-compose.yml says.

Each launchwatch process (the `topics` job, `ingest`, `matcher`, `alerts`, `counts`) runs the command line and
environment its compose service gives a container of the image (read by :mod:`tests.rehearsal.compose`); only
what differs on one host is changed (:func:`tests.rehearsal.compose.localise`). Kafka and PostgreSQL are the servers of
``tests/servers.py``; Prometheus is Debian's binary with a configuration derived from deploy/prometheus/. Grafana
is not run (not installable here): its dashboard's queries are checked against that Prometheus instead.

Every process logs to build/test-servers/rehearsal-<name>.log; :meth:`Deployment.stop` ends them all.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from launchwatch.kafka import free_port
from launchwatch.settings import Settings
from tests.rehearsal.compose import (
    POSTGRES_PORT,
    ComposeError,
    advertised_address,
    built_image,
    container_argv,
    dependencies,
    environment,
    load_compose,
    local_prometheus_config,
    localise,
    mounts,
)
from tests.servers import LOG_DIR, KafkaServer, PostgresServer

#: The `launchwatch` of the virtualenv running the tests: the one the rehearsal's processes find first on PATH.
VENV_BIN = Path(sys.executable).parent
LAUNCHWATCH_SERVICES: tuple[str, ...] = ("ingest", "matcher", "alerts", "counts")
#: The compose services of the Kafka cluster, one node each.
KAFKA_NODES: tuple[str, ...] = ("kafka-1", "kafka-2", "kafka-3")
#: Every compose service, in the order the rehearsal starts them (checked against `depends_on`).
PHASES: tuple[tuple[str, ...], ...] = (
    (*KAFKA_NODES, "postgres"),
    ("topics",),
    LAUNCHWATCH_SERVICES,
    ("prometheus",),
    ("grafana",),
)
NOT_RUN = {"grafana": "Grafana is not installable here; its dashboard's queries are checked against Prometheus"}
#: Compose's broker settings that name the compose network or the node: the local cluster has its own
#: (tests/servers.py); every other `KAFKA_*` setting of the nodes is the local cluster's too.
KAFKA_HOST_SETTINGS = frozenset(
    {"KAFKA_LISTENERS", "KAFKA_ADVERTISED_LISTENERS", "KAFKA_CONTROLLER_QUORUM_VOTERS", "KAFKA_NODE_ID"}
)


def kafka_properties(kafka_environment: Mapping[str, str]) -> dict[str, str]:
    """A node's server properties from its compose environment, as the apache/kafka image makes them
    (`KAFKA_MIN_INSYNC_REPLICAS` is `min.insync.replicas`), leaving out what names the network or the node."""
    return {
        key.removeprefix("KAFKA_").lower().replace("_", "."): value
        for key, value in kafka_environment.items()
        if key.startswith("KAFKA_") and key not in KAFKA_HOST_SETTINGS
    }


STOP_TIMEOUT_S = 30.0


def check_phases(services: Mapping[str, Any]) -> None:
    """The rehearsal knows every compose service, and starts each after the services it depends on."""
    phase_of = {name: index for index, names in enumerate(PHASES) for name in names}
    unknown, gone = sorted(set(services) - set(phase_of)), sorted(set(phase_of) - set(services))
    if unknown or gone:
        raise ComposeError(f"compose services the rehearsal does not run: {unknown}; no longer in compose: {gone}")
    for name, service in services.items():
        for dependency in dependencies(service):
            if phase_of[dependency] >= phase_of[name]:
                raise ComposeError(f"{name} depends on {dependency}, which the rehearsal does not start before it")


def _listens(port: int) -> bool:
    with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.5):
        return True
    return False


@dataclass
class Replica:
    """One process of a compose service (compose names them <service>-1, <service>-2 … when scaled)."""

    service: str
    name: str
    port: int
    argv: list[str]
    env: dict[str, str]
    process: subprocess.Popen[bytes]
    log: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


class Deployment:
    """deploy/docker-compose.yml on this host: start with :meth:`start`, always end with :meth:`stop`."""

    def __init__(self, workdir: Path, scale: Mapping[str, int] | None = None) -> None:
        self.workdir = workdir
        self.token = secrets.token_hex(32)
        # The variables compose would read from deploy/.env: only the token, so every default in the file applies.
        self.compose = load_compose({"LAUNCHWATCH_API_TOKEN": self.token})
        self.services: dict[str, Any] = self.compose["services"]
        self.scale = dict(scale or {})
        self.kafka: KafkaServer | None = None
        self.postgres: PostgresServer | None = None
        self.addresses: dict[str, str] = {}  # compose network host:port -> this host's
        self.replicas: dict[str, Replica] = {}
        self.prometheus_port = 0
        self.prometheus_config: dict[str, Any] = {}
        self._processes: list[tuple[str, subprocess.Popen[bytes]]] = []

    # ------------------------------------------------------------------ what the tests use

    @property
    def prometheus_url(self) -> str:
        return f"http://127.0.0.1:{self.prometheus_port}"

    def replicas_of(self, service: str) -> list[Replica]:
        return [replica for replica in self.replicas.values() if replica.service == service]

    def settings(self, service: str = "ingest") -> Settings:
        """The settings a process of `service` runs with, for clients in the test process."""
        env = localise(environment(self.services[service]), self.addresses)
        return Settings(**{k: v for k, v in env.items() if k.startswith(("KAFKA_", "LAUNCHWATCH_"))})

    def run(self, service: str, args: list[str], name: str, timeout_s: float = 120.0) -> None:
        """``docker compose run --rm SERVICE ARGS``: the image's entrypoint and `args`, in the service's environment."""
        image = built_image(self.services[service])
        argv = container_argv({**self.services[service], "command": args}, image)
        self._run_to_completion(name, argv, self._env(service), timeout_s)

    # ------------------------------------------------------------------ start and stop

    def start(self, before_services: Callable[[Deployment], None] | None = None) -> Deployment:
        """Every compose service in dependency order; `before_services` runs once the store and topics exist."""
        check_phases(self.services)
        self.workdir.mkdir(parents=True, exist_ok=True)
        LOG_DIR.mkdir(parents=True, exist_ok=True)
        starters: dict[str, Callable[[], None]] = {
            KAFKA_NODES[0]: self._start_kafka,  # the whole cluster: its nodes start together
            **{name: (lambda: None) for name in KAFKA_NODES[1:]},
            "postgres": self._start_postgres,
            "topics": lambda: self._run_job("topics"),
            **{name: (lambda name=name: self._start_service(name)) for name in LAUNCHWATCH_SERVICES},
            "prometheus": self._start_prometheus,
            **{name: (lambda: None) for name in NOT_RUN},
        }
        for phase in PHASES:
            if phase == LAUNCHWATCH_SERVICES and before_services is not None:
                before_services(self)
            # The servers of one phase start side by side (Kafka takes seconds; PostgreSQL meanwhile).
            with ThreadPoolExecutor(max_workers=len(phase)) as pool:
                for future in [pool.submit(starters[name]) for name in phase]:
                    future.result()
        self._wait_until_listening(timeout_s=90)
        return self

    def stop(self) -> None:
        """SIGTERM to every process, SIGKILL to those still running after the deadline; then the servers."""
        for _, process in self._processes:
            if process.poll() is None:
                process.terminate()
        deadline = time.monotonic() + STOP_TIMEOUT_S
        for _, process in self._processes:
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)
        self._processes.clear()
        for server in (self.kafka, self.postgres):
            if server is not None:
                server.stop()

    # ------------------------------------------------------------------ the compose services

    def _start_kafka(self) -> None:
        """The compose cluster's nodes as one local cluster, with the settings compose gives them (the same on
        every node, or the rehearsal refuses), each node's compose address mapped to the local node's."""
        nodes = {name: environment(self.services[name]) for name in KAFKA_NODES}
        settings = [kafka_properties(env) for env in nodes.values()]
        if any(one != settings[0] for one in settings):
            raise ComposeError("the Kafka nodes of compose differ in their settings; the rehearsal runs them alike")
        self.kafka = KafkaServer(name="rehearsal-kafka", nodes=len(nodes), properties=settings[0])
        self.kafka.start()
        for env in nodes.values():
            node = self.kafka.nodes[int(env["KAFKA_NODE_ID"])]
            self.addresses[advertised_address(env)] = node.address

    def _start_postgres(self) -> None:
        env = environment(self.services["postgres"])
        # What the postgres image does with these variables: its superuser and database get these names.
        self.postgres = PostgresServer(
            database=env["POSTGRES_DB"], user=env["POSTGRES_USER"], name="rehearsal-postgres"
        )
        self.postgres.start()
        self.addresses[f"postgres:{POSTGRES_PORT}"] = f"127.0.0.1:{self.postgres.port}"

    def _env(self, service: str, web_port: int | None = None) -> dict[str, str]:
        """What a container of `service` sees: the image's ENV, then compose's `environment`, localised.

        None of the test process's own KAFKA_* / LAUNCHWATCH_* settings leak in: a container would not have them.
        """
        base = {k: v for k, v in os.environ.items() if not k.startswith(("KAFKA_", "LAUNCHWATCH_"))}
        base["PATH"] = f"{VENV_BIN}{os.pathsep}{base.get('PATH', os.defpath)}"
        image = built_image(self.services[service])
        return base | image.env | localise(environment(self.services[service]), self.addresses, web_port)

    def _spawn(self, name: str, argv: list[str], env: dict[str, str]) -> tuple[subprocess.Popen[bytes], Path]:
        executable = shutil.which(argv[0], path=env.get("PATH"))
        if executable is None:
            raise RuntimeError(f"{name}: {argv[0]} not found on {env.get('PATH')}")
        cwd = self.workdir / name  # a folder of its own, as a container has: nothing lands in the repository
        cwd.mkdir(parents=True, exist_ok=True)
        log = LOG_DIR / f"rehearsal-{name}.log"
        with open(log, "wb") as out:
            process = subprocess.Popen([executable, *argv[1:]], env=env, cwd=cwd, stdout=out, stderr=subprocess.STDOUT)
        self._processes.append((name, process))
        return process, log

    def _run_to_completion(self, name: str, argv: list[str], env: dict[str, str], timeout_s: float) -> None:
        process, log = self._spawn(name, argv, env)
        try:
            code = process.wait(timeout=timeout_s)
        except subprocess.TimeoutExpired as exc:
            raise RuntimeError(f"{name} did not finish within {timeout_s:.0f} s; see {log}") from exc
        if code != 0:
            raise RuntimeError(f"{name} exited with code {code}; see {log}")

    def _run_job(self, service: str) -> None:
        """A one-shot service (`condition: service_completed_successfully`): run it, and it must succeed."""
        argv = container_argv(self.services[service], built_image(self.services[service]))
        self._run_to_completion(service, argv, self._env(service), timeout_s=120)

    def _start_service(self, service: str) -> None:
        argv = container_argv(self.services[service], built_image(self.services[service]))
        for index in range(1, self.scale.get(service, 1) + 1):
            name, port = f"{service}-{index}", free_port()
            env = self._env(service, web_port=port)
            process, log = self._spawn(name, argv, env)
            self.replicas[name] = Replica(service, name, port, argv, env, process, log)

    def _start_prometheus(self) -> None:
        service = self.services["prometheus"]
        binary = shutil.which("prometheus")
        if binary is None:
            raise RuntimeError("prometheus is missing: `make tools` installs Debian's prometheus package")
        mounted = mounts(service)

        def host_path(container_path: str) -> Path:
            for target, source in mounted.items():
                if container_path == target or container_path.startswith(target.rstrip("/") + "/"):
                    base = source if isinstance(source, Path) else self.workdir / "volumes" / source
                    return base / Path(container_path).relative_to(target)
            raise ComposeError(f"prometheus: nothing is mounted at {container_path}")

        targets: dict[str, list[str]] = {}
        for replica in self.replicas.values():
            targets.setdefault(replica.service, []).append(f"127.0.0.1:{replica.port}")
        args: list[str] = []
        for arg in service.get("command", []):
            flag, _, value = arg.partition("=")
            if flag == "--config.file":
                source = yaml.safe_load(host_path(value).read_text())
                self.prometheus_config = local_prometheus_config(source, targets, host_path)
                config = self.workdir / "prometheus.yml"
                config.write_text(yaml.safe_dump(self.prometheus_config, sort_keys=False))
                arg = f"{flag}={config}"
            elif value.startswith("/"):  # a path inside the container: the host's file or volume mounted there
                path = host_path(value)
                path.mkdir(parents=True, exist_ok=True)
                arg = f"{flag}={path}"
            args.append(arg)
        # Inside its container Prometheus listens on 0.0.0.0:9090, published as 127.0.0.1:9090; here a free port.
        self.prometheus_port = free_port()
        args.append(f"--web.listen-address=127.0.0.1:{self.prometheus_port}")
        self._spawn("prometheus", [binary, *args], dict(os.environ))

    def _wait_until_listening(self, timeout_s: float) -> None:
        """Every service's web port and Prometheus accept connections; a process that exits fails at once."""
        ports = {replica.name: replica.port for replica in self.replicas.values()} | {
            "prometheus": self.prometheus_port
        }
        deadline = time.monotonic() + timeout_s
        waiting = dict(ports)
        while waiting:
            for name, process in self._processes:
                if name in ports and process.poll() is not None:
                    raise RuntimeError(
                        f"{name} exited with code {process.returncode}; see {LOG_DIR}/rehearsal-{name}.log"
                    )
            waiting = {name: port for name, port in waiting.items() if not _listens(port)}
            if waiting and time.monotonic() > deadline:
                raise RuntimeError(f"not listening after {timeout_s:.0f} s: {sorted(waiting)}; see {LOG_DIR}")
            if waiting:
                time.sleep(0.2)  # polling interval of the deadline loop above
