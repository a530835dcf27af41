"""The worker's web server closes late request heads and idle keep-alive connections, and bounds its connections:
at a bound it sheds the oldest connection with no request in progress, and closes a newcomer at once only when
every connection within the bound is busy.

Served in-process by the app `create_faust_app` makes (faust's driver, our runner), without a broker.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import Counter
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

import pytest
from aiohttp import web
from faust.web import View

from launchwatch import http_limits
from launchwatch.http_limits import BoundedRunner, BoundedServer, BoundedWeb, HttpLimits
from launchwatch.kafka import free_port
from launchwatch.settings import Settings
from launchwatch.streams import create_faust_app
from services.ingest import http as ingest_http

PARTIAL_HEAD = b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n"  # the blank line that ends the head never comes
TOKEN = "http-limits-test-token"
Stream = tuple[asyncio.StreamReader, asyncio.StreamWriter]
LOG = "launchwatch.http_limits"
SHED = "closed {n} HTTP connection(s) with no request in progress, the oldest first, to accept new ones"
REFUSED = "closed {n} new HTTP connection(s) at once, every connection within the bound busy with a request"
COUNTS = (
    " ({client} at LAUNCHWATCH_HTTP_MAX_CONNECTIONS_PER_CLIENT, {all} at LAUNCHWATCH_HTTP_MAX_CONNECTIONS): {open} "
    "are open, the latest new one from {source} (at most one such line per 60 s)"
)


@dataclass
class Worker:
    """A served worker: its port, its server, and `GET /hold`, whose requests stay in progress until released."""

    port: int
    server: BoundedServer
    release: asyncio.Event = field(default_factory=asyncio.Event)
    holding: int = 0
    holds_changed: asyncio.Condition = field(default_factory=asyncio.Condition)

    async def until_holding(self, count: int) -> None:
        async with self.holds_changed:
            await asyncio.wait_for(self.holds_changed.wait_for(lambda: self.holding >= count), 10)


@asynccontextmanager
async def serving(**limits: Any) -> AsyncIterator[Worker]:
    """A worker's web server with `limits` (Settings fields), /healthz, `POST /reports` and `GET /hold`."""
    port = free_port()
    settings = Settings(kafka_bootstrap="127.0.0.1:9", api_token=TOKEN, **limits)
    app = create_faust_app(settings, "ingest", port)

    @app.page("/healthz")
    async def healthz(web: Any, request: Any) -> Any:
        return web.json({"status": "ok"})

    @app.page("/reports")
    class Reports(View):
        """Ingest's decisions on a request (services/ingest/http.py: the token before the body), without a broker."""

        async def post(self, request: Any, **kwargs: Any) -> Any:
            answer = ingest_http.check_request(request.headers.get("Authorization"), request.content_length, settings)
            if answer is None:
                read = ingest_http.read_limited(request.content.read, settings.http_max_body_bytes)
                body = await asyncio.wait_for(read, settings.http_body_timeout_s)
                answer = ingest_http.HttpAnswer(202, {"bytes": len(body or b"")})
            return self.json(answer.body, status=answer.status)

    @app.page("/hold")
    async def hold(web: Any, request: Any) -> Any:
        async with worker.holds_changed:
            worker.holding += 1
            worker.holds_changed.notify_all()
        await worker.release.wait()
        return web.json({"held": True})

    await app.web.start_server()
    assert isinstance(app.web, BoundedWeb) and app.web.bounded_server is not None
    worker = Worker(port, app.web.bounded_server)
    try:
        yield worker
    finally:
        worker.release.set()
        await app.web.stop_server()


