"""Throwaway PostgreSQL and Apache Kafka servers for the test session, started from what the Makefile installs.

- PostgreSQL: Debian's ``postgresql`` package; a cluster made by initdb in a temporary folder, on a free port.
  PostgreSQL refuses to run as root, and the fixture libraries that exist (pytest-postgresql among them) do not
  support another user, so as root the server runs as the ``postgres`` account the Debian package creates.
- Apache Kafka 4.x in KRaft mode, one node as broker and controller (the integration tier), or three such nodes
  in one quorum (the cluster tier, tests/cluster, and the rehearsal): the jars that Maven resolved into the folder
  ``LAUNCHWATCH_KAFKA_CLASSPATH`` names (``make kafka``), run with Java 17 after their storage is formatted. A
  cluster's node has a 512 MB heap, the serial collector, two network and two I/O threads and 16 MB log segments
  (`CLUSTER_NODE_PROPERTIES`), so three fit on the project's 2-core machine beside the workers.

Both write their logs under ``build/test-servers/`` (kept after the session, for failures), and both stop when
their ``with`` block ends. The rehearsal of the compose deployment starts its servers from here too.
"""

from __future__ import annotations

import base64
import contextlib
import glob
import os
import pwd
import re
import shutil
import socket
import subprocess
import tempfile
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

import pytest

from launchwatch.kafka import free_port

REPO_ROOT = Path(__file__).resolve().parents[1]
LOG_DIR = REPO_ROOT / "build" / "test-servers"


class ServerUnavailable(RuntimeError):
    """A test server cannot be started on this machine (its program is missing); the message says what to do."""


def skip_unless_required(reason: str, required_by: str) -> None:
    """Skip a tier whose server this machine cannot start, unless `required_by` (CI sets it) makes it a failure."""
    if os.environ.get(required_by, "").lower() in ("1", "true", "yes"):
        pytest.fail(f"{reason} ({required_by} is set)", pytrace=False)
    pytest.skip(reason)


class Broker(NamedTuple):
    """The broker a test runs on."""

    kind: str  # tansu, kafka (Apache Kafka) or external (KAFKA_BOOTSTRAP)
    bootstrap: str


def _wait_for_port(port: int, timeout_s: float, process: subprocess.Popen[bytes], log: Path, what: str) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{what} exited with code {process.returncode}; see {log}")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return
        time.sleep(0.1)
    raise RuntimeError(f"{what} did not listen on 127.0.0.1:{port} within {timeout_s:.0f} s; see {log}")


def _stop(process: subprocess.Popen[bytes], timeout_s: float = 30) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=timeout_s)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


# --------------------------------------------------------------------------- PostgreSQL


def postgres_bindir() -> Path:
    """The folder of initdb and pg_ctl: on PATH, else Debian's /usr/lib/postgresql/<newest>/bin."""
    on_path = shutil.which("pg_ctl")
    if on_path:
        return Path(on_path).resolve().parent
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), key=lambda p: int(Path(p).parts[-3]))
    if not candidates:
        raise ServerUnavailable("PostgreSQL is not installed: run `make tools` (Debian's postgresql package)")
    return Path(candidates[-1]).parent


