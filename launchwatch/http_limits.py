"""The workers' web server, with the limits aiohttp leaves out: a deadline for request heads, bounds on connections.

faust serves each worker's endpoints with aiohttp. That waits for a request line and headers for as long as the
client likes (its keep-alive timer, an hour by default, is the only bound, and only recent releases such as the
installed 3.14.5 apply it to a connection's first request; faust accepts aiohttp from 3.8), and it takes every
connection it is offered: 200 connections that never finished their headers were all still open after 100 s, and
enough of them run a worker out of file descriptors. Here:

- A connection must send each request's line and headers within LAUNCHWATCH_HTTP_HEADER_TIMEOUT_SECONDS of opening
  or of its previous response (which also bounds an idle keep-alive connection). Bodies have their own deadline in
  the endpoints that read them (LAUNCHWATCH_HTTP_BODY_TIMEOUT_SECONDS).
- At most LAUNCHWATCH_HTTP_MAX_CONNECTIONS connections are open, and at most
  LAUNCHWATCH_HTTP_MAX_CONNECTIONS_PER_CLIENT from one client address.
- A bound reached does not turn a newcomer away: the oldest open connection with no request in progress (still
  sending its first request's head, or idle between keep-alive requests) is closed to make room for it. At the
  client's own bound that is the client's own oldest such connection, so one address's flood never closes another
  client's connections; at the global bound, the oldest such connection of any client. Only when every connection
  within the bound is busy with a request is the newcomer closed as soon as it is accepted. Requests end within the
  body deadline and their handlers' own, except the console's live feed (`GET /console/events`), busy for as long
  as its page stays open.

Why shed rather than refuse: when a full bound closed every newcomer, 256 slow connections that never finished a
head and never authenticated (reopened as the deadline closed them) kept `/healthz`, `/metrics` and an
authenticated `POST /reports` refused: ingest down for as long as the attacker liked, and a supervisor restarting a
healthy worker. A connection with no request in progress has been given nothing to finish, so closing it loses no
request (its client reconnects, as after the header deadline), while a newcomer's request is likely a real one.
Sheds and refusals are each logged at most once a minute, with how many there were.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import Counter
from dataclasses import dataclass
from typing import Any

from aiohttp import web
from faust.types import AppT
from faust.web.drivers.aiohttp import Web

from launchwatch.settings import Settings

log = logging.getLogger(__name__)

#: Shed and refused connections are each logged at most once per this many seconds, with how many there were (a
#: flood would otherwise write a line per connection).
LOG_WINDOW_S = 60.0

#: The bounds, as they are named in the log lines.
GLOBAL_BOUND = "LAUNCHWATCH_HTTP_MAX_CONNECTIONS"
CLIENT_BOUND = "LAUNCHWATCH_HTTP_MAX_CONNECTIONS_PER_CLIENT"


@dataclass(frozen=True)
class HttpLimits:
    """LAUNCHWATCH_HTTP_HEADER_TIMEOUT_SECONDS, LAUNCHWATCH_HTTP_MAX_CONNECTIONS and its _PER_CLIENT bound."""

    header_timeout_s: float
    max_connections: int
    max_connections_per_client: int

    @classmethod
    def from_settings(cls, settings: Settings) -> HttpLimits:
        return cls(
            header_timeout_s=settings.http_header_timeout_s,
            max_connections=settings.http_max_connections,
            max_connections_per_client=settings.http_max_connections_per_client,
        )


def client_of(transport: asyncio.BaseTransport) -> str:
    """The client address a connection counts against: the peer's IP address ('' without one: a Unix socket's)."""
    peer = transport.get_extra_info("peername")
    return str(peer[0]) if isinstance(peer, tuple) and peer else ""


class _Connection(web.RequestHandler):
    """aiohttp's protocol for one connection, counted against the bounds and closed when its first head is late."""

    def __init__(self, server: BoundedServer, **kwargs: Any) -> None:
        super().__init__(server, **kwargs)
        self._bounded = server  # aiohttp's own reference (`_manager`) is private, and dropped when the connection ends
        self._refused = False
        self._head_deadline: asyncio.TimerHandle | None = None
        self.client = ""

    @property
    def sheddable(self) -> bool:
        """No request in progress, so closing the connection loses none: no request head parsed yet (it is still
        coming, or never will), or waiting for the next one after a response (an idle keep-alive connection).

        Told from aiohttp's own state, as its keep-alive timer tells an idle connection: the count of heads parsed,
        the parsed heads not yet taken up (`_messages`), and the future its loop awaits the next head with
        (`_waiter`, pending only then). A head taken up is busy until its response is written and its unread body
        drained (at most aiohttp's lingering time, 10 s); its request is busy even before its handler's task first
        runs (the next turn of the event loop before Python 3.12), which aiohttp's `_request_in_progress` misses.
        """
        if self._messages:
            return False
        waiter = self._waiter
        return self._request_count == 0 or (waiter is not None and not waiter.done())

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        # Counted here, not in the protocol factory: asyncio accepts a burst of connections before it makes any.
        self.client = client_of(transport)
        if not self._bounded.admit(self):
            # Closed before aiohttp starts on it: no task, no parser, and the client sees the end straight away.
            self._refused = True
            transport.close()
            return
        super().connection_made(transport)
        self._head_deadline = asyncio.get_running_loop().call_later(
            self._bounded.limits.header_timeout_s, self._head_overdue
        )

    def _head_overdue(self) -> None:
        self._head_deadline = None
        # aiohttp counts the requests it has parsed on this connection: none yet, the first head is late. (Later
        # requests are bounded by the keep-alive timeout, which aiohttp arms after each response. Recent aiohttp
        # also arms it at connection_made; this deadline does not rely on that, see tests/unit/test_http_limits.py.)
        if self._request_count == 0:
            self.force_close()

    def connection_lost(self, exc: BaseException | None) -> None:
        if self._head_deadline is not None:
            self._head_deadline.cancel()
            self._head_deadline = None
        if not self._refused:  # aiohttp never saw a refused connection: nothing of its own to undo
            self._bounded.forget(self)
            super().connection_lost(exc)


