"""The bench's profile summary (py-spy's folded stacks read into shares by area and by function), its steps stage
and its reports."""

from __future__ import annotations

from pathlib import Path

from launchwatch.bench import handler_steps, structured_reports, summarise_profile
from launchwatch.schemas import StructuredReport
from launchwatch.settings import Settings

FOLDED = """\
main (launchwatch/cli/run.py:35);handle (services/ingest/handler.py:60);execute (sqlalchemy/engine/base.py:1) 6
main (launchwatch/cli/run.py:35);handle (services/ingest/handler.py:60);model_validate_json (pydantic/main.py:2) 3
main (launchwatch/cli/run.py:35);select (selectors.py:469) 1
not a sample line
"""


def test_a_profile_is_summarised_as_shares_of_its_samples(tmp_path: Path) -> None:
    path = tmp_path / "profile.txt"
    path.write_text(FOLDED)
    summary = summarise_profile(path)
    assert summary["samples"] == 10
    assert summary["percent_by_area"] == {"sqlalchemy": 60.0, "pydantic": 30.0, "other (stdlib, C)": 10.0}
    assert summary["percent_self_top"]["execute sqlalchemy/engine/base.py"] == 60.0
    own = summary["percent_inclusive_own_top"]
    assert own["main launchwatch/cli/run.py"] == 100.0 and own["handle services/ingest/handler.py"] == 90.0


def test_the_service_steps_stage_runs_every_report_through_the_three_steps(tmp_path: Path) -> None:
    result = handler_steps(tmp_path, count=30, batch=10)
    assert result["reports"] == 30 and set(result["per_service_reports_per_s"]) == {"ingest", "matcher", "alerts"}
    statements = result["sql_statements_per_report"]
    # Ingest and alerts read a batch's rows at once and write them a statement per table: the statements of a batch
    # do not grow with its size. Ingest: reports' receipts, events in reach, their incidents, withdrawals; reports,
    # events, incidents written (a few more where a batch's reports lie too far apart to read in one range).
    # Alerts (each report its own incident with two alerts): the alerts' states; revisions, matches and pending
    # gaps written.
    assert 5 <= statements["ingest"] * 10 <= 10 and 3 <= statements["alerts"] * 10 <= 6
    whole = handler_steps(tmp_path, count=30, batch=30)["sql_statements_per_report"]
    assert 5 <= whole["ingest"] * 30 <= 10 and 3 <= whole["alerts"] * 30 <= 6


def test_the_soak_s_reports_are_valid_to_the_last_and_each_its_own_launch() -> None:
    """Past the years a report may carry, the soak's reports would be dead-lettered instead of processed."""
    last, after = (StructuredReport.model_validate(r) for r in structured_reports(2, "soak", 99_999))
    assert last.event.occurred_at is not None and after.event.occurred_at is not None
    assert (after.event.occurred_at - last.event.occurred_at).total_seconds() > Settings().incident_window_s
