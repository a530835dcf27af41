"""The rule engine: decides from an event's fields, with rules kept as data in the catalogue.

Pure: no Kafka, no I/O. Every decision carries the conditions that made it, so a match (and a
non-match) can always be explained.

Rules are prepared once, when the catalogue is loaded (:class:`PreparedRule`): field paths split,
condition bounds parsed, resolutions indexed by event type. Matching an event then only reads its
fields and compares.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from enum import Enum
from functools import cache
from typing import Any

from launchwatch.catalogue_schema import Commitment, Condition, Escalation, Resolution, Rule
from launchwatch.schemas import EventType, Explanation, Facts, Match, Precedence, TriggeredCondition

#: Virtual field: when the incident happened, or when it was reported if the time is unknown.
WHEN = "when"

FieldReader = Callable[[Facts], Any]
ValueTest = Callable[[Any], bool]


def _when(event: Facts) -> datetime:
    return event.occurred_at or event.reported_at


@cache
def field_reader(path: str) -> FieldReader:
    """A function giving the value of a (dotted) event field, with enums as their plain values.

    (`_value_` is what `.value` returns, without going through a descriptor: fields are read for every event.)
    """
    if path == WHEN:
        return _when
    parts = tuple(path.split("."))
    if len(parts) == 1:
        [name] = parts

        def read_field(event: Facts) -> Any:
            value = getattr(event, name)
            return value._value_ if isinstance(value, Enum) else value

        return read_field

    def read_dotted(event: Facts) -> Any:
        value: Any = event
        for part in parts:
            if value is None:
                return None
            value = getattr(value, part)
        return value._value_ if isinstance(value, Enum) else value

    return read_dotted


def field_value(event: Facts, path: str) -> Any:
    """The value of a (dotted) event field, with enums as their plain values."""
    return field_reader(path)(event)


def _as_date(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.astimezone(UTC).date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        return date.fromisoformat(value)
    return None


def compare(op: str, actual: Any, expected: Any) -> bool:
    """Whether `actual op expected` holds: the meaning of every condition operator."""
    match op:
        case "in":
            return actual in expected
        case "not_in":
            return actual not in expected
        case "eq":
            return actual == expected
        case "ne":
            return actual != expected
        case "gte":
            return actual is not None and actual >= expected
        case "lte":
            return actual is not None and actual <= expected
        case "exists":
            return actual is not None
        case "missing":
            return actual is None
        case "on_or_after":
            day = _as_date(actual)
            return day is not None and day >= _as_date(expected)  # type: ignore[operator]
        case "before":
            day = _as_date(actual)
            return day is not None and day < _as_date(expected)  # type: ignore[operator]
        case "intersects":
            return bool(set(actual or ()) & set(expected))
    raise ValueError(f"unknown condition operator {op!r}")


def value_test(op: str, expected: Any) -> ValueTest:
    """`compare(op, actual, expected)` as a function of `actual`, with what depends on `expected` worked out now."""
    if op == "in":
        return lambda actual: actual in expected
    if op == "eq":
        return lambda actual: actual == expected
    if op == "ne":
        return lambda actual: actual != expected
    if op in ("on_or_after", "before"):
        bound = _date_bound(expected)
        if bound is not None and op == "on_or_after":
            return lambda actual: (day := _as_date(actual)) is not None and day >= bound
        if bound is not None:
            return lambda actual: (day := _as_date(actual)) is not None and day < bound
    if op == "intersects" and isinstance(expected, list | tuple) and all(map(_hashable, expected)):
        wanted = frozenset(expected)
        return lambda actual: not wanted.isdisjoint(actual or ())
    # Anything else (and a bound that is no date: `compare` fails on it event by event, as it always did).
    return lambda actual: compare(op, actual, expected)


def _date_bound(expected: Any) -> date | None:
    try:
        return _as_date(expected)
    except ValueError:
        return None


def _hashable(value: Any) -> bool:
    try:
        hash(value)
    except TypeError:
        return False
    return True


def _reported(value: Any) -> Any:
    """A condition's value as a TriggeredCondition carries it: dates and times in ISO form."""
    return value.isoformat() if isinstance(value, date) else value