async def connect(port: int, head: bytes = PARTIAL_HEAD, source: str = "127.0.0.1") -> Stream:
    """A connection from the loopback address `source` (Linux routes all of 127.0.0.0/8) that has sent `head`."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port, local_addr=(source, 0))
    writer.write(head)
    await writer.drain()
    return reader, writer


async def closed_within(stream: Stream, timeout_s: float) -> bool:
    """True once the server has closed the connection (having answered nothing), False past the deadline."""
    try:
        return await asyncio.wait_for(stream[0].read(), timeout_s) == b""
    except TimeoutError:
        return False


async def status_of(stream: Stream) -> str:
    """The status line the server answers to a `Connection: close` request on `stream`, once it has closed the
    connection ('' if it closed it unanswered)."""
    answer = await asyncio.wait_for(stream[0].read(), 10)
    return answer.split(b"\r\n", 1)[0].decode()


async def ask(port: int, head: bytes, source: str = "127.0.0.1") -> str:
    """The status line of a whole request (`Connection: close`) on a new connection, once the server has closed it
    ('' if it closed it unanswered)."""
    stream = await connect(port, head, source)
    try:
        return await status_of(stream)
    finally:
        stream[1].close()


async def healthz(port: int, source: str = "127.0.0.1") -> str:
    return await ask(port, PARTIAL_HEAD + b"Connection: close\r\n\r\n", source)


async def post_reports(port: int, token: str | None, source: str = "127.0.0.1") -> str:
    body = b'{"id": "r-1"}'
    authorization = b"" if token is None else b"Authorization: Bearer " + token.encode() + b"\r\n"
    head = (
        b"POST /reports HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nConnection: close\r\n"
        + authorization
        + b"Content-Length: %d\r\n\r\n" % len(body)
    )
    return await ask(port, head + body, source)


HOLD = b"GET /hold HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"


def finish(stream: Stream) -> None:
    """Sends the blank line that ends a PARTIAL_HEAD: the request is then complete."""
    stream[1].write(b"Connection: close\r\n\r\n")


def limit_lines(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [record.getMessage() for record in caplog.records if record.name == LOG]


@dataclass
class Peaks:
    """The most connections the server held open at once, in all and from one client address, as aiohttp holds
    them (a connection whose transport is open), checked each time a connection is made."""

    total: int = 0
    per_client: int = 0


@pytest.fixture
def peaks(monkeypatch: pytest.MonkeyPatch) -> Iterator[Peaks]:
    seen = Peaks()
    made = http_limits._Connection.connection_made

    def counted(connection: Any, transport: asyncio.BaseTransport) -> None:
        made(connection, transport)
        server = connection._bounded
        live = Counter(c.client for c in server.connections if c.transport is not None and not c.transport.is_closing())
        seen.total = max(seen.total, sum(live.values()))
        seen.per_client = max(seen.per_client, max(live.values(), default=0))

    monkeypatch.setattr(http_limits._Connection, "connection_made", counted)
    yield seen


async def test_a_request_head_not_finished_in_time_is_closed() -> None:
    async with serving(http_header_timeout_s=0.5) as worker:
        started = time.monotonic()
        line_only = await connect(worker.port, b"GET /healthz HT")
        unfinished_headers = await connect(worker.port)
        assert await closed_within(line_only, 10), "a partial request line was left open"
        assert await closed_within(unfinished_headers, 10), "unfinished headers were left open"
        assert time.monotonic() - started >= 0.45, "closed before the header timeout"
        for _, writer in (line_only, unfinished_headers):
            writer.close()


async def test_the_head_deadline_does_not_rely_on_aiohttps_keep_alive_timer() -> None:
    # Older aiohttp armed its keep-alive timer only after a response, so it never bounded a first request;
    # here it is an hour (an application's handler_args override the runner's), and the head deadline still holds.
    app = web.Application(handler_args={"keepalive_timeout": 3600})
    runner = BoundedRunner(
        app, limits=HttpLimits(header_timeout_s=0.5, max_connections=8, max_connections_per_client=8)
    )
    await runner.setup()
    assert runner.server is not None and runner.server.connections == []
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    try:
        assert await closed_within(await connect(site.port), 10), "unfinished headers were left open"
    finally:
        await runner.cleanup()


async def test_an_idle_keep_alive_connection_is_closed_after_the_header_timeout() -> None:
    async with serving(http_header_timeout_s=0.5) as worker:
        reader, writer = await connect(worker.port, PARTIAL_HEAD + b"\r\n")
        assert (await asyncio.wait_for(reader.readline(), 10)).startswith(b"HTTP/1.1 200")
        headers = (await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 10)).decode().lower()
        length = int(headers.split("content-length:", 1)[1].split("\r\n", 1)[0])
        await asyncio.wait_for(reader.readexactly(length), 10)
        assert await closed_within((reader, writer), 10), "an idle keep-alive connection was left open"
        writer.close()


async def test_200_slow_connections_below_the_bounds_do_not_stop_healthz_and_are_closed_in_time() -> None:
    # The default bound, 256, for one address too: only the header deadline closes them.
    async with serving(http_header_timeout_s=2, http_max_connections_per_client=256) as worker:
        started = time.monotonic()
        slow = [await connect(worker.port) for _ in range(200)]
        assert await healthz(worker.port) == "HTTP/1.1 200 OK"
        results = await asyncio.gather(*(closed_within(stream, 30) for stream in slow))
        assert all(results), f"{results.count(False)} of 200 unfinished requests were left open"
        assert time.monotonic() - started >= 1.9
        for _, writer in slow:
            writer.close()


class Flood:
    """`count` slow connections from one address, each reopened as soon as the server closes it, until stopped.

    At most REOPENING connections are being opened at once: as fast as the worker sheds them, but not a flood of
    connection attempts past its listening socket's backlog (those would delay every client's connect, whatever the
    worker did with them; that is a rate limit's job, in front of it).
    """

    REOPENING = 8

    def __init__(self, port: int, count: int, source: str = "127.0.0.1") -> None:
        self.port, self.count, self.source = port, count, source
        self.opened = 0
        self._reopening = asyncio.Semaphore(self.REOPENING)
        self._streams: list[Stream] = []
        self._tasks: list[asyncio.Task[None]] = []

    async def start(self) -> None:
        for _ in range(self.count):  # opened one after the other, each then held and reopened by its own task
            stream = await connect(self.port, source=self.source)
            self.opened += 1
            self._tasks.append(asyncio.create_task(self._hold(stream)))

    async def _hold(self, stream: Stream) -> None:
        while True:
            self._streams.append(stream)
            await stream[0].read()  # b"" once the server has closed it
            stream[1].close()
            async with self._reopening:
                stream = await connect(self.port, source=self.source)
            self.opened += 1

    async def stop(self) -> None:
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        for _, writer in self._streams:
            writer.close()


@pytest.mark.parametrize(
    ("limits", "bound"),
    [
        ({}, 64),  # the defaults: one address is held at its own bound, 64, and sheds its own connections
        # One address may hold every connection (a proxy in front, say): held at the global bound, it sheds too.
        ({"http_max_connections_per_client": 256}, 256),
    ],
    ids=["per-client-bound", "global-bound"],
)
async def test_500_slow_connections_from_one_address_do_not_stop_healthz_or_an_authenticated_post(
    limits: dict[str, int], bound: int, peaks: Peaks, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger=LOG)
    # A long header timeout: only the bounds close the slow connections within the test.
    async with serving(http_header_timeout_s=60, **limits) as worker:
        flood = Flood(worker.port, 500)
        try:
            await flood.start()
            assert worker.server.open_connections_of("127.0.0.1") == bound, "the flood does not fill the bound"
            # Checks from the flood's own address and from another one, while the flood reopens what is shed.
            for source in ("127.0.0.1", "127.0.0.2", "127.0.0.1"):
                opened = flood.opened
                assert await healthz(worker.port, source) == "HTTP/1.1 200 OK", f"GET /healthz from {source}"
                assert await post_reports(worker.port, TOKEN, source) == "HTTP/1.1 202 Accepted", source
                assert await post_reports(worker.port, None, source) == "HTTP/1.1 401 Unauthorized", source
                assert await post_reports(worker.port, "wrong", source) == "HTTP/1.1 401 Unauthorized", source
                assert flood.opened > opened, "the flood was not reopening connections during the checks"
        finally:
            await flood.stop()
    assert flood.opened >= 500 + bound, f"only {flood.opened} slow connections were opened"
    assert peaks.per_client <= bound and peaks.total <= 256, f"bounds exceeded: {peaks}"
    assert peaks.total >= bound, f"the flood never held the bound: {peaks}"
    lines = limit_lines(caplog)
    assert len(lines) == 1 and lines[0].startswith(SHED.format(n=1)), f"one line a minute at most: {lines}"


async def test_one_address_at_its_bound_sheds_its_own_oldest_and_the_global_bound_the_oldest_of_all(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.WARNING, logger=LOG)
    async with serving(http_header_timeout_s=60, http_max_connections=6, http_max_connections_per_client=4) as worker:
        other = [await connect(worker.port, source="127.0.0.2") for _ in range(2)]  # the oldest of all
        own = [await connect(worker.port) for _ in range(4)]  # 127.0.0.1 at its bound, and the server at its bound

        # A third address at the global bound: the oldest connection of all is shed, 127.0.0.2's first.
        third = await connect(worker.port, source="127.0.0.3")
        assert await closed_within(other[0], 10), "the oldest connection of all was not shed"
        # 127.0.0.1 past its own bound: its own oldest is shed, not 127.0.0.2's (now the oldest of all).
        fifth = await connect(worker.port)
        assert await closed_within(own[0], 10), "127.0.0.1's oldest connection was not shed at its bound"

        for stream in [other[1], *own[1:], third, fifth]:  # every other connection is still open, and is served
            finish(stream)
            assert await status_of(stream) == "HTTP/1.1 200 OK"
        assert limit_lines(caplog) == [SHED.format(n=1) + COUNTS.format(client=0, all=1, open=6, source="127.0.0.3")], (
            "one line, the next shedding folded into the next one"
        )
        for _, writer in [*other, *own, third, fifth]:
            writer.close()


async def test_beyond_the_bound_a_newcomer_is_closed_at_once_only_when_every_connection_is_busy(
    caplog: pytest.LogCaptureFixture,
) -> None:
    bound = 8
    caplog.set_level(logging.WARNING, logger=LOG)
    async with serving(http_header_timeout_s=60, http_max_connections=bound) as worker:
        # Every connection within the bound busy: its request's handler in progress.
        busy = [await connect(worker.port, HOLD) for _ in range(bound)]
        await worker.until_holding(bound)
        extra = [await connect(worker.port) for _ in range(4)]
        extra.append(await connect(worker.port, source="127.0.0.2"))
        results = await asyncio.gather(*(closed_within(stream, 5) for stream in extra))
        assert all(results), f"{results.count(False)} of 5 connections beyond the bound were left open"
        assert limit_lines(caplog) == [
            REFUSED.format(n=1) + COUNTS.format(client=0, all=1, open=bound, source="127.0.0.1")
        ], "one line, the next refusals folded into the next one"

        # The busy connections were kept: they are answered once their requests end.
        worker.release.set()
        for stream in busy:
            assert await status_of(stream) == "HTTP/1.1 200 OK"
            stream[1].close()
        for _, writer in extra:
            writer.close()
        # The busy connections answered and closed, a new connection is served at once.
        assert await healthz(worker.port) == "HTTP/1.1 200 OK"


async def test_beyond_the_bound_the_oldest_slow_connection_is_shed_not_a_busy_one(
    caplog: pytest.LogCaptureFixture,
) -> None:
    bound = 8
    caplog.set_level(logging.WARNING, logger=LOG)
    async with serving(http_header_timeout_s=60, http_max_connections=bound) as worker:
        busy = [await connect(worker.port, HOLD) for _ in range(bound // 2)]  # the oldest, but busy
        await worker.until_holding(bound // 2)
        slow = [await connect(worker.port) for _ in range(bound // 2)]

        # Newcomers beyond the bound shed the slow connections, oldest first.
        newcomers = []
        for index in range(3):
            newcomers.append(await connect(worker.port))
            assert await closed_within(slow[index], 10), f"slow connection {index} was not shed"
        assert await healthz(worker.port, "127.0.0.2") == "HTTP/1.1 200 OK"
        assert await closed_within(slow[3], 10), "the last of the first slow connections was not shed"
        assert [line.split(" (", 1)[0] for line in limit_lines(caplog)] == [SHED.format(n=1)]

        # The busy connections and the newcomers were kept, and are served.
        for stream in newcomers:
            finish(stream)
            assert await status_of(stream) == "HTTP/1.1 200 OK"
        worker.release.set()
        for stream in busy:
            assert await status_of(stream) == "HTTP/1.1 200 OK"
        for _, writer in busy + slow + newcomers:
            writer.close()


async def until_idle(worker: Worker, timeout_s: float = 10) -> None:
    """Returns once every connection the server holds waits for a request head (yielding to the event loop)."""
    deadline = time.monotonic() + timeout_s
    while not all(connection.sheddable for connection in worker.server._open):
        assert time.monotonic() < deadline, "a connection stayed busy"
        await asyncio.sleep(0)


async def test_an_idle_keep_alive_connection_is_shed_for_a_newcomer() -> None:
    async with serving(http_header_timeout_s=60, http_max_connections=1) as worker:
        reader, writer = await connect(worker.port, PARTIAL_HEAD + b"\r\n")  # answered, then kept alive
        assert (await asyncio.wait_for(reader.readline(), 10)).startswith(b"HTTP/1.1 200")
        headers = (await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 10)).decode().lower()
        length = int(headers.split("content-length:", 1)[1].split("\r\n", 1)[0])
        await asyncio.wait_for(reader.readexactly(length), 10)
        await until_idle(worker)  # aiohttp's loop back to waiting for the next head, after the response
        assert await healthz(worker.port, "127.0.0.2") == "HTTP/1.1 200 OK"
        assert await closed_within((reader, writer), 10), "the idle connection was not shed for the newcomer"
        writer.close()
