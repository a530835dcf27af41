"""RSS 2.0 and Atom entries as text reports, and the poller that remembers what it has published."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from launchwatch.schemas import TextReport
from services.ingest.adapters import detect, read_reports
from services.ingest.adapters.rss import (
    FeedError,
    FeedState,
    feed_reports,
    fetch_feed,
    poll_forever,
    poll_once,
    strip_html,
)
from services.ingest.normalize import to_event
from tests.conftest import FIXTURES

RSS2 = FIXTURES / "feed-rss2.xml"
ATOM = FIXTURES / "feed-atom.xml"
JST = timezone(timedelta(hours=9))


def text_reports(path: Path) -> list[TextReport]:
    reports = list(read_reports(path))
    assert all(isinstance(r, TextReport) for r in reports)
    return reports  # type: ignore[return-value]


def test_feeds_are_detected() -> None:
    assert detect(RSS2).name == "rss" and detect(ATOM).name == "rss"


def test_rss2_entries_become_text_reports() -> None:
    first, second = text_reports(RSS2)
    assert first.id == "jcs-20231218-1"  # the guid
    assert second.id == "https://example.org/jcs/20231218-2"  # no guid: the link
    assert first.source == "rok-jcs-press"  # the feed title as a slug
    assert first.published_at == datetime(2023, 12, 18, 8, 38, tzinfo=JST)
    assert first.published_at.utcoffset() == timedelta(hours=9), "the feed's own offset is kept"
    assert first.title == "North Korea fires ballistic missile"
    assert first.body.startswith("North Korea fired a long-range ballistic missile from the Pyongyang area")
    assert "<" not in first.body and "track()" not in first.body
    assert second.title == "Statement & update" and second.body == "The missile flew about 1,000 km (preliminary)."
    assert first.url == "https://example.org/jcs/20231218-1" and first.language == "en-us"
    event = to_event(first)
    assert event.party == "ROK" and event.occurred_at == datetime(2023, 12, 18, 8, 24, tzinfo=JST)


def test_atom_entries_prefer_content_and_fall_back_to_updated() -> None:
    first, second = text_reports(ATOM)
    assert first.id == "urn:example:jmod:2023-12-18d" and first.source == "japan-mod-releases"
    assert first.body.startswith("North Korea launched one ICBM-class ballistic missile")
    assert first.published_at == datetime(2023, 12, 18, 9, 45, tzinfo=JST)
    assert second.published_at == datetime(2023, 12, 18, 11, 0, tzinfo=UTC)
    assert second.body == "The apogee was over 6,000 km." and second.url == "https://example.org/jmod/2023/12/18e"


def test_source_option_overrides_the_feed_title() -> None:
    reports = feed_reports(fetch_feed(str(ATOM)), str(ATOM), source="japan-mod")
    assert {r.source for r in reports} == {"japan-mod"}  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("fragment", "text"),
    [
        ("<p>a <b>b</b></p><p>c</p>", "a b c"),
        ("x &amp; y &lt;z&gt;", "x & y <z>"),
        ("<style>p{}</style>kept<script>dropped()</script>", "kept"),
        ("plain", "plain"),
    ],
)
def test_strip_html(fragment: str, text: str) -> None:
    assert strip_html(fragment) == text


class Collector:
    """Stands in for the broker: records what it is asked to publish, or fails when told to."""

    def __init__(self) -> None:
        self.published: list[str] = []
        self.fail = False

    async def __call__(self, items: list[Any]) -> None:
        if self.fail:
            raise ConnectionError("broker unreachable")
        self.published.extend(item.id for item in items)


def feed_with(tmp_path: Path, extra_item: str = "") -> Path:
    feed = tmp_path / "feed.xml"
    feed.write_text(RSS2.read_text().replace("</channel>", f"{extra_item}</channel>"))
    return feed


async def test_poll_once_publishes_each_entry_once_across_restarts(tmp_path: Path) -> None:
    feed = str(feed_with(tmp_path))
    state_file = tmp_path / "state" / "feeds.json"
    publish = Collector()
    state = FeedState.load(state_file)

    first = await poll_once(feed, state, publish)
    assert [r.id for r in first] == ["jcs-20231218-1", "https://example.org/jcs/20231218-2"]
    assert await poll_once(feed, state, publish) == []
    assert publish.published == ["jcs-20231218-1", "https://example.org/jcs/20231218-2"]

    # A restart reads the state file: nothing is published again, only what is new.
    feed_with(
        tmp_path,
        "<item><title>New</title><guid>jcs-20231218-3</guid><description>Third report.</description></item>",
    )
    restarted = FeedState.load(state_file)
    new = await poll_once(feed, restarted, publish)
    assert [r.id for r in new] == ["jcs-20231218-3"]
    assert publish.published[-1] == "jcs-20231218-3" and len(publish.published) == 3
    saved = json.loads(state_file.read_text())
    assert saved["feeds"][feed]["seen"] == [*publish.published]


async def test_entries_not_acknowledged_are_published_at_the_next_poll(tmp_path: Path) -> None:
    feed = str(feed_with(tmp_path))
    state = FeedState.load(tmp_path / "feeds.json")
    publish = Collector()
    publish.fail = True
    with pytest.raises(ConnectionError):
        await poll_once(feed, state, publish)
    assert state.seen(feed) == set()
    publish.fail = False
    assert len(await poll_once(feed, FeedState.load(tmp_path / "feeds.json"), publish)) == 2


def test_a_corrupt_state_file_is_an_error_naming_it(tmp_path: Path) -> None:
    broken = tmp_path / "feeds.json"
    broken.write_text("{not json")
    with pytest.raises(FeedError, match=r"feeds\.json"):
        FeedState.load(broken)


class StopPolling(Exception):
    pass


async def test_poll_forever_retries_after_a_failed_publish(tmp_path: Path) -> None:
    feed = str(feed_with(tmp_path))
    publish = Collector()
    publish.fail = True
    rounds: list[int] = []

    def polled(location: str, new: list[Any]) -> None:
        rounds.append(len(new))
        raise StopPolling  # the loop has no end of its own: stop it after the first successful poll

    async def failing_then_working(items: list[Any]) -> None:
        try:
            await publish(items)
        finally:
            publish.fail = False

    with pytest.raises(StopPolling):
        await poll_forever(
            [feed], FeedState.load(tmp_path / "feeds.json"), failing_then_working, interval_s=0, on_polled=polled
        )
    assert rounds == [2] and len(publish.published) == 2
