"""The workers' web server, with the limits aiohttp leaves out: a deadline for request heads, a connection bound.

faust serves each worker's endpoints with aiohttp. That waits for a request line and headers for as long as the
client likes (its keep-alive timer, an hour by default, is the only bound, and only recent releases such as the
installed 3.14.5 apply it to a connection's first request; faust accepts aiohttp from 3.8), and it takes every
connection it is offered: 200 connections that never finished their headers were all still open after 100 s, and
enough of them run a worker out of file descriptors. Here a connection must send each request's line and headers
within LAUNCHWATCH_HTTP_HEADER_TIMEOUT_SECONDS of opening or of its previous response (which also bounds an idle
keep-alive connection), and while LAUNCHWATCH_HTTP_MAX_CONNECTIONS connections are open a new one is closed as soon
as it is accepted. Bodies have their own deadline in the endpoints that read them
(LAUNCHWATCH_HTTP_BODY_TIMEOUT_SECONDS).
"""

from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import dataclass
from typing import Any

from aiohttp import web
from faust.types import AppT
from faust.web.drivers.aiohttp import Web

from launchwatch.settings import Settings

log = logging.getLogger(__name__)

#: Refused connections are logged at most once per this many seconds, with how many there were (a flood would
#: otherwise write a line per connection).
REFUSED_LOG_WINDOW_S = 60.0


@dataclass(frozen=True)
class HttpLimits:
    """LAUNCHWATCH_HTTP_HEADER_TIMEOUT_SECONDS and LAUNCHWATCH_HTTP_MAX_CONNECTIONS."""

    header_timeout_s: float
    max_connections: int

    @classmethod
    def from_settings(cls, settings: Settings) -> HttpLimits:
        return cls(header_timeout_s=settings.http_header_timeout_s, max_connections=settings.http_max_connections)


class _Connection(web.RequestHandler):
    """aiohttp's protocol for one connection, closed at once beyond the bound and when its first head is late."""

    def __init__(self, server: BoundedServer, **kwargs: Any) -> None:
        super().__init__(server, **kwargs)
        self._bounded = server  # aiohttp's own reference (`_manager`) is private, and dropped when the connection ends
        self._refused = False
        self._head_deadline: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        # Counted here, not in the protocol factory: asyncio accepts a burst of connections before it makes any.
        # aiohttp's count keeps a closed connection until its handler task has ended.
        if len(self._bounded.connections) >= self._bounded.limits.max_connections:
            # Closed before aiohttp starts on it: no task, no parser, and the client sees the end straight away.
            self._refused = True
            transport.close()
            self._bounded.refused()
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
            super().connection_lost(exc)


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
        self._refused_count = 0
        self._refused_logged_at: float | None = None

    def __call__(self) -> web.RequestHandler:
        return _Connection(self, loop=asyncio.get_running_loop(), **self._handler_kwargs)

    def refused(self) -> None:
        self._refused_count += 1
        now = time.monotonic()
        if self._refused_logged_at is None or now - self._refused_logged_at >= REFUSED_LOG_WINDOW_S:
            log.warning(
                "closed %d new HTTP connection(s) at once: %d are open, the most LAUNCHWATCH_HTTP_MAX_CONNECTIONS "
                "allows (at most one such line per %.0f s)",
                self._refused_count,
                len(self.connections),
                REFUSED_LOG_WINDOW_S,
            )
            self._refused_count, self._refused_logged_at = 0, now


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
