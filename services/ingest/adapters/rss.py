"""RSS and Atom feeds (`feedparser`): each entry becomes a text report; a poller remembers what it published.

An entry's id is its `id` (RSS `guid`, Atom `id`), else its link; `published_at` is the entry's published (else
updated) time, else the time the feed was read. The body is the entry's content (else its summary) as plain text.

Polling: :func:`poll_once` reads a feed, publishes the entries not yet seen, waits for the broker to acknowledge
them and only then records them in the state file, so a restart republishes nothing that was acknowledged and
loses nothing that was not. The state also keeps the feed's ETag and Last-Modified for conditional requests.
"""

from __future__ import annotations

import asyncio
import calendar
import email.utils
import html
import json
import logging
import os
import tempfile
from collections.abc import Awaitable, Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import feedparser

from launchwatch.schemas import MAX_BODY_LEN, MAX_ID_LEN, MAX_TITLE_LEN, stable_id, utcnow
from services.ingest.adapters.base import FormatError, ReportItem, first_json_value, report_key, row_report, slug

log = logging.getLogger(__name__)

#: Where `launchwatch ingest --format rss` keeps what it has published, unless `--state` says otherwise.
DEFAULT_STATE_FILE = Path(".launchwatch-feeds.json")
#: Entry ids remembered per feed: far more than any feed lists at once, small enough to rewrite each poll.
MAX_SEEN_PER_FEED = 5_000
FEED_MARKERS = (b"<rss", b"<feed", b"<rdf:rdf")


class FeedError(FormatError):
    """A feed that could not be read or is not a feed."""


