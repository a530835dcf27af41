"""Literal prefilters: a prefiltered search finds exactly what the regular expression alone finds."""

from __future__ import annotations

import json
import re

from hypothesis import example, given, settings
from hypothesis import strategies as st

from services.ingest import extract
from services.ingest.gazetteer import MISSILE_SYSTEMS, SITES
from services.ingest.prefilter import (
    FirstMatch,
    Pattern,
    Text,
    every_match,
    first_match,
    fold,
    required_literals,
    start_literals,
)

from ..conftest import FIXTURES

#: Every prefiltered pattern of the extraction rules and the gazetteer.
PATTERNS: list[Pattern] = [
    *(p for _, p in extract.EVENT_TYPE_PATTERNS),
    *(p for _, p in extract.MISSILE_CLASS_PATTERNS),
    *(p for _, _, p in MISSILE_SYSTEMS.values()),
    *(p for _, p in SITES.values()),
    *(p for _, p in extract.LANDINGS),
    *(v for v in vars(extract).values() if isinstance(v, Pattern)),
]
#: Words the patterns look for, so generated texts match some of them.
WORDS = sorted({w for p in PATTERNS for w in p.needs or ()} | {"9:30 a.m.", "about 700 km", "on May 3", "."})


#: Every first-match table of the extraction rules.
TABLES: list[FirstMatch] = [v for v in vars(extract).values() if isinstance(v, FirstMatch)]


def same_search(pattern: Pattern, text: str) -> None:
    third = len(text) // 3
    for window in ((), (third,), (third, 2 * third)):
        expected = pattern.regex.search(text, *window)
        found = pattern.search(Text(text), *window)
        assert (found and (found.span(), found.groupdict())) == (expected and (expected.span(), expected.groupdict()))


def same_winner(table: FirstMatch, text: str) -> None:
    """The table's answer is that of trying each of its patterns in turn, without prefilters."""
    expected = next(((value, m.span()) for value, p in table.entries if (m := p.regex.search(text))), None)
    found = table.search(Text(text))
    assert (found and (found[0], found[1].span())) == expected


def same_everywhere(text: str) -> None:
    for pattern in PATTERNS:
        same_search(pattern, text)
    for table in TABLES:
        same_winner(table, text)


def test_fold_agrees_with_case_insensitive_matching_on_every_character() -> None:
    """Whatever non-ASCII character the regex engine equates with an ASCII one folds to that ASCII character."""
    near_ascii = re.compile("[ -~]", re.IGNORECASE)  # a superset: letters that match in either case
    for code in range(0x80, 0x110000):
        char = chr(code)
        if near_ascii.fullmatch(char):
            for ascii_char in map(chr, range(0x20, 0x7F)):
                if re.fullmatch(re.escape(ascii_char), char, re.IGNORECASE):
                    assert fold(char) == ascii_char.lower(), (hex(code), ascii_char)


def test_required_literals_of_typical_patterns() -> None:
    def needs(pattern: str) -> set[str] | None:
        found = required_literals(re.compile(pattern, re.IGNORECASE))
        return None if found is None else set(found)

    assert needs(r"\bcruise missiles?\b") == {"cruise missile"}
    assert needs(r"(?<![\w-])(?:Scud[- ]?B|KN-02)(?![\w-])") == {"scud-b", "scud b", "scudb", "kn-02"}
    assert needs(r"\b(?:at|around)\s+\d") == {"at", "around"}
    assert needs(r"\d+\s*km") == {"km"}
    assert needs(r"apogee|\d+ km|height") == {"apogee", " km", "height"}
    assert needs(r"\w+") is None
    assert needs(r"missile|\d+") is None  # one branch needs no word
    assert needs(r"(?:not )?a") == {"a"}


