"""The cluster tier: a three-node Apache Kafka cluster on loopback for the session, topics at replication 3 and
`min.insync.replicas` 2, as the compose deployment runs them (tests/servers.py states the nodes' heap and logs)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from launchwatch.settings import Settings
from tests.servers import KafkaServer, ServerUnavailable, skip_unless_required

NODES = 3


@pytest.fixture(scope="session")
def cluster() -> Iterator[KafkaServer]:
    try:
        server = KafkaServer(name="cluster", nodes=NODES).start()
    except ServerUnavailable as exc:
        skip_unless_required(f"cluster tier skipped: {exc}", "LAUNCHWATCH_REQUIRE_KAFKA")
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def running_cluster(cluster: KafkaServer) -> Iterator[KafkaServer]:
    """The session's cluster with every node running, before the test and after it (a test kills nodes)."""
    for node_id, node in cluster.nodes.items():
        if not node.running:
            cluster.restart(node_id)
    yield cluster
    for node_id, node in cluster.nodes.items():
        if not node.running:
            cluster.restart(node_id)


@pytest.fixture
def settings(running_cluster: KafkaServer, tmp_path: Path) -> Settings:
    """Settings on the cluster with a topic prefix of this test's own."""
    return Settings(
        kafka_bootstrap=running_cluster.bootstrap,
        topic_prefix=f"c{uuid.uuid4().hex[:10]}.",
        topic_partitions=3,
        topic_replication=NODES,
        topic_min_insync_replicas=2,
        database_url=f"sqlite:///{tmp_path / 'launchwatch.db'}",
        web_port=0,
    )
