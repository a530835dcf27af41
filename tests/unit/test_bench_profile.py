"""The bench's profile summary: py-spy's folded stacks read into shares by area and by function."""

from __future__ import annotations

from pathlib import Path

from launchwatch.bench import summarise_profile

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