def test_start_literals_of_typical_patterns() -> None:
    def starts(pattern: str) -> set[str] | None:
        found = start_literals(re.compile(pattern, re.IGNORECASE))
        return None if found is None else set(found)

    assert starts(r"\bcruise missiles?\b") == {"cruise missile"}
    assert starts(r"(?<![\w-])(?:Scud[- ]?B|Hwasong[- ]?5)(?![\w-])") == {"scud-b", "scud b", "scudb", "hwasong"}
    assert starts(r"\b(?:flew|flying) (?:about )?\d+ km") == {"flew ", "flying "}
    assert starts(r"\bmissiles?\b|\bballistic missiles?") == {"missile", "ballistic missile"}  # not just "missile"
    assert starts(r"(?:about )?\d+ km") is None  # may begin with a digit
    assert starts(r"\d+ km") is None
    # A word boundary before a long list of words does not multiply it past the cap: the words are the starts.
    many = [f"word{n}x" for n in range(100)]
    assert starts(r"\b(?:" + "|".join(many) + r")\b") == set(many)
    assert starts(r"(?<=\d)(?:st|th) launch") == {"st launch", "th launch"}  # digits behind, not at the start


def test_prefiltered_searches_on_the_labelled_reports() -> None:
    lines = [
        line
        for name in ("labelled_reports.jsonl", "labelled_reports_ja.jsonl", "labelled_reports_ko.jsonl")
        for line in (FIXTURES / name).read_text(encoding="utf-8").splitlines()
    ]
    for line in filter(None, lines):
        report = json.loads(line)["report"]
        text = f"{report.get('title', '')}\n{report['body']}"
        for variant in (text, text.upper(), text.swapcase(), text.replace("i", "\u0131").replace("S", "\u017f")):
            same_everywhere(variant)


@settings(max_examples=300, derandomize=True, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.sampled_from(WORDS),
            st.sampled_from(WORDS).map(str.upper),
            st.sampled_from(["\u0130", "\u0131", "\u017f", "\u212a", "\u2019", " ", "-", "\n", "。", "発", "발"]),
            st.text(max_size=5),
        ),
        max_size=40,
    ).map("".join)
)
@example("North Korea launched a Hwasong-18 from SOHAE into Japan's EEZ")
@example("KN\u201023 and CHOLL\u0130MA-1 and \u017fcud-B at 7:22 a.m.")
def test_prefiltered_searches_on_generated_texts(text: str) -> None:
    same_everywhere(text)


def test_every_extraction_pattern_has_a_prefilter() -> None:
    """The patterns that do need a word: a rewrite that loses it would silently lose the speed."""
    assert all(p.needs for p in PATTERNS)
    assert len(TABLES) == 4 and all(table.words for table in TABLES)


def test_caseless_literals_match_only_themselves() -> None:
    """Kana, hangul and CJK literals prefilter a case-insensitive pattern: no other character matches them."""
    import _sre

    from services.ingest.prefilter import CASELESS_SCRIPTS

    taken = [chr(c) for c in CASELESS_SCRIPTS if required_literals(re.compile(re.escape(chr(c)), re.IGNORECASE))]
    assert "発" in taken and "발" in taken and "ミ" in taken
    assert not any(_sre.unicode_iscased(ord(char)) for char in taken)


def test_first_and_every_match_over_spans() -> None:
    """The first match is the earliest of any pattern in the first span that has one; every match comes span by
    span in order of position, and a pattern that can match the empty string still ends."""
    text = Text("ab ba | ba ab")
    a, b = Pattern(re.compile("a")), Pattern(re.compile("b"))
    spans = [(0, 5), (8, 13)]
    assert first_match((b, a), text, spans).start() == 0  # type: ignore[union-attr]
    assert first_match((a,), text, [(5, 7)]) is None
    assert [m.start() for m in every_match((b, a), text, spans)] == [0, 1, 3, 4, 8, 9, 11, 12]
    empty = Pattern(re.compile("x*"))
    assert len(list(every_match((empty,), text, [(0, 5)]))) == len(list(re.finditer("x*", "ab ba")))
