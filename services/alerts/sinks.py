"""Where alert revisions go: sinks behind one routing path (`Router.publish` in `routing.py`).

Every revision the alerts service makes or republishes passes through `Router.publish`, which decides once
whether a silence mutes it and hands it to each sink in turn: the alert topics (`TopicSink`), the receivers
(webhooks, `services/alerts/receivers.py`), the console's live feed (`Broadcaster`) and the counts
(`CountSink`). A muted revision is stored and counted, but neither published to the topics nor delivered to
receivers; the console still shows it, marked muted, since the console is where an officer looks at what the
silences hide.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Protocol

from launchwatch.codec import encode
from launchwatch.counting import alert_changes
from launchwatch.schemas import Alert, Silence
from launchwatch.streams import Publisher
from launchwatch.topics import TopicRegistry

log = logging.getLogger(__name__)


class Sink(Protocol):
    """Something alert revisions are sent to. `silence` is the silence muting the revision, if any."""

    async def deliver(self, alert: Alert, silence: Silence | None, headers: dict[str, bytes] | None) -> None: ...


class TopicSink:
    """The alert topics: `alerts` and `alerts.<precedence>` of the namespace; nothing while a silence mutes it."""

    def __init__(self, topics: TopicRegistry, publisher: Publisher):
        self.topics = topics
        self.publisher = publisher

    async def deliver(self, alert: Alert, silence: Silence | None, headers: dict[str, bytes] | None) -> None:
        if silence is not None:
            return
        value = encode(alert)  # once for all its topics
        for topic in self.topics.alert_destinations(alert):
            await self.publisher.publish(topic, alert, headers, value)


class CountSink:
    """The counts (`metrics.count-changes`): every revision, muted or not, republished or new; an alert counts
    once per precedence it takes, whatever is sent again (the counts service keeps each alert once)."""

    def __init__(self, topics: TopicRegistry, publisher: Publisher):
        self.topics = topics
        self.publisher = publisher

    async def deliver(self, alert: Alert, silence: Silence | None, headers: dict[str, bytes] | None) -> None:
        for change in alert_changes(alert):
            await self.publisher.publish(self.topics.count_changes, change)


#: What a page that stopped reading may fall behind by before it is dropped (it reconnects and reloads).
FEED_BACKLOG_MAX = 1_000


class Broadcaster:
    """The console's live feed: each revision, as JSON, to every page connected to `GET /console/events`.

    In-process: a page sees what this worker's Router sends (its own partitions, its HTTP acks); the page
    also reloads the store's alerts every little while, which brings in what other workers and the CLI made.
    """

    def __init__(self, backlog_max: int = FEED_BACKLOG_MAX):
        self.backlog_max = backlog_max
        self._pages: set[asyncio.Queue[bytes | None]] = set()

    @property
    def pages(self) -> int:
        return len(self._pages)

    def subscribe(self) -> asyncio.Queue[bytes | None]:
        """A queue of this feed's messages; None in it means the feed is closed (the worker stops)."""
        queue: asyncio.Queue[bytes | None] = asyncio.Queue(self.backlog_max + 1)
        self._pages.add(queue)
        return queue

    def unsubscribe(self, queue: asyncio.Queue[bytes | None]) -> None:
        self._pages.discard(queue)

    def send(self, data: bytes) -> None:
        for queue in list(self._pages):
            if queue.qsize() >= self.backlog_max:  # a page that stopped reading: closed, it reconnects and reloads
                log.info("a console page fell %d messages behind; its feed is closed", self.backlog_max)
                self.unsubscribe(queue)
                queue.put_nowait(None)
            else:
                queue.put_nowait(data)

    async def deliver(self, alert: Alert, silence: Silence | None, headers: dict[str, bytes] | None) -> None:
        muted = b"null" if silence is None else encode(silence)
        self.send(b'{"alert":' + encode(alert) + b',"muted_by":' + muted + b"}")

    def close(self) -> None:
        """End every page's feed (the worker stops): their requests finish instead of holding the shutdown."""
        for queue in list(self._pages):
            self.unsubscribe(queue)
            while not queue.empty():
                queue.get_nowait()
            queue.put_nowait(None)
