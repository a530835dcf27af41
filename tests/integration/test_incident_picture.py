"""One launch, one incident, one picture, through the real broker: the 2024-10-31 ICBM as ROK JCS, Japan's
Ministry of Defense and KCNA reported it, in each of the six orders one at a time and all three at once; and
the sample feed through `up --once`, `ingest` into running workers and `replay --speed max` alike."""

from __future__ import annotations

import itertools
import json
import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from launchwatch.codec import decode
from launchwatch.kafka import ensure_topics, publish
from launchwatch.schemas import Alert, AlertMsgType
from launchwatch.settings import Settings
from launchwatch.storage import Store
from launchwatch.topics import TopicRegistry
from tests.helpers import read_records, running_worker, wait_for, worker_env

pytestmark = pytest.mark.integration

SAMPLE_FEED = Path(__file__).resolve().parents[2] / "launchwatch" / "sample" / "feed.jsonl"


def the_icbm(year: int) -> list[dict[str, Any]]:
    """The three reports of the 2024-10-31 ICBM (their words), as of `year`: each year is a launch of its own."""
    return [
        {
            "id": f"jcs-{year}1031",
            "kind": "text",
            "source": "rok-jcs",
            "published_at": f"{year}-10-31T07:25:00+09:00",
            "title": "North Korea fires long-range ballistic missile",
            "body": "The Joint Chiefs of Staff said North Korea fired a long-range ballistic missile from the "
            "Pyongyang area toward the East Sea at around 7:10 a.m.",
        },
        {
            "id": f"mod-{year}1031",
            "kind": "text",
            "source": "japan-mod",
            "published_at": f"{year}-10-31T09:00:00+09:00",
            "title": "Launch of ballistic missile by North Korea",
            "body": "North Korea launched one ICBM-class ballistic missile from near Pyongyang toward the northeast "
            "at around 7:11 a.m. It flew for about 86 minutes and fell outside Japan's exclusive economic zone.",
        },
        {
            "id": f"kcna-{year}1101",
            "kind": "text",
            "source": "kcna",
            "published_at": f"{year}-11-01T06:00:00+09:00",
            "title": "Respected Comrade Kim Jong Un Oversees Test-fire of New-type ICBM",
            "body": "The DPRK Missile General Bureau test-fired the new-type intercontinental ballistic missile "
            "Hwasong-19 on October 31.",
        },
    ]


def final_alerts(alerts: list[Alert]) -> dict[str, Alert]:
    """The latest revision of each alert that stands (not cancelled), sharing-gap alerts apart."""
    latest: dict[str, Alert] = {}
    for alert in alerts:
        if alert.id not in latest or latest[alert.id].revision < alert.revision:
            latest[alert.id] = alert
    return {k: a for k, a in latest.items() if a.msg_type != AlertMsgType.CANCEL and a.gap is None}


ORDERS = list(itertools.permutations(range(3)))
ALL_AT_ONCE_YEAR = 2024  # as it happened; the other orders in later years (rtw-sharing is from 2023-12-19)


