"""Scoring the reading of labelled reports: `launchwatch analyze --score FILE`, and the corpus tests.

A labelled file is JSON lines, each `{"report": <text report>, "expected": {<field>: <value>, ...}}` (the
project's corpora in tests/fixtures also carry `category` and `basis`: what kind of story, which real event).
Only the fields a line labels are scored. Each report goes the way `launchwatch analyze` takes it (parse,
extract, match one report alone), so the figures are those of a report that is an incident's first.

What a watch floor cares about first is counted apart: a *false alert* is a report labelled with no commitment
that matches one (a FLASH among them is the worst), a *missed incident* a report labelled with a new incident
that is read as none (type `other`), and a report is *fully right* when every labelled field is.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from launchwatch.analysis import ReportRejected, analyze
from launchwatch.schemas import Event, IncidentDetails, Match, Precedence, TimePrecision
from services.matcher.catalogue import Catalogue, default_catalogue

#: The fields a label may give, in the order they are reported.
FIELDS = (
    "event_type",
    "actor",
    "missile_class",
    "count",
    "occurred_at",
    "system",
    "apogee_km",
    "range_km",
    "eez",
    "overflew_japan",
    "outcome",
    "commitments",
)


def read_fields(event: Event, matches: Iterable[Match]) -> dict[str, Any]:
    """An event's fields as labels give them (a day-precision time as its date; commitments sorted)."""
    location = event.location
    occurred: str | None = None
    if event.occurred_at is not None:
        day_only = event.occurred_precision == TimePrecision.DAY
        occurred = event.occurred_at.date().isoformat() if day_only else event.occurred_at.isoformat()
    return {
        "event_type": event.event_type.value,
        "actor": event.actor,
        "missile_class": event.missile_class.value if event.missile_class else None,
        "count": event.count,
        "occurred_at": occurred,
        "system": event.system,
        "apogee_km": event.apogee_km,
        "range_km": event.range_km,
        "eez": location.eez.value if location and location.eez else None,
        "overflew_japan": location.overflew_japan if location else None,
        "outcome": event.outcome.value,
        "commitments": sorted(m.commitment_id for m in matches),
    }


def same(name: str, got: Any, expected: Any) -> bool:
    """Whether a read field is the labelled one (times compared as instants; a date label wants the date)."""
    if name == "occurred_at" and got is not None and expected is not None and "T" in expected and "T" in got:
        return datetime.fromisoformat(got) == datetime.fromisoformat(expected)
    if name == "commitments":
        return sorted(got) == sorted(expected)
    return bool(got == expected)


#: The details a label's `facts` may give (fields of `IncidentDetails`), scored apart from `fully_right`: names
#: loosely (one contains the other: "Lazarus" in "Lazarus Group (APT38)"), figures within 2%, a figure labelled
#: in words ("more than 1,000 containers") not at all.
DETAIL_FIELDS = tuple(IncidentDetails.model_fields)
_FIGURES = frozenset({"quantity", "personnel", "casualties", "amount_usd"})


def _loose(value: Any) -> str:
    return "".join(c for c in str(value).casefold() if c.isalnum())


def same_detail(name: str, got: Any, expected: Any) -> bool | None:
    """Whether a read detail is the labelled one; None when the label cannot be compared (a figure in words)."""
    if name in _FIGURES:
        if isinstance(expected, bool) or not isinstance(expected, int | float):
            return None
        return isinstance(got, int | float) and abs(got - expected) <= 0.02 * max(abs(expected), 1)
    read, want = _loose(got) if got is not None else "", _loose(expected)
    return bool(read) and bool(want) and (read in want or want in read)


