"""launchwatch's own report format: JSON lines (one report per line) or one JSON array of reports.

Each report is kept as the bytes it will be published as: a malformed line is published as it is,
so it reaches the dead-letter topic with its original bytes.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from services.ingest.adapters.base import ReportItem, first_json_value


class JsonLinesAdapter:
    name = "jsonl"
    description = "launchwatch reports: JSON lines or a JSON array (README, Report formats)"

    def detect(self, path: Path, head: bytes) -> bool:
        start = first_json_value(head)
        return start.startswith((b"{", b"["))

    def read(self, path: Path) -> Iterator[ReportItem]:
        data = path.read_bytes()
        stripped = first_json_value(data)
        if stripped.startswith(b"["):
            try:
                items = json.loads(stripped)
            except (json.JSONDecodeError, UnicodeDecodeError):
                items = None  # not one JSON array: read it line by line, and bad lines go to the dead-letter topic
            if isinstance(items, list):
                for item in items:
                    # surrogatepass: a lone "\ud800" escape becomes bytes that are not UTF-8, rejected with that reason.
                    yield json.dumps(item, ensure_ascii=False).encode("utf-8", "surrogatepass")
                return
        for line in data.splitlines():
            if line.strip():
                yield line.strip()