def _oldest_sheddable(connections: dict[_Connection, None]) -> _Connection | None:
    return next((connection for connection in connections if connection.sheddable), None)


class _FloodLog:
    """Counts of events that come in floods, told in one line at most once per window: the first event's line at
    once, later ones folded into the line of the first event that comes a window or more after the last line."""

    def __init__(self, window_s: float) -> None:
        self.window_s = window_s
        self._counts: Counter[str] = Counter()
        self._logged_at: float | None = None

    def add(self, bound: str) -> Counter[str] | None:
        """Counts one event at `bound`; returns the counts by bound since the last line when a line is due."""
        self._counts[bound] += 1
        now = time.monotonic()
        if self._logged_at is not None and now - self._logged_at < self.window_s:
            return None
        counts, self._counts, self._logged_at = self._counts, Counter(), now
        return counts


class BoundedServer(web.Server):
    """aiohttp's low-level server (the protocol factory of the listening socket), making bounded connections."""

    def __init__(
        self,
        handler: Any,
        *,
        limits: HttpLimits,
        request_factory: Any = None,
        handler_cancellation: bool = False,
        **handler_kwargs: Any,
    ) -> None:
        super().__init__(
            handler, request_factory=request_factory, handler_cancellation=handler_cancellation, **handler_kwargs
        )
        self.limits = limits
        self._handler_kwargs = handler_kwargs
        # The open connections counted against the bounds, oldest first (dicts keep their insertion order): from
        # when they are accepted until they are shed or lost. (aiohttp's `connections` keeps a connection until its
        # handler task has ended, after its socket is closed.)
        self._open: dict[_Connection, None] = {}
        self._open_by_client: dict[str, dict[_Connection, None]] = {}
        self._shed_log = _FloodLog(LOG_WINDOW_S)
        self._refused_log = _FloodLog(LOG_WINDOW_S)

    def __call__(self) -> web.RequestHandler:
        return _Connection(self, loop=asyncio.get_running_loop(), **self._handler_kwargs)

    @property
    def open_connections(self) -> int:
        return len(self._open)

    def open_connections_of(self, client: str) -> int:
        return len(self._open_by_client.get(client, ()))

    def admit(self, newcomer: _Connection) -> bool:
        """Counts a connection just accepted, shedding another first if a bound is reached; False: close it at once."""
        bound: str | None = None  # the bound reached, if any
        victim: _Connection | None = None  # the connection to shed for the newcomer
        own = self._open_by_client.get(newcomer.client, {})
        if len(own) >= self.limits.max_connections_per_client:
            bound, victim = CLIENT_BOUND, _oldest_sheddable(own)  # one address's flood sheds only its own
        elif len(self._open) >= self.limits.max_connections:
            bound, victim = GLOBAL_BOUND, _oldest_sheddable(self._open)
        if bound is not None and victim is None:
            self._log(
                self._refused_log,
                "closed %d new HTTP connection(s) at once, every connection within the bound busy with a request",
                bound,
                newcomer.client,
            )
            return False
        if victim is not None:
            self.forget(victim)
            victim.force_close()
        self._open[newcomer] = None
        self._open_by_client.setdefault(newcomer.client, {})[newcomer] = None
        if bound is not None:
            self._log(
                self._shed_log,
                "closed %d HTTP connection(s) with no request in progress, the oldest first, to accept new ones",
                bound,
                newcomer.client,
            )
        return True

    def forget(self, connection: _Connection) -> None:
        """No longer counts `connection` (shed or lost; a second call does nothing)."""
        if connection in self._open:
            del self._open[connection]
            own = self._open_by_client[connection.client]
            del own[connection]
            if not own:
                del self._open_by_client[connection.client]

    def _log(self, flood: _FloodLog, what: str, bound: str, client: str) -> None:
        counts = flood.add(bound)
        if counts is not None:
            log.warning(
                "%s (%d at %s, %d at %s): %d are open, the latest new one from %s (at most one such line per %.0f s)",
                what % sum(counts.values()),
                counts[CLIENT_BOUND],
                CLIENT_BOUND,
                counts[GLOBAL_BOUND],
                GLOBAL_BOUND,
                len(self._open),
                client or "a local socket",
                flood.window_s,
            )