class PostgresServer:
    """A PostgreSQL cluster of its own on 127.0.0.1:<free port>, trust authentication, database ``test``."""

    def __init__(self, database: str = "test", user: str = "postgres", name: str = "postgresql") -> None:
        self.database = database
        self.user = user
        self.port = 0
        self._folder: Path | None = None
        self.log = LOG_DIR / f"{name}.log"

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://{self.user}@127.0.0.1:{self.port}/{self.database}"

    def _run_as(self) -> dict[str, object]:
        """subprocess arguments that drop root to the `postgres` account, which PostgreSQL requires."""
        if os.geteuid() != 0:
            return {}
        try:
            account = pwd.getpwnam("postgres")
        except KeyError as exc:
            raise ServerUnavailable("running as root needs the `postgres` account of Debian's package") from exc
        return {"user": account.pw_uid, "group": account.pw_gid}

    def start(self) -> PostgresServer:
        bindir = postgres_bindir()
        run_as = self._run_as()
        self._folder = Path(tempfile.mkdtemp(prefix="launchwatch-pg-"))
        data = self._folder / "data"
        LOG_DIR.mkdir(parents=True, exist_ok=True)
        log = self._folder / "server.log"
        if run_as:
            os.chown(self._folder, run_as["user"], run_as["group"])  # type: ignore[arg-type]
        subprocess.run(
            [bindir / "initdb", "-D", data, "-U", self.user, "--auth=trust", "-E", "UTF8", "--no-sync"],
            check=True,
            capture_output=True,
            **run_as,  # type: ignore[arg-type]
        )
        self.port = free_port()
        # Durability is not what these tests measure: fsync off makes the schema-per-test setup fast.
        options = f"-p {self.port} -k {self._folder} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200"
        result = subprocess.run(
            [bindir / "pg_ctl", "-D", data, "-l", log, "-o", options, "-w", "-t", "60", "start"],
            capture_output=True,
            **run_as,  # type: ignore[arg-type]
        )
        if result.returncode != 0:
            self._keep_log(log)
            raise RuntimeError(f"PostgreSQL did not start: {result.stderr.decode().strip()}; see {self.log}")
        subprocess.run(
            [bindir / "createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", self.user, self.database],
            check=True,
            capture_output=True,
        )
        return self

    def _keep_log(self, log: Path) -> None:
        with contextlib.suppress(OSError):
            shutil.copyfile(log, self.log)

    def stop(self) -> None:
        if self._folder is None:
            return
        data = self._folder / "data"
        if (data / "postmaster.pid").exists():
            subprocess.run(
                [postgres_bindir() / "pg_ctl", "-D", data, "-m", "fast", "-w", "stop"],
                capture_output=True,
                **self._run_as(),  # type: ignore[arg-type]
            )
        self._keep_log(self._folder / "server.log")
        shutil.rmtree(self._folder, ignore_errors=True)
        self._folder = None

    def __enter__(self) -> PostgresServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


# --------------------------------------------------------------------------- Apache Kafka

KAFKA_CLASSPATH_ENV = "LAUNCHWATCH_KAFKA_CLASSPATH"

LOG4J2_CONFIG = """\
Configuration:
  Appenders:
    File:
      name: file
      fileName: "{log}"
      PatternLayout:
        pattern: "[%d] %p %m (%c)%n"
  Loggers:
    Root:
      level: INFO
      AppenderRef:
        ref: file
"""


def kafka_classpath() -> Path:
    """The folder of Apache Kafka's jars (``make kafka``), or ServerUnavailable saying why it is missing."""
    if shutil.which("java") is None:
        raise ServerUnavailable("Java is not installed: Apache Kafka needs Java 17")
    folder = os.environ.get(KAFKA_CLASSPATH_ENV)
    if not folder:
        raise ServerUnavailable(f"{KAFKA_CLASSPATH_ENV} is not set: run the tests with `make test` or `make rehearse`")
    path = Path(folder)
    if not any(path.glob("kafka_2.13-*.jar")):
        raise ServerUnavailable(f"no Apache Kafka jars in {path}: run `make kafka`")
    return path


#: What one node of a test cluster runs with on this two-core machine: a heap of 512 MB (three fit beside the
#: workers), two network and two I/O threads, one replica fetcher, 16 MB log segments.
CLUSTER_NODE_PROPERTIES = {
    "num.network.threads": "2",
    "num.io.threads": "2",
    "num.replica.fetchers": "1",
    "log.segment.bytes": str(16 * 1024 * 1024),
}


@dataclass
class KafkaNode:
    """One node of a KafkaServer: its id, ports, folder, log and (while it runs) its process."""

    node_id: int
    port: int
    controller_port: int
    folder: Path
    log: Path
    process: subprocess.Popen[bytes] | None = None

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"

    @property
    def config(self) -> Path:
        return self.folder / "server.properties"

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None


