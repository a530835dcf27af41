"""Times as people type them: the CLI and the HTTP API take the same spellings."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from launchwatch.schemas import utcnow
from launchwatch.when import parse_when
from services.alerts.web import QueryError, alert_query

NOW = datetime(2024, 10, 31, 12, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "ago", "expected"),
    [
        ("2h", True, NOW - timedelta(hours=2)),
        ("30m", False, NOW + timedelta(minutes=30)),
        ("7d", True, NOW - timedelta(days=7)),
        ("2024-10-31T07:10:00+09:00", True, datetime(2024, 10, 30, 22, 10, tzinfo=UTC)),
    ],
)
def test_durations_and_iso_times(text: str, ago: bool, expected: datetime) -> None:
    assert parse_when(text, NOW, ago) == expected


@pytest.mark.parametrize(("text", "says"), [("yesterday", "give an ISO time"), ("2024-10-31T07:10", "time zone")])
def test_what_cannot_be_read_says_what_to_give(text: str, says: str) -> None:
    with pytest.raises(ValueError, match=says):
        parse_when(text, NOW)


def test_get_alerts_takes_since_as_the_cli_does() -> None:
    since = alert_query({"since": "2h"})["since"]
    assert abs((utcnow() - timedelta(hours=2) - since).total_seconds()) < 60
    with pytest.raises(QueryError, match="give an ISO time"):
        alert_query({"since": "two hours"})
