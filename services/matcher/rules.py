"""The rule engine: decides from an event's fields, with rules kept as data in the catalogue.

Pure: no Kafka, no I/O. Every decision carries the conditions that made it, so a match (and a
non-match) can always be explained.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from enum import Enum
from typing import Any

from launchwatch.schemas import (
    Commitment,
    Condition,
    Event,
    Explanation,
    Match,
    Precedence,
    Resolution,
    Rule,
    TriggeredCondition,
)

#: Virtual field: when the incident happened, or when it was reported if the time is unknown.
WHEN = "when"


def field_value(event: Event, path: str) -> Any:
    """The value of a (dotted) event field, with enums as their plain values."""
    if path == WHEN:
        return event.occurred_at or event.reported_at
    value: Any = event
    for part in path.split("."):
        if value is None:
            return None
        value = getattr(value, part)
    return value.value if isinstance(value, Enum) else value


def _as_date(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.astimezone(UTC).date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        return date.fromisoformat(value)
    return None


def holds(condition: Condition, event: Event) -> tuple[bool, Any]:
    """Whether `condition` holds for `event`, and the actual value it looked at."""
    actual = field_value(event, condition.field)
    expected = condition.value
    match condition.op:
        case "in":
            ok = actual in expected
        case "not_in":
            ok = actual not in expected
        case "eq":
            ok = actual == expected
        case "ne":
            ok = actual != expected
        case "gte":
            ok = actual is not None and actual >= expected
        case "lte":
            ok = actual is not None and actual <= expected
        case "exists":
            ok = actual is not None
        case "missing":
            ok = actual is None
        case "on_or_after":
            day = _as_date(actual)
            ok = day is not None and day >= _as_date(expected)  # type: ignore[operator]
        case "before":
            day = _as_date(actual)
            ok = day is not None and day < _as_date(expected)  # type: ignore[operator]
        case "intersects":
            ok = bool(set(actual or ()) & set(expected))
    if isinstance(actual, datetime):
        actual = actual.isoformat()
    return ok, actual


def _triggered(condition: Condition, actual: Any) -> TriggeredCondition:
    expected = condition.value
    if isinstance(expected, date):
        expected = expected.isoformat()
    return TriggeredCondition(field=condition.field, op=condition.op, expected=expected, actual=actual)


@dataclass(frozen=True)
class RuleOutcome:
    """The result of one rule on one event: matched or not, and why."""

    commitment: Commitment
    rule: Rule
    matched: bool
    conditions: tuple[TriggeredCondition, ...]
    failed: tuple[TriggeredCondition, ...]
    resolutions: tuple[str, ...]
    precedence: Precedence
    precedence_reason: str

    def explanation(self, event: Event) -> Explanation:
        return Explanation(
            rule_id=self.rule.id,
            rule_version=self.rule.version,
            quote=self.commitment.quote,
            conditions=self.conditions if self.matched else self.failed,
            resolutions=self.resolutions,
            precedence_reason=self.precedence_reason,
            text=explain_text(self, event),
        )

    def to_match(self, event: Event) -> Match:
        return Match(
            commitment_id=self.commitment.id,
            commitment=self.commitment.ref(),
            kind=self.rule.kind,
            rule_id=self.rule.id,
            rule_version=self.rule.version,
            precedence=self.precedence,
            explanation=self.explanation(event),
        )


def _describe(condition: TriggeredCondition) -> str:
    return f"{condition.field}={condition.actual!r} ({condition.op} {condition.expected!r})"


def explain_text(outcome: RuleOutcome, event: Event) -> str:
    """One or two sentences a watch officer can read."""
    what = f"{event.event_type.value.replace('_', ' ')} reported by {event.source}"
    if outcome.matched:
        text = (
            f"The {what} bears on '{outcome.commitment.title}' as a {outcome.rule.kind.value} "
            f"(rule {outcome.rule.id} v{outcome.rule.version}: {outcome.rule.description}); decided by "
            + "; ".join(_describe(c) for c in outcome.conditions)
            + "."
        )
        if outcome.resolutions:
            text += " UNSC resolutions in force: " + ", ".join(outcome.resolutions) + "."
        if outcome.precedence_reason:
            text += f" Precedence {outcome.precedence.value}: {outcome.precedence_reason}."
        return text
    if outcome.rule.cite_resolutions and not outcome.failed:
        return (
            f"The {what} does not match rule {outcome.rule.id} v{outcome.rule.version}: "
            "no UNSC resolution covering it was in force on the event's date."
        )
    return (
        f"The {what} does not match rule {outcome.rule.id} v{outcome.rule.version}: "
        + "; ".join(_describe(c) for c in outcome.failed)
        + "."
    )


def resolutions_in_force(resolutions: tuple[Resolution, ...], event: Event) -> tuple[str, ...]:
    """The UNSC resolutions adopted on or before the event's date that cover its type."""
    day = _as_date(field_value(event, WHEN))
    assert day is not None
    return tuple(r.id for r in resolutions if r.adopted <= day and event.event_type in r.covers)


def evaluate(commitment: Commitment, rule: Rule, event: Event, resolutions: tuple[Resolution, ...] = ()) -> RuleOutcome:
    conditions, failed = [], []
    for condition in rule.when:
        ok, actual = holds(condition, event)
        (conditions if ok else failed).append(_triggered(condition, actual))
    cited = resolutions_in_force(resolutions, event) if rule.cite_resolutions else ()
    matched = not failed and (bool(cited) or not rule.cite_resolutions)
    precedence, reason = rule.precedence, ""
    for escalation in rule.escalations:
        if all(holds(c, event)[0] for c in escalation.when):
            precedence, reason = escalation.precedence, escalation.reason
            break
    return RuleOutcome(
        commitment=commitment,
        rule=rule,
        matched=matched,
        conditions=tuple(conditions),
        failed=tuple(failed),
        resolutions=cited,
        precedence=precedence,
        precedence_reason=reason,
    )
