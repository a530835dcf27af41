"""The worker's web server closes late request heads, idle keep-alive connections, and connections past its bound.

Served in-process by the app `create_faust_app` makes (faust's driver, our runner), without a broker.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import pytest
from aiohttp import web

from launchwatch.http_limits import BoundedRunner, HttpLimits
from launchwatch.kafka import free_port
from launchwatch.settings import Settings
from launchwatch.streams import create_faust_app

PARTIAL_HEAD = b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n"  # the blank line that ends the head never comes
Stream = tuple[asyncio.StreamReader, asyncio.StreamWriter]


@asynccontextmanager
async def serving(**limits: Any) -> AsyncIterator[int]:
    """A worker's web server with `limits` (Settings fields) and a /healthz page; yields its port."""
    port = free_port()
    settings = Settings(kafka_bootstrap="127.0.0.1:9", **limits)
    app = create_faust_app(settings, "ingest", port)

    @app.page("/healthz")
    async def healthz(web: Any, request: Any) -> Any:
        return web.json({"status": "ok"})

    await app.web.start_server()
    try:
        yield port
    finally:
        await app.web.stop_server()


async def connect(port: int, head: bytes = PARTIAL_HEAD) -> Stream:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(head)
    await writer.drain()
    return reader, writer


async def closed_within(stream: Stream, timeout_s: float) -> bool:
    """True once the server has closed the connection (having answered nothing), False past the deadline."""
    try:
        return await asyncio.wait_for(stream[0].read(), timeout_s) == b""
    except TimeoutError:
        return False


async def healthz(port: int) -> str:
    """The status line of GET /healthz on a new connection ('' if the server closed it unanswered)."""
    reader, writer = await connect(port, PARTIAL_HEAD + b"Connection: close\r\n\r\n")
    try:
        answer = await asyncio.wait_for(reader.read(), 10)
    finally:
        writer.close()
    return answer.split(b"\r\n", 1)[0].decode()


async def test_a_request_head_not_finished_in_time_is_closed() -> None:
    async with serving(http_header_timeout_s=0.5) as port:
        started = time.monotonic()
        line_only = await connect(port, b"GET /healthz HT")
        unfinished_headers = await connect(port)
        assert await closed_within(line_only, 10), "a partial request line was left open"
        assert await closed_within(unfinished_headers, 10), "unfinished headers were left open"
        assert time.monotonic() - started >= 0.45, "closed before the header timeout"
        for _, writer in (line_only, unfinished_headers):
            writer.close()


async def test_the_head_deadline_does_not_rely_on_aiohttps_keep_alive_timer() -> None:
    # Older aiohttp armed its keep-alive timer only after a response, so it never bounded a first request;
    # here it is an hour (an application's handler_args override the runner's), and the head deadline still holds.
    app = web.Application(handler_args={"keepalive_timeout": 3600})
    runner = BoundedRunner(app, limits=HttpLimits(header_timeout_s=0.5, max_connections=8))
    await runner.setup()
    assert runner.server is not None and runner.server.connections == []
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    try:
        assert await closed_within(await connect(site.port), 10), "unfinished headers were left open"
    finally:
        await runner.cleanup()


async def test_an_idle_keep_alive_connection_is_closed_after_the_header_timeout() -> None:
    async with serving(http_header_timeout_s=0.5) as port:
        reader, writer = await connect(port, PARTIAL_HEAD + b"\r\n")
        assert (await asyncio.wait_for(reader.readline(), 10)).startswith(b"HTTP/1.1 200")
        headers = (await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 10)).decode().lower()
        length = int(headers.split("content-length:", 1)[1].split("\r\n", 1)[0])
        await asyncio.wait_for(reader.readexactly(length), 10)
        assert await closed_within((reader, writer), 10), "an idle keep-alive connection was left open"
        writer.close()


async def test_200_slow_connections_below_the_bound_do_not_stop_healthz_and_are_closed_in_time() -> None:
    async with serving(http_header_timeout_s=2) as port:  # the default bound, 256
        started = time.monotonic()
        slow = [await connect(port) for _ in range(200)]
        assert await healthz(port) == "HTTP/1.1 200 OK"
        results = await asyncio.gather(*(closed_within(stream, 30) for stream in slow))
        assert all(results), f"{results.count(False)} of 200 unfinished requests were left open"
        assert time.monotonic() - started >= 1.9
        for _, writer in slow:
            writer.close()


async def test_connections_beyond_the_bound_are_closed_at_once(caplog: pytest.LogCaptureFixture) -> None:
    bound = 32
    caplog.set_level(logging.WARNING, logger="launchwatch.http_limits")
    # A long header timeout, so that only the bound can close anything within the test's deadlines.
    async with serving(http_header_timeout_s=60, http_max_connections=bound) as port:
        held = [await connect(port) for _ in range(bound)]
        extra = [await connect(port) for _ in range(4)]
        results = await asyncio.gather(*(closed_within(stream, 5) for stream in extra))
        assert all(results), f"{results.count(False)} of 4 connections beyond the bound were left open"
        assert [r.getMessage() for r in caplog.records if r.name == "launchwatch.http_limits"] == [
            f"closed 1 new HTTP connection(s) at once: {bound} are open, the most LAUNCHWATCH_HTTP_MAX_CONNECTIONS "
            "allows (at most one such line per 60 s)"
        ], "one line, the next refusals folded into the next one"

        # The connections within the bound were kept: one finishes its request and is answered.
        reader, writer = held[0]
        writer.write(b"\r\n")
        assert (await asyncio.wait_for(reader.readline(), 10)).startswith(b"HTTP/1.1 200")

        for _, writer in held + extra:
            writer.close()
        # Once the server has seen them close, a new connection is served again.
        deadline = time.monotonic() + 10
        while (status := await healthz(port)) != "HTTP/1.1 200 OK":
            assert time.monotonic() < deadline, f"GET /healthz refused after the slow connections closed: {status!r}"
            await asyncio.sleep(0.05)
