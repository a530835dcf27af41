"""The commitments catalogue (``commitments.toml``), loaded and validated by the `Commitment` model."""

from __future__ import annotations

import hashlib
import json
import tomllib
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from launchwatch.catalogue_schema import Commitment, Resolution, Rule
from launchwatch.schemas import EventType, Facts, IncidentUpdate, Match, MatchedEvent
from services.matcher.rules import PreparedRule, ResolutionIndex, RuleOutcome

CATALOGUE_FILE = "commitments.toml"
#: Each rule's version and the hash of its content: a rule cannot change without its version changing.
RULE_LOCK_FILE = "rule_versions.lock.json"


#: A commitment's id and its rules, in catalogue order.
CommitmentRules = tuple[str, tuple[PreparedRule, ...]]


class CatalogueError(ValueError):
    """The catalogue file is not valid."""


@dataclass(frozen=True)
class Catalogue:
    commitments: tuple[Commitment, ...]
    resolutions: tuple[Resolution, ...]
    #: Every commitment's id and its rules in order, prepared once for matching many events.
    prepared: tuple[CommitmentRules, ...] = field(init=False, repr=False, compare=False)
    #: The same, by event type, keeping only the rules whose `event_type` conditions hold for that type.
    candidates: dict[EventType, tuple[CommitmentRules, ...]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        index = ResolutionIndex(self.resolutions)
        prepared = tuple(
            (commitment.id, tuple(PreparedRule(commitment, rule, index) for rule in commitment.rules))
            for commitment in self.commitments
        )
        candidates = {
            event_type: tuple(
                (commitment_id, kept)
                for commitment_id, rules in prepared
                if (kept := tuple(rule for rule in rules if rule.may_match(event_type)))
            )
            for event_type in EventType
        }
        # Frozen: both are set once, here.
        object.__setattr__(self, "prepared", prepared)
        object.__setattr__(self, "candidates", candidates)

    def get(self, commitment_id: str) -> Commitment:
        for commitment in self.commitments:
            if commitment.id == commitment_id:
                return commitment
        raise KeyError(f"no commitment {commitment_id!r}; known: {', '.join(self.ids)}")

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(c.id for c in self.commitments)

    def evaluate(self, event: Facts) -> list[RuleOutcome]:
        """Every rule's outcome on `event`, matched or not (for `analyze --explain`)."""
        return [rule.evaluate(event) for _, rules in self.prepared for rule in rules]

    def match(self, event: Facts) -> tuple[Match, ...]:
        """The commitments `event` bears on: at most one match per commitment (its first matching rule).

        The same matches as the matched outcomes of `evaluate`, without testing what cannot change them:
        rules that cannot hold for the event's type, a rule's conditions after one fails, and a commitment's
        rules after one matched.
        """
        matches: dict[str, Match] = {}
        for commitment_id, rules in self.candidates.get(event.event_type, self.prepared):
            if commitment_id in matches:
                continue
            for rule in rules:
                match = rule.match(event)
                if match is not None:
                    matches[commitment_id] = match
                    break
        return tuple(matches.values())


def parse_catalogue(data: dict[str, Any]) -> Catalogue:
    statements = data.get("statements", {})
    commitments = []
    for entry in data.get("commitments", []):
        try:
            refs = [statements[key] for key in entry.get("statements", [])]
        except KeyError as exc:
            raise CatalogueError(f"commitment {entry.get('id')!r} names unknown statement {exc}") from exc
        commitments.append(Commitment.model_validate(entry | {"statements": refs}))
    ids = [c.id for c in commitments]
    if len(ids) != len(set(ids)):
        raise CatalogueError(f"duplicate commitment ids in {ids}")
    rule_ids = [r.id for c in commitments for r in c.rules]
    if len(rule_ids) != len(set(rule_ids)):
        raise CatalogueError(f"duplicate rule ids in {rule_ids}")
    resolutions = tuple(Resolution.model_validate(r) for r in data.get("resolutions", []))
    return Catalogue(commitments=tuple(commitments), resolutions=resolutions)


def load_catalogue(path: Path | None = None) -> Catalogue:
    """The catalogue at `path`, or the one shipped in this package."""
    if path is None:
        return default_catalogue()
    return parse_catalogue(tomllib.loads(path.read_text(encoding="utf-8")))


@cache
def default_catalogue() -> Catalogue:
    text = resources.files("services.matcher").joinpath(CATALOGUE_FILE).read_text(encoding="utf-8")
    return parse_catalogue(tomllib.loads(text))


def rule_fingerprint(rule: Rule) -> str:
    """SHA-256 of a rule's content (everything but its version), in a canonical JSON form."""
    content = rule.model_dump(mode="json", exclude={"version"})
    return hashlib.sha256(json.dumps(content, sort_keys=True, separators=(",", ":")).encode()).hexdigest()


def rule_lock(catalogue: Catalogue) -> dict[str, dict[str, Any]]:
    """{rule id: {version, sha256}} for every rule of the catalogue."""
    return {
        rule.id: {"version": rule.version, "sha256": rule_fingerprint(rule)}
        for commitment in catalogue.commitments
        for rule in commitment.rules
    }


def locked_rules() -> dict[str, dict[str, Any]]:
    return json.loads(resources.files("services.matcher").joinpath(RULE_LOCK_FILE).read_text(encoding="utf-8"))


def unversioned_changes(current: dict[str, dict[str, Any]], locked: dict[str, dict[str, Any]]) -> list[str]:
    """Rules whose content changed while their version did not (each a sentence saying what to do)."""
    return [
        f"rule {rule_id} changed but is still version {entry['version']}: bump its version in {CATALOGUE_FILE}"
        for rule_id, entry in current.items()
        if rule_id in locked
        and locked[rule_id]["version"] == entry["version"]
        and locked[rule_id]["sha256"] != entry["sha256"]
    ]


def match_update(catalogue: Catalogue, update: IncidentUpdate, matched_at: datetime) -> MatchedEvent:
    """An incident update with the commitments its fused assessment bears on (none once it is closed)."""
    assessment = update.assessment
    matches = () if assessment.closed else catalogue.match(assessment)
    return MatchedEvent(
        event=update.event, assessment=assessment, matches=matches, matched_at=matched_at, drill=assessment.drill
    )
