"""Alembic environment: the URL and connection come from launchwatch's settings, not from alembic.ini."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from launchwatch.storage.tables import metadata


def run_migrations(connection: Connection) -> None:
    context.configure(connection=connection, target_metadata=metadata, render_as_batch=True, compare_type=True)
    with context.begin_transaction():
        context.run_migrations()


connection = context.config.attributes.get("connection")
if connection is not None:
    run_migrations(connection)
else:
    from launchwatch.settings import Settings
    from launchwatch.storage import make_engine

    engine = make_engine(context.config.get_main_option("sqlalchemy.url") or Settings().database_url)
    with engine.connect() as new_connection:
        run_migrations(new_connection)
    engine.dispose()
