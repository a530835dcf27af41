"""The topic registry: every topic name launchwatch uses comes from here, and only here.

A registry is built for one namespace, live or drill. Names are derived as
``<prefix>[drill.]<base>``, so a drill registry cannot name a live topic: leaking
drill traffic onto a live topic is impossible by construction.
"""

from __future__ import annotations

from dataclasses import dataclass

from launchwatch.schemas import Alert, Precedence
from launchwatch.settings import Settings

DRILL_NAMESPACE = "drill."

REPORTS_RAW = "reports.raw"
REPORTS_DEADLETTER = "reports.deadletter"
EVENTS_NORMALIZED = "events.normalized"
EVENTS_MATCHED = "events.matched"
ALERTS = "alerts"
METRICS_COUNTS = "metrics.counts"

#: Base names of every topic, in pipeline order.
BASE_TOPICS: tuple[str, ...] = (
    REPORTS_RAW,
    REPORTS_DEADLETTER,
    EVENTS_NORMALIZED,
    EVENTS_MATCHED,
    ALERTS,
    *(f"{ALERTS}.{p.value.lower()}" for p in Precedence),
    METRICS_COUNTS,
)


@dataclass(frozen=True)
class TopicRegistry:
    """Full topic names for one deployment prefix and one namespace (live or drill)."""

    prefix: str = ""
    drill: bool = False

    @classmethod
    def from_settings(cls, settings: Settings) -> TopicRegistry:
        return cls(prefix=settings.topic_prefix, drill=settings.drill)

    def name(self, base: str) -> str:
        if base not in BASE_TOPICS:
            raise KeyError(f"unknown topic {base!r}; known: {', '.join(BASE_TOPICS)}")
        return f"{self.prefix}{DRILL_NAMESPACE if self.drill else ''}{base}"

    @property
    def reports_raw(self) -> str:
        return self.name(REPORTS_RAW)

    @property
    def reports_deadletter(self) -> str:
        return self.name(REPORTS_DEADLETTER)

    @property
    def events_normalized(self) -> str:
        return self.name(EVENTS_NORMALIZED)

    @property
    def events_matched(self) -> str:
        return self.name(EVENTS_MATCHED)

    @property
    def alerts(self) -> str:
        return self.name(ALERTS)

    @property
    def metrics_counts(self) -> str:
        return self.name(METRICS_COUNTS)

    def alerts_for(self, precedence: Precedence) -> str:
        return self.name(f"{ALERTS}.{precedence.value.lower()}")

    def all(self) -> tuple[str, ...]:
        return tuple(self.name(base) for base in BASE_TOPICS)

    def alert_destinations(self, alert: Alert) -> tuple[str, str]:
        """Where an alert is routed: every alert on `alerts`, and on its precedence topic."""
        return self.alerts, self.alerts_for(alert.precedence)

    def owns(self, topic: str) -> bool:
        """True when `topic` belongs to this registry's namespace."""
        return topic in self.all()
