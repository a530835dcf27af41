"""Times as people type them, one way for the CLI and the HTTP API: an ISO time with a zone, or `2h`, `30m`, `7d`."""

from __future__ import annotations

from datetime import datetime, timedelta

UNITS = {"m": 60, "h": 3600, "d": 86400}


def parse_when(text: str, now: datetime, ago: bool = False) -> datetime:
    """An ISO time with a zone, or a duration from `now` (before it when `ago`); ValueError saying what to give."""
    if text[:-1].isdigit() and text[-1:] in UNITS:
        duration = timedelta(seconds=int(text[:-1]) * UNITS[text[-1]])
        return now - duration if ago else now + duration
    try:
        value = datetime.fromisoformat(text)
    except ValueError as exc:
        raise ValueError(f"{text!r}: give an ISO time with a zone or e.g. 2h, 30m, 7d") from exc
    if value.tzinfo is None:
        raise ValueError(f"{text!r} needs a time zone, e.g. 2024-01-14T18:00:00+09:00")
    return value
