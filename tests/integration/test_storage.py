"""The store on SQLite and on PostgreSQL (127.0.0.1:5432, database `test`): writes are idempotent."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import text

from launchwatch.schemas import Event, MatchedEvent
from launchwatch.storage import Store, make_engine
from services.alerts.revisions import revise
from services.matcher.catalogue import default_catalogue

POSTGRES_URL = os.environ.get("LAUNCHWATCH_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
NOW = datetime(2024, 10, 31, tzinfo=UTC)


def _execute(url: str, statement: str) -> None:
    engine = make_engine(url)
    with engine.begin() as connection:
        connection.execute(text(statement))
    engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'store.db'}"
    else:
        # Each test gets a PostgreSQL schema of its own, dropped afterwards.
        schema = f"lw_{uuid.uuid4().hex[:10]}"
        _execute(POSTGRES_URL, f"CREATE SCHEMA {schema}")
        url = f"{POSTGRES_URL}?options=-csearch_path%3D{schema}"
    store = Store(url)
    yield store
    store.close()
    if request.param == "postgresql":
        _execute(POSTGRES_URL, f"DROP SCHEMA {schema} CASCADE")


def matched(report_id: str) -> MatchedEvent:
    e = Event(
        event_id=f"evt-{report_id}",
        incident_id="inc-1",
        report_id=report_id,
        source="rok-jcs",
        party="ROK",
        event_type="ballistic_missile_launch",
        missile_class="SRBM",
        occurred_at=datetime.fromisoformat("2024-10-31T07:10:00+09:00"),
        reported_at=datetime.fromisoformat("2024-10-31T07:20:00+09:00"),
    )
    return MatchedEvent(event=e, matches=default_catalogue().match(e), matched_at=NOW)


def test_same_match_processed_twice_leaves_one_revision(store: Store) -> None:
    first = matched("jcs-1")
    unsc = next(m for m in first.matches if m.commitment_id == "unsc-ballistic")
    alert, is_new = revise(store, first, unsc, NOW)
    again, is_new_again = revise(store, first, unsc, NOW)
    assert is_new and not is_new_again
    assert again == alert
    second = matched("kcna-1")
    update, _ = revise(store, second, unsc, NOW)
    assert update.revision == 2 and store.latest_alert(alert.id) == update
    assert store.count_revisions() == 2


def test_a_stored_revision_is_not_overwritten(store: Store) -> None:
    first = matched("jcs-1")
    alert, _ = revise(store, first, first.matches[0], NOW)
    assert store.save_revision(alert) is False
    assert store.count_revisions() == 1
