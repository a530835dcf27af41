"""One launch, three parties, through the real broker and the store (SQLite and PostgreSQL).

Three reports of the 2024-01-14 IRBM make one alert per commitment with three revisions on the right
topics; a sharing gap opens while Japan and the US are silent and resolves when they report; an
acknowledgement over HTTP is stored and published; the HTTP history and /metrics agree.
"""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import aiohttp
import pytest
from prometheus_client.parser import text_string_to_metric_families

from launchwatch.codec import decode
from launchwatch.kafka import ensure_topics, free_port, publish
from launchwatch.schemas import Alert, AlertMsgType, Party, Precedence, WindowCount
from launchwatch.settings import Settings
from launchwatch.storage import Store
from launchwatch.topics import TopicRegistry
from tests.helpers import read_records, running_worker, stalled_post

pytestmark = pytest.mark.integration


def report(report_id: str, source: str, published_at: str, body: str) -> bytes:
    return json.dumps(
        {"id": report_id, "kind": "text", "source": source, "published_at": published_at, "body": body}
    ).encode()


JCS = report(
    "jcs-20240114",
    "rok-jcs",
    "2024-01-14T14:59:00+09:00",
    "North Korea fired an intermediate-range ballistic missile from the Pyongyang area into the East Sea "
    "at around 2:55 p.m. today.",
)
MOD = report(
    "jmod-20240114",
    "japan-mod",
    "2024-01-14T15:30:00+09:00",
    "North Korea launched one ballistic missile from the vicinity of Pyongyang toward the east at around "
    "2:53 p.m. today. It flew about 500 km at a maximum altitude of about 50 km and fell outside Japan's "
    "exclusive economic zone.",
)
US = report(
    "us-indopacom-20240114",
    "us-indopacom",
    "2024-01-14T16:10:00+09:00",
    "U.S. Indo-Pacific Command is aware of the ballistic missile launch by North Korea at 2:55 p.m. "
    "local time today. We are consulting closely with our allies Japan and the Republic of Korea.",
)


def alerts_of(records: list) -> list[Alert]:
    return [decode(Alert, r.value) for r in records]


