"""The topic registry: every topic name launchwatch uses comes from here, and only here.

A registry is built for one namespace, live or drill. Names are derived as
``<prefix>[drill.]<base>``, so a drill registry cannot name a live topic: leaking
drill traffic onto a live topic is impossible by construction.
"""

from __future__ import annotations

from dataclasses import dataclass

from launchwatch.schemas import Alert, Precedence
from launchwatch.settings import Settings
from launchwatch.topology import (
    ALERTS,
    EVENTS_MATCHED,
    EVENTS_NORMALIZED,
    METRICS_COUNTS,
    REPORTS_DEADLETTER,
    REPORTS_RAW,
    TOPICS,
    Role,
)

DRILL_NAMESPACE = "drill."

#: Base names of every topic, in pipeline order (declared in `topology.py`).
BASE_TOPICS: tuple[str, ...] = tuple(topic.name for topic in TOPICS)


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
        return self.name(REPORTS_RAW.name)

    @property
    def reports_deadletter(self) -> str:
        return self.name(REPORTS_DEADLETTER.name)

    @property
    def events_normalized(self) -> str:
        return self.name(EVENTS_NORMALIZED.name)

    @property
    def events_matched(self) -> str:
        return self.name(EVENTS_MATCHED.name)

    @property
    def alerts(self) -> str:
        return self.name(ALERTS.name)

    @property
    def metrics_counts(self) -> str:
        return self.name(METRICS_COUNTS.name)

    def alerts_for(self, precedence: Precedence) -> str:
        return self.name(f"{ALERTS.name}.{precedence.value.lower()}")

    def all(self) -> tuple[str, ...]:
        return tuple(self.name(base) for base in BASE_TOPICS)

    def alert_destinations(self, alert: Alert) -> tuple[str, str]:
        """Where an alert is routed: every alert on `alerts`, and on its precedence topic."""
        return self.alerts, self.alerts_for(alert.precedence)

    def input_of(self, role: Role) -> str:
        """The topic a role consumes."""
        return self.name(role.input.name)

    def base_of(self, topic: str) -> str:
        """The base name of one of this registry's topics (`t.drill.alerts` → `alerts`)."""
        if not self.owns(topic):
            raise KeyError(f"topic {topic!r} is not in this namespace ({'drill' if self.drill else 'live'})")
        return topic[len(self.prefix) + (len(DRILL_NAMESPACE) if self.drill else 0) :]

    def owns(self, topic: str) -> bool:
        """True when `topic` belongs to this registry's namespace."""
        return topic in self.all()
