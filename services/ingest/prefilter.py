"""Literal prefilters: skip a regular-expression search that cannot match, start one where a match can.

Python's regex engine has no fast scan for case-insensitive patterns: every search walks the whole text,
trying the pattern at each character. Yet most extraction patterns cannot match most reports (a launch
report names no nuclear test, no cyber theft, one site of sixteen), every match of most patterns contains
one of a few words, and begins with one of a few. A `Pattern` derives those words from its own regular
expression, searches only a text whose case-folded copy contains one of the first, and begins the search
at the earliest of the second: the same matches, far fewer searches over far less text.
"""

from __future__ import annotations

import re
import sys
from bisect import bisect_left
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from re import _constants as sre  # the parser's opcodes; the analysis gives up on anything it does not know
from re import _parser as sre_parse
from typing import Any, Generic, TypeVar

#: The non-ASCII characters that case-insensitive matching equates with an ASCII letter (dotted capital I
#: and dotless i match "i", long s matches "s", the Kelvin sign matches "k"), folded to that letter before
#: the literal check. `str.lower` alone misses them: it keeps long s and dotless i, and gives dotted capital
#: I two characters. (tests/unit/test_prefilter.py checks the list against the regex engine.)
ASCII_FOLDS = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"})

_FOLDED = tuple(map(chr, ASCII_FOLDS))

#: Cap on the alternatives a literal set may grow to when adjacent choices multiply ("(?:a|b)(?:c|d)").
MAX_ALTERNATIVES = 64
#: Words at least this long are taken as rare enough: among them, the fewer words the better.
SELECTIVE_LENGTH = 5


def fold(text: str) -> str:
    """The text as literal checks see it: lower case, non-ASCII letters that match ASCII ones folded to them."""
    if text.isascii() or not any(map(text.__contains__, _FOLDED)):  # a scan each is quicker than translate
        return text.lower()
    return text.translate(ASCII_FOLDS).lower()


@dataclass(frozen=True, slots=True)
class _Literals:
    """What is known of the text a piece of a pattern matches (all strings lower case; None: not known).

    exact: the piece always matches one of these strings (not known for `\\d+`, say);
    required: every match of the piece contains one of these strings;
    starts: every match of the piece begins with one of these strings.
    """

    exact: frozenset[str] | None
    required: frozenset[str] | None
    starts: frozenset[str] | None


_UNKNOWN = _Literals(None, None, None)
_EMPTY = _Literals(frozenset({""}), None, frozenset({""}))  # zero-width: anchors, word boundaries, lookarounds


def _exactly(words: frozenset[str]) -> _Literals:
    return _Literals(words, words, words)


def _shortest(words: frozenset[str] | None) -> int:
    return min(map(len, words)) if words else 0


def _better(a: frozenset[str] | None, b: frozenset[str] | None) -> frozenset[str] | None:
    """The better of two requirements: each word costs a scan of the text, so fewer words, as long as they
    are long enough to be rare; else the longer. Empty words are no use."""
    candidates = [w for w in (a, b) if _shortest(w) > 0]
    return max(  # type: ignore[arg-type]
        candidates, key=lambda w: (min(_shortest(w), SELECTIVE_LENGTH), -len(w), _shortest(w)), default=None
    )


def _times(a: frozenset[str], b: frozenset[str]) -> frozenset[str] | None:
    """Every string of a followed by every string of b (None: too many). One string before or after many does
    not multiply them ("\\b" before a long list of words)."""
    if len(a) * len(b) <= MAX_ALTERNATIVES or min(len(a), len(b)) == 1:
        return frozenset(x + y for x in a for y in b)
    return None


#: Kana, hangul, CJK ideographs and CJK punctuation: scripts without case, so a case-insensitive pattern's
#: literal in them matches that character only, and Japanese and Korean rules get prefilters too.
CASELESS_SCRIPTS = range(0x3000, 0xD7A4)


def _literal(code: int) -> frozenset[str] | None:
    char = chr(code)
    if char.isascii():
        return frozenset({char.lower()})
    if code in CASELESS_SCRIPTS and char.lower() == char == char.upper():
        return frozenset({char})
    return None


def _sequence(items: sre_parse.SubPattern | list) -> _Literals:
    """Adjacent pieces. Exact pieces multiply into runs ("japan" "'?" "s": "japans", "japan's"); the
    requirement is the best of the runs, the plain strings within them ("japan") and the other pieces'.
    The beginning grows piece by piece until its words are long enough that more words would cost more
    than they are worth: it only has to tell where the first match could begin."""
    run = frozenset({""})  # the exact strings of the current run of pieces
    plain = ""  # the current string of pieces that each match one string only
    best: frozenset[str] | None = None
    whole_exact = True
    starts: frozenset[str] | None = frozenset({""})
    growing = True
    for op, av in items:
        piece = _piece(op, av)
        best = _better(best, piece.required)
        if piece.exact is not None and len(piece.exact) == 1:
            plain += next(iter(piece.exact))
        else:
            best = _better(best, frozenset({plain}))
            plain = ""
        if growing:
            following = piece.starts
            if following is None or (len(following) > 1 and _shortest(starts) >= SELECTIVE_LENGTH):
                growing = False
            elif longer_starts := _times(starts, following):  # type: ignore[arg-type]
                # Only a piece whose beginnings are all of its strings lets the next piece extend them.
                starts, growing = longer_starts, piece.exact is not None and following == piece.exact
            else:
                growing = False
        if piece.exact is not None and (longer := _times(run, piece.exact)) is not None:
            run = longer
            continue
        whole_exact = False
        best = _better(best, run)
        run = piece.exact if piece.exact is not None else frozenset({""})
    best = _better(_better(best, run), frozenset({plain}))
    return _Literals(run if whole_exact else None, best, starts)