class _TextCollector(HTMLParser):
    """Text content of an HTML fragment; script and style contents are dropped."""

    SKIPPED = frozenset({"script", "style"})
    BREAKS = frozenset({"p", "br", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.SKIPPED:
            self._skipping += 1
        elif tag in self.BREAKS:
            self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIPPED and self._skipping:
            self._skipping -= 1
        elif tag in self.BREAKS:
            self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(data)


def strip_html(text: str) -> str:
    """Plain text of an HTML fragment, entities decoded and white space collapsed."""
    collector = _TextCollector()
    collector.feed(text)
    collector.close()
    return " ".join(html.unescape("".join(collector.parts)).split())


def entry_time(entry: Any, name: str) -> datetime | None:
    """The entry's `published` or `updated` time, keeping the feed's own UTC offset.

    The offset matters: a body saying "at around 8:24 a.m." is read in the time zone of its publication time,
    and feedparser's own parsed value is converted to UTC. Its value is the fallback for unusual date formats.
    """
    raw = str(entry.get(name) or "").strip()
    if raw:
        for parse in (email.utils.parsedate_to_datetime, datetime.fromisoformat):
            try:
                value = parse(raw)
            except (TypeError, ValueError, IndexError):
                continue
            if value.tzinfo is not None:
                return value
    parsed = entry.get(f"{name}_parsed")
    return datetime.fromtimestamp(calendar.timegm(parsed), tz=UTC) if parsed else None


def entry_id(entry: Any) -> str | None:
    """The entry's own id, else its link; ids longer than a report id allows are hashed."""
    raw = entry.get("id") or entry.get("link")
    if not raw:
        return None
    raw = str(raw).strip()
    return raw if len(raw) <= MAX_ID_LEN else stable_id("rss", raw, length=32)


def feed_source(parsed: Any, location: str) -> str:
    """The source name of a feed: its title as a slug, else its host name, else `rss`."""
    title = slug(str(parsed.feed.get("title") or ""))
    if title:
        return title[:200]
    host = urlparse(location).hostname
    return slug(host) if host else "rss"


def entry_to_report(entry: Any, source: str, language: str | None, fetched_at: datetime) -> ReportItem | None:
    """One entry → one text report; None for an entry with neither an id nor a link (nothing to key it by)."""
    report_id = entry_id(entry)
    if report_id is None:
        return None
    contents = entry.get("content") or []
    raw_body = contents[0].get("value") if contents else entry.get("summary")
    title = strip_html(str(entry.get("title") or ""))
    body = strip_html(str(raw_body or "")) or title
    fields = {
        "kind": "text",
        "id": report_id,
        "source": source,
        "published_at": entry_time(entry, "published") or entry_time(entry, "updated") or fetched_at,
        "title": title[:MAX_TITLE_LEN],
        "body": body[:MAX_BODY_LEN],
        "url": entry.get("link"),
        "language": (entry.get("language") or language or "en")[:20],
    }
    return row_report({k: v for k, v in fields.items() if v is not None})


def feed_reports(
    parsed: Any, location: str, source: str | None = None, fetched_at: datetime | None = None
) -> list[ReportItem]:
    """The reports of a parsed feed, in feed order."""
    name = source or feed_source(parsed, location)
    when = fetched_at or utcnow()
    language = parsed.feed.get("language")
    reports = [entry_to_report(entry, name, language, when) for entry in parsed.entries]
    skipped = reports.count(None)
    if skipped:
        log.warning("%s: %d entries without id or link skipped", location, skipped)
    return [report for report in reports if report is not None]


def fetch_feed(location: str, etag: str | None = None, modified: str | None = None) -> Any:
    """Read and parse a feed (URL or file); raises FeedError when it is not a feed. Blocking."""
    parsed = feedparser.parse(location, etag=etag, modified=modified)
    status = parsed.get("status")
    if status == 304:
        return parsed
    if status is not None and status >= 400:
        raise FeedError(f"{location}: HTTP {status}")
    if parsed.get("bozo") and not parsed.entries and not parsed.feed.get("title"):
        raise FeedError(f"{location}: not a readable RSS or Atom feed ({parsed.get('bozo_exception')!r})")
    return parsed


def item_id(item: ReportItem) -> str | None:
    return report_key(item) if isinstance(item, bytes) else item.id


@dataclass
class FeedState:
    """What each feed has had published: entry ids (newest last), ETag and Last-Modified. A small JSON file."""

    path: Path
    feeds: dict[str, dict[str, Any]] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path) -> FeedState:
        if not path.exists():
            return cls(path)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise FeedError(f"state file {path} is not valid JSON ({exc}); move it away to start afresh") from exc
        return cls(path, dict(data.get("feeds", {})))

    def seen(self, feed: str) -> set[str]:
        return set(self.feeds.get(feed, {}).get("seen", []))

    def validators(self, feed: str) -> tuple[str | None, str | None]:
        entry = self.feeds.get(feed, {})
        return entry.get("etag"), entry.get("modified")

    def remember(self, feed: str, ids: Sequence[str], etag: str | None, modified: str | None) -> None:
        entry = self.feeds.setdefault(feed, {"seen": []})
        entry["seen"] = [*entry.get("seen", []), *ids][-MAX_SEEN_PER_FEED:]
        entry["etag"], entry["modified"] = etag, modified

    def save(self) -> None:
        """Write atomically: a crash mid-write leaves the previous state, never half a file."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=self.path.parent, prefix=self.path.name, suffix=".tmp")
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump({"feeds": self.feeds}, out, indent=1)
        os.replace(temporary, self.path)


Publish = Callable[[list[ReportItem]], Awaitable[Any]]
Fetch = Callable[[str, str | None, str | None], Any]


async def poll_once(
    location: str,
    state: FeedState,
    publish: Publish,
    source: str | None = None,
    fetch: Fetch = fetch_feed,
) -> list[ReportItem]:
    """Read the feed once, publish its new entries (awaiting the acknowledgement), record them; returns them."""
    etag, modified = state.validators(location)
    parsed = await asyncio.to_thread(fetch, location, etag, modified)
    if parsed.get("status") == 304:
        return []
    seen = state.seen(location)
    new: list[ReportItem] = []
    for item in feed_reports(parsed, location, source):
        identifier = item_id(item)
        if identifier is not None and identifier not in seen:
            new.append(item)
            seen.add(identifier)
    if new:
        await publish(new)
    state.remember(
        location, [i for i in (item_id(item) for item in new) if i], parsed.get("etag"), parsed.get("modified")
    )
    state.save()
    return new


async def poll_forever(
    locations: Sequence[str],
    state: FeedState,
    publish: Publish,
    interval_s: float,
    source: str | None = None,
    on_polled: Callable[[str, list[ReportItem]], None] | None = None,
    on_failed: Callable[[str, Exception], None] | None = None,
    after_round: Callable[[], Awaitable[Any]] | None = None,
) -> None:
    """Poll every feed each `interval_s` seconds until cancelled (Ctrl-C); `after_round` is awaited after each round
    (the poller's health watch).

    A feed that cannot be read, or a broker that does not acknowledge, is logged and retried at the next poll:
    nothing unacknowledged was recorded as seen, so nothing is lost.
    """
    while True:
        for location in locations:
            try:
                new = await poll_once(location, state, publish, source)
            except Exception as exc:
                log.warning("%s: poll failed (%s); retrying in %.0f s", location, exc, interval_s)
                if on_failed:
                    on_failed(location, exc)
                continue
            if on_polled:
                on_polled(location, new)
        if after_round:
            await after_round()
        await asyncio.sleep(interval_s)


def is_url(location: str) -> bool:
    return urlparse(location).scheme in ("http", "https")


class RssAdapter:
    name = "rss"
    description = "RSS 2.0, RSS 1.0 or Atom feed (a file, or an http(s) URL for `ingest`)"

    def detect(self, path: Path, head: bytes) -> bool:
        start = first_json_value(head).lower()
        return start.startswith(b"<") and any(marker in start for marker in FEED_MARKERS)

    def read(self, path: Path) -> Iterator[ReportItem]:
        yield from feed_reports(fetch_feed(str(path)), str(path))
