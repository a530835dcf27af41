"""Schema migrations (Alembic): every worker brings the database to the newest revision on start."""

from __future__ import annotations

import fcntl
import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, text

log = logging.getLogger(__name__)

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
#: PostgreSQL advisory-lock key of launchwatch's migrations (any constant; "lw" in ASCII).
MIGRATION_LOCK_KEY = 0x6C77


def alembic_config(engine: Engine) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    # configparser treats % as interpolation: URL-encoded options (e.g. a PostgreSQL search_path) need %%.
    config.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False).replace("%", "%%"))
    return config


def head_revision(engine: Engine) -> str | None:
    return ScriptDirectory.from_config(alembic_config(engine)).get_current_head()


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


@contextmanager
def migration_lock(engine: Engine) -> Iterator[Connection]:
    """A connection holding the database's migration lock, so workers started together upgrade one at a time.

    PostgreSQL: a transaction-scoped advisory lock (its DDL is transactional). SQLite runs DDL outside
    transactions, so a lock file beside the database file serialises the upgrades instead.
    """
    if engine.dialect.name == "sqlite":
        database = engine.url.database
        lock_path = Path(f"{database}.migrate.lock") if database and database != ":memory:" else None
        with open(lock_path or os.devnull, "a") as lock_file:
            if lock_path:
                fcntl.flock(lock_file, fcntl.LOCK_EX)
            with engine.begin() as connection:
                yield connection
        return
    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK_KEY})
        yield connection


def upgrade(engine: Engine) -> None:
    """`alembic upgrade head` on this engine's database, under the migration lock."""
    config = alembic_config(engine)
    with migration_lock(engine) as connection:
        if MigrationContext.configure(connection).get_current_revision() == head_revision(engine):
            return
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
        log.info("database upgraded to %s", head_revision(engine))
