"""Schema migrations (Alembic): every worker brings the database to the newest revision on start."""

from __future__ import annotations

import logging
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError

log = logging.getLogger(__name__)

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


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


def upgrade(engine: Engine, attempts: int = 3) -> None:
    """`alembic upgrade head` on this engine's database.

    Workers started together may race to create the schema; the loser's DDL fails on the tables the
    winner made, and its next attempt finds the database already at head.
    """
    config = alembic_config(engine)
    for attempt in range(1, attempts + 1):
        if current_revision(engine) == head_revision(engine):
            return
        try:
            with engine.begin() as connection:
                config.attributes["connection"] = connection
                command.upgrade(config, "head")
            return
        except DBAPIError as exc:
            if attempt == attempts:
                raise
            log.info("schema upgrade raced another worker (%s); checking again", exc.__class__.__name__)
