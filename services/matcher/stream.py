"""Matcher wiring: `events.normalized` → `events.matched` (the step is `handler.py`)."""

from __future__ import annotations

from contextlib import nullcontext

from launchwatch.streams import StreamContext
from services.matcher.catalogue import default_catalogue
from services.matcher.handler import MatcherHandler


def register(ctx: StreamContext) -> None:
    handler = MatcherHandler(default_catalogue(), ctx.topics, ctx)
    ctx.consume(ctx.topics.events_normalized, handler, nullcontext)  # no store: the catalogue is all it needs
