"""The composition root of a worker: the framework's app with the services of its role declared on it."""

from __future__ import annotations

from collections.abc import Callable

from launchwatch.settings import Settings
from launchwatch.streams import StreamContext, open_context, roles_of

Register = Callable[[StreamContext], None]


def service_registry() -> dict[str, Register]:
    """Each role's declarations (imported lazily: a worker loads only what it runs)."""
    from services.alerts.stream import register as alerts
    from services.counts.stream import register as counts
    from services.ingest.stream import register as ingest
    from services.matcher.stream import register as matcher

    return {"ingest": ingest, "matcher": matcher, "alerts": alerts, "counts": counts}


def build_app(settings: Settings, role: str) -> StreamContext:
    """A faust app running `role` ('ingest', 'matcher', 'alerts', 'counts' or 'all'), finalised."""
    context = open_context(settings, role)
    registry = service_registry()
    for name in roles_of(role):
        registry[name](context)
    context.app.finalize()
    return context