@dataclass(frozen=True, slots=True)
class PreparedCondition:
    """A condition ready to test events: its field reader, its test, its expected value as reported."""

    condition: Condition
    read: FieldReader
    test: ValueTest
    expected: Any
    #: `field=` and ` (op expected)`, the fixed parts of the condition's description in an explanation.
    description_start: str
    description_end: str

    @classmethod
    def of(cls, condition: Condition) -> PreparedCondition:
        expected = _reported(condition.value)
        return cls(
            condition=condition,
            read=field_reader(condition.field),
            test=value_test(condition.op, condition.value),
            expected=expected,
            description_start=f"{condition.field}=",
            description_end=f" ({condition.op} {expected!r})",
        )

    def reported(self, actual: Any) -> dict[str, Any]:
        """The condition with the value it looked at (a time in ISO form): a TriggeredCondition's fields."""
        if isinstance(actual, datetime):
            actual = actual.isoformat()
        return {"field": self.condition.field, "op": self.condition.op, "expected": self.expected, "actual": actual}

    def triggered(self, actual: Any) -> TriggeredCondition:
        return TriggeredCondition.model_validate(self.reported(actual))

    def describe(self, reported_actual: Any) -> str:
        """As `_describe` words the TriggeredCondition of `reported_actual`."""
        return f"{self.description_start}{reported_actual!r}{self.description_end}"


#: No resolution covers the event type.
_NONE_IN_FORCE: tuple[list[date], list[tuple[str, ...]]] = ([], [()])


class ResolutionIndex:
    """Which UNSC resolutions are in force for an event, looked up by its type and day.

    For each event type: the days on which a resolution covering it was adopted, in order, and the
    resolutions in force from each of those days (in catalogue order), so a lookup is one bisection.
    """

    def __init__(self, resolutions: tuple[Resolution, ...]) -> None:
        self.by_event_type: dict[EventType, tuple[list[date], list[tuple[str, ...]]]] = {}
        for event_type in EventType:
            covering = [r for r in resolutions if event_type in r.covers]
            days = sorted({r.adopted for r in covering})
            # in_force[i]: the resolutions in force from days[i - 1]; in_force[0]: before the first day (none).
            in_force = [(), *(tuple(r.id for r in covering if r.adopted <= day) for day in days)]
            self.by_event_type[event_type] = (days, in_force)

    def in_force(self, event: Facts) -> tuple[str, ...]:
        """The resolutions adopted on or before the event's date that cover its type."""
        day = _as_date(_when(event))
        assert day is not None
        days, in_force = self.by_event_type.get(event.event_type, _NONE_IN_FORCE)
        return in_force[bisect_right(days, day)]


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

    def explanation(self, event: Facts) -> Explanation:
        return Explanation.model_validate(
            {
                "rule_id": self.rule.id,
                "rule_version": self.rule.version,
                "quote": self.commitment.quote,
                "conditions": self.conditions if self.matched else self.failed,
                "resolutions": self.resolutions,
                "precedence_reason": self.precedence_reason,
                "text": explain_text(self, event),
            }
        )

    def to_match(self, event: Facts) -> Match:
        return Match.model_validate(
            {
                "commitment_id": self.commitment.id,
                "commitment": self.commitment.ref(),
                "kind": self.rule.kind,
                "rule_id": self.rule.id,
                "rule_version": self.rule.version,
                "precedence": self.precedence,
                "explanation": self.explanation(event),
            }
        )


#: "ballistic missile launch" for EventType.BALLISTIC_MISSILE_LAUNCH, … (how explanations name event types).
EVENT_TYPE_WORDS: dict[EventType, str] = {t: t.value.replace("_", " ") for t in EventType}


def _what(event: Facts) -> str:
    return f"{EVENT_TYPE_WORDS[event.event_type]} reported by {event.reported_by}"


def _describe(condition: TriggeredCondition) -> str:
    return f"{condition.field}={condition.actual!r} ({condition.op} {condition.expected!r})"


def explain_text(outcome: RuleOutcome, event: Facts) -> str:
    """One or two sentences a watch officer can read."""
    what = _what(event)
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


@dataclass(frozen=True, slots=True)
class PreparedEscalation:
    conditions: tuple[PreparedCondition, ...]
    precedence: Precedence
    reason: str
    #: What a matched explanation says of the precedence ("" without a reason).
    sentence: str

    @classmethod
    def of(cls, escalation: Escalation) -> PreparedEscalation:
        return cls(
            conditions=tuple(map(PreparedCondition.of, escalation.when)),
            precedence=escalation.precedence,
            reason=escalation.reason,
            sentence=_precedence_sentence(escalation.precedence, escalation.reason),
        )

    def holds(self, event: Facts) -> bool:
        # A loop rather than all() over a generator: escalations are tested on every match.
        for condition in self.conditions:  # noqa: SIM110
            if not condition.test(condition.read(event)):
                return False
        return True