def _piece(op: object, av: Any) -> _Literals:
    if op is sre.LITERAL:
        exact = _literal(av)
        return _exactly(exact) if exact else _UNKNOWN
    if op in (sre.AT, sre.ASSERT, sre.ASSERT_NOT):
        return _EMPTY
    if op is sre.IN:
        # A class of plain characters ("[- ]") is a small exact set; ranges, categories, negation are not.
        chars = [_literal(code) if kind is sre.LITERAL else None for kind, code in av]
        return _exactly(frozenset().union(*chars)) if all(chars) else _UNKNOWN  # type: ignore[arg-type]
    if op is sre.SUBPATTERN:
        return _sequence(av[-1])  # (group, added flags, removed flags, pattern)
    if op is sre.ATOMIC_GROUP:
        return _sequence(av)
    if op is sre.BRANCH:
        alternatives = [_sequence(alternative) for alternative in av[1]]

        def union(sets: list[frozenset[str] | None]) -> frozenset[str] | None:
            return frozenset().union(*sets) if all(s is not None for s in sets) else None  # type: ignore[arg-type]

        required = union([_better(a.required, a.exact) for a in alternatives])
        return _Literals(union([a.exact for a in alternatives]), required, union([a.starts for a in alternatives]))
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
        low, high, item = av
        inner = _sequence(item)
        if low == high == 1:
            return inner
        if low == 0:
            # Optional: "x?" is exactly "" or x; more repeats than that are not worth spelling out.
            optional = inner.exact | {""} if high == 1 and inner.exact is not None else None
            return _Literals(optional, None, optional)
        return _Literals(None, _better(inner.required, inner.exact), inner.starts)
    return _UNKNOWN


def _analyse(regex: re.Pattern[str]) -> _Literals:
    try:
        return _sequence(sre_parse.parse(regex.pattern, regex.flags))
    except Exception:  # an engine whose parser differs: nothing known, every search runs as it is
        return _UNKNOWN


def required_literals(regex: re.Pattern[str]) -> frozenset[str] | None:
    """Lower-case strings one of which every match of the pattern contains (None: no such strings known)."""
    found = _analyse(regex)
    words = _better(found.required, found.exact)
    if words is None:
        return None
    # A text holding "missiles" holds "missile": the longer words add nothing to the check.
    return frozenset(w for w in words if not any(other in w for other in words if other != w))


def start_literals(regex: re.Pattern[str]) -> frozenset[str] | None:
    """Lower-case strings one of which every match of the pattern begins with (None: no such strings known)."""
    words = _analyse(regex).starts
    if not words or "" in words:
        return None
    # Where "missiles" is, "missile" is: the earliest of the shorter words is as early.
    return frozenset(w for w in words if not any(w.startswith(other) for other in words if other != w))


