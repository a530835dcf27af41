"""The watch officer's commands: `alerts` (list, tail, ack, silence, silences, export) and `receivers`."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import sys
from pathlib import Path
from typing import Any

from launchwatch.cli.common import Commands, colour_option, parse_time, report_path, require_bootstrap, use_colour
from launchwatch.schemas import Alert, Precedence, utcnow
from launchwatch.settings import Settings


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
                colour=use_colour(args),
                limit=args.limit,
            )
        )
    return 0


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
        print(json.dumps(alert.model_dump(mode="json")) if args.json else format_alert(alert, colour=use_colour(args)))
    if not alerts:
        print("no alerts match", file=sys.stderr)
    return 0


#: How long `alerts ack` tries to publish before saying the broker is unreachable.
ACK_PUBLISH_TIMEOUT_S = 30.0


def cmd_alerts_ack(args: argparse.Namespace, settings: Settings) -> int:
    from aiokafka.errors import KafkaError

    from launchwatch.kafka import KafkaPublisher
    from launchwatch.storage import Store
    from launchwatch.topics import TopicRegistry
    from services.alerts.notifications import routed_receivers
    from services.alerts.revisions import UnknownAlert, acknowledge
    from services.alerts.routing import Router, muting_silence
    from services.alerts.sinks import CountSink, TopicSink

    require_bootstrap(settings)
    store = Store(settings.database_url)
    now = utcnow()
    try:
        alert = acknowledge(store, args.id, args.by, now, args.comment, drill=settings.drill)
    except UnknownAlert as exc:
        raise SystemExit(f"error: {exc}") from exc
    acked = f"{alert.id} revision {alert.acknowledgement.revision} as {args.by}"  # type: ignore[union-attr]
    # Routed as the alerts service routes it: to the alert topics and the receivers, unless a silence mutes it,
    # and to the counts (an acknowledgement changes no precedence: it counts nothing new).
    topics = TopicRegistry.from_settings(settings)
    publisher = KafkaPublisher(settings, topics)
    sinks = [TopicSink(topics, publisher), *routed_receivers(settings, store), CountSink(topics, publisher)]
    router = Router(store, settings.drill, sinks)
    muted = muting_silence(alert, router.silences, now) is not None
    try:
        asyncio.run(asyncio.wait_for(router.publish(alert, is_new=False), ACK_PUBLISH_TIMEOUT_S))
    except (KafkaError, OSError, TimeoutError) as exc:
        raise SystemExit(
            f"error: acknowledged {acked} in the store, but not published ({exc!r}); run the same command again "
            "once the broker is back: it publishes this revision, it makes no second one"
        ) from exc
    print(f"acknowledged {acked}" + (" (muted by a silence: stored, not published)" if muted else ""))
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
        report_path(name)
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

    from services.alerts.receivers import DeliveryFailed, send, test_alert

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
            extras = "".join(
                part
                for part in (
                    f"  heartbeat every {receiver.heartbeat_seconds:g} s" if receiver.heartbeat_seconds else "",
                    "  system alerts" if receiver.system_alerts else "",
                )
            )
            print(f"{receiver.name:<20} {receiver.kind:<9} {receiver.where}  routes: {routes or 'none'}{extras}")
        if not config.receivers:
            print(f"no receivers in {settings.receivers_file}", file=sys.stderr)
        for policy in config.policies:
            when = "/".join(policy.precedence) or "any precedence"
            steps = "; ".join(
                f"step {n} at {step.after_seconds:g} s to {', '.join(step.receivers) or 'its receivers'}"
                + (f", then every {step.repeat_seconds:g} s" if step.repeat_seconds else "")
                for n, step in enumerate(policy.steps, 1)
            )
            print(
                f"escalation {policy.name}: {policy.namespace} {when}, ack due in {policy.ack_deadline_seconds:g} s;"
                f" {steps}"
            )
        return 0
    if not args.name:
        raise SystemExit("error: `launchwatch receivers test` needs a receiver name")
    try:
        receiver = config.get(args.name)
    except KeyError as exc:
        raise SystemExit(f"error: {exc.args[0]}") from exc

    async def send_test() -> str:
        async with aiohttp.ClientSession() as session:
            alert = test_alert(receiver.name, utcnow())
            return await send(session, receiver, alert, f"{receiver.name}:test:{utcnow().isoformat()}")

    try:
        taken = asyncio.run(send_test())
    except DeliveryFailed as exc:
        raise SystemExit(f"error: receiver {receiver.name}: {exc}") from exc
    print(f"receiver {receiver.name} ({receiver.kind}, {receiver.where}) took the test message: {taken}")
    return 0


def add_alerts(commands: Commands) -> None:
    """`launchwatch alerts ACTION`: tail, list, ack, silence, silences, export."""
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


def add_receivers(commands: Commands) -> None:
    """`launchwatch receivers list|test NAME`."""
    receivers = commands.add_parser(
        "receivers",
        help="the alert receivers (webhooks) of LAUNCHWATCH_RECEIVERS_FILE: list them and the escalation policies, "
        "or send one a test message",
    )
    receivers.add_argument("action", choices=("list", "test"), help="list, or test NAME")
    receivers.add_argument("name", nargs="?", help="with test: the receiver to send the test message to")
    receivers.set_defaults(handler=cmd_receivers)