async def test_three_reports_one_alert_each_gap_ack_and_metrics(
    settings: Settings, database_url: str, tmp_path: Path
) -> None:
    settings = settings.model_copy(update={"database_url": database_url})
    topics = TopicRegistry.from_settings(settings)
    await ensure_topics(settings, topics.all())
    port = free_port("127.0.0.1")
    env = {
        "LAUNCHWATCH_WEB_PORT": str(port),
        "LAUNCHWATCH_RTW_GAP_WINDOW_SECONDS": "2",
        "LAUNCHWATCH_GAP_CHECK_INTERVAL_SECONDS": "0.5",
        "LAUNCHWATCH_API_TOKEN": "s3cret",
        "LAUNCHWATCH_HTTP_BODY_TIMEOUT_SECONDS": "1",
    }
    base = f"http://127.0.0.1:{port}"
    with running_worker(settings, "all", tmp_path / "worker.log", **env) as worker:
        await publish(settings, topics.reports_raw, [("jcs-20240114", JCS)])

        def gap_open(records: list) -> bool:
            return any(a.gap is not None for a in alerts_of(records))

        first = alerts_of(await read_records(settings, topics.alerts, gap_open))
        gap = next(a for a in first if a.gap is not None)
        assert gap.commitment_id == "rtw-sharing" and gap.revision == 1
        assert set(gap.gap.missing) == {Party.JAPAN, Party.US} and gap.gap.reported == (Party.ROK,)
        assert "had not reported" in gap.headline

        await publish(settings, topics.reports_raw, [("jmod-20240114", MOD)])
        await publish(settings, topics.reports_raw, [("us-indopacom-20240114", US)])

        def resolved(records: list) -> bool:
            return any(a.gap is not None and a.gap.resolved for a in alerts_of(records))

        records = await read_records(settings, topics.alerts, resolved)
        # The same report again is dropped as a duplicate: no fourth revision.
        await publish(settings, topics.reports_raw, [("jmod-20240114", MOD)])

        async with aiohttp.ClientSession() as http:
            unsc_id = next(a.id for a in alerts_of(records) if a.commitment_id == "unsc-ballistic")
            denied = await http.post(f"{base}/alerts/{unsc_id}/ack", json={"by": "watch officer 2"})
            assert denied.status == 401
            auth = {"Authorization": "Bearer s3cret"}
            for malformed in (b"{not json", b'{"comment": "no by"}', b'["by"]'):
                refused = await http.post(f"{base}/alerts/{unsc_id}/ack", data=malformed, headers=auth)
                assert refused.status == 400, await refused.text()
                assert (await refused.json())["error"] == "bad_request"
            # An acknowledgement whose body stalls is answered 408 once the timeout passes.
            stalled = await asyncio.to_thread(stalled_post, port, f"/alerts/{unsc_id}/ack", "s3cret")
            assert "408" in stalled, stalled
            answer = await http.post(
                f"{base}/alerts/{unsc_id}/ack",
                json={"by": "watch officer 2", "comment": "passed to J3"},
                headers={"Authorization": "Bearer s3cret"},
            )
            assert answer.status == 200, await answer.text()
            acked = Alert.model_validate(await answer.json())
            history = await (await http.get(f"{base}/alerts", params={"commitment": "unsc-ballistic"})).json()
            incident = await (await http.get(f"{base}/incidents/{acked.incident_id}")).json()
            bad_query = await http.get(f"{base}/alerts", params={"precedence": "URGENT"})
            assert bad_query.status == 400
            missing = await http.get(f"{base}/incidents/inc-none")
            assert missing.status == 404

            def acked_on_topic(records: list) -> bool:
                return any(a.msg_type == AlertMsgType.ACK for a in alerts_of(records))

            records = await read_records(settings, topics.alerts, acked_on_topic)
            metrics_text = await (await http.get(f"{base}/metrics")).text()

        def counted(records: list) -> dict[tuple[str, str], int]:
            """The 2024 totals, as a consumer keeping the latest message per key has them."""
            totals: dict[tuple[str, str], int] = {}
            for count in (decode(WindowCount, r.value) for r in records):
                if count.window == "year" and count.window_start.year == 2024:
                    totals[(count.kind.value, count.key)] = count.count
            return totals

        wanted = {
            ("incidents", "ballistic_missile_launch"): 1,  # three reports, one launch
            ("alerts", "unsc-ballistic/FLASH"): 1,  # three revisions and an acknowledgement, one alert
            ("alerts", "rtw-sharing/FLASH"): 1,
            ("alerts", "rtw-sharing/PRIORITY"): 1,  # the sharing-gap alert
            ("reports", "ROK/rok-jcs"): 1,
            ("reports", "Japan/japan-mod"): 1,  # sent twice, counted once
            ("reports", "US/us-indopacom"): 1,
        }
        # Each key's windows are on the partition of that key: wait for all, not the first ones read.
        count_records = await read_records(settings, topics.metrics_counts, lambda rs: counted(rs) == wanted)
        assert worker.poll() is None, (tmp_path / "worker.log").read_text()

    assert all(decode(WindowCount, r.value).drill is False for r in count_records)

    alerts = alerts_of(records)
    by_commitment: dict[str, list[Alert]] = {}
    for alert in alerts:
        if alert.gap is None and alert.msg_type != AlertMsgType.ACK:
            by_commitment.setdefault(alert.commitment_id, []).append(alert)
    assert set(by_commitment) == {"unsc-ballistic", "rtw-sharing"}
    for commitment, revisions in by_commitment.items():
        assert len({a.id for a in revisions}) == 1, commitment  # one alert per (incident, commitment)
        assert sorted(a.revision for a in revisions) == [1, 2, 3], commitment
        last = max(revisions, key=lambda a: a.revision)
        assert {s.party for s in last.sources} == {Party.ROK, Party.JAPAN, Party.US}
        assert last.references == (f"{last.id}#1", f"{last.id}#2")
    assert len({a.incident_id for a in alerts}) == 1  # three parties, one incident

    gaps = sorted((a for a in alerts if a.gap is not None), key=lambda a: a.revision)
    assert [a.revision for a in gaps] == [1, 2, 3]
    assert gaps[1].gap.missing == (Party.US,) and not gaps[1].gap.resolved
    assert gaps[2].gap.missing == () and gaps[2].gap.resolved and "resolved" in gaps[2].headline

    assert acked.msg_type == AlertMsgType.ACK and acked.revision == 4
    assert acked.acknowledgement is not None and acked.acknowledgement.by == "watch officer 2"
    assert [a["id"] for a in history["alerts"]] == [acked.id]
    assert history["alerts"][0]["revision"] == 4
    assert {r["report_id"] for r in incident["reports"]} == {"jcs-20240114", "jmod-20240114", "us-indopacom-20240114"}
    assert len(incident["events"]) == 3

    # Routed by precedence too: the IRBM is FLASH, the gap PRIORITY.
    flash = alerts_of(await read_records(settings, topics.alerts_for(Precedence.FLASH), lambda r: len(r) >= 7))
    assert {a.commitment_id for a in flash} == {"unsc-ballistic", "rtw-sharing"}
    priority = alerts_of(await read_records(settings, topics.alerts_for(Precedence.PRIORITY), lambda r: len(r) >= 3))
    assert all(a.gap is not None for a in priority)

    store = Store(database_url)
    assert store.acks_of(acked.id)[0][:2] == (3, "watch officer 2")
    store.close()

    samples = [
        (sample.name, sample.labels, sample.value)
        for family in text_string_to_metric_families(metrics_text)
        for sample in family.samples
    ]

    def total(name: str, **labels: str) -> float:
        return sum(v for n, lab, v in samples if n == name and labels.items() <= lab.items())

    assert total("launchwatch_alerts_total", commitment="unsc-ballistic", precedence="FLASH") == 3
    assert total("launchwatch_alerts_total", commitment="rtw-sharing", precedence="PRIORITY") == 3
    assert total("launchwatch_duplicate_reports_total", source="japan-mod") == 1
    assert total("launchwatch_reports_total", outcome="accepted") == 3
    assert total("launchwatch_reports_total", outcome="duplicate") == 1
    assert total("launchwatch_events_total", event_type="ballistic_missile_launch") == 3
    assert total("launchwatch_pipeline_latency_seconds_count") >= 3
    # JCS 4 min after the launch, Japan 37 min, the US 75 min (the duplicate is not observed again).
    assert total("launchwatch_party_reporting_latency_seconds_count", party="ROK") == 1
    assert total("launchwatch_party_reporting_latency_seconds_sum", party="ROK") == 4 * 60
    assert total("launchwatch_party_reporting_latency_seconds_bucket", party="Japan", le="1800.0") == 0
    assert total("launchwatch_party_reporting_latency_seconds_bucket", party="Japan", le="3600.0") == 1
    assert total("launchwatch_source_last_report_timestamp_seconds", source="us-indopacom") > 1.7e9