class KafkaServer:
    """Apache Kafka in KRaft mode on 127.0.0.1: `nodes` nodes, each a broker and a controller (a static quorum of
    all of them), every replicated internal topic at `min(nodes, 3)` replicas and `min.insync.replicas` 2 on a
    cluster (1 on one node). One node is what the integration tier runs; three are the cluster of tests/cluster.

    `properties` adds to or overrides each node's server properties (the rehearsal passes what compose sets).
    A node can be killed (`kill`) and started again from its own log folder (`restart`).
    """

    def __init__(
        self,
        name: str = "kafka",
        start_timeout_s: float = 60.0,
        nodes: int = 1,
        properties: dict[str, str] | None = None,
    ) -> None:
        self.name = name
        self.start_timeout_s = start_timeout_s
        self.size = nodes
        self.properties = dict(properties or {})
        self.nodes: dict[int, KafkaNode] = {}
        self._folder: Path | None = None
        self._classpath: Path | None = None

    @property
    def bootstrap(self) -> str:
        return ",".join(node.address for node in self.nodes.values())

    @property
    def log(self) -> Path:
        """The log of the first node (of the only one, outside tests/cluster)."""
        return self._log_of(1)

    def _log_of(self, node_id: int) -> Path:
        return LOG_DIR / (f"{self.name}.log" if self.size == 1 else f"{self.name}-{node_id}.log")

    def _java(self, node: KafkaNode, *args: str | Path) -> list[str | Path]:
        assert self._classpath is not None
        heap = "768m" if self.size == 1 else "512m"
        return [
            "java",
            "-Xms256m",
            f"-Xmx{heap}",
            "-XX:+UseSerialGC",  # two cores: no parallel collector threads competing with the tests
            f"-Dlog4j2.configurationFile={node.folder / 'log4j2.yaml'}",
            "-cp",
            f"{self._classpath}/*",
            *args,
        ]

    def _properties(self, node: KafkaNode, voters: str) -> dict[str, str]:
        replicas = str(min(self.size, 3))
        insync = "2" if self.size > 1 else "1"
        return {
            "process.roles": "broker,controller",
            "node.id": str(node.node_id),
            "controller.quorum.voters": voters,
            "listeners": f"PLAINTEXT://{node.address},CONTROLLER://127.0.0.1:{node.controller_port}",
            "advertised.listeners": f"PLAINTEXT://{node.address}",
            "controller.listener.names": "CONTROLLER",
            "listener.security.protocol.map": "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
            "log.dirs": str(node.folder / "data"),
            "num.partitions": "1",
            "default.replication.factor": replicas,
            "min.insync.replicas": insync,
            "offsets.topic.replication.factor": replicas,
            "offsets.topic.num.partitions": "10",
            "transaction.state.log.replication.factor": replicas,
            "transaction.state.log.min.isr": insync,
            "transaction.state.log.num.partitions": "10",
            "group.initial.rebalance.delay.ms": "0",
            "auto.create.topics.enable": "false",
            # Messages as large as the service accepts, so an oversize test reaches the service's limit.
            "message.max.bytes": "2097152",
            **(CLUSTER_NODE_PROPERTIES if self.size > 1 else {}),
            **self.properties,
        }

    def start(self) -> KafkaServer:
        self._classpath = kafka_classpath()
        self._folder = Path(tempfile.mkdtemp(prefix=f"launchwatch-{self.name}-"))
        LOG_DIR.mkdir(parents=True, exist_ok=True)
        for node_id in range(1, self.size + 1):
            folder = self._folder / f"node-{node_id}"
            folder.mkdir()
            self.nodes[node_id] = KafkaNode(node_id, free_port(), free_port(), folder, self._log_of(node_id))
        voters = ",".join(f"{n.node_id}@127.0.0.1:{n.controller_port}" for n in self.nodes.values())
        cluster_id = kafka_cluster_id()
        for node in self.nodes.values():
            node.log.unlink(missing_ok=True)
            (node.folder / "log4j2.yaml").write_text(LOG4J2_CONFIG.format(log=node.log))
            node.config.write_text("".join(f"{k}={v}\n" for k, v in self._properties(node, voters).items()))
            formatted = subprocess.run(
                self._java(node, "kafka.tools.StorageTool", "format", "-t", cluster_id, "-c", node.config),
                capture_output=True,
                text=True,
            )
            if formatted.returncode != 0:
                self.stop()
                raise RuntimeError(f"Kafka's StorageTool could not format the log folder: {formatted.stderr.strip()}")
        try:
            for node in self.nodes.values():
                self._launch(node)
            for node in self.nodes.values():
                assert node.process is not None
                _wait_for_port(
                    node.port, self.start_timeout_s, node.process, node.log, f"Apache Kafka node {node.node_id}"
                )
        except BaseException:
            self.stop()
            raise
        return self

    def _launch(self, node: KafkaNode) -> None:
        with open(node.folder / "stdout.log", "ab") as out:
            node.process = subprocess.Popen(
                self._java(node, "kafka.Kafka", node.config), stdout=out, stderr=subprocess.STDOUT
            )

    def kill(self, node_id: int) -> None:
        """SIGKILL to a node: no controlled shutdown, its leaderships and its controller role lost at once."""
        node = self.nodes[node_id]
        if node.process is not None and node.process.poll() is None:
            node.process.kill()
            node.process.wait(timeout=30)
        node.process = None

    def restart(self, node_id: int) -> None:
        """A killed node started again from its own log folder; returns once its broker port listens."""
        node = self.nodes[node_id]
        assert not node.running, f"node {node_id} is running"
        self._launch(node)
        assert node.process is not None
        _wait_for_port(node.port, self.start_timeout_s, node.process, node.log, f"Apache Kafka node {node_id}")

    def active_controller(self) -> int:
        """The id of the quorum's leader (the active controller): the node that last completed the transition to
        leader, by the highest epoch any running node's log shows (aiokafka has no DescribeQuorum)."""
        best: tuple[int, int] | None = None
        for node in self.nodes.values():
            if not node.running or not node.log.exists():
                continue
            for match in _RAFT_LEADER.finditer(node.log.read_text(errors="replace")):
                epoch = int(match["epoch"])
                if best is None or epoch > best[0]:
                    best = (epoch, int(match["node"]))
        if best is None:
            raise RuntimeError(f"no node of {self.name} has become the quorum's leader; see {LOG_DIR}")
        return best[1]

    def stop(self) -> None:
        # All told to stop first: a node shutting down while the others already have waits for no one.
        for node in self.nodes.values():
            if node.process is not None and node.process.poll() is None:
                node.process.terminate()
        for node in self.nodes.values():
            if node.process is not None:
                _stop(node.process)
                node.process = None
        self.nodes.clear()
        if self._folder is not None:
            shutil.rmtree(self._folder, ignore_errors=True)
            self._folder = None

    def __enter__(self) -> KafkaServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


