"""Reports in: `ingest` (files and feeds to reports.raw), `analyze` (offline), `replay` (history, drills)."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from pathlib import Path
from typing import Any

from launchwatch.cli.common import Commands, prepare_topics, report_path, require_bootstrap, sample_feed_path
from launchwatch.settings import Settings

FORMAT_HELP = (
    "report format (default: auto, detected from each file's first bytes): jsonl = launchwatch reports, "
    "cns = CNS missile test database CSV, csis = CSIS provocations CSV/JSON, jmod = Japan MoD releases JSON "
    "lines, nk-missile-tests = test.<lang>.json, rss = RSS/Atom feed"
)


def cmd_ingest(args: argparse.Namespace, settings: Settings) -> int:
    """Files are published whole; feeds (URLs, RSS/Atom files) only their entries not published before."""
    require_bootstrap(settings)
    from launchwatch.codec import encode
    from launchwatch.kafka import publish
    from launchwatch.pipeline_health import PollerHealth
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
        path = report_path(name)
        adapter = adapter_for(path, args.format)  # every file checked before anything is published
        if adapter.name == RssAdapter.name:
            feeds.append(name)
        else:
            files.append((path, adapter))
    if args.poll is not None and (files or args.poll <= 0):
        raise SystemExit("error: --poll takes a positive number of seconds and only feeds (--format rss)")
    topics = TopicRegistry.from_settings(settings)
    topic = topics.reports_raw
    try:
        state = FeedState.load(args.state) if feeds else None
    except FeedError as exc:
        raise SystemExit(f"error: {exc}") from exc

    async def publish_items(items: Any) -> int:
        return await publish(settings, topic, [(report_key(data), data) for data in map(wire_bytes, items)])

    def feed_polled(location: str, new: list[Any]) -> None:
        print(f"{location}: {len(new)} new entries published to {topic}", file=sys.stderr, flush=True)
        if health is not None:
            health.succeeded(location)

    async def send_system_alert(alert: Any) -> None:
        await publish(settings, topics.system_alerts, [(alert.id, encode(alert))])

    # A feed failing past LAUNCHWATCH_HEALTH_POLLER_FAILING_SECONDS raises a system alert (live polls only).
    health = PollerHealth(settings, args.poll, send_system_alert) if args.poll and not settings.drill else None

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
            await poll_forever(
                feeds,
                state,
                publish_items,
                args.poll,
                args.source,
                on_polled=feed_polled,
                on_failed=lambda location, exc: health.failed(location, str(exc)) if health else None,
                after_round=health.round if health else None,
            )

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
    from services.ingest.extract import explain_reading
    from services.matcher.catalogue import default_catalogue

    if args.score:
        return _score(args)
    paths = [report_path(name) for name in args.files]
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
                    if analysis.extraction is not None:
                        line["reading"] = explain_reading(analysis.extraction)
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


def _score(args: argparse.Namespace) -> int:
    """`analyze --score FILE...`: the labelled reports of the files read and scored; one JSON object out."""
    from launchwatch.scoring import Scores, labelled_lines, score

    total = Scores()
    per_file = {}
    for path in map(report_path, args.files):
        try:
            cases = labelled_lines(path)
        except (ValueError, UnicodeDecodeError) as exc:
            raise SystemExit(f"error: {exc}") from None
        scores = score(cases)
        per_file[str(path)] = {"reports": scores.reports, "fully_right": scores.fully_right}
        total.merge(scores)
    print(json.dumps({"files": per_file, **total.summary()}, ensure_ascii=False, indent=2))
    return 0


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
    files = [report_path(str(path)) for path in args.files or ()]  # checked before anything else
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


def add_ingest(commands: Commands) -> None:
    """`launchwatch ingest FILE_OR_URL...`."""
    from services.ingest.adapters import FORMATS
    from services.ingest.adapters.rss import DEFAULT_STATE_FILE

    ingest = commands.add_parser(
        "ingest",
        help="publish report files (any --format) or RSS/Atom feeds to reports.raw",
        description="Publish every report of each FILE to reports.raw, waiting for the broker's acknowledgement. "
        "Feeds (--format rss, a file or an http(s) URL) publish only entries not published before, remembered in "
        "the --state file; --poll repeats that every SECONDS until Ctrl-C.",
    )
    ingest.add_argument("files", nargs="+", metavar="FILE_OR_URL")
    ingest.add_argument("--format", choices=FORMATS, default="auto", help=FORMAT_HELP)
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


def add_analyze(commands: Commands) -> None:
    """`launchwatch analyze FILE...`."""
    from services.ingest.adapters import FORMATS

    analyze = commands.add_parser(
        "analyze",
        help="offline, no broker: one JSON line per report with its event and matches",
        description="Normalise and match report files offline. Prints one JSON line per report: report_id, event, "
        "matches; a rejected report gives report_id and error. --explain adds how the text was read (the deciding "
        "clause, the candidates passed over and why, each field's clause) and every rule's outcome; --score reads "
        "labelled files and prints their scores instead.",
    )
    analyze.add_argument("files", nargs="+", metavar="FILE")
    analyze.add_argument("--format", choices=FORMATS, default="auto", help=FORMAT_HELP)
    analyze.add_argument("--explain", action="store_true", help="add every rule's outcome, matched or not, and why")
    analyze.add_argument("--strict", action="store_true", help="exit 1 when any report is rejected")
    analyze.add_argument(
        "--score",
        action="store_true",
        help="the FILEs are labelled reports (JSON lines of {report, expected}): print per-field accuracy, per "
        "event type precision and recall, the false alerts and the missed incidents, as one JSON object",
    )
    analyze.set_defaults(handler=cmd_analyze)


def add_replay(commands: Commands) -> None:
    """`launchwatch replay [FILE...]`."""
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
