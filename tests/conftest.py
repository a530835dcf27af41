"""Shared fixtures: one real broker per test session, isolated topics per test."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from launchwatch.kafka import EmbeddedBroker
from launchwatch.settings import Settings

REPO_ROOT = Path(__file__).resolve().parents[1]
SHARED = REPO_ROOT.parent / "shared"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="session")
def kafka_bootstrap() -> Iterator[str]:
    """A real Kafka-protocol broker: KAFKA_BOOTSTRAP if set, else the embedded Tansu broker for the session."""
    if os.environ.get("KAFKA_BOOTSTRAP"):
        yield os.environ["KAFKA_BOOTSTRAP"]
        return
    with EmbeddedBroker() as broker:
        yield broker.bootstrap


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


POSTGRES_URL = os.environ.get("LAUNCHWATCH_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


def _execute(url: str, statement: str) -> None:
    from sqlalchemy import text

    from launchwatch.storage import make_engine

    engine = make_engine(url)
    with engine.begin() as connection:
        connection.execute(text(statement))
    engine.dispose()


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A PostgreSQL URL (127.0.0.1:5432, database `test`) on a schema of this test's own, dropped afterwards."""
    schema = f"lw_{uuid.uuid4().hex[:10]}"
    _execute(POSTGRES_URL, f"CREATE SCHEMA {schema}")
    yield f"{POSTGRES_URL}?options=-csearch_path%3D{schema}"
    _execute(POSTGRES_URL, f"DROP SCHEMA {schema} CASCADE")


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
