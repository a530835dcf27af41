"""Looking after launchwatch: `db`, `schemas`, `commitments`, `topics`, `bench`, `settings`."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from pathlib import Path
from typing import Any

from pydantic import SecretStr

from launchwatch.bench_stages import DEFAULT_STAGES, STAGES
from launchwatch.cli.common import Commands, broker_for, prepare_topics, require_bootstrap, sample_feed_path
from launchwatch.settings import Settings, environment_reference, hide_url_password


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
    from launchwatch.schema_files import (
        check_schema_files,
        topic_table_is_current,
        write_schema_files,
        write_topic_table,
    )

    # The README's topic table beside the schemas folder (a repository checkout), when there is one.
    readme = args.dir.resolve().parent / "README.md"
    has_table = readme.is_file() and "topic table: generated" in readme.read_text(encoding="utf-8")
    if args.check:
        stale = check_schema_files(args.dir)
        for name in stale:
            what = "out of date" if (args.dir / name).exists() else "missing"
            print(f"{what}: {args.dir / name}", file=sys.stderr)
        table_stale = has_table and not topic_table_is_current(readme)
        if table_stale:
            print(f"out of date: the topic table of {readme}", file=sys.stderr)
        if stale or table_stale:
            print("run `launchwatch schemas export` to regenerate", file=sys.stderr)
        return 1 if stale or table_stale else 0
    for path in write_schema_files(args.dir):
        print(path)
    if has_table:
        write_topic_table(readme)
        print(f"{readme} (topic table)")
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


def cmd_topics(args: argparse.Namespace, settings: Settings) -> int:
    from launchwatch.topics import TopicRegistry

    settings = settings.with_drill(args.drill or settings.drill)
    names = TopicRegistry.from_settings(settings).provisioned()
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
        results = asyncio.run(
            run_bench(
                running,
                scale=args.scale,
                feed=sample_feed_path(),
                stages=tuple(args.stage) if args.stage else DEFAULT_STAGES,
                profile_dir=args.profile,
                soak_reports=args.soak_reports,
                postgres=args.postgres,
            )
        )
    text = json.dumps(results, indent=2)
    print(text)
    if args.out:
        args.out.write_text(text + "\n")
    return 0


def cmd_settings(args: argparse.Namespace, settings: Settings) -> int:
    values = settings.model_dump()
    for (variable, default, description), name in zip(environment_reference(), Settings.model_fields, strict=True):
        current = values[name]
        if isinstance(current, SecretStr):  # the API token, the SASL password
            shown = "***" if current.get_secret_value() else ""
        elif name == "database_url":
            shown = hide_url_password(current)
        else:
            shown = current
        print(f"{variable}={'' if shown is None else shown}")
        print(f"    default: {default or '(unset)'}. {description}")
    return 0


def add_db(commands: Commands) -> None:
    """`launchwatch db [current|upgrade]`."""
    db = commands.add_parser("db", help="the store's schema: show its revision, or upgrade it (Alembic)")
    db.add_argument("action", nargs="?", choices=("current", "upgrade"), default="current")
    db.set_defaults(handler=cmd_db)


def add_schemas(commands: Commands) -> None:
    """`launchwatch schemas export`."""
    schemas = commands.add_parser("schemas", help="JSON Schema files generated from the message models")
    schema_commands = schemas.add_subparsers(dest="schemas_command", required=True, metavar="ACTION")
    export = schema_commands.add_parser("export", help="write schemas/*.schema.json from the models")
    export.add_argument("--dir", type=Path, default=Path("schemas"), help="output folder (default: schemas)")
    export.add_argument("--check", action="store_true", help="write nothing; exit 1 if the files are out of date")
    export.set_defaults(handler=cmd_schemas_export)


def add_commitments(commands: Commands) -> None:
    """`launchwatch commitments [list|show ID|lock]`."""
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


def add_topics(commands: Commands) -> None:
    """`launchwatch topics [list|create]`."""
    topics = commands.add_parser("topics", help="list the topic names in force, or create the missing ones")
    topics.add_argument("action", nargs="?", choices=("list", "create"), default="list")
    topics.add_argument("--drill", action="store_true", help="the drill namespace's topics")
    topics.add_argument("--wait", type=float, default=120.0, help="with create: seconds to wait for the broker")
    topics.set_defaults(handler=cmd_topics)


def add_bench(commands: Commands) -> None:
    """`launchwatch bench`."""
    bench = commands.add_parser(
        "bench",
        help="measure throughput and latency on a real broker; prints JSON",
        description="Runs (a) the raw broker baseline, (b) extraction and (c) matching on one core, (d) end-to-end "
        "throughput (one worker process, then a process per service) beside the limit of any three-hop pipeline "
        "(three raw aiokafka hops that only pass messages on) and the framework's ceiling (the same in faust), with "
        "ratios to both the raw produce rate and that limit, (e) latency at 1,000 and 10 reports/s and (f) replay "
        "of the bundled history, on the embedded broker unless KAFKA_BOOTSTRAP is set. Takes two to three minutes. "
        "Also: the services' steps without Kafka (steps), a process per service on PostgreSQL (e2e-postgres, with "
        "--postgres) and a soak of one worker's memory (soak, only when chosen).",
    )
    bench.add_argument("--scale", type=float, default=1.0, help="multiply message counts (e.g. 0.1 for a quick run)")
    bench.add_argument("--out", type=Path, help="also write the JSON to this file")
    bench.add_argument(
        "--stage",
        action="append",
        choices=STAGES,
        help="run only this stage (repeatable; default: all but soak). Ratios are printed for the stages run",
    )
    bench.add_argument(
        "--profile",
        type=Path,
        metavar="DIR",
        help="run the end-to-end and soak workers under py-spy: folded stacks written to DIR, summarised in the JSON",
    )
    bench.add_argument(
        "--postgres",
        metavar="URL",
        help="a PostgreSQL server for the e2e-postgres stage (a database is created on it for the stage; `make "
        "bench-postgres` starts a throwaway one); without it the stage is skipped",
    )
    bench.add_argument(
        "--soak-reports",
        type=int,
        default=100_000,
        help="reports in the soak stage (`--stage soak`; default 100,000), the worker's memory after each 5,000",
    )
    bench.set_defaults(handler=cmd_bench)


def add_settings(commands: Commands) -> None:
    """`launchwatch settings`."""
    settings_parser = commands.add_parser("settings", help="list every setting: variable, value in force, default")
    settings_parser.set_defaults(handler=cmd_settings)
