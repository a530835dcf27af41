"""Extraction accuracy on the project's own labelled text reports (tests/fixtures/labelled_reports*.jsonl).

English: forty reports written from public facts in the styles of Japan MoD, ROK JCS, KCNA, US government,
intelligence services and the press, 1993-2025, every event type. Japanese (`_ja`) and Korean (`_ko`): Japan
MoD releases and their successive reports, Kantei posts, J-Alert, ROK JCS texts, Yonhap flashes, KCNA in North
Korean spelling and the press, with distractors (balloons, drills, exercises, notices). In each language each
field must be right in at least 95 % of the reports, and so must the commitments a careful analyst would give.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from launchwatch.schemas import EventType, Party, TextReport
from launchwatch.scoring import FIELDS as SCORED_FIELDS
from launchwatch.scoring import read_fields, same
from services.ingest.normalize import party_of, to_event
from services.matcher.catalogue import default_catalogue

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
CORPUS = FIXTURES / "labelled_reports.jsonl"
#: language -> its labelled corpus
CORPORA = {"en": CORPUS, "ja": FIXTURES / "labelled_reports_ja.jsonl", "ko": FIXTURES / "labelled_reports_ko.jsonl"}
#: The scorer's fields but the actor, which these corpora do not label.
FIELDS = tuple(name for name in SCORED_FIELDS if name != "actor")
THRESHOLD = 0.95


def labelled(language: str = "en") -> list[dict[str, Any]]:
    lines = CORPORA[language].read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def extracted(report: TextReport) -> dict[str, Any]:
    """The report's fields as its labels give them (the scorer's reading, `launchwatch analyze --score`)."""
    event = to_event(report)
    return read_fields(event, default_catalogue().match(event))


def test_the_corpus_covers_every_event_type_and_source_style() -> None:
    corpus = labelled()
    assert len(corpus) >= 30
    assert {c["expected"]["event_type"] for c in corpus} == {t.value for t in EventType}
    assert {party_of(c["report"]["source"]) for c in corpus} == set(Party)  # Japan, ROK, US, KCNA, press
    assert {c["report"]["source"] for c in corpus} >= {"japan-mod", "rok-jcs", "kcna", "rok-nis", "us-dod", "yonhap"}
    years = [int(c["report"]["published_at"][:4]) for c in corpus]
    assert min(years) <= 1998 and max(years) >= 2025


@pytest.mark.parametrize("language", ["ja", "ko"])
def test_the_japanese_and_korean_corpora_cover_their_sources_and_distractors(language: str) -> None:
    corpus = labelled(language)
    assert len(corpus) >= 40
    types = {c["expected"]["event_type"] for c in corpus}
    assert types >= {"ballistic_missile_launch", "satellite_launch", "cruise_missile_launch", "nuclear_test", "other"}
    parties = {"ja": {Party.JAPAN, Party.OTHER}, "ko": {Party.ROK, Party.DPRK, Party.OTHER}}[language]
    assert {party_of(c["report"]["source"]) for c in corpus} >= parties
    script = "[\u3040-\u30ff]" if language == "ja" else "[\uac00-\ud7a3]"
    assert all(re.search(script, c["report"]["body"]) for c in corpus)  # written in the language, not about it


@pytest.mark.parametrize("language", list(CORPORA))
def test_per_field_extraction_accuracy_is_at_least_95_percent(
    language: str, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus = labelled(language)
    right = dict.fromkeys(FIELDS, 0)
    misses: list[str] = []
    for case in corpus:
        got = extracted(TextReport.model_validate(case["report"]))
        for field in FIELDS:
            if same(field, got[field], case["expected"][field]):
                right[field] += 1
            else:
                misses.append(f"{case['report']['id']}: {field} = {got[field]!r}, expected {case['expected'][field]!r}")
    table = ["field            accuracy", *(f"{f:<16} {right[f] / len(corpus):6.1%}" for f in FIELDS)]
    with capsys.disabled():
        print(f"\nextraction accuracy on {len(corpus)} labelled reports ({language})\n" + "\n".join(table))
        if misses:
            print("misses:\n  " + "\n  ".join(misses))
    low = {f: right[f] / len(corpus) for f in FIELDS if right[f] / len(corpus) < THRESHOLD}
    assert not low, f"fields under {THRESHOLD:.0%}: {low}; misses: {misses}"