class Pattern:
    """A compiled regular expression that skips texts lacking every literal its matches need, and begins its
    search where the first of the literals its matches begin with is (no match can begin before)."""

    __slots__ = ("ascii_needs", "ascii_starts", "needs", "regex", "starts")

    def __init__(self, regex: re.Pattern[str]) -> None:
        self.regex = regex
        self.needs = required_literals(regex)
        self.starts = start_literals(regex)
        # An ASCII text holds none of the Japanese or Korean words: they are not looked for in it.
        self.ascii_needs = None if self.needs is None else tuple(w for w in self.needs if w.isascii())
        self.ascii_starts = None if self.starts is None else tuple(w for w in self.starts if w.isascii())

    def search(self, text: Text, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        # Whether the text holds a needed word is asked once a text: a report is searched span by span.
        present = text.present.get(self)
        if present is None:
            needs = self.ascii_needs if text.ascii else self.needs
            present = text.present[self] = needs is None or any(map(text.folded.__contains__, needs))
        if not present:
            return None
        return self.search_unfiltered(text, pos, endpos)

    def search_unfiltered(self, text: Text, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        """The search, without the check of the needed words (done already)."""
        if text.aligned and (begins := self._begins(text)) is not None:
            # A match lies within [pos, endpos), and so does the word it begins with: the first such word.
            first = bisect_left(begins, pos)
            if first == len(begins) or begins[first] >= endpos:
                return None
            # Lookbehinds and word boundaries still see the characters before `pos`: the same match.
            pos = begins[first]
        return self.regex.search(text.raw, pos, endpos)

    def _begins(self, text: Text) -> list[int] | None:
        """Where in the text a match may begin: every place of a start word, sorted (found once a text, as a
        report is searched span by span). None: no start words are known."""
        begins = text.begins.get(self, False)
        if begins is False:
            starts = self.ascii_starts if text.ascii else self.starts
            begins = None
            if starts is not None:
                found = set()
                for word in starts:
                    at = text.folded.find(word)
                    while at >= 0:
                        found.add(at)
                        at = text.folded.find(word, at + 1)
                begins = sorted(found)
            text.begins[self] = begins
        return begins

    def __repr__(self) -> str:
        return f"Pattern({self.regex.pattern!r}, needs={sorted(self.needs or ())}, starts={sorted(self.starts or ())})"


T = TypeVar("T")


class FirstMatch(Generic[T]):
    """An ordered table of patterns, the first of which (in table order) that matches a text wins.

    The words of all the patterns are looked up in the text once, together: only the patterns one of whose
    words is there are searched, in order. The same winner as trying every pattern in turn.
    """

    __slots__ = ("ascii_words", "entries", "patterns_with", "ungated", "words")

    def __init__(self, entries: Iterable[tuple[T, Pattern]]) -> None:
        self.entries = tuple(entries)
        self.ungated = frozenset(i for i, (_, pattern) in enumerate(self.entries) if pattern.needs is None)
        #: word -> positions in the table of the patterns that need it
        self.patterns_with: dict[str, list[int]] = {}
        for i, (_, pattern) in enumerate(self.entries):
            for word in pattern.needs or ():
                self.patterns_with.setdefault(word, []).append(i)
        self.words = tuple(self.patterns_with)
        self.ascii_words = tuple(w for w in self.words if w.isascii())

    def _candidates(self, text: Text) -> list[int]:
        """The places in the table of the entries that may match the text, in order (looked up once a text: it is
        searched span by span)."""
        candidates = text.present.get(self)
        if candidates is None:
            present = filter(text.folded.__contains__, self.ascii_words if text.ascii else self.words)
            candidates = text.present[self] = sorted(self.ungated.union(*(self.patterns_with[w] for w in present)))
        return candidates

    def _search(self, text: Text, pos: int, endpos: int) -> tuple[int, T, re.Match[str]] | None:
        for i in self._candidates(text):
            value, pattern = self.entries[i]
            if match := pattern.search_unfiltered(text, pos, endpos):
                return i, value, match
        return None

    def search(self, text: Text, pos: int = 0, endpos: int = sys.maxsize) -> tuple[T, re.Match[str]] | None:
        """The first entry (in table order) that matches in text[pos:endpos], and its match."""
        hit = self._search(text, pos, endpos)
        return None if hit is None else (hit[1], hit[2])

    def search_all(self, text: Text, pos: int = 0, endpos: int = sys.maxsize) -> list[tuple[T, re.Match[str]]]:
        """Every entry that matches in text[pos:endpos], in table order, each with its first match."""
        hits = []
        for i in self._candidates(text):
            value, pattern = self.entries[i]
            if match := pattern.search_unfiltered(text, pos, endpos):
                hits.append((value, match))
        return hits

    def search_spans(self, text: Text, spans: Iterable[tuple[int, int]]) -> tuple[T, re.Match[str]] | None:
        """The first entry (in table order) that matches in any of the spans, with its first match there."""
        hits = filter(None, (self._search(text, start, end) for start, end in spans))
        best = min(hits, key=lambda hit: hit[0], default=None)
        return None if best is None else (best[1], best[2])


class Text:
    """A text to search, with its case-folded copy for the patterns' literal checks (made once per text)."""

    __slots__ = ("aligned", "ascii", "begins", "folded", "present", "raw")

    def __init__(self, raw: str) -> None:
        self.raw = raw
        #: pattern -> whether the text holds one of the words its matches need; table -> the entries that may match
        #: (asked once a text)
        self.present: dict[Any, Any] = {}
        #: pattern -> where its matches may begin (its start words' places), found once a text
        self.begins: dict[Pattern, list[int] | None] = {}
        self.ascii = raw.isascii()
        self.folded = fold(raw)
        #: Whether a position in the folded copy is the same position in the text (folding kept every length).
        self.aligned = len(self.folded) == len(raw)


def first_match(patterns: Iterable[Pattern], text: Text, spans: Iterable[tuple[int, int]]) -> re.Match[str] | None:
    """The first match of any of the patterns in the first span that has one."""
    for start, end in spans:
        found = [m for p in patterns if (m := p.search(text, start, end)) is not None]
        if found:
            return min(found, key=re.Match.start)
    return None


def every_match(patterns: Iterable[Pattern], text: Text, spans: Iterable[tuple[int, int]]) -> Iterator[re.Match[str]]:
    """Every match of the patterns, span by span, in order of position within each span."""
    for start, end in spans:
        found = []
        for pattern in patterns:
            pos = start
            while (m := pattern.search(text, pos, end)) is not None:
                found.append(m)
                pos = max(m.end(), pos + 1)  # past an empty match too
        yield from sorted(found, key=re.Match.start)
