"""analyze(): one report offline, parse → event → match, as `launchwatch analyze`, replay's filters and the bench
take it."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from launchwatch.analysis import ReportRejected, analyze
from services.ingest.normalize import parse_report, to_event
from services.matcher.catalogue import default_catalogue

REPORT = json.dumps(
    {
        "id": "jcs-1",
        "kind": "text",
        "source": "rok-jcs",
        "published_at": "2024-01-14T15:30:00+09:00",
        "body": "North Korea fired an intermediate-range ballistic missile from the Pyongyang area toward the East "
        "Sea at around 2:55 p.m.",
    }
).encode()


def test_the_event_and_matches_of_the_steps_taken_one_by_one() -> None:
    analysis = analyze(REPORT)
    event = to_event(parse_report(REPORT))
    assert analysis.event == event
    assert analysis.matches == default_catalogue().match(event)
    assert {m.commitment_id for m in analysis.matches} == {"rtw-sharing", "unsc-ballistic"}
    assert [(o.rule.id, o.matched) for o in analysis.outcomes] == [
        (o.rule.id, o.matched) for o in default_catalogue().evaluate(event)
    ]


def test_a_rejected_report_raises_with_ingests_reason() -> None:
    with pytest.raises(ReportRejected) as caught:
        analyze(b"{broken")
    assert caught.value.reason == "invalid_json"


@dataclass
class CountingCatalogue:
    calls: list[str] = field(default_factory=list)

    def match(self, event: object) -> tuple[()]:
        self.calls.append("match")
        return ()


def test_matching_waits_until_the_matches_are_asked_for_and_happens_once() -> None:
    catalogue = CountingCatalogue()
    analysis = analyze(REPORT, catalogue)  # type: ignore[arg-type]
    assert analysis.event.report_id == "jcs-1" and catalogue.calls == []
    assert analysis.matches == () and analysis.matches == ()
    assert catalogue.calls == ["match"]


def test_the_lower_layers_never_import_it() -> None:
    """schemas, settings, topics, codec, storage, metrics, kafka and streams load without analysis (or a service
    loading it)."""
    lower = ["schemas", "settings", "topics", "codec", "storage", "metrics", "kafka", "streams"]
    code = (
        "import sys\n"
        + "".join(f"import launchwatch.{name}\n" for name in lower)
        + "print('launchwatch.analysis' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=Path(__file__).parents[2]
    )
    assert out.stdout.strip() == "False"
