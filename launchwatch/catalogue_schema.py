"""The commitments catalogue's configuration models: the shape of services/matcher/commitments.toml.

A commitment, the statements it comes from, and the rules (conditions, escalations) that match incidents to it;
the UN Security Council resolutions the rules cite. Configuration, not messages: nothing here crosses a topic
(an alert repeats a commitment as its `CommitmentRef`, in `launchwatch.schemas`). `commitment.schema.json` in
``schemas/`` is generated from `Commitment`.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import Field

from launchwatch.schemas import CommitmentRef, EventType, MatchKind, Model, Precedence


class StatementRef(Model):
    """A trilateral statement a commitment comes from (a file in the seeds)."""

    file: str = Field(description="File name of the statement in the seeds folder.")
    title: str
    date: date
    parties: tuple[str, ...] = ("Japan", "ROK", "US")


ConditionOp = Literal[
    "in", "not_in", "eq", "ne", "gte", "lte", "exists", "missing", "on_or_after", "before", "intersects"
]


class Condition(Model):
    """One test on one event field: `field op value`. Dotted fields reach into nested objects."""

    field: str = Field(description="Event field, e.g. 'event_type' or 'location.eez'.")
    op: ConditionOp
    value: Any = None


class Escalation(Model):
    """Raises a rule's precedence when all its conditions hold."""

    when: tuple[Condition, ...]
    precedence: Precedence
    reason: str


class Rule(Model):
    """How one commitment is matched: every condition must hold; the first escalation that holds sets precedence."""

    id: str
    version: int = Field(ge=1, description="Bumped on every change of the rule's content.")
    kind: MatchKind
    description: str
    when: tuple[Condition, ...]
    precedence: Precedence
    escalations: tuple[Escalation, ...] = ()
    cite_resolutions: bool = Field(
        default=False, description="Name the UNSC resolutions in force on the event's date; no match if none."
    )


class Resolution(Model):
    """A UN Security Council resolution on the DPRK."""

    id: str = Field(description="e.g. 'UNSCR 1718'")
    adopted: date
    covers: tuple[EventType, ...] = Field(description="Event types it prohibits.")
    summary: str


class Commitment(Model):
    """One trilateral commitment: where it was made, its exact words, and the rules that match events to it."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    title: str
    category: str
    statements: tuple[StatementRef, ...] = Field(min_length=1)
    quote: str = Field(min_length=10, description="Verbatim from the first statement.")
    effective_from: date
    references: tuple[str, ...] = ()
    rules: tuple[Rule, ...] = Field(min_length=1)

    def ref(self) -> CommitmentRef:
        statement = self.statements[0]
        return CommitmentRef(
            id=self.id,
            title=self.title,
            quote=self.quote,
            statement=f"{statement.title} ({statement.date.isoformat()})",
        )
