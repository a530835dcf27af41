"""The store's engine and transactions, shared by its repositories (`reports.py`, `alerts.py`, `controls.py`).

One engine per store; a transaction that every store call inside it joins, so that a batch of messages is one
transaction across the repositories; idempotent inserts (INSERT … ON CONFLICT DO NOTHING) and inserts deferred
to the transaction's end. A fault of the database itself is raised as StoreUnavailable.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from pydantic_core import to_json
from sqlalchemy import Connection, Engine, Insert, Table, create_engine, event, literal_column
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import InterfaceError, OperationalError

from launchwatch.storage.migrate import upgrade


def _json_text(value: object) -> str:
    # pydantic's serializer: the JSON columns hold what model_dump(mode="json") gives, several times faster
    # than the standard library's json.dumps SQLAlchemy uses by default.
    return to_json(value).decode()


def make_engine(url: str) -> Engine:
    engine = create_engine(url, json_serializer=_json_text)
    if engine.dialect.name == "sqlite":

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
            # SQLAlchemy, not the driver, begins transactions (see _begin_immediate).
            dbapi_connection.isolation_level = None
            # WAL lets several worker processes share one SQLite file without "database is locked".
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA busy_timeout=10000")
            # In WAL mode NORMAL loses nothing when a process crashes (only on power loss): Kafka redelivers.
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.close()

        @event.listens_for(engine, "begin")
        def _begin_immediate(connection: Connection) -> None:
            # Take the write lock up front: a transaction that reads and then writes would otherwise fail at
            # once (SQLITE_BUSY, no waiting) when another process wrote in between.
            connection.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


class StoreUnavailable(RuntimeError):
    """The database cannot be reached or written (down, locked too long): no message is to blame."""


class Repository:
    """The engine and the transaction machinery of the store: the base of each aggregate's repository.

    `Store` combines the repositories over one instance of this, so they share its engine and its transaction.
    """

    def __init__(self, url: str, migrate: bool = True):
        self.engine = make_engine(url)
        if migrate:
            upgrade(self.engine)
        self._dialect_insert = postgresql.insert if self.engine.dialect.name == "postgresql" else sqlite.insert
        self._idempotent_inserts: dict[str, Insert] = {}
        self._open: Connection | None = None
        # Rows nothing reads back before the transaction ends (matches, pending gaps), inserted at its end, a
        # statement per table; reads of those tables go through _reading(), which inserts them first.
        self._deferred: dict[Table, list[dict[str, object]]] = {}

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        """A transaction; every store call inside it joins it, so a batch of messages can be one transaction.

        Synchronous code only inside it (no await): the store is shared by the agents of one process. Core
        connections, no ORM session (it costs more than the statements here). A fault of the database
        itself (unreachable, locked too long) is raised as StoreUnavailable.
        """
        if self._open is not None:
            yield self._open
            return
        try:
            with self.engine.begin() as connection:
                self._open = connection
                try:
                    yield connection
                    self._flush()
                finally:
                    self._open = None
                    self._deferred.clear()
                    self._end_transaction()
        except BaseException as exc:
            # Rolled back, or its commit failed: what was noted during it may not be stored.
            self._forget_uncommitted()
            if isinstance(exc, OperationalError | InterfaceError):
                raise StoreUnavailable(str(exc).splitlines()[0]) from exc
            raise

    def _idempotent_insert(self, table: Table, returning: bool = True) -> Insert:
        """The table's INSERT … ON CONFLICT DO NOTHING, built once (SQLAlchemy then compiles it once).

        ON CONFLICT DO NOTHING rather than catching the error: a failed statement would abort the batch
        transaction around it on PostgreSQL. RETURNING says whether the row went in (rowcount is not
        reliable on every driver).
        """
        key = f"{table.name}:{returning}"
        statement = self._idempotent_inserts.get(key)
        if statement is None:
            statement = self._dialect_insert(table).on_conflict_do_nothing()
            if returning:
                statement = statement.returning(literal_column("1"))
            self._idempotent_inserts[key] = statement
        return statement

    def _insert_later(self, table: Table, **values: object) -> None:
        """Insert a row at the end of the transaction (now, when there is none), with the table's other rows."""
        with self.transaction():
            self._deferred.setdefault(table, []).append(values)

    def _flush(self) -> None:
        """Write what the transaction holds back (the deferred rows; a repository's own pending writes)."""
        for table, rows in self._deferred.items():
            if rows:
                self._open.execute(self._idempotent_insert(table, returning=False), rows)  # type: ignore[union-attr]
        self._deferred.clear()

    @contextmanager
    def _reading(self) -> Iterator[Connection]:
        """A transaction for reading a table whose rows may be deferred: they are inserted first."""
        with self.transaction() as session:
            self._flush()
            yield session

    def _insert(self, table: Table, **values: object) -> bool:
        """Insert one row; False when a row with the same key is already there (idempotent write)."""
        with self.transaction() as session:
            return session.execute(self._idempotent_insert(table), values).first() is not None

    def _forget_uncommitted(self) -> None:
        """After a transaction rolled back (or its commit failed): drop what a repository noted during it."""

    def _end_transaction(self) -> None:
        """After every transaction, committed or not: drop what a repository kept for its length only."""

    def close(self) -> None:
        self.engine.dispose()
