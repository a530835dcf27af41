"""A new silence from what an officer asks for: one rule for the CLI (`alerts silence`) and `POST /silences`."""

from __future__ import annotations

from datetime import datetime

from launchwatch.schemas import Precedence, Silence, stable_id
from launchwatch.when import parse_when


class SilenceRefused(ValueError):
    """What is wrong with a silence asked for, in one line."""


def new_silence(
    *,
    commitment: str | None,
    precedence: str | None,
    until: str,
    comment: str,
    by: str,
    drill: bool,
    now: datetime,
) -> Silence:
    """A silence of `commitment` and/or `precedence` from now until `until` (`2h`, or an ISO time with a zone).

    Refused: nothing named, a commitment the catalogue does not have, an unknown precedence, an end in the
    past, an empty comment.
    """
    if not (commitment or precedence):
        raise SilenceRefused("name what to silence: a commitment and/or a precedence")
    if commitment:
        from services.matcher.catalogue import default_catalogue

        try:
            default_catalogue().get(commitment)
        except KeyError as exc:
            raise SilenceRefused(str(exc.args[0])) from exc
    try:
        level = Precedence(precedence.upper()) if precedence else None
    except ValueError as exc:
        raise SilenceRefused(f"unknown precedence {precedence!r}: one of {', '.join(Precedence)}") from exc
    try:
        ends_at = parse_when(until, now)
    except ValueError as exc:
        raise SilenceRefused(f"until: {exc}") from exc
    if ends_at <= now:
        raise SilenceRefused("until is in the past")
    if not comment.strip():
        raise SilenceRefused("a comment is required: say why")
    if not by.strip():
        raise SilenceRefused("say who sets it")
    return Silence(
        id=stable_id("silence", commitment or "", level or "", ends_at.isoformat(), by, now.isoformat()),
        commitment_id=commitment,
        precedence=level,
        starts_at=now,
        ends_at=ends_at,
        created_by=by.strip()[:200],
        comment=comment.strip()[:2_000],
        drill=drill,
    )
