"""Source adapters: every file format launchwatch reads, behind one interface (:class:`ReportAdapter`).

`--format auto` asks each adapter in :data:`ADAPTERS` order whether it recognises the file's first bytes; the
specific formats come first and launchwatch's own JSON lines last, since any JSON file looks like it.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from services.ingest.adapters.base import (
    HEAD_BYTES,
    FormatError,
    ReportAdapter,
    ReportItem,
    report_key,
    wire_bytes,
)
from services.ingest.adapters.cns import CnsAdapter
from services.ingest.adapters.csis import CsisAdapter
from services.ingest.adapters.jmod import JapanModAdapter
from services.ingest.adapters.jsonl import JsonLinesAdapter
from services.ingest.adapters.nk_missile_tests import NkMissileTestsAdapter
from services.ingest.adapters.rss import RssAdapter

#: Detection order: most specific first.
ADAPTERS: tuple[ReportAdapter, ...] = (
    CnsAdapter(),
    CsisAdapter(),
    JapanModAdapter(),
    NkMissileTestsAdapter(),
    RssAdapter(),
    JsonLinesAdapter(),
)
AUTO = "auto"
FORMATS: tuple[str, ...] = (AUTO, *sorted(adapter.name for adapter in ADAPTERS))


class UnknownFormat(FormatError):
    """No adapter recognises a file, or the format named is not one of ours."""


def adapter_named(name: str) -> ReportAdapter:
    for adapter in ADAPTERS:
        if adapter.name == name:
            return adapter
    raise UnknownFormat(f"unknown format {name!r}; known formats: {', '.join(FORMATS)}")


def detect(path: Path) -> ReportAdapter:
    """The adapter that recognises the file at `path`; UnknownFormat naming the known formats otherwise."""
    head = _head(path)
    for adapter in ADAPTERS:
        if adapter.detect(path, head):
            return adapter
    known = ", ".join(f"{a.name} ({a.description})" for a in ADAPTERS)
    raise UnknownFormat(f"{path}: format not recognised; pass --format with one of: {known}")


def adapter_for(path: Path, fmt: str = AUTO) -> ReportAdapter:
    """The adapter for the file: detected, or the one `fmt` names if the file looks like that format.

    A format that does not fit the file is an error before anything is read: read anyway, every row of it
    would only be dead-lettered.
    """
    if fmt == AUTO:
        return detect(path)
    adapter = adapter_named(fmt)
    if adapter.detect(path, _head(path)):
        return adapter
    try:
        detected = detect(path).name
        hint = f"it looks like {detected}: drop --format, or pass --format {detected}"
    except UnknownFormat:
        hint = "no format launchwatch reads recognises it"
    raise UnknownFormat(f"{path} is not {fmt} ({adapter.description}); {hint}")


def _head(path: Path) -> bytes:
    with path.open("rb") as handle:
        return handle.read(HEAD_BYTES)


def read_reports(path: Path, fmt: str = AUTO) -> Iterator[ReportItem]:
    """The reports of a file in their wire form, through the adapter named by `fmt` or detected."""
    return adapter_for(path, fmt).read(path)


def iter_report_bytes(path: Path, fmt: str = AUTO) -> Iterator[bytes]:
    """The bytes published to `reports.raw` for each report of a file."""
    for item in read_reports(path, fmt):
        yield wire_bytes(item)


__all__ = [
    "ADAPTERS",
    "AUTO",
    "FORMATS",
    "FormatError",
    "ReportAdapter",
    "ReportItem",
    "UnknownFormat",
    "adapter_for",
    "detect",
    "iter_report_bytes",
    "read_reports",
    "report_key",
    "wire_bytes",
]
