"""A webhook receiver for the tests, in-process (aiohttp): it fails, hangs past the timeout, or takes, as told."""

from __future__ import annotations

import asyncio
import json
import threading
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aiohttp import web

from launchwatch.kafka import free_port
from services.alerts.receivers import DELIVERY_HEADER


@dataclass
class Received:
    path: str
    delivery: str
    body: dict
    status: int
    headers: dict[str, str]


@dataclass
class Hook:
    """`plan`: what the next requests get, in order ("fail": 500, "hang": no answer for `hang_s`, "ok": 200);
    `then`: what every later one gets."""

    plan: deque[str] = field(default_factory=deque)
    then: str = "ok"
    hang_s: float = 5.0
    received: list[Received] = field(default_factory=list)
    port: int = 0
    _runner: web.AppRunner | None = None
    _thread: threading.Thread | None = None
    _loop: asyncio.AbstractEventLoop | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def taken(self, path: str | None = None) -> list[Received]:
        """The requests answered 2xx (to `path`)."""
        return [r for r in self.received if 200 <= r.status < 300 and (path is None or r.path == path)]

    async def _handle(self, request: web.Request) -> web.Response:
        what = self.plan.popleft() if self.plan else self.then
        body = json.loads(await request.read())
        status = {"fail": 500, "hang": 504, "ok": 200}[what]
        self.received.append(
            Received(request.path, request.headers.get(DELIVERY_HEADER, ""), body, status, dict(request.headers))
        )
        if what == "hang":
            await asyncio.sleep(self.hang_s)
        return web.json_response({"ok": what == "ok"}, status=status)

    async def start(self) -> Hook:
        app = web.Application()
        app.router.add_post("/{path:.*}", self._handle)
        self._runner = web.AppRunner(app, shutdown_timeout=0.5)
        await self._runner.setup()
        self.port = self.port or free_port()
        await web.TCPSite(self._runner, "127.0.0.1", self.port).start()
        return self

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    # In a thread of its own: a test that blocks its event loop (waiting for a worker process to stop) would
    # otherwise leave the hook unanswering, and a request read late, from a worker gone, would look taken.

    def start_in_thread(self) -> Hook:
        loop = asyncio.new_event_loop()
        started = threading.Event()

        def serve() -> None:
            asyncio.set_event_loop(loop)
            loop.run_until_complete(self.start())
            started.set()
            loop.run_forever()
            loop.run_until_complete(self.stop())
            loop.close()

        self._thread = threading.Thread(target=serve, name="receiver-hook", daemon=True)
        self._loop = loop
        self._thread.start()
        if not started.wait(timeout=30):
            raise RuntimeError("the receiver hook did not start")
        return self

    def stop_thread(self) -> None:
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=30)


#: A receivers file's retry block for the tests: failed deliveries retried within a second.
FAST_RETRY = """
[retry]
first_delay_seconds = 0.2
max_delay_seconds = 1
poll_interval_seconds = 0.1
"""


def escalation_file(
    path: Path, hook: Hook, ack_deadline_seconds: float, steps: list[tuple[float, float | None]], fast: bool = False
) -> Path:
    """A receivers file with one receiver, "duty" (the hook's /duty, no routes: escalations only), and a FLASH
    policy "flash" whose steps (after_seconds, repeat_seconds) each notify it."""
    text = (
        (FAST_RETRY if fast else "")
        + f"""
[[receivers]]
name = "duty"
url = "{hook.url}/duty"
routes = []

[[escalations]]
name = "flash"
precedence = ["FLASH"]
ack_deadline_seconds = {ack_deadline_seconds}
"""
    )
    for after, repeat in steps:
        text += f'[[escalations.steps]]\nafter_seconds = {after}\nreceivers = ["duty"]\n'
        if repeat is not None:
            text += f"repeat_seconds = {repeat}\n"
    path.write_text(text)
    return path


def captured_mail(monkeypatch: Any) -> list[Any]:
    """The emails receivers send, kept instead of sent (the SMTP conversation itself is tested against a real server
    in tests/integration/test_receivers.py)."""
    sent: list[Any] = []

    async def capture(smtp: Any, message: Any, timeout_s: float) -> str:
        sent.append(message)
        return "taken"

    monkeypatch.setattr("services.alerts.receivers.send_email", capture)
    return sent
