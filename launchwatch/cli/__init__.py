"""The `launchwatch` command line: `launchwatch --help` lists every command.

Each area has its module, which adds its commands (`add_<command>`) and holds their handlers: `run.py` (up,
worker, broker, console), `feed.py` (ingest, analyze, replay), `alerts.py` (alerts, receivers) and `admin.py` (db,
schemas, commitments, topics, bench, settings); `common.py` has what they share. A handler takes the parsed
arguments and the settings and returns the exit status; an error it can name is one line (SystemExit), never a
traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from launchwatch import __version__
from launchwatch.cli import admin, alerts, feed, run
from launchwatch.cli.common import sample_feed_path
from launchwatch.logs import configure_logging
from launchwatch.settings import Settings, hide_url_password

__all__ = ["build_parser", "main", "sample_feed_path"]

#: Every command's module function that adds it, in the order `launchwatch --help` lists them.
COMMANDS = (
    run.add_up,
    run.add_worker,
    run.add_broker,
    feed.add_ingest,
    feed.add_analyze,
    feed.add_replay,
    alerts.add_alerts,
    alerts.add_receivers,
    run.add_console,
    admin.add_db,
    admin.add_schemas,
    admin.add_commitments,
    admin.add_topics,
    admin.add_bench,
    admin.add_settings,
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="launchwatch",
        description=(
            "Monitor DPRK launch and incident reports on Kafka: normalise them into events, match each event to "
            "the Japan-ROK-US commitments it bears on, and publish explained alerts. Settings come from "
            "environment variables (`launchwatch settings` lists them)."
        ),
    )
    parser.add_argument("--version", action="version", version=f"launchwatch {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for add in COMMANDS:
        add(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        settings = Settings()
    except Exception as exc:  # pydantic's message names the variable and what is wrong with it
        print(f"error: invalid settings: {exc}", file=sys.stderr)
        return 2
    configure_logging(settings)
    from launchwatch.kafka import BrokerError
    from launchwatch.settings import ConfigurationError
    from services.ingest.adapters import FormatError

    try:
        return int(args.handler(args, settings))
    except (BrokerError, ConfigurationError, FormatError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        # The reader went away (`launchwatch alerts list | head`): stop quietly, as other tools do.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 141
    except OSError as exc:  # a file that cannot be read or written: the system's own words, in one line
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except Exception as exc:
        if not _store_fault(exc):
            raise
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        where = hide_url_password(settings.database_url)
        print(f"error: the store at {where} cannot be used: {first}", file=sys.stderr)
        return 2


def _store_fault(exc: Exception) -> bool:
    """Whether the database failed (unreachable, refused the login, locked too long), not launchwatch.

    Found by the store's own classes when it was loaded: a command that never used the store cannot have
    raised one, and need not load SQLAlchemy to say so.
    """
    engine, sql = sys.modules.get("launchwatch.storage.engine"), sys.modules.get("sqlalchemy.exc")
    return (engine is not None and isinstance(exc, engine.StoreUnavailable)) or (
        sql is not None and isinstance(exc, sql.OperationalError | sql.InterfaceError)
    )