#: The highest precedence of an alert on weak evidence, and the order of precedences (FLASH first).
UNCONFIRMED_CEILING = Precedence.PRIORITY
_RANK = {precedence: rank for rank, precedence in enumerate(Precedence)}


def _precedence_sentence(precedence: Precedence, reason: str) -> str:
    return f" Precedence {precedence.value}: {reason}." if reason else ""


class PreparedRule:
    """One rule of one commitment, prepared at catalogue load to be tested on many events."""

    def __init__(self, commitment: Commitment, rule: Rule, resolutions: ResolutionIndex) -> None:
        self.commitment = commitment
        self.rule = rule
        self.resolutions = resolutions
        self.conditions = tuple(map(PreparedCondition.of, rule.when))
        self.escalations = tuple(map(PreparedEscalation.of, rule.escalations))
        self.default_precedence = PreparedEscalation((), rule.precedence, "", "")
        self.commitment_ref = commitment.ref()
        # explain_text's words for a match, up to the conditions.
        self.matched_intro = (
            f" bears on '{commitment.title}' as a {rule.kind.value} "
            f"(rule {rule.id} v{rule.version}: {rule.description}); decided by "
        )

    def may_match(self, event_type: EventType) -> bool:
        """False when a condition on `event_type` fails for this type, whatever else the event says."""
        for condition in self.conditions:
            if condition.condition.field != "event_type":
                continue
            try:
                if not condition.test(event_type.value):
                    return False
            except Exception:  # an ill-typed condition fails on events as it always did, not here
                return True
        return True

    def _cited(self, event: Facts) -> tuple[str, ...]:
        return self.resolutions.in_force(event) if self.rule.cite_resolutions else ()

    def _precedence(self, event: Facts) -> PreparedEscalation:
        """The first escalation that holds, or the rule's own precedence; held at PRIORITY while the event rests
        on weak evidence (a watch officer must be able to trust a FLASH)."""
        chosen = next((e for e in self.escalations if e.holds(event)), self.default_precedence)
        if event.unconfirmed and _RANK[chosen.precedence] < _RANK[UNCONFIRMED_CEILING]:
            reason = f"unconfirmed ({event.unconfirmed}), held until an official or a second source confirms"
            return PreparedEscalation(
                (), UNCONFIRMED_CEILING, reason, _precedence_sentence(UNCONFIRMED_CEILING, reason)
            )
        return chosen

    def evaluate(self, event: Facts) -> RuleOutcome:
        """The outcome with every condition tested, the failed ones included (to explain a non-match)."""
        conditions, failed = [], []
        for condition in self.conditions:
            actual = condition.read(event)
            (conditions if condition.test(actual) else failed).append(condition.triggered(actual))
        cited = self._cited(event)
        matched = not failed and (bool(cited) or not self.rule.cite_resolutions)
        precedence = self._precedence(event)
        return RuleOutcome(
            commitment=self.commitment,
            rule=self.rule,
            matched=matched,
            conditions=tuple(conditions),
            failed=tuple(failed),
            resolutions=cited,
            precedence=precedence.precedence,
            precedence_reason=precedence.reason,
        )

    def match(self, event: Facts) -> Match | None:
        """What `evaluate(event).to_match(event)` gives if the rule matches, else None.

        Quicker: stops at the first condition that fails, and builds the match in one validation from
        plain values (the commitment's reference is built once and reused as is).
        """
        conditions = []
        for condition in self.conditions:
            actual = condition.read(event)
            if not condition.test(actual):
                return None
            conditions.append(condition.reported(actual))
        cited = self._cited(event)
        if self.rule.cite_resolutions and not cited:
            return None
        precedence = self._precedence(event)
        text = (
            f"The {_what(event)}{self.matched_intro}"
            + "; ".join(c.describe(r["actual"]) for c, r in zip(self.conditions, conditions, strict=True))
            + "."
        )
        if cited:
            text += " UNSC resolutions in force: " + ", ".join(cited) + "."
        text += precedence.sentence
        rule = self.rule
        return Match.model_validate(
            {
                "commitment_id": self.commitment.id,
                "commitment": self.commitment_ref,
                "kind": rule.kind,
                "rule_id": rule.id,
                "rule_version": rule.version,
                "precedence": precedence.precedence,
                "explanation": {
                    "rule_id": rule.id,
                    "rule_version": rule.version,
                    "quote": self.commitment.quote,
                    "conditions": conditions,
                    "resolutions": cited,
                    "precedence_reason": precedence.reason,
                    "text": text,
                },
            }
        )
