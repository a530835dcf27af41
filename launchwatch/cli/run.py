"""Running launchwatch: `up` (everything in one process), `worker` (one service), `broker`, `console`."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import sys
from pathlib import Path

from launchwatch.cli.common import (
    Commands,
    broker_for,
    colour_option,
    prepare_topics,
    report_path,
    require_bootstrap,
    sample_feed_path,
    use_colour,
)
from launchwatch.settings import Settings


def cmd_worker(args: argparse.Namespace, settings: Settings) -> int:
    require_bootstrap(settings)
    from launchwatch.streams import run_until
    from launchwatch.worker import build_app

    async def main() -> None:
        context = build_app(settings, args.role)  # refuses unsafe settings before waiting for the broker
        await prepare_topics(settings)
        await run_until(context)

    asyncio.run(main())
    return 0


def cmd_broker(args: argparse.Namespace, settings: Settings) -> int:
    import signal
    import time

    from launchwatch.kafka import EmbeddedBroker

    # A flag, not a threading.Event: Event.set() in a signal handler can deadlock, when the signal lands while
    # the main thread holds the event's lock inside Event.wait() (a test once saw SIGTERM ignored for good).
    terminated: list[int] = []
    signal.signal(signal.SIGTERM, lambda signum, _frame: terminated.append(signum))
    with EmbeddedBroker(port=args.port, start_timeout_s=settings.broker_start_timeout_s) as broker:
        print(broker.bootstrap, flush=True)
        print(
            f"embedded broker running; export KAFKA_BOOTSTRAP={broker.bootstrap}  (Ctrl-C stops it)",
            file=sys.stderr,
            flush=True,
        )
        with contextlib.suppress(KeyboardInterrupt):
            while broker.running and not terminated:
                time.sleep(0.2)
    return 0


def cmd_up(args: argparse.Namespace, settings: Settings) -> int:
    from launchwatch.replay import parse_speed
    from launchwatch.up import run_up

    try:
        speed = parse_speed(args.speed)
    except ValueError as exc:
        raise SystemExit(f"error: {exc}") from exc
    feed = [report_path(str(path)) for path in args.feed or ()] or [sample_feed_path()]
    settings = settings.with_drill(args.drill or settings.drill)
    with broker_for(settings) as running:
        summary = asyncio.run(
            run_up(running, feed, once=args.once, colour=use_colour(args), timeout_s=args.timeout, speed=speed)
        )
    print(summary.render(), flush=True)
    return 0 if summary.ok else 1


def cmd_console(args: argparse.Namespace, settings: Settings) -> int:
    import urllib.error
    import urllib.request
    import webbrowser

    settings = settings.with_drill(args.drill or settings.drill)
    if args.url:
        candidates = [args.url.rstrip("/")]
    else:  # the alerts worker's port, then the port of `worker all` / `up`
        host = "127.0.0.1" if settings.web_host in ("0.0.0.0", "::") else settings.web_host
        ports = dict.fromkeys((settings.web_port_for("alerts"), settings.web_port_for("all")))
        candidates = [f"http://{host}:{port}" for port in ports]
    for base in candidates:
        try:
            with urllib.request.urlopen(f"{base}/console/config.json", timeout=3) as answer:
                served = json.load(answer)
        except (OSError, ValueError, urllib.error.URLError):
            continue
        url = f"{base}/console"
        namespace = "EXERCISE (drill)" if served.get("drill") else "live"
        print(f"console ({namespace}): {url}")
        if not args.no_open:
            webbrowser.open(url)
        return 0
    raise SystemExit(
        f"error: no alerts service answers at {', '.join(candidates)}: start `launchwatch worker alerts` (or `all`, "
        "or `launchwatch up`), or give its address with --url"
    )


def add_up(commands: Commands) -> None:
    """`launchwatch up`: the main job."""
    up = commands.add_parser(
        "up",
        help="run everything: embedded broker if needed, all services, the sample feed, alerts printed",
        description="The main job. Starts the embedded broker when KAFKA_BOOTSTRAP is unset, runs ingest, matcher "
        "and alerts in this process, publishes the feed (the bundled sample by default) and prints each alert as it "
        "arrives.",
    )
    up.add_argument("--once", action="store_true", help="exit when the feed is fully processed, with a summary")
    up.add_argument("--feed", type=Path, action="append", help="report file to publish instead of the sample feed")
    up.add_argument("--timeout", type=float, default=300.0, help="with --once: give up after this many seconds")
    up.add_argument("--speed", default="max", help="replay speed-up factor, or 'max' (default)")
    up.add_argument("--drill", action="store_true", help="run everything in the drill namespace")
    colour_option(up)
    up.set_defaults(handler=cmd_up)


def add_worker(commands: Commands) -> None:
    """`launchwatch worker ROLE`."""
    worker = commands.add_parser(
        "worker",
        help="run one service (or all) against KAFKA_BOOTSTRAP",
        description="Run a service until SIGINT/SIGTERM. Workers of one role share its topics' partitions.",
    )
    from launchwatch.topology import ROLES

    worker.add_argument("role", choices=(*ROLES, "all"))
    worker.set_defaults(handler=cmd_worker)


def add_broker(commands: Commands) -> None:
    """`launchwatch broker`: the embedded broker in the foreground."""
    broker = commands.add_parser(
        "broker",
        help="run the embedded Kafka-protocol broker in the foreground; prints its bootstrap address",
    )
    broker.add_argument("--port", type=int, default=None, help="port on 127.0.0.1 (default: a free one)")
    broker.set_defaults(handler=cmd_broker)


def add_console(commands: Commands) -> None:
    """`launchwatch console`: the watch-floor console in a browser."""
    console = commands.add_parser(
        "console",
        help="open the watch-floor console served by the running alerts service in a browser",
        description="Finds the alerts service (its port, then the port of `worker all` / `up`; drill ports with "
        "--drill), prints the console's address and opens it in the default browser.",
    )
    console.add_argument("--url", help="the alerts service's address, e.g. http://10.0.0.5:6068")
    console.add_argument("--drill", action="store_true", help="the drill workers' console (EXERCISE)")
    console.add_argument("--no-open", action="store_true", help="print the address only")
    console.set_defaults(handler=cmd_console)
