"""The `launchwatch` command line: `launchwatch --help` lists every command."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import logging
import os
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from importlib import resources
from pathlib import Path
from typing import Any

from launchwatch import __version__
from launchwatch.logs import configure_logging
from launchwatch.schemas import Alert, Precedence, utcnow
from launchwatch.settings import Settings, environment_reference

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
    created = await ensure_topics(settings, TopicRegistry.from_settings(settings).all())
    if created:
        log.info("created topics: %s", ", ".join(created))


# --------------------------------------------------------------------------- commands


def cmd_worker(args: argparse.Namespace, settings: Settings) -> int:
    require_bootstrap(settings)
    from launchwatch.streams import build_app, run_until

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


def _report_path(name: str) -> Path:
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


def cmd_ingest(args: argparse.Namespace, settings: Settings) -> int:
    """Files are published whole; feeds (URLs, RSS/Atom files) only their entries not published before."""
    require_bootstrap(settings)
    from launchwatch.kafka import publish
    from launchwatch.topics import TopicRegistry
    from services.ingest.adapters import adapter_for, report_key, wire_bytes
    from services.ingest.adapters.rss import FeedError, FeedState, RssAdapter, is_url, poll_forever, poll_once

    files: list[tuple[Path, Any]] = []
    feeds: list[str] = []
    for name in args.files:
        if is_url(name):
            if args.format not in ("auto", RssAdapter.name):
                raise SystemExit(f"error: {name}: URLs are read as feeds; --format {args.format} reads files only")
            feeds.append(name)
            continue
        path = _report_path(name)
        adapter = adapter_for(path, args.format)  # every file checked before anything is published
        if adapter.name == RssAdapter.name:
            feeds.append(name)
        else:
            files.append((path, adapter))
    if args.poll is not None and (files or args.poll <= 0):
        raise SystemExit("error: --poll takes a positive number of seconds and only feeds (--format rss)")
    topic = TopicRegistry.from_settings(settings).reports_raw
    try:
        state = FeedState.load(args.state) if feeds else None
    except FeedError as exc:
        raise SystemExit(f"error: {exc}") from exc

    async def publish_items(items: Any) -> int:
        return await publish(settings, topic, [(report_key(data), data) for data in map(wire_bytes, items)])

    def feed_polled(location: str, new: list[Any]) -> None:
        print(f"{location}: {len(new)} new entries published to {topic}", file=sys.stderr, flush=True)

    async def main() -> None:
        await prepare_topics(settings, args.wait)
        for path, adapter in files:
            sent = await publish_items(adapter.read(path))
            print(
                f"{path}: {sent} reports ({adapter.name}) published to {topic} (acknowledged by the broker)",
                file=sys.stderr,
            )
        if state is None:
            return
        if args.poll is None:
            for location in feeds:
                feed_polled(location, await poll_once(location, state, publish_items, args.source))
        else:
            await poll_forever(feeds, state, publish_items, args.poll, args.source, on_polled=feed_polled)

    try:
        asyncio.run(main())
    except FeedError as exc:
        raise SystemExit(f"error: {exc}") from exc
    except KeyboardInterrupt:
        print(f"\nstopped; the entries published are recorded in {args.state}", file=sys.stderr)
        return 130
    return 0


def cmd_analyze(args: argparse.Namespace, settings: Settings) -> int:
    from launchwatch.analysis import ReportRejected, analyze
    from services.ingest.adapters import adapter_for, report_key, wire_bytes
    from services.matcher.catalogue import default_catalogue

    paths = [_report_path(name) for name in args.files]
    adapters = [adapter_for(path, args.format) for path in paths]  # every file recognised before any output
    catalogue = default_catalogue()
    rejected = 0
    for path, adapter in zip(paths, adapters, strict=True):
        for data in map(wire_bytes, adapter.read(path)):
            line: dict[str, Any]
            try:
                analysis = analyze(data, catalogue)
            except ReportRejected as exc:
                rejected += 1
                line = {"report_id": report_key(data), "error": {"reason": exc.reason, "detail": exc.detail}}
            else:
                event = analysis.event
                line = {
                    "report_id": event.report_id,
                    "event": event.model_dump(mode="json"),
                    "matches": [m.model_dump(mode="json") for m in analysis.matches],
                }
                if args.explain:
                    line["explanations"] = [
                        {
                            "commitment_id": o.commitment.id,
                            "rule_id": o.rule.id,
                            "matched": o.matched,
                            "text": o.explanation(event).text,
                        }
                        for o in analysis.outcomes
                    ]
            print(json.dumps(line, ensure_ascii=False), flush=True)
    return 1 if rejected and args.strict else 0


def cmd_up(args: argparse.Namespace, settings: Settings) -> int:
    from launchwatch.replay import parse_speed
    from launchwatch.up import run_up

    try:
        speed = parse_speed(args.speed)
    except ValueError as exc:
        raise SystemExit(f"error: {exc}") from exc
    feed = [_report_path(str(path)) for path in args.feed or ()] or [sample_feed_path()]
    settings = settings.with_drill(args.drill or settings.drill)
    with broker_for(settings) as running:
        summary = asyncio.run(
            run_up(running, feed, once=args.once, colour=_colour(args), timeout_s=args.timeout, speed=speed)
        )
    print(summary.render(), flush=True)
    return 0 if summary.ok else 1


def cmd_replay(args: argparse.Namespace, settings: Settings) -> int:
    from datetime import datetime

    from launchwatch.replay import (
        Checkpoint,
        ReplayFilter,
        parse_speed,
        plan_from_files,
        plan_from_store,
        replay_to_kafka,
    )

    settings = settings.with_drill(args.drill or settings.drill)
    files = [_report_path(str(path)) for path in args.files or ()]  # checked before anything else
    require_bootstrap(settings)
    try:
        speed = parse_speed(args.speed)
        start = datetime.fromisoformat(args.start) if args.start else None
        end = datetime.fromisoformat(args.end) if args.end else None
    except ValueError as exc:
        raise SystemExit(f"error: {exc}") from exc
    if any(t is not None and t.tzinfo is None for t in (start, end)):
        raise SystemExit("error: --from and --to need a time zone, e.g. 2023-12-18T00:00:00+09:00")
    selection = ReplayFilter(
        start=start,
        end=end,
        sources=frozenset(args.source or ()),
        event_types=frozenset(args.event_type or ()),
        commitments=frozenset(args.commitment or ()),
    )
    if args.store and args.files:
        raise SystemExit("error: give report files or --store, not both")
    if args.store:
        plan = plan_from_store(settings.database_url, drill=settings.drill, selection=selection)
    else:
        plan = plan_from_files(files or [sample_feed_path()], drill=settings.drill, selection=selection)
    if not len(plan):
        print("nothing to replay: no report matches the filters", file=sys.stderr)
        return 1
    checkpoint = Checkpoint(args.checkpoint, plan.replay_id)

    async def main() -> None:
        await prepare_topics(settings)
        result = await replay_to_kafka(settings, plan, speed, checkpoint=checkpoint, resume=args.resume)
        namespace = "drill" if settings.drill else "live"
        print(
            f"replayed {result.sent} reports ({result.skipped} already sent) into the {namespace} namespace: "
            f"{result.span_s / 3600:.1f} h of history in {result.wall_s:.1f} s",
            file=sys.stderr,
        )
        checkpoint.clear()

    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        print("\ninterrupted; `launchwatch replay --resume` with the same arguments continues", file=sys.stderr)
        return 130
    return 0


def cmd_topics(args: argparse.Namespace, settings: Settings) -> int:
    from launchwatch.topics import TopicRegistry

    settings = settings.with_drill(args.drill or settings.drill)
    names = TopicRegistry.from_settings(settings).all()
    if args.action == "create":
        require_bootstrap(settings)
        asyncio.run(prepare_topics(settings, args.wait))
        print(f"{len(names)} topics present, {settings.topic_partitions} partitions each", file=sys.stderr)
    for name in names:
        print(name)
    return 0


def cmd_bench(args: argparse.Namespace, settings: Settings) -> int:
    from launchwatch.bench import run_bench

    with broker_for(settings) as running:
        results = asyncio.run(run_bench(running, scale=args.scale, feed=sample_feed_path()))
    text = json.dumps(results, indent=2)
    print(text)
    if args.out:
        args.out.write_text(text + "\n")
    return 0


def cmd_alerts_tail(args: argparse.Namespace, settings: Settings) -> int:
    require_bootstrap(settings)
    from launchwatch.up import tail_alerts

    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(
            tail_alerts(
                settings,
                precedence=args.precedence,
                commitment=args.commitment,
                from_beginning=args.from_beginning,
                colour=_colour(args),
                limit=args.limit,
            )
        )
    return 0


def parse_time(text: str, option: str, ago: bool = False) -> datetime:
    """An ISO time with a zone, or a duration such as `2h`, `30m`, `7d` from now (or before now: `ago`)."""
    from launchwatch.when import parse_when

    try:
        return parse_when(text, utcnow(), ago)
    except ValueError as exc:
        raise SystemExit(f"error: {option} {exc}") from exc


def cmd_alerts_list(args: argparse.Namespace, settings: Settings) -> int:
    from launchwatch.storage import Store
    from services.alerts.console import format_alert

    store = Store(settings.database_url)
    alerts = store.alerts(
        since=parse_time(args.since, "--since", ago=True) if args.since else None,
        precedence=Precedence(args.precedence) if args.precedence else None,
        commitment_id=args.commitment,
        drill=settings.drill,
        limit=args.limit,
    )
    for alert in alerts:
        print(json.dumps(alert.model_dump(mode="json")) if args.json else format_alert(alert, colour=_colour(args)))
    if not alerts:
        print("no alerts match", file=sys.stderr)
    return 0


async def publish_alert(settings: Settings, alert: Alert, topics: Sequence[str]) -> None:
    from launchwatch.codec import encode
    from launchwatch.kafka import publish

    value = encode(alert)
    for topic in topics:
        await publish(settings, topic, [(alert.incident_id, value)])


#: How long `alerts ack` tries to publish before saying the broker is unreachable.
ACK_PUBLISH_TIMEOUT_S = 30.0


def cmd_alerts_ack(args: argparse.Namespace, settings: Settings) -> int:
    from aiokafka.errors import KafkaError

    from launchwatch.storage import Store
    from launchwatch.topics import TopicRegistry
    from services.alerts.revisions import UnknownAlert, acknowledge
    from services.alerts.routing import destinations

    require_bootstrap(settings)
    store = Store(settings.database_url)
    now = utcnow()
    try:
        alert = acknowledge(store, args.id, args.by, now, args.comment, drill=settings.drill)
    except UnknownAlert as exc:
        raise SystemExit(f"error: {exc}") from exc
    acked = f"{alert.id} revision {alert.acknowledgement.revision} as {args.by}"  # type: ignore[union-attr]
    # The same routing as the alerts service's: a silence in force keeps the Ack revision off the topics.
    silences = store.active_silences(now, settings.drill)
    topics = destinations(alert, TopicRegistry.from_settings(settings), silences, now)
    if topics and settings.receivers_file is not None:
        # The receivers' deliveries too, recorded for the alerts workers' delivery loops to send.
        from launchwatch.storage.deliveries import Deliveries
        from services.alerts.receivers import load_receivers

        receivers = load_receivers(settings.receivers_file).receivers
        Deliveries(store).record([r.name for r in receivers if r.wants(alert)], alert, now)
    try:
        asyncio.run(asyncio.wait_for(publish_alert(settings, alert, topics), ACK_PUBLISH_TIMEOUT_S))
    except (KafkaError, OSError, TimeoutError) as exc:
        raise SystemExit(
            f"error: acknowledged {acked} in the store, but not published ({exc!r}); run the same command again "
            "once the broker is back: it publishes this revision, it makes no second one"
        ) from exc
    print(f"acknowledged {acked}" + ("" if topics else " (muted by a silence: stored, not published)"))
    return 0


def cmd_alerts_silence(args: argparse.Namespace, settings: Settings) -> int:
    from launchwatch.storage import Store
    from services.alerts.silences import SilenceRefused, new_silence

    if not (args.commitment or args.precedence):
        raise SystemExit("error: name what to silence: --commitment ID and/or --precedence P")
    now = utcnow()
    until = parse_time(args.until, "--until")
    if until <= now:
        raise SystemExit("error: --until is in the past")
    try:  # the same rules as POST /silences
        silence = new_silence(
            commitment=args.commitment,
            precedence=args.precedence,
            until=until.isoformat(),
            comment=args.comment,
            by=args.by,
            drill=settings.drill,
            now=now,
        )
    except SilenceRefused as exc:
        raise SystemExit(f"error: {exc}") from exc
    Store(settings.database_url).save_silence(silence)
    print(f"{silence.id}: routing muted until {until.isoformat()} (alerts are still stored and counted)")
    return 0


def cmd_alerts_silences(args: argparse.Namespace, settings: Settings) -> int:
    from launchwatch.storage import Store

    active = Store(settings.database_url).active_silences(utcnow(), settings.drill)
    for silence in active:
        what = ", ".join(
            f"{k}={v}" for k, v in (("commitment", silence.commitment_id), ("precedence", silence.precedence)) if v
        )
        print(f"{silence.id}  {what}  until {silence.ends_at.isoformat()}  by {silence.created_by}: {silence.comment}")
    if not active:
        print("no active silences", file=sys.stderr)
    return 0


def _read_alert_lines(source: Path) -> list[Alert]:
    """Alert revisions as JSON lines from a file ('-': stdin); one line of error for what is not one."""
    from pydantic import ValidationError

    name = "stdin" if str(source) == "-" else str(source)
    if name != "stdin":
        _report_path(name)
    try:
        data = sys.stdin.buffer.read() if name == "stdin" else source.read_bytes()
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise SystemExit(f"error: {name} is not UTF-8 text ({exc.reason} at byte {exc.start})") from exc
    revisions = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            revisions.append(Alert.model_validate_json(line))
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(part) for part in first["loc"]) or "(the line)"
            raise SystemExit(f"error: {name}, line {number} is not an alert revision: {where}: {first['msg']}") from exc
    return revisions


def cmd_alerts_export(args: argparse.Namespace, settings: Settings) -> int:
    from launchwatch.storage import Store
    from services.alerts.cap import export_cap

    if args.input:
        revisions = _read_alert_lines(args.input)
    else:
        since = parse_time(args.since, "--since", ago=True) if args.since else None
        revisions = Store(settings.database_url).revisions(since=since, drill=settings.drill)
    args.out.mkdir(parents=True, exist_ok=True)
    written = 0
    for name, xml in export_cap(revisions):
        (args.out / name).write_text(xml, encoding="utf-8")
        written += 1
    print(f"wrote {written} CAP 1.2 messages to {args.out}/", file=sys.stderr)
    return 0


def _receivers_config(settings: Settings) -> Any:
    from services.alerts.receivers import load_receivers

    if settings.receivers_file is None:
        raise SystemExit("error: LAUNCHWATCH_RECEIVERS_FILE is not set: name the TOML file of the receivers")
    return load_receivers(settings.receivers_file)  # a ConfigurationError is printed in one line


def cmd_receivers(args: argparse.Namespace, settings: Settings) -> int:
    import aiohttp

    from services.alerts.receivers import DeliveryFailed, post, test_alert

    config = _receivers_config(settings)
    if args.action == "list":
        for receiver in config.receivers:
            routes = "; ".join(
                ", ".join(
                    part
                    for part in (
                        f"namespace {route.namespace}",
                        "precedence " + "/".join(route.precedence) if route.precedence else "",
                        "commitments " + "/".join(route.commitments) if route.commitments else "",
                    )
                    if part
                )
                for route in receiver.routes
            )
            print(f"{receiver.name:<20} {receiver.kind:<8} {receiver.where}  routes: {routes}")
        if not config.receivers:
            print(f"no receivers in {settings.receivers_file}", file=sys.stderr)
        return 0
    if not args.name:
        raise SystemExit("error: `launchwatch receivers test` needs a receiver name")
    try:
        receiver = config.get(args.name)
    except KeyError as exc:
        raise SystemExit(f"error: {exc.args[0]}") from exc

    async def send() -> int:
        async with aiohttp.ClientSession() as session:
            alert = test_alert(receiver.name, utcnow())
            return await post(session, receiver, alert, f"{receiver.name}:test:{utcnow().isoformat()}")

    try:
        status = asyncio.run(send())
    except DeliveryFailed as exc:
        raise SystemExit(f"error: receiver {receiver.name}: {exc}") from exc
    print(f"receiver {receiver.name} ({receiver.kind}, {receiver.where}) took the test message: HTTP {status}")
    return 0


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


def cmd_db(args: argparse.Namespace, settings: Settings) -> int:
    from launchwatch.storage import make_engine
    from launchwatch.storage.migrate import current_revision, head_revision, upgrade

    engine = make_engine(settings.database_url)
    if args.action == "upgrade":
        upgrade(engine)
    print(
        f"database {engine.url.render_as_string(hide_password=True)}: revision {current_revision(engine)} "
        f"(newest {head_revision(engine)})"
    )
    engine.dispose()
    return 0


def cmd_schemas_export(args: argparse.Namespace, settings: Settings) -> int:
    from launchwatch.schema_files import check_schema_files, write_schema_files

    if args.check:
        stale = check_schema_files(args.dir)
        for name in stale:
            what = "out of date" if (args.dir / name).exists() else "missing"
            print(f"{what}: {args.dir / name}", file=sys.stderr)
        if stale:
            print("run `launchwatch schemas export` to regenerate", file=sys.stderr)
        return 1 if stale else 0
    for path in write_schema_files(args.dir):
        print(path)
    return 0


def cmd_commitments(args: argparse.Namespace, settings: Settings) -> int:
    from services.matcher.catalogue import default_catalogue

    catalogue = default_catalogue()
    if args.action == "lock":
        return lock_rule_versions(catalogue)
    if args.action == "show":
        if not args.id:
            raise SystemExit("error: `launchwatch commitments show` needs a commitment id")
        try:
            commitment = catalogue.get(args.id)
        except KeyError as exc:
            raise SystemExit(f"error: {exc.args[0]}") from exc
        if args.json:
            print(commitment.model_dump_json(indent=2))
            return 0
        print(f"{commitment.id}: {commitment.title}")
        print(f"  category: {commitment.category}; effective from {commitment.effective_from}")
        for statement in commitment.statements:
            print(f"  statement: {statement.title} ({statement.date}; {', '.join(statement.parties)})")
        print(f'  quote: "{commitment.quote}"')
        if commitment.references:
            print(f"  references: {', '.join(commitment.references)}")
        for rule in commitment.rules:
            print(f"  rule {rule.id} v{rule.version} [{rule.kind.value}, {rule.precedence.value}]: {rule.description}")
            for condition in rule.when:
                print(f"      {condition.field} {condition.op} {condition.value!r}")
        return 0
    for commitment in catalogue.commitments:
        print(f"{commitment.id:<22} {commitment.effective_from}  {commitment.title}")
    return 0


def lock_rule_versions(catalogue: Any) -> int:
    """Write the rule lock after a versioned change; refuse while a changed rule keeps its version."""
    from services.matcher import catalogue as catalogue_module

    current = catalogue_module.rule_lock(catalogue)
    problems = catalogue_module.unversioned_changes(current, catalogue_module.locked_rules())
    if problems:
        print("\n".join(f"error: {problem}" for problem in problems), file=sys.stderr)
        return 1
    path = Path(catalogue_module.__file__).with_name(catalogue_module.RULE_LOCK_FILE)
    path.write_text(json.dumps(current, indent=2, sort_keys=True) + "\n")
    print(f"locked {len(current)} rules in {path}")
    return 0


def cmd_settings(args: argparse.Namespace, settings: Settings) -> int:
    values = settings.model_dump()
    for (variable, default, description), name in zip(environment_reference(), Settings.model_fields, strict=True):
        current = values[name]
        shown = "***" if ("password" in name or "token" in name) and current else current
        print(f"{variable}={'' if shown is None else shown}")
        print(f"    default: {default or '(unset)'}. {description}")
    return 0


def _colour(args: argparse.Namespace) -> bool:
    return args.colour == "always" or (args.colour == "auto" and sys.stdout.isatty())


# --------------------------------------------------------------------------- parser


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

    def colour_option(p: argparse.ArgumentParser) -> None:
        p.add_argument(
            "--colour",
            "--color",
            choices=("auto", "always", "never"),
            default="auto",
            help="colour alerts by precedence (default: when printing to a terminal)",
        )

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

    worker = commands.add_parser(
        "worker",
        help="run one service (or all) against KAFKA_BOOTSTRAP",
        description="Run a service until SIGINT/SIGTERM. Workers of one role share its topics' partitions.",
    )
    worker.add_argument("role", choices=("ingest", "matcher", "alerts", "all"))
    worker.set_defaults(handler=cmd_worker)

    broker = commands.add_parser(
        "broker",
        help="run the embedded Kafka-protocol broker in the foreground; prints its bootstrap address",
    )
    broker.add_argument("--port", type=int, default=None, help="port on 127.0.0.1 (default: a free one)")
    broker.set_defaults(handler=cmd_broker)

    from services.ingest.adapters import FORMATS
    from services.ingest.adapters.rss import DEFAULT_STATE_FILE

    format_help = (
        "report format (default: auto, detected from each file's first bytes): jsonl = launchwatch reports, "
        "cns = CNS missile test database CSV, csis = CSIS provocations CSV/JSON, jmod = Japan MoD releases JSON "
        "lines, nk-missile-tests = test.<lang>.json, rss = RSS/Atom feed"
    )
    ingest = commands.add_parser(
        "ingest",
        help="publish report files (any --format) or RSS/Atom feeds to reports.raw",
        description="Publish every report of each FILE to reports.raw, waiting for the broker's acknowledgement. "
        "Feeds (--format rss, a file or an http(s) URL) publish only entries not published before, remembered in "
        "the --state file; --poll repeats that every SECONDS until Ctrl-C.",
    )
    ingest.add_argument("files", nargs="+", metavar="FILE_OR_URL")
    ingest.add_argument("--format", choices=FORMATS, default="auto", help=format_help)
    ingest.add_argument(
        "--wait",
        type=float,
        default=300.0,
        help="seconds to wait for an unreachable broker before giving up (default 300; it says so every few seconds)",
    )
    ingest.add_argument("--poll", type=float, metavar="SECONDS", help="feeds: read them again every SECONDS")
    ingest.add_argument("--source", help="feeds: source name of the reports (default: the feed title as a slug)")
    ingest.add_argument(
        "--state",
        type=Path,
        default=DEFAULT_STATE_FILE,
        help=f"feeds: file remembering the entries published (default: {DEFAULT_STATE_FILE})",
    )
    ingest.set_defaults(handler=cmd_ingest)

    analyze = commands.add_parser(
        "analyze",
        help="offline, no broker: one JSON line per report with its event and matches",
        description="Normalise and match report files offline. Prints one JSON line per report: report_id, event, "
        "matches; a rejected report gives report_id and error.",
    )
    analyze.add_argument("files", nargs="+", metavar="FILE")
    analyze.add_argument("--format", choices=FORMATS, default="auto", help=format_help)
    analyze.add_argument("--explain", action="store_true", help="add every rule's outcome, matched or not, and why")
    analyze.add_argument("--strict", action="store_true", help="exit 1 when any report is rejected")
    analyze.set_defaults(handler=cmd_analyze)

    replay = commands.add_parser(
        "replay",
        help="republish historical reports in original order and spacing, faster than real time; --drill for drills",
        description="Replay report files (the bundled sample feed by default) into reports.raw in their original "
        "order, with their original spacing divided by --speed. With --drill everything goes to the drill namespace "
        "(drill.* topics, alerts marked EXERCISE). Ctrl-C stops; --resume continues without resending.",
    )
    replay.add_argument("files", type=Path, nargs="*", metavar="FILE", help="report files (default: the sample feed)")
    replay.add_argument("--speed", default="max", help="speed-up factor (e.g. 60 = an hour a minute) or 'max'")
    replay.add_argument("--drill", action="store_true", help="replay as a drill, into the drill.* topics only")
    replay.add_argument("--from", dest="start", help="only reports published at or after this ISO time")
    replay.add_argument("--to", dest="end", help="only reports published at or before this ISO time")
    replay.add_argument("--source", action="append", help="only this source (repeatable)")
    replay.add_argument("--event-type", action="append", help="only reports of this event type (repeatable)")
    replay.add_argument("--commitment", action="append", help="only reports matching this commitment (repeatable)")
    replay.add_argument("--resume", action="store_true", help="continue an interrupted replay of the same selection")
    replay.add_argument(
        "--store",
        action="store_true",
        help="replay the archived live reports in LAUNCHWATCH_DATABASE_URL instead of files",
    )
    replay.add_argument(
        "--checkpoint", type=Path, default=Path(".launchwatch-replay.json"), help="where progress is kept for --resume"
    )
    replay.set_defaults(handler=cmd_replay)

    alerts = commands.add_parser("alerts", help="watch officer's commands for alerts")
    alert_commands = alerts.add_subparsers(dest="alerts_command", required=True, metavar="ACTION")
    tail = alert_commands.add_parser("tail", help="print alerts as they arrive")
    tail.add_argument(
        "--precedence",
        choices=("FLASH", "IMMEDIATE", "PRIORITY", "ROUTINE"),
        help="only this precedence (reads its own topic)",
    )
    tail.add_argument("--commitment", help="only alerts of this commitment id")
    tail.add_argument("--from-beginning", action="store_true", help="start from the oldest alert kept")
    tail.add_argument("--limit", type=int, default=None, help="exit after this many alerts")
    colour_option(tail)
    tail.set_defaults(handler=cmd_alerts_tail)

    history = alert_commands.add_parser("list", help="alerts kept in the store, newest first (latest revisions)")
    history.add_argument("--since", help="only alerts updated since this ISO time, or this long ago: 30m, 2h, 7d")
    history.add_argument("--precedence", choices=[p.value for p in Precedence], help="only this precedence")
    history.add_argument("--commitment", help="only alerts of this commitment id")
    history.add_argument("--limit", type=int, default=100, help="at most this many (default 100)")
    history.add_argument("--json", action="store_true", help="one JSON alert per line")
    colour_option(history)
    history.set_defaults(handler=cmd_alerts_list)

    ack = alert_commands.add_parser("ack", help="acknowledge an alert: stored, and published as a status change")
    ack.add_argument("id", help="the alert id")
    ack.add_argument("--by", required=True, help="who acknowledges (name or call sign)")
    ack.add_argument("--comment", default="", help="optional note kept with the acknowledgement")
    ack.set_defaults(handler=cmd_alerts_ack)

    silence = alert_commands.add_parser(
        "silence", help="mute routing of matching alerts until a time (they are still stored and counted)"
    )
    silence.add_argument("--commitment", help="mute this commitment's alerts")
    silence.add_argument("--precedence", choices=[p.value for p in Precedence], help="mute this precedence")
    silence.add_argument("--until", required=True, help="ISO time with zone, or a duration from now: 30m, 2h, 1d")
    silence.add_argument("--comment", required=True, help="why (shown in `alerts silences`)")
    silence.add_argument("--by", default="operator", help="who sets it")
    silence.set_defaults(handler=cmd_alerts_silence)

    silences = alert_commands.add_parser("silences", help="list the silences in force (expired ones drop out)")
    silences.set_defaults(handler=cmd_alerts_silences)

    export_parser = alert_commands.add_parser(
        "export", help="write alert revisions as CAP 1.2 XML, one file per revision (from the store, or JSON lines)"
    )
    export_parser.add_argument("--cap", action="store_true", required=True, help="CAP 1.2 XML (the only format)")
    export_parser.add_argument("--out", type=Path, default=Path("cap"), help="output folder (default: cap)")
    export_parser.add_argument("--since", help="only revisions made since this ISO time, or this long ago: 2h, 7d")
    export_parser.add_argument(
        "--input", type=Path, help="read alerts as JSON lines from this file ('-' for stdin) instead of the store"
    )
    export_parser.set_defaults(handler=cmd_alerts_export)

    receivers = commands.add_parser(
        "receivers",
        help="the alert receivers (webhooks) of LAUNCHWATCH_RECEIVERS_FILE: list them, or send one a test message",
    )
    receivers.add_argument("action", choices=("list", "test"), help="list, or test NAME")
    receivers.add_argument("name", nargs="?", help="with test: the receiver to send the test message to")
    receivers.set_defaults(handler=cmd_receivers)

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

    db = commands.add_parser("db", help="the store's schema: show its revision, or upgrade it (Alembic)")
    db.add_argument("action", nargs="?", choices=("current", "upgrade"), default="current")
    db.set_defaults(handler=cmd_db)

    schemas = commands.add_parser("schemas", help="JSON Schema files generated from the message models")
    schema_commands = schemas.add_subparsers(dest="schemas_command", required=True, metavar="ACTION")
    export = schema_commands.add_parser("export", help="write schemas/*.schema.json from the models")
    export.add_argument("--dir", type=Path, default=Path("schemas"), help="output folder (default: schemas)")
    export.add_argument("--check", action="store_true", help="write nothing; exit 1 if the files are out of date")
    export.set_defaults(handler=cmd_schemas_export)

    commitments = commands.add_parser(
        "commitments", help="list the commitments catalogue, show one, or lock the rule versions after a change"
    )
    commitments.add_argument(
        "action",
        nargs="?",
        choices=("list", "show", "lock"),
        default="list",
        help="list (default), show ID, or lock: record each rule's version and content hash after a change",
    )
    commitments.add_argument("id", nargs="?", help="commitment id, for `show`")
    commitments.add_argument("--json", action="store_true", help="with `show`: print the catalogue entry as JSON")
    commitments.set_defaults(handler=cmd_commitments)

    topics = commands.add_parser("topics", help="list the topic names in force, or create the missing ones")
    topics.add_argument("action", nargs="?", choices=("list", "create"), default="list")
    topics.add_argument("--drill", action="store_true", help="the drill namespace's topics")
    topics.add_argument("--wait", type=float, default=120.0, help="with create: seconds to wait for the broker")
    topics.set_defaults(handler=cmd_topics)

    bench = commands.add_parser(
        "bench",
        help="measure throughput and latency on a real broker; prints JSON",
        description="Runs (a) the raw broker baseline, (b) extraction and (c) matching on one core, (d) end-to-end "
        "throughput (one worker process, then a process per service) beside the limit of any three-hop pipeline "
        "(three raw aiokafka hops that only pass messages on) and the framework's ceiling (the same in faust), with "
        "ratios to both the raw produce rate and that limit, (e) latency at 1,000 and 10 reports/s and (f) replay "
        "of the bundled history, on the embedded broker unless KAFKA_BOOTSTRAP is set. Takes two to three minutes.",
    )
    bench.add_argument("--scale", type=float, default=1.0, help="multiply message counts (e.g. 0.1 for a quick run)")
    bench.add_argument("--out", type=Path, help="also write the JSON to this file")
    bench.set_defaults(handler=cmd_bench)

    settings_parser = commands.add_parser("settings", help="list every setting: variable, value in force, default")
    settings_parser.set_defaults(handler=cmd_settings)
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


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
