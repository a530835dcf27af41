"""What the command modules share: the sample feed, the broker and its topics, file and time arguments, colour."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from importlib import resources
from pathlib import Path

from launchwatch.schemas import utcnow
from launchwatch.settings import Settings

#: The `launchwatch` parser's subcommands, which each module's `add_<command>` adds its command to.
Commands = argparse._SubParsersAction

log = logging.getLogger("launchwatch")

SAMPLE_FEED = "feed.jsonl"


def sample_feed_path() -> Path:
    return Path(str(resources.files("launchwatch.sample").joinpath(SAMPLE_FEED)))


@contextmanager
def broker_for(settings: Settings) -> Iterator[Settings]:
    """Settings pointing at a running broker: KAFKA_BOOTSTRAP, or an embedded one started (and stopped) here."""
    if settings.kafka_bootstrap:
        yield settings
        return
    from launchwatch.kafka import EmbeddedBroker

    with EmbeddedBroker(start_timeout_s=settings.broker_start_timeout_s) as broker:
        print(f"embedded broker on {broker.bootstrap}", file=sys.stderr)
        yield settings.with_bootstrap(broker.bootstrap)


def require_bootstrap(settings: Settings) -> None:
    if not settings.kafka_bootstrap:
        raise SystemExit(
            "error: KAFKA_BOOTSTRAP is not set. Point it at a Kafka cluster (e.g. KAFKA_BOOTSTRAP=localhost:9092), "
            "or run `launchwatch broker` in another terminal and use the address it prints."
        )


async def prepare_topics(settings: Settings, wait_s: float | None = None) -> None:
    from launchwatch.kafka import ensure_topics, wait_until_ready
    from launchwatch.topics import TopicRegistry

    await wait_until_ready(settings, wait_s)
    created = await ensure_topics(settings, TopicRegistry.from_settings(settings).provisioned())
    if created:
        log.info("created topics: %s", ", ".join(created))


def report_path(name: str) -> Path:
    """A FILE argument as a path that exists (URLs are for `ingest`, which reads them as feeds)."""
    from services.ingest.adapters.rss import is_url

    if is_url(name):
        raise SystemExit(f"error: {name} is a URL; only `launchwatch ingest` reads feeds from URLs")
    path = Path(name)
    if path.is_dir():
        raise SystemExit(f"error: {name} is a directory; name the report files in it")
    if not path.is_file():
        raise SystemExit(f"error: {name}: no such file")
    return path


def parse_time(text: str, option: str, ago: bool = False) -> datetime:
    """An ISO time with a zone, or a duration such as `2h`, `30m`, `7d` from now (or before now: `ago`)."""
    from launchwatch.when import parse_when

    try:
        return parse_when(text, utcnow(), ago)
    except ValueError as exc:
        raise SystemExit(f"error: {option} {exc}") from exc


def use_colour(args: argparse.Namespace) -> bool:
    return args.colour == "always" or (args.colour == "auto" and sys.stdout.isatty())


def colour_option(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--colour",
        "--color",
        choices=("auto", "always", "never"),
        default="auto",
        help="colour alerts by precedence (default: when printing to a terminal)",
    )
