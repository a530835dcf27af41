"""The store: what launchwatch keeps in SQL (SQLite by default, PostgreSQL in production).

One `metadata` holds every table; modules of this package add theirs. Writes are idempotent:
processing the same message twice leaves one row, so replays and crash recovery never duplicate.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import (
    JSON,
    Column,
    DateTime,
    Engine,
    Integer,
    MetaData,
    String,
    Table,
    UniqueConstraint,
    create_engine,
    event,
    select,
)
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session

from launchwatch.schemas import Alert

metadata = MetaData()

alert_revisions = Table(
    "alert_revisions",
    metadata,
    Column("alert_id", String(64), primary_key=True),
    Column("revision", Integer, primary_key=True),
    Column("event_id", String(200), nullable=False),
    Column("incident_id", String(200), nullable=False, index=True),
    Column("commitment_id", String(100), nullable=False, index=True),
    Column("precedence", String(16), nullable=False),
    Column("drill", Integer, nullable=False, default=0),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("payload", JSON, nullable=False),
    UniqueConstraint("alert_id", "event_id", name="uq_alert_event"),
)


def make_engine(url: str) -> Engine:
    engine = create_engine(url)
    if engine.dialect.name == "sqlite":

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
            # WAL lets several worker processes share one SQLite file without "database is locked".
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA busy_timeout=10000")
            cursor.close()

    return engine


class Store:
    """Alert revisions, with idempotent writes."""

    def __init__(self, url: str):
        self.engine = make_engine(url)
        try:
            metadata.create_all(self.engine)
        except OperationalError:
            # Another worker created the tables between our check and our CREATE: check again.
            metadata.create_all(self.engine)

    @contextmanager
    def session(self) -> Iterator[Session]:
        with Session(self.engine) as session, session.begin():
            yield session

    def latest_alert(self, alert_id: str) -> Alert | None:
        with self.session() as session:
            payload = session.execute(
                select(alert_revisions.c.payload)
                .where(alert_revisions.c.alert_id == alert_id)
                .order_by(alert_revisions.c.revision.desc())
                .limit(1)
            ).scalar_one_or_none()
        return Alert.model_validate(payload) if payload is not None else None

    def revision_for_event(self, alert_id: str, event_id: str) -> Alert | None:
        """The revision an event already produced, if it was processed before."""
        with self.session() as session:
            payload = session.execute(
                select(alert_revisions.c.payload).where(
                    alert_revisions.c.alert_id == alert_id, alert_revisions.c.event_id == event_id
                )
            ).scalar_one_or_none()
        return Alert.model_validate(payload) if payload is not None else None

    def save_revision(self, alert: Alert) -> bool:
        """Store one alert revision; False when that revision (or that event's revision) is already stored."""
        try:
            with self.session() as session:
                session.execute(
                    alert_revisions.insert().values(
                        alert_id=alert.id,
                        revision=alert.revision,
                        event_id=alert.event.event_id,
                        incident_id=alert.incident_id,
                        commitment_id=alert.commitment_id,
                        precedence=alert.precedence.value,
                        drill=int(alert.drill),
                        updated_at=alert.updated_at,
                        payload=alert.model_dump(mode="json"),
                    )
                )
        except IntegrityError:
            return False
        return True

    def count_revisions(self) -> int:
        with self.session() as session:
            return len(session.execute(select(alert_revisions.c.alert_id)).all())

    def close(self) -> None:
        self.engine.dispose()
