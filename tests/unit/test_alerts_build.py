from __future__ import annotations

from datetime import UTC, datetime

from launchwatch.schemas import AlertMsgType, AlertStatus, MatchedEvent, Precedence
from services.alerts.build import EXERCISE_BANNER, build_revision, headline
from tests.factories import matched_launch

NOW = datetime(2024, 10, 31, 0, 0, tzinfo=UTC)


def launch(
    report_id: str,
    source: str,
    party: str,
    missile_class: str | None,
    drill: bool = False,
    reported_at: str = "2024-10-31T07:40:00+09:00",
) -> MatchedEvent:
    return matched_launch(
        report_id,
        source,
        party,
        missile_class,
        incident_id="inc-20241031",
        reported_at=reported_at,
        matched_at=NOW,
        drill=drill,
    )


def test_revisions_accumulate_sources_and_keep_the_most_urgent_precedence() -> None:
    first = launch("jcs-1", "rok-jcs", "ROK", "ICBM")
    second = launch("kcna-1", "kcna", "DPRK", None, reported_at="2024-11-01T06:00:00+09:00")
    unsc = lambda m: next(x for x in m.matches if x.commitment_id == "unsc-ballistic")  # noqa: E731
    r1 = build_revision(first, unsc(first), None, NOW)
    r2 = build_revision(second, unsc(second), r1, NOW)
    assert (r1.revision, r1.msg_type, r1.precedence) == (1, AlertMsgType.ALERT, Precedence.FLASH)
    assert (r2.revision, r2.msg_type, r2.precedence) == (2, AlertMsgType.UPDATE, Precedence.FLASH)
    assert r2.id == r1.id and r2.references == (r1.revision_id,)
    assert [s.source for s in r2.sources] == ["rok-jcs", "kcna"]
    assert r2.sources[0].latency_s == 30 * 60
    assert r2.created_at == r1.created_at


def test_sources_are_in_report_order_whatever_order_the_reports_came_in() -> None:
    kcna = launch("kcna-1", "kcna", "DPRK", None, reported_at="2024-11-01T06:00:00+09:00")
    jcs = launch("jcs-1", "rok-jcs", "ROK", "ICBM", reported_at="2024-10-31T07:25:00+09:00")
    mod = launch("mod-1", "japan-mod", "Japan", "ICBM", reported_at="2024-10-31T09:00:00+09:00")
    unsc = lambda m: next(x for x in m.matches if x.commitment_id == "unsc-ballistic")  # noqa: E731
    for order in ((kcna, jcs, mod), (mod, kcna, jcs), (jcs, mod, kcna)):
        alert = None
        for report in order:
            alert = build_revision(report, unsc(report), alert, NOW)
        assert alert is not None and [s.report_id for s in alert.sources] == ["jcs-1", "mod-1", "kcna-1"]


def test_drill_alerts_are_exercises_with_the_banner() -> None:
    drill = launch("jcs-1", "rok-jcs", "ROK", "SRBM", drill=True)
    alert = build_revision(drill, drill.matches[0], None, NOW)
    assert alert.drill and alert.status == AlertStatus.EXERCISE
    assert alert.headline.startswith(EXERCISE_BANNER) and alert.id.startswith("drill-alert-")


def test_headline_is_one_readable_sentence() -> None:
    text = headline(launch("jcs-1", "rok-jcs", "ROK", "ICBM").event)
    assert text == "DPRK ballistic missile launch (ICBM) at 2024-10-31 07:10 +0900; reported by rok-jcs."


def test_conflicting_accounts_are_kept_side_by_side() -> None:
    jcs = launch("jcs-1", "rok-jcs", "ROK", "IRBM")
    kcna = launch("kcna-1", "kcna", "DPRK", "ICBM", reported_at="2024-11-01T06:00:00+09:00")
    unsc = lambda m: next(x for x in m.matches if x.commitment_id == "unsc-ballistic")  # noqa: E731
    first = build_revision(jcs, unsc(jcs), None, NOW)
    second = build_revision(kcna, unsc(kcna), first, NOW)
    assert first.conflicts == ()
    assert [s.account["missile_class"] for s in second.sources] == ["IRBM", "ICBM"]
    assert second.conflicts == ("missile_class: rok-jcs IRBM; kcna ICBM",)
    assert second.sources[0].account["occurred_at"] == "2024-10-31T07:10:00+09:00"


def test_accounts_that_differ_only_in_rounding_or_spelling_are_no_conflict() -> None:
    from launchwatch.schemas import SourceReport
    from services.alerts.build import conflicts

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
