"""The topic registry: every topic name launchwatch uses comes from here, and only here.

A registry is built for one namespace, live or drill. Names are derived as
``<prefix>[drill.]<base>``, so a drill registry cannot name a live topic: leaking
drill traffic onto a live topic is impossible by construction. The consumer groups (the faust app ids) and
the changelog topics of the faust tables are named here too, in the same namespace.
"""

from __future__ import annotations

from dataclasses import dataclass

from launchwatch.schemas import Alert, Precedence
from launchwatch.settings import Settings
from launchwatch.topology import (
    ALERTS,
    COUNT_CHANGES,
    EVENTS_MATCHED,
    EVENTS_NORMALIZED,
    METRICS_COUNTS,
    REPORTS_DEADLETTER,
    REPORTS_RAW,
    ROLES,
    SYSTEM_ALERTS,
    TOPICS,
    Role,
)

DRILL_NAMESPACE = "drill."

#: Base names of every topic, in pipeline order (declared in `topology.py`).
BASE_TOPICS: tuple[str, ...] = tuple(topic.name for topic in TOPICS)

#: What a worker that runs every role is called: its app id and consumer group are `launchwatch-all`.
ALL_ROLES = "all"

#: Topics whose latest message per key is what matters: compacted, never deleted by age (a changelog deleted
#: by age would lose the counts of the windows not updated within the retention).
COMPACTED_CONFIG: dict[str, str] = {"cleanup.policy": "compact"}


def topic_config(topic: str) -> dict[str, str]:
    """The configuration a topic of any prefix and namespace is created with: compaction for the topics declared
    compacted (`metrics.counts`) and for the tables' changelogs; the cluster's defaults for the others."""
    compacted = any(topic.endswith(t.name) for t in TOPICS if t.compacted)
    compacted |= any(topic.endswith(f"-{table}-changelog") for role in ROLES.values() for table in role.tables)
    return dict(COMPACTED_CONFIG) if compacted else {}


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

    @property
    def count_changes(self) -> str:
        return self.name(COUNT_CHANGES.name)

    @property
    def system_alerts(self) -> str:
        return self.name(SYSTEM_ALERTS.name)

    def group(self, role: str) -> str:
        """The consumer group of a worker of `role` (or `all`), which is also its faust app id:
        `<prefix>[drill.]launchwatch-<role>`."""
        return f"{self.prefix}{DRILL_NAMESPACE if self.drill else ''}launchwatch-{role}"

    def changelog(self, role: str, table: str) -> str:
        """The changelog topic faust gives `table` in a worker of `role` (or `all`): `<app id>-<table>-changelog`."""
        return f"{self.group(role)}-{table}-changelog"

    def changelogs(self) -> tuple[str, ...]:
        """The changelog topics of every role's tables, for a worker of that role and for one of `all`."""
        return tuple(
            self.changelog(worker, table)
            for role in ROLES.values()
            for worker in (role.name, ALL_ROLES)
            for table in role.tables
        )

    def provisioned(self) -> tuple[str, ...]:
        """Every topic a deployment of this namespace needs: `all()` and the tables' changelog topics (faust
        declares no topic: `topic_allow_declare=False`)."""
        return self.all() + self.changelogs()

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