@dataclass
class Scores:
    """The figures of one labelled file (or several)."""

    reports: int = 0
    fully_right: int = 0
    #: field -> [right, labelled]
    fields: dict[str, list[int]] = field(default_factory=dict)
    #: event type -> true positives, false positives, false negatives
    types: dict[str, Counter[str]] = field(default_factory=dict)
    no_incident: int = 0
    #: reports labelled with no commitment that matched some: (report id, precedence, commitments)
    false_alerts: list[tuple[str, str, list[str]]] = field(default_factory=list)
    #: reports labelled with a new incident read as none: (report id, labelled type)
    missed: list[tuple[str, str]] = field(default_factory=list)
    #: every wrong field: (report id, field, read, labelled)
    misses: list[tuple[str, str, Any, Any]] = field(default_factory=list)
    #: detail -> [right, labelled], over the incidents labelled with facts
    details: dict[str, list[int]] = field(default_factory=dict)
    #: every wrong detail: (report id, detail, read, labelled)
    detail_misses: list[tuple[str, str, Any, Any]] = field(default_factory=list)

    def add_details(self, report_id: str, expected: dict[str, Any], got: IncidentDetails | None) -> None:
        """Score the labelled facts of an incident (`expected["facts"]`) against the details read."""
        if expected.get("event_type") in (None, "other") or not isinstance(facts := expected.get("facts"), dict):
            return
        for name in DETAIL_FIELDS:
            if name not in facts:
                continue
            read = getattr(got, name) if got is not None else None
            verdict = same_detail(name, read, facts[name])
            if verdict is None:
                continue
            tally = self.details.setdefault(name, [0, 0])
            tally[1] += 1
            tally[0] += verdict
            if not verdict:
                self.detail_misses.append((report_id, name, read, facts[name]))

    def accuracy(self, name: str) -> float:
        right, labelled = self.fields.get(name, [0, 0])
        return right / labelled if labelled else 1.0

    @property
    def false_flash(self) -> int:
        return sum(1 for _, precedence, _ in self.false_alerts if precedence == Precedence.FLASH.value)

    def precision_recall(self, event_type: str) -> tuple[float, float]:
        counts = self.types.get(event_type, Counter())
        tp, fp, fn = counts["tp"], counts["fp"], counts["fn"]
        return (tp / (tp + fp) if tp + fp else 1.0, tp / (tp + fn) if tp + fn else 1.0)

    def add(self, report_id: str, expected: dict[str, Any], got: dict[str, Any], matches: tuple[Match, ...]) -> None:
        self.reports += 1
        right = True
        for name in FIELDS:
            if name not in expected:
                continue
            tally = self.fields.setdefault(name, [0, 0])
            tally[1] += 1
            if same(name, got[name], expected[name]):
                tally[0] += 1
            else:
                right = False
                self.misses.append((report_id, name, got[name], expected[name]))
        self.fully_right += right
        if "event_type" in expected:
            want, read = expected["event_type"], got["event_type"]
            if want == read:
                self.types.setdefault(want, Counter())["tp"] += 1
            else:
                self.types.setdefault(want, Counter())["fn"] += 1
                self.types.setdefault(read, Counter())["fp"] += 1
            if want != "other" and read == "other":
                self.missed.append((report_id, want))
        if expected.get("commitments") == []:
            self.no_incident += 1
            if matches:
                top = min((m.precedence for m in matches), key=list(Precedence).index)
                self.false_alerts.append((report_id, top.value, sorted(m.commitment_id for m in matches)))

    def merge(self, other: Scores) -> None:
        """Add another file's figures to these."""
        self.reports += other.reports
        self.fully_right += other.fully_right
        for name, (right, labelled) in other.fields.items():
            tally = self.fields.setdefault(name, [0, 0])
            tally[0] += right
            tally[1] += labelled
        for name, counts in other.types.items():
            self.types.setdefault(name, Counter()).update(counts)
        self.no_incident += other.no_incident
        self.false_alerts += other.false_alerts
        self.missed += other.missed
        self.misses += other.misses
        for name, (right, labelled) in other.details.items():
            tally = self.details.setdefault(name, [0, 0])
            tally[0] += right
            tally[1] += labelled
        self.detail_misses += other.detail_misses

    def summary(self) -> dict[str, Any]:
        """The figures as JSON (what `analyze --score` prints)."""
        return {
            "reports": self.reports,
            "fully_right": self.fully_right,
            "fields": {name: round(self.accuracy(name), 4) for name in FIELDS if name in self.fields},
            "event_types": {
                name: dict(
                    zip(("precision", "recall"), (round(v, 4) for v in self.precision_recall(name)), strict=True)
                )
                for name in sorted(self.types)
            },
            "reports_labelled_without_alert": self.no_incident,
            "false_alerts": [{"report_id": r, "precedence": p, "commitments": c} for r, p, c in self.false_alerts],
            "false_flash": self.false_flash,
            "missed_incidents": [{"report_id": r, "event_type": t} for r, t in self.missed],
            "misses": [{"report_id": r, "field": f, "read": g, "labelled": e} for r, f, g, e in self.misses],
            "details": {name: f"{right}/{labelled}" for name, (right, labelled) in sorted(self.details.items())},
            "detail_misses": [
                {"report_id": r, "detail": f, "read": str(g) if g is not None else None, "labelled": e}
                for r, f, g, e in self.detail_misses
            ],
        }


def labelled_lines(path: Path) -> list[dict[str, Any]]:
    """The labelled reports of a file (ValueError, with the line, when one is not a labelled report)."""
    cases = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            case = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ValueError(f"{path}:{number}: not JSON ({exc.msg})") from None
        if not isinstance(case, dict) or not isinstance(case.get("report"), dict) or "expected" not in case:
            raise ValueError(f"{path}:{number}: a labelled line is {{'report': {{...}}, 'expected': {{...}}}}")
        cases.append(case)
    return cases


def score(cases: Iterable[dict[str, Any]], catalogue: Catalogue | None = None) -> Scores:
    """Read each labelled report as `analyze` does and score it against its labels. A report ingest would
    reject counts as read wrong in every labelled field."""
    catalogue = catalogue or default_catalogue()
    scores = Scores()
    for case in cases:
        report_id = str(case["report"].get("id"))
        try:
            analysis = analyze(json.dumps(case["report"]).encode(), catalogue)
        except ReportRejected as exc:
            rejected = dict.fromkeys(FIELDS, f"rejected: {exc.reason}")
            scores.add(report_id, case["expected"], rejected, ())
            continue
        scores.add(report_id, case["expected"], read_fields(analysis.event, analysis.matches), analysis.matches)
        scores.add_details(report_id, case["expected"], analysis.event.details)
    return scores
