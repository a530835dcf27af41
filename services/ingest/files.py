"""Reading report files: JSON lines (one report per line) or one JSON array of reports.

Each report is kept as the bytes it will be published as: a malformed line is published as it is,
so it reaches the dead-letter topic with its original bytes.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path


def iter_report_bytes(path: Path) -> Iterator[bytes]:
    data = path.read_bytes()
    stripped = data.lstrip()
    if stripped.startswith(b"["):
        try:
            items = json.loads(stripped)
        except json.JSONDecodeError:
            items = None
        if isinstance(items, list):
            for item in items:
                yield json.dumps(item, ensure_ascii=False).encode()
            return
    for line in data.splitlines():
        if line.strip():
            yield line.strip()


def report_key(data: bytes) -> str | None:
    """The report id to key a raw report by (None when the bytes are not a JSON object with an id)."""
    try:
        value = json.loads(data)
    except (json.JSONDecodeError, UnicodeDecodeError):
        return None
    if isinstance(value, dict) and isinstance(value.get("id"), str):
        return value["id"]
    return None