async def test_the_icbm_in_any_order_is_one_incident_with_the_same_alerts(settings: Settings, tmp_path: Path) -> None:
    topics = TopicRegistry.from_settings(settings)
    await ensure_topics(settings, topics.all())
    years = {2025 + n: order for n, order in enumerate(ORDERS)}  # a launch of its own per order
    reports = {year: the_icbm(year) for year in [*years, ALL_AT_ONCE_YEAR]}

    def made_by(report_ids: set[str]):  # type: ignore[no-untyped-def]
        return lambda rs: report_ids <= {decode(Alert, r.value).event.report_id for r in rs}

    with running_worker(settings, "all", tmp_path / "worker.log") as worker:
        # All three reports of one launch together; the others one step at a time, each step waited for.
        together = reports[ALL_AT_ONCE_YEAR]
        await publish(settings, topics.reports_raw, [(r["id"], json.dumps(r).encode()) for r in together])
        for step in range(3):
            batch = [reports[year][order[step]] for year, order in years.items()]
            await publish(settings, topics.reports_raw, [(r["id"], json.dumps(r).encode()) for r in batch])
            await read_records(settings, topics.alerts, made_by({r["id"] for r in batch}), timeout_s=60)
        records = await read_records(settings, topics.alerts, made_by({r["id"] for r in together}), timeout_s=60)
        assert worker.poll() is None, (tmp_path / "worker.log").read_text()[-3000:]

    standing = final_alerts([decode(Alert, r.value) for r in records])
    pictures = {}
    for year in reports:
        of_year = [a for a in standing.values() if a.assessment and a.assessment.occurred_at.year == year]
        assert len({a.incident_id for a in of_year}) == 1, f"{year}: {[a.headline for a in of_year]}"
        assert {a.commitment_id for a in of_year} == {"unsc-ballistic", "rtw-sharing"}, year
        for alert in of_year:
            fused = alert.assessment
            assert fused is not None
            assert fused.occurred_at == datetime.fromisoformat(f"{year}-10-31T07:10:00+09:00"), alert.headline
            assert fused.occurred_until == datetime.fromisoformat(f"{year}-10-31T07:11:00+09:00")
            assert fused.missile_class == "ICBM" and alert.precedence == "FLASH"
            assert [s.source for s in alert.sources] == ["rok-jcs", "japan-mod", "kcna"]
            assert "ICBM/IRBM-class" in alert.explanation.text
        pictures[year] = sorted(
            (a.commitment_id, a.precedence.value, a.headline.replace(str(year), "YEAR")) for a in of_year
        )
    assert all(picture == pictures[ALL_AT_ONCE_YEAR] for picture in pictures.values()), pictures


def _stored_picture(database_url: str) -> list[tuple[str, str, tuple[str, ...], str]]:
    """What a run's store ends with: each standing alert's commitment, precedence, reports and headline."""
    store = Store(database_url, migrate=False)
    try:
        alerts = store.alerts(limit=None)
    finally:
        store.close()
    return sorted(
        (a.commitment_id, a.precedence.value, tuple(sorted(s.report_id for s in a.sources)), a.headline)
        for a in alerts
        if a.msg_type != AlertMsgType.CANCEL and a.gap is None
    )


async def test_the_sample_feed_gives_the_same_alerts_by_up_ingest_and_replay(
    settings: Settings, tmp_path: Path
) -> None:
    # `up --once`: its own embedded broker and store.
    up_db = f"sqlite:///{tmp_path / 'up.db'}"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KAFKA_", "LAUNCHWATCH_"))}
    env |= {"LAUNCHWATCH_DATABASE_URL": up_db, "LAUNCHWATCH_WEB_PORT": "0"}
    up = subprocess.run(
        [sys.executable, "-m", "launchwatch", "up", "--once", "--timeout", "120"],
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert up.returncode == 0, up.stderr[-3000:]

    pictures = {"up": _stored_picture(up_db)}
    for how in ("ingest", "replay"):
        run = settings.model_copy(
            update={
                "topic_prefix": f"{settings.topic_prefix}{how}.",
                "database_url": f"sqlite:///{tmp_path / f'{how}.db'}",
            }
        )
        topics = TopicRegistry.from_settings(run)
        await ensure_topics(run, topics.all())
        Store(run.database_url).close()  # its tables made before anything reads them
        with running_worker(run, "all", tmp_path / f"{how}.log") as worker:
            command = (
                ["ingest", str(SAMPLE_FEED)] if how == "ingest" else ["replay", str(SAMPLE_FEED), "--speed", "max"]
            )
            sent = subprocess.run(
                [sys.executable, "-m", "launchwatch", *command], env=worker_env(run), capture_output=True, timeout=120
            )
            assert sent.returncode == 0, sent.stderr.decode()[-3000:]
            try:
                await wait_for(
                    lambda run=run: _stored_picture(run.database_url) == pictures["up"], 90, f"{how}'s alerts"
                )
            except AssertionError:
                assert _stored_picture(run.database_url) == pictures["up"], how  # shows the difference
            assert worker.poll() is None, (tmp_path / f"{how}.log").read_text()[-3000:]
        pictures[how] = _stored_picture(run.database_url)
    assert pictures["ingest"] == pictures["up"]
    assert pictures["replay"] == pictures["up"]