class BoundedRunner(web.AppRunner):
    """aiohttp's runner of an application, serving it through a :class:`BoundedServer`."""

    def __init__(self, app: web.Application, *, limits: HttpLimits, **kwargs: Any) -> None:
        # aiohttp's keep-alive timeout closes a connection that has sent no complete request this long after its
        # last response: idle keep-alive connections and late heads of later requests alike.
        super().__init__(app, keepalive_timeout=limits.header_timeout_s, **kwargs)
        self._limits = limits

    async def _make_server(self) -> web.Server:
        # aiohttp builds the application's server (startup signals sent, the app frozen, the handler's keyword
        # arguments composed); the bounded one takes over its handler, request factory and those arguments.
        server = await super()._make_server()
        return BoundedServer(
            server.request_handler,
            limits=self._limits,
            request_factory=server.request_factory,
            handler_cancellation=server.handler_cancellation,
            **server._kwargs,
        )


class BoundedWeb(Web):
    """faust's aiohttp web driver, serving through a :class:`BoundedRunner`."""

    def __init__(self, app: AppT, limits: HttpLimits, **kwargs: Any) -> None:
        super().__init__(app, **kwargs)
        # faust makes its runner here and first uses it in start_server: replaced before anything can use it.
        self._runner = BoundedRunner(self.web_app, limits=limits, access_log=None)

    @property
    def bounded_server(self) -> BoundedServer | None:
        """The server of the connections, once the web server has started (None before)."""
        server = self._runner.server
        return server if isinstance(server, BoundedServer) else None
