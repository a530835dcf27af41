"""End to end through the real broker: raw report in, alert out; malformed report to the dead-letter topic."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest

from launchwatch.codec import decode
from launchwatch.kafka import ensure_topics, publish
from launchwatch.schemas import Alert, AlertMsgType, DeadLetter, Precedence
from launchwatch.settings import Settings
from launchwatch.topics import TopicRegistry
from tests.helpers import read_records, running_worker

pytestmark = pytest.mark.integration

ICBM_REPORT = {
    "id": "jmod-2024-10-31c",
    "kind": "text",
    "source": "japan-mod",
    "published_at": "2024-10-31T09:10:00+09:00",
    "title": "North Korea launches ICBM-class ballistic missile",
    "body": (
        "North Korea launched one ICBM-class ballistic missile from near Pyongyang at around 7:11 a.m. today "
        "toward the northeast. It flew for about 86 minutes, with a maximum altitude of over 7,000 km, and is "
        "estimated to have fallen in the Sea of Japan outside Japan's exclusive economic zone."
    ),
}
MALFORMED = b'{"id": "broken-1", "kind": "text", "source": "japan-mod", "published_at": "yesterday"'


async def test_text_report_becomes_alert_and_malformed_report_is_dead_lettered(
    settings: Settings, tmp_path: Path
) -> None:
    topics = TopicRegistry.from_settings(settings)
    await ensure_topics(settings, topics.all())

    with running_worker(settings, "all", tmp_path / "worker.log") as worker:
        await publish(
            settings,
            topics.reports_raw,
            [(ICBM_REPORT["id"], json.dumps(ICBM_REPORT).encode()), ("broken-1", MALFORMED)],
        )

        def alerts_for_both_commitments(records: list) -> bool:
            return {decode(Alert, r.value).commitment_id for r in records} >= {"unsc-ballistic", "rtw-sharing"}

        alert_records = await read_records(settings, topics.alerts, alerts_for_both_commitments)
        letters = await read_records(settings, topics.reports_deadletter, lambda records: len(records) >= 1)
        flash = await read_records(settings, topics.alerts_for(Precedence.FLASH), lambda records: len(records) >= 2)

        # The worker carries on after the reject: a later report on the poison message's own partition (same
        # key) still becomes an alert.
        later = ICBM_REPORT | {"id": "jcs-20241031-1", "source": "rok-jcs", "published_at": "2024-10-31T07:30:00+09:00"}
        await publish(settings, topics.reports_raw, [("broken-1", json.dumps(later).encode())])
        await read_records(
            settings,
            topics.alerts,
            lambda records: any(decode(Alert, r.value).event.report_id == later["id"] for r in records),
        )
        assert worker.poll() is None, (tmp_path / "worker.log").read_text()

    alerts = {a.commitment_id: a for a in (decode(Alert, r.value) for r in alert_records)}
    unsc = alerts["unsc-ballistic"]
    assert unsc.revision == 1 and unsc.msg_type == AlertMsgType.ALERT
    assert unsc.precedence == Precedence.FLASH
    assert unsc.event.missile_class == "ICBM" and unsc.event.report_id == "jmod-2024-10-31c"
    assert "UNSCR 1874" in unsc.explanation.resolutions
    assert unsc.explanation.quote in unsc.commitment.quote
    assert unsc.drill is False and unsc.status == "Actual"
    assert alerts["rtw-sharing"].precedence == Precedence.FLASH
    assert {r.key for r in alert_records} == {unsc.incident_id.encode()}
    assert {decode(Alert, r.value).id for r in flash} == {a.id for a in alerts.values()}

    letter = decode(DeadLetter, letters[0].value)
    assert letter.reason == "invalid_json"
    assert base64.b64decode(letter.original_base64) == MALFORMED
    assert letter.source_topic == topics.reports_raw and letter.service == "ingest"


FIRST_REPORTS_IN_THREE_LANGUAGES = [
    {
        "id": "jcs-ko-20241031",
        "kind": "text",
        "source": "rok-jcs",
        "published_at": "2024-10-31T07:25:00+09:00",
        "body": "합참은 북한이 오늘 오전 7시 10분경 평양 일대에서 동해상으로 장거리탄도미사일 1발을 발사했다고 밝혔다.",
    },
    {
        "id": "mod-ja-20241031",
        "kind": "text",
        "source": "japan-mod",
        "published_at": "2024-10-31T07:30:00+09:00",
        # Full-width digits and brackets, as the Ministry writes them.
        "body": "北朝鮮は、本日７時１１分頃、北朝鮮西岸付近から、１発のICBM級弾道ミサイルを東方向に発射しました。"  # noqa: RUF001
        "我が国の排他的経済水域（EEZ）外に落下したものと推定されます。",  # noqa: RUF001
    },
    {
        "id": "us-en-20241031",
        "kind": "text",
        "source": "us-indopacom",
        "published_at": "2024-10-31T08:40:00+09:00",
        "body": "U.S. Indo-Pacific Command is aware of the DPRK's ballistic missile launch at around 7:11 a.m. "
        "local time today.",
    },
]


async def test_first_reports_in_korean_japanese_and_english_are_one_incident(
    settings: Settings, tmp_path: Path
) -> None:
    topics = TopicRegistry.from_settings(settings)
    await ensure_topics(settings, topics.all())
    with running_worker(settings, "all", tmp_path / "worker.log"):
        for report in FIRST_REPORTS_IN_THREE_LANGUAGES:
            await publish(settings, topics.reports_raw, [(report["id"], json.dumps(report).encode())])

        def all_three(records: list) -> bool:
            complete = {a.commitment_id for a in (decode(Alert, r.value) for r in records) if len(a.sources) == 3}
            return complete >= {"unsc-ballistic", "rtw-sharing"}

        records = await read_records(settings, topics.alerts, all_three)
    final = [a for a in (decode(Alert, r.value) for r in records) if len(a.sources) == 3]
    assert len({a.incident_id for a in final}) == 1
    unsc = next(a for a in final if a.commitment_id == "unsc-ballistic")
    assert [s.party for s in unsc.sources] == ["ROK", "Japan", "US"]
    # Each party's first report is measured from the launch (07:10-07:11), in whatever language it came.
    assert all(s.latency_s is not None and 0 < s.latency_s < 2 * 3600 for s in unsc.sources)