#: What a node's raft client logs when it becomes the quorum's leader (the active controller).
_RAFT_LEADER = re.compile(r"\[RaftManager id=(?P<node>\d+)\] Completed transition to Leader\(.*?\bepoch=(?P<epoch>\d+)")


def kafka_cluster_id(random_bytes: Callable[[], bytes] = lambda: uuid.uuid4().bytes) -> str:
    """A cluster id as Kafka's ``Uuid.randomUuid`` makes one: URL-safe base64 of 16 random bytes, never starting
    with "-" (StorageTool's option parser would read such an id as an option, one start in 64)."""
    while True:
        cluster_id = base64.urlsafe_b64encode(random_bytes()).decode().rstrip("=")
        if not cluster_id.startswith("-"):
            return cluster_id


def main(argv: list[str] | None = None) -> int:
    """`python -m tests.servers kafka|kafka-cluster|postgresql -- COMMAND...`: COMMAND with a throwaway server,
    named to it in its environment: KAFKA_BOOTSTRAP (Apache Kafka, one node or a cluster of three) or POSTGRES_URL
    (PostgreSQL, fsync off)."""
    import argparse
    import sys

    parser = argparse.ArgumentParser(prog="python -m tests.servers", description=main.__doc__)
    parser.add_argument(
        "server", choices=["kafka", "kafka-cluster", "postgresql"], help="the server to start for the command"
    )
    parser.add_argument("command", nargs=argparse.REMAINDER, help="the command to run (after --)")
    args = parser.parse_args(argv)
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("no command given after --")
    server: KafkaServer | PostgresServer
    try:
        if args.server == "postgresql":
            server = PostgresServer(name="pg-command")
        else:
            server = KafkaServer(name="kafka-command", nodes=3 if args.server == "kafka-cluster" else 1)
        server.start()
    except (ServerUnavailable, RuntimeError, subprocess.CalledProcessError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    if isinstance(server, KafkaServer):
        named = {"KAFKA_BOOTSTRAP": server.bootstrap}
        print(f"Apache Kafka on {server.bootstrap} (logs: {LOG_DIR}/kafka-command*.log)", file=sys.stderr)
    else:
        named = {"POSTGRES_URL": server.url}
        print(f"PostgreSQL at {server.url} (log: {server.log})", file=sys.stderr)
    try:
        return subprocess.run(command, env=os.environ | named).returncode
    except KeyboardInterrupt:
        return 130
    finally:
        server.stop()


if __name__ == "__main__":
    raise SystemExit(main())
