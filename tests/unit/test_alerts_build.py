from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from launchwatch.schemas import AlertMsgType, AlertStatus, Event, Match, MatchedEvent, Precedence
from services.alerts.build import EXERCISE_BANNER, build_revision, headline
from tests.factories import incident_update, launch_event

NOW = datetime(2024, 10, 31, 0, 0, tzinfo=UTC)


def event(
    report_id: str,
    source: str,
    party: str,
    missile_class: str | None,
    drill: bool = False,
    reported_at: str = "2024-10-31T07:40:00+09:00",
) -> Event:
    return launch_event(
        report_id, source, party, missile_class, incident_id="inc-20241031", reported_at=reported_at, drill=drill
    )


def launch(*args: Any, **kwargs: Any) -> MatchedEvent:
    """The update of an incident of one report."""
    return incident_update([event(*args, **kwargs)], matched_at=NOW)


def unsc(matched: MatchedEvent) -> Match:
    return next(x for x in matched.matches if x.commitment_id == "unsc-ballistic")


def test_revisions_show_every_source_and_the_fused_precedence() -> None:
    jcs = event("jcs-1", "rok-jcs", "ROK", "ICBM")
    kcna = event("kcna-1", "kcna", "DPRK", None, reported_at="2024-11-01T06:00:00+09:00")
    first, second = incident_update([jcs], matched_at=NOW), incident_update([jcs, kcna], matched_at=NOW)
    r1 = build_revision(first, unsc(first), None, NOW)
    r2 = build_revision(second, unsc(second), r1, NOW)
    assert r1 is not None and r2 is not None
    assert (r1.revision, r1.msg_type, r1.precedence) == (1, AlertMsgType.ALERT, Precedence.FLASH)
    assert (r2.revision, r2.msg_type, r2.precedence) == (2, AlertMsgType.UPDATE, Precedence.FLASH)
    assert r2.id == r1.id and r2.references == (r1.revision_id,)
    assert [s.source for s in r2.sources] == ["rok-jcs", "kcna"]
    assert r2.sources[0].latency_s == 30 * 60
    assert r2.created_at == r1.created_at
    assert r2.event == kcna and r2.assessment == second.assessment


def test_a_stale_update_makes_no_revision() -> None:
    jcs = event("jcs-1", "rok-jcs", "ROK", "ICBM")
    mod = event("mod-1", "japan-mod", "Japan", "ICBM", reported_at="2024-10-31T09:00:00+09:00")
    newer = incident_update([jcs, mod], matched_at=NOW)
    older = incident_update([jcs], matched_at=NOW)
    latest = build_revision(newer, unsc(newer), None, NOW)
    assert latest is not None
    assert build_revision(older, unsc(older), latest, NOW) is None


def test_sources_are_in_report_order_whatever_order_the_reports_came_in() -> None:
    kcna = event("kcna-1", "kcna", "DPRK", None, reported_at="2024-11-01T06:00:00+09:00")
    jcs = event("jcs-1", "rok-jcs", "ROK", "ICBM", reported_at="2024-10-31T07:25:00+09:00")
    mod = event("mod-1", "japan-mod", "Japan", "ICBM", reported_at="2024-10-31T09:00:00+09:00")
    for order in ((kcna, jcs, mod), (mod, kcna, jcs), (jcs, mod, kcna)):
        alert = None
        for n in range(1, 4):
            update = incident_update(order[:n], matched_at=NOW)
            alert = build_revision(update, unsc(update), alert, NOW)
        assert alert is not None and [s.report_id for s in alert.sources] == ["jcs-1", "mod-1", "kcna-1"]


def test_drill_alerts_are_exercises_with_the_banner() -> None:
    drill = launch("jcs-1", "rok-jcs", "ROK", "SRBM", drill=True)
    alert = build_revision(drill, drill.matches[0], None, NOW)
    assert alert is not None and alert.drill and alert.status == AlertStatus.EXERCISE
    assert alert.headline.startswith(EXERCISE_BANNER) and alert.id.startswith("drill-alert-")


def test_headline_is_one_readable_sentence() -> None:
    text = headline(launch("jcs-1", "rok-jcs", "ROK", "ICBM").assessment)
    assert text == "DPRK ballistic missile launch (ICBM) at 2024-10-31 07:10 +0900; reported by rok-jcs."


def test_conflicting_accounts_are_kept_side_by_side() -> None:
    jcs = event("jcs-1", "rok-jcs", "ROK", "IRBM")
    kcna = event("kcna-1", "kcna", "DPRK", "ICBM", reported_at="2024-11-01T06:00:00+09:00")
    one, both = incident_update([jcs], matched_at=NOW), incident_update([jcs, kcna], matched_at=NOW)
    first = build_revision(one, unsc(one), None, NOW)
    second = build_revision(both, unsc(both), first, NOW)
    assert first is not None and second is not None
    assert first.conflicts == ()
    assert second.assessment is not None and second.assessment.missile_class == "IRBM"  # officials over claims
    assert [s.account["missile_class"] for s in second.sources] == ["IRBM", "ICBM"]
    assert second.conflicts == ("missile_class: rok-jcs IRBM; kcna ICBM",)
    assert second.sources[0].account["occurred_at"] == "2024-10-31T07:10:00+09:00"


def test_accounts_that_differ_only_in_rounding_or_spelling_are_no_conflict() -> None:
    from launchwatch.schemas import SourceReport
    from services.ingest.fusion import conflicts

    def said(source: str, **account: str) -> SourceReport:
        return SourceReport(report_id=source, source=source, party="other", reported_at=NOW, account=account)

    agree = (
        said("kcna", range_km="7687.5", system="New IRBM (2022)"),
        said("nk-missile-tests", range_km="7687.0", system="New IRBM 2022"),
    )
    assert conflicts(agree) == ()
    differ = (said("jcs", range_km="1000", missile_class="IRBM"), said("mod", range_km="4500", missile_class="ICBM"))
    assert conflicts(differ) == (
        "missile_class: jcs IRBM; mod ICBM",
        "range_km: jcs 1000; mod 4500",
    )
