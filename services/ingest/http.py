"""`POST /reports`: the request decisions of the ingest worker's HTTP endpoint, without Kafka or a web server.

A request is decided in two steps: :func:`check_request` before the body is read (token, declared size), then
:func:`decide_reports` on the body. Each report goes through the stream's own parse path
(:func:`services.ingest.normalize.accept_report`). A request is all or nothing: when any report is invalid the
answer is 400 with the reason of each invalid one and none is published, so a client fixes and resends the
whole batch without creating duplicates.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from launchwatch.settings import Settings
from launchwatch.web import authorized, body_timeout_detail
from services.ingest.normalize import ReportRejected, accept_report

READ_CHUNK = 65_536


@dataclass(frozen=True)
class HttpAnswer:
    """Status and JSON body of an answer; `messages` are the (key, value) pairs to publish before a 202."""

    status: int
    body: dict[str, Any]
    headers: dict[str, str] = field(default_factory=dict)
    messages: tuple[tuple[str, bytes], ...] = ()


def error(status: int, reason: str, detail: Any, **extra: Any) -> HttpAnswer:
    return HttpAnswer(status, {"error": reason, "detail": detail, **extra})


def check_request(authorization: str | None, content_length: int | None, settings: Settings) -> HttpAnswer | None:
    """The answer to give before reading the body (401, 413), or None to go on and read it."""
    if not authorized(authorization, settings.api_token):
        answer = error(401, "unauthorized", "POST /reports needs the header `Authorization: Bearer <token>`")
        return HttpAnswer(answer.status, answer.body, {"WWW-Authenticate": 'Bearer realm="launchwatch"'})
    if content_length is not None and content_length > settings.http_max_body_bytes:
        return too_large(settings)
    return None


def body_timeout(settings: Settings) -> HttpAnswer:
    return error(408, "body_timeout", body_timeout_detail(settings))


def too_large(settings: Settings) -> HttpAnswer:
    return error(413, "body_too_large", f"the body is limited to {settings.http_max_body_bytes} bytes")


async def read_limited(read: Callable[[int], Awaitable[bytes]], limit: int) -> bytes | None:
    """The whole body from `read(n)` (b"" at the end), or None as soon as it exceeds `limit` bytes."""
    chunks: list[bytes] = []
    size = 0
    while chunk := await read(READ_CHUNK):
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
    return b"".join(chunks)


def decide_reports(body: bytes, drill_namespace: bool) -> HttpAnswer:
    """One report (a JSON object) or a list of them: 202 with the messages to publish, or 400 with the reasons."""
    try:
        document = json.loads(body)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        return error(400, "invalid_json", f"the body is not JSON: {exc}")
    except RecursionError:
        return error(400, "invalid_json", "the body nests too deeply to be a report")
    items = document if isinstance(document, list) else [document]
    if not items:
        return error(400, "no_reports", "the list is empty")
    messages: list[tuple[str, bytes]] = []
    problems: list[dict[str, Any]] = []
    for index, item in enumerate(items):
        try:
            data = json.dumps(item, ensure_ascii=False).encode()
        except UnicodeEncodeError as exc:  # a \ud800-style escape: not Unicode text at all
            report_id = item.get("id") if isinstance(item, dict) else None
            problems.append({"index": index, "id": report_id, "error": "invalid_encoding", "detail": str(exc)})
            continue
        try:
            report = accept_report(data, drill_namespace)
        except ReportRejected as exc:
            report_id = item.get("id") if isinstance(item, dict) else None
            problems.append({"index": index, "id": report_id, "error": exc.reason, "detail": exc.detail})
            continue
        messages.append((report.id, data))
    if problems:
        detail = f"{len(problems)} of {len(items)} reports are invalid; none was accepted"
        return error(400, "invalid_reports", detail, reports=problems)
    return HttpAnswer(202, {"accepted": [key for key, _ in messages]}, messages=tuple(messages))
