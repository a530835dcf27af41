"""Shared fixtures: one real broker per test session, isolated topics per test."""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from launchwatch.kafka import EmbeddedBroker
from launchwatch.settings import Settings
from tests.proxy import TcpProxy
from tests.servers import Broker, KafkaServer, PostgresServer, ServerUnavailable, skip_unless_required

REPO_ROOT = Path(__file__).resolve().parents[1]
SHARED = REPO_ROOT.parent / "shared"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def _brokers() -> list[str]:
    """The integration tier's brokers: an existing one (KAFKA_BOOTSTRAP), else Tansu and Apache Kafka."""
    return ["external"] if os.environ.get("KAFKA_BOOTSTRAP") else ["tansu", "kafka"]


@pytest.fixture(scope="session", params=_brokers())
def broker(request: pytest.FixtureRequest) -> Iterator[Broker]:
    """A real Kafka-protocol broker for the session: each integration test runs on Tansu and on Apache Kafka."""
    if request.param == "external":
        yield Broker("external", os.environ["KAFKA_BOOTSTRAP"])
    elif request.param == "tansu":
        with EmbeddedBroker() as embedded:
            yield Broker("tansu", embedded.bootstrap)
    else:
        try:
            server = KafkaServer().start()
        except ServerUnavailable as exc:
            skip_unless_required(f"Apache Kafka tier skipped: {exc}", "LAUNCHWATCH_REQUIRE_KAFKA")
        try:
            yield Broker("kafka", server.bootstrap)
        finally:
            server.stop()


@pytest.fixture(scope="session")
def kafka_bootstrap(broker: Broker) -> str:
    return broker.bootstrap


@pytest.fixture
def settings(kafka_bootstrap: str, tmp_path: Path) -> Settings:
    """Settings on the session broker with a topic prefix of this test's own, so tests never see each other."""
    return Settings(
        kafka_bootstrap=kafka_bootstrap,
        topic_prefix=f"t{uuid.uuid4().hex[:10]}.",
        topic_partitions=3,
        database_url=f"sqlite:///{tmp_path / 'launchwatch.db'}",
        web_port=0,
    )


@pytest.fixture(scope="session")
def postgres_server_url() -> Iterator[str]:
    """A PostgreSQL database for the session: LAUNCHWATCH_TEST_POSTGRES_URL if set, else a throwaway cluster."""
    if os.environ.get("LAUNCHWATCH_TEST_POSTGRES_URL"):
        yield os.environ["LAUNCHWATCH_TEST_POSTGRES_URL"]
        return
    try:
        server = PostgresServer().start()
    except ServerUnavailable as exc:
        skip_unless_required(f"PostgreSQL tests skipped: {exc}", "LAUNCHWATCH_REQUIRE_POSTGRES")
    try:
        yield server.url
    finally:
        server.stop()


def _execute(url: str, statement: str) -> None:
    from sqlalchemy import text

    from launchwatch.storage import make_engine

    engine = make_engine(url)
    with engine.begin() as connection:
        connection.execute(text(statement))
    engine.dispose()


@pytest.fixture
def postgres_url(postgres_server_url: str) -> Iterator[str]:
    """A PostgreSQL URL on a schema of this test's own, dropped afterwards."""
    schema = f"lw_{uuid.uuid4().hex[:10]}"
    _execute(postgres_server_url, f"CREATE SCHEMA {schema}")
    yield f"{postgres_server_url}?options=-csearch_path%3D{schema}"
    _execute(postgres_server_url, f"DROP SCHEMA {schema} CASCADE")


@pytest.fixture
async def proxied_database(postgres_url: str) -> AsyncIterator[tuple[str, TcpProxy]]:
    """The test's PostgreSQL schema, reached only through a proxy the test can cut (a database outage)."""
    from sqlalchemy import make_url

    from launchwatch.kafka import free_port

    server_port = make_url(postgres_url).port or 5432
    port = free_port()
    proxy = TcpProxy(port, server_port)
    await proxy.start()
    try:
        yield postgres_url.replace(f"127.0.0.1:{server_port}", f"127.0.0.1:{port}"), proxy
    finally:
        await proxy.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The store's URL: the test runs once on SQLite and once on PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'store.db'}"
    return request.getfixturevalue("postgres_url")


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.fail(f"the shared data folder is missing: expected {SHARED} beside the repository")
    return SHARED
